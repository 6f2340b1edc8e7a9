"""Organisation pages (rà soát tổ chức bộ máy, chuyển đổi vị trí công tác), mounted under ``can-bo/``."""

from django.urls import path

from motcua.units import views

app_name = "organisation"
urlpatterns = [
    path("to-chuc/", views.unit_list, name="units"),
    path("to-chuc/ra-soat/", views.review_page, name="review"),
    path("to-chuc/chuyen-doi-vi-tri/", views.rotation_page, name="rotation"),
    path("to-chuc/don-vi/<str:code>/", views.unit_page, name="unit"),
]
