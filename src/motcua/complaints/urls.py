"""Officials' pages for cases (vụ việc), mounted under ``can-bo/``."""

app_name = "complaints"
urlpatterns: list = []
