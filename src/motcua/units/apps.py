from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "motcua.units"
    verbose_name = "Đơn vị hành chính và cơ quan"

    def ready(self):
        from motcua.units import calendars  # noqa: F401  (connects the cache-clearing signals)
