"""Organisation pages (rà soát tổ chức bộ máy, chuyển đổi vị trí công tác), mounted under ``can-bo/``."""

app_name = "organisation"
urlpatterns: list = []
