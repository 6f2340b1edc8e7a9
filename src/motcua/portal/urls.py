from django.http import Http404
from django.urls import path

app_name = "portal"


def _pending(request, *args, **kwargs):  # replaced by the portal's views (work in progress)
    raise Http404


urlpatterns = [
    path("thu-tuc/", _pending, name="procedures"),
    path("cong-dan/ho-so/", _pending, name="my_dossiers"),
    path("tra-cuu/", _pending, name="lookup"),
]
