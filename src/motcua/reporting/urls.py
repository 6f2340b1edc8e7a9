"""Pages of reporting, mounted under ``can-bo/`` by the project's urls."""

app_name = "reporting"
urlpatterns: list = []
