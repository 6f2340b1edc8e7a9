"""Pages of briefings, mounted under ``can-bo/`` by the project's urls."""

from django.urls import path

from motcua.briefings.views import downloads, meeting, meetings

app_name = "briefings"
urlpatterns = [
    path("giao-ban/", meetings.index, name="index"),
    path("giao-ban/chuong-trinh/<str:code>/", meetings.programme_meetings, name="meetings"),
    path("giao-ban/chuong-trinh/<str:code>/tao/", meetings.create, name="create"),
    path("giao-ban/<int:pk>/", meeting.meeting_page, name="meeting"),
    path("giao-ban/<int:pk>/chuong-trinh-hop/", meeting.agenda, name="agenda"),
    path("giao-ban/<int:pk>/ket-luan/", meeting.add_conclusion, name="add_conclusion"),
    path("giao-ban/<int:pk>/ket-luan/<int:cid>/bo/", meeting.withdraw, name="withdraw_conclusion"),
    path("giao-ban/<int:pk>/thong-bao/", meeting.notice, name="notice"),
    path("giao-ban/<int:pk>/giao-nhiem-vu/", meeting.assign, name="conclude"),
    path("giao-ban/<int:pk>/tai-lieu.pdf", downloads.pack_pdf, name="pack_pdf"),
    path("giao-ban/<int:pk>/tai-lieu.xlsx", downloads.pack_xlsx, name="pack_xlsx"),
]
