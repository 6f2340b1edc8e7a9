"""The ``motcua`` command. Each command group lives in its own module of this package.

Commands that touch the database call :func:`motcua.cli.django_setup` first.
"""

import importlib
import os

import typer

GROUPS = {
    "calendar": "motcua.cli.calendar",
    "units": "motcua.cli.units",
    "catalog": "motcua.cli.catalog",
    "dossiers": "motcua.cli.dossiers",
    "audit": "motcua.cli.audit",
    "bench": "motcua.cli.bench",
    "accounts": "motcua.cli.accounts",
    "documents": "motcua.cli.documents",
    "quality": "motcua.cli.quality",
    "surveys": "motcua.cli.surveys",
    "programmes": "motcua.cli.programmes",
    "reports": "motcua.cli.reports",
    "briefings": "motcua.cli.briefings",
    "org": "motcua.cli.org",
    "evaluation": "motcua.cli.evaluation",
    "complaints": "motcua.cli.complaints",
}

app = typer.Typer(help="motcua: hệ thống một cửa (Nghị định 118/2025/NĐ-CP).", no_args_is_help=True)


def django_setup(migrate: bool = False) -> None:
    """Configure Django once; with ``migrate``, bring the schema up to date quietly."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


_registered = False


def _register() -> None:
    """Attach every command group to ``app`` (once; safe to call again)."""
    global _registered
    if _registered:
        return
    _registered = True
    for name, module in GROUPS.items():
        try:
            group = importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a group not written yet
            if exc.name != module:
                raise
            continue
        app.add_typer(group.app, name=name)
    from motcua.cli import daily, manage  # noqa: F401  (register top-level commands)


def main() -> None:
    _register()
    app()
