"""Leaders' pages of hot spots and citizen-reception days; the lead appends ``urlpatterns`` to
``complaints/urls.py`` (namespace "complaints", mounted under ``can-bo/``)."""

from django.urls import path

from motcua.complaints import hotspot_views as views

urlpatterns = [
    path("diem-nong/", views.hotspot_page, name="hotspots"),
    path("diem-nong/xuat.xlsx", views.hotspot_xlsx, name="hotspots_xlsx"),
    path("tiep-cong-dan/", views.reception_page, name="reception"),
    path("tiep-cong-dan/lich/", views.reception_schedule, name="reception_schedule"),
    path("tiep-cong-dan/<int:pk>/<str:act>/", views.reception_act, name="reception_act"),
]
