from django.contrib import admin
from django.urls import include, path

from motcua.accounts.forms import LockoutAdminAuthenticationForm  # noqa: E402

admin.site.site_header = "motcua — quản trị"
admin.site.login_form = LockoutAdminAuthenticationForm
admin.site.site_title = "motcua"

from motcua.config.api import api  # noqa: E402

# The busiest first (each request tries the patterns in order): the citizen portal (the public
# lookup: some 16 patterns tried before it took 8 % of its time), the workbench, the API.
urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("can-bo/", include("motcua.dossiers.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("can-bo/", include("motcua.documents.urls")),
    path("can-bo/chi-so/", include("motcua.quality.dashboard_urls")),
    path("can-bo/", include("motcua.programmes.urls")),  # steering programmes and tasks
    path("can-bo/", include("motcua.reporting.urls")),  # lead units' periodic reports, notices
    path("can-bo/", include("motcua.briefings.urls")),  # briefing meetings and their packs
    path("can-bo/", include("motcua.units.urls")),  # organisation review, rotation
    path("can-bo/", include("motcua.evaluation.urls")),  # results-based scoring (Decree 335)
    path("can-bo/", include("motcua.complaints.urls")),  # PAKN, complaints, denunciations: handling, hot spots
    path("", include("motcua.complaints.public_urls")),  # citizens: file, follow, published answers
    path("", include("motcua.web.urls")),
    path("", include("motcua.surveys.urls")),
]
