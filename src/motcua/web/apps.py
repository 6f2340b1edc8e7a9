from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "motcua.web"
    verbose_name = "Giao diện web"

    def ready(self):
        from motcua.config import pg_loaders
        from motcua.web.csrf_random import install
        from motcua.web.i18n import compile_catalogs

        compile_catalogs()  # .mo files are built from the committed .po files, never committed
        install()  # CSRF secrets and masks from one urandom call each
        pg_loaders.install()  # timestamps read by psycopg's C loader
