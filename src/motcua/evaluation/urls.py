"""Pages of evaluation, mounted under ``can-bo/`` by the project's urls."""

from django.urls import path

from motcua.evaluation.views import acts, pages

app_name = "evaluation"
urlpatterns = [
    path("danh-gia-xep-loai/", pages.home, name="home"),
    path("danh-gia-xep-loai/don-vi/<str:code>/<str:period>/", pages.unit_page, name="unit"),
    path("danh-gia-xep-loai/don-vi/<str:code>/<str:period>/viec/<str:act>/", acts.unit_act, name="unit_act"),
    path("danh-gia-xep-loai/don-vi/<str:code>/<str:period>.xlsx", pages.unit_xlsx_download, name="unit_xlsx"),
    path("danh-gia-xep-loai/phieu/<int:pk>/", pages.sheet_page, name="sheet"),
    path("danh-gia-xep-loai/phieu/<int:pk>/viec/<str:act>/", acts.sheet_act, name="sheet_act"),
]
