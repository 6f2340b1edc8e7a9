"""The citizen portal (Cổng công dân): procedures, online filing, one's own dossiers, lookup by
code, rating."""

from django.urls import path

from motcua.portal.views import filing, lookup, mine, procedures, rating, rating_link

app_name = "portal"
urlpatterns = [
    path("thu-tuc/", procedures.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", procedures.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", filing.file_online, name="file"),
    path("cong-dan/ho-so/", mine.my_dossiers, name="my_dossiers"),
    path("cong-dan/ho-so/<int:pk>/", mine.my_dossier, name="my_dossier"),
    path("cong-dan/ho-so/<int:pk>/bo-sung/", mine.supplement, name="supplement"),
    path("cong-dan/ho-so/<int:pk>/rut/", mine.withdraw, name="withdraw"),
    path("cong-dan/ho-so/<int:pk>/danh-gia/", rating.rate, name="rate"),
    path("cong-dan/tep/<int:pk>/", mine.attachment, name="attachment"),
    path("tra-cuu/", lookup.lookup, name="lookup"),
    path("danh-gia/<str:token>/", rating_link.rate_link, name="rate_link"),  # the QR on the result slip
]
