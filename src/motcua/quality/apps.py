from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "motcua.quality"
    verbose_name = "Chất lượng phục vụ"
