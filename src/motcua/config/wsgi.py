import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
django_application = get_wsgi_application()

from motcua.portal.lookup_lane import LookupLane  # noqa: E402  (needs the apps loaded)

application = LookupLane(django_application)  # the public lookup's lane, then Django


def _settle() -> None:
    """Import every view now (the URLs name them all), then keep what loading made out of the
    collector's full passes: it lives as long as the process, and walking it on every full pass
    paused a request now and then (the pages' p95)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views)
    gc.freeze()


_settle()
