"""Pages of briefings, mounted under ``can-bo/`` by the project's urls."""

app_name = "briefings"
urlpatterns: list = []
