from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = "Tài khoản và đăng nhập"

    def ready(self):
        from motcua.accounts import signals  # noqa: F401  (records failed and successful logins)
