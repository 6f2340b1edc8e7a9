"""The document views alone, under ``can-bo/`` as in the project (``@pytest.mark.urls``).

The error pages answer in plain text with the view's own message: the site's 403/404 templates
extend the web layout, whose links need every other app's urls."""

from django.http import HttpResponseForbidden, HttpResponseNotFound
from django.urls import include, path

urlpatterns = [path("can-bo/", include("motcua.documents.urls"))]


def forbidden(request, exception=None):
    return HttpResponseForbidden(str(exception or ""), content_type="text/plain; charset=utf-8")


def not_found(request, exception=None):
    return HttpResponseNotFound(str(exception or ""), content_type="text/plain; charset=utf-8")


handler403 = forbidden
handler404 = not_found
