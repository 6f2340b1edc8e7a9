"""Pages of programmes, mounted under ``can-bo/`` by the project's urls."""

app_name = "programmes"
urlpatterns: list = []
