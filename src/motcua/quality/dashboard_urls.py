"""The service-quality dashboards, mounted by the project's urls at ``can-bo/chi-so/``."""

from django.urls import path

from motcua.quality import dashboard_views as views

app_name = "quality_dashboard"
urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("tien-do/", views.progress_page, name="progress"),
    path("danh-gia/", views.ratings_page, name="ratings"),
    path("chi-tieu/<str:code>/", views.indicator_page, name="indicator"),
]
