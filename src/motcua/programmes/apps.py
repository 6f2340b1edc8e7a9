from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "motcua.programmes"
    label = "programmes"
    verbose_name = "Chương trình, nhiệm vụ chỉ đạo"
