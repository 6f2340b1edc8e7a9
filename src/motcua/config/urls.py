from django.contrib import admin
from django.urls import path

admin.site.site_header = "motcua — quản trị"
admin.site.site_title = "motcua"

urlpatterns = [
    path("admin/", admin.site.urls),
]
