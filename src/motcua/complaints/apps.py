from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "motcua.complaints"
    label = "complaints"
    verbose_name = "Phản ánh, kiến nghị, khiếu nại, tố cáo"
