"""Officials' pages for cases (vụ việc), mounted under ``can-bo/``: the handler's worklist and its
XLSX export, intake, the case page and its act forms; then the leaders' hot-spot and
citizen-reception pages (``hotspot_urls``)."""

from django.urls import path

from motcua.complaints.views import acts, case, intake, worklist

app_name = "complaints"
urlpatterns: list = [
    path("vu-viec/", worklist.worklist_page, name="worklist"),
    path("vu-viec/xuat.xlsx", worklist.worklist_xlsx, name="worklist_xlsx"),
    path("vu-viec/tiep-nhan/", intake.intake_page, name="intake"),
    path("vu-viec/<str:code>/", case.case_page, name="case"),
    path("vu-viec/<str:code>/viec/<str:act>/", acts.act_page, name="act"),
]

try:
    from motcua.complaints.hotspot_urls import urlpatterns as _hotspots
except ModuleNotFoundError as exc:  # pragma: no cover - before the hot-spot pages exist
    if exc.name != "motcua.complaints.hotspot_urls":
        raise
else:
    urlpatterns += _hotspots
