"""How a page shows an act the law or a concurrent change refused: the message on the form,
409 when someone changed the dossier since the page was read, 422 when the rules said no."""

from __future__ import annotations

from motcua.dossiers.services import Conflict


def show_refusal(form, exc) -> tuple[int, bool]:
    """Add ``exc.message`` to ``form``; return (HTTP status, whether it was a conflict)."""
    form.add_error(None, exc.message)
    conflict = isinstance(exc, Conflict)
    return (409 if conflict else 422), conflict
