"""Pages of evaluation, mounted under ``can-bo/`` by the project's urls."""

app_name = "evaluation"
urlpatterns: list = []
