from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"
