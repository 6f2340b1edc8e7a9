"""Pages of reporting, mounted under ``can-bo/`` by the project's urls: a unit's reports and the
filing form (``bao-cao/``), the committee's view of a programme's period, and the notices
(``thong-bao/``)."""

from django.urls import path

from motcua.reporting.views import committee, notices, reports

app_name = "reporting"
urlpatterns = [
    path("bao-cao/", reports.mine, name="mine"),
    path("bao-cao/so/<int:pk>/", reports.report_page, name="report"),
    path("bao-cao/tep/<int:pk>/", reports.attachment, name="attachment"),
    path("bao-cao/<str:code>/", committee.programme_page, name="programme"),
    path("bao-cao/<str:code>/ky/<str:period>/", committee.period_page, name="period"),
    path("bao-cao/<str:code>/ky/<str:period>/khoa/", committee.close, name="close"),
    path("bao-cao/<str:code>/ky/<str:period>/<str:unit>/nop/", reports.file, name="file"),
    path("thong-bao/", notices.notice_list, name="notices"),
    path("thong-bao/da-doc/", notices.read, name="notices_read"),
]
