from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "motcua.briefings"
    label = "briefings"
    verbose_name = "Giao ban"
