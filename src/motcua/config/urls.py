from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from motcua.accounts.forms import LockoutAdminAuthenticationForm  # noqa: E402

admin.site.site_header = "motcua — quản trị"
admin.site.login_form = LockoutAdminAuthenticationForm
admin.site.site_title = "motcua"

from motcua.config.api import api  # noqa: E402

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Until the officials' workbench and the citizen portal land, the home page is the admin.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
