"""How a person's name is written: Vietnamese order, family and middle names first.

Accounts keep the family and middle names in ``last_name`` (họ và tên đệm) and the given name in
``first_name`` (tên), so that lists sort as Django sorts them; Django's ``get_full_name`` would
print them the Western way round ("An Nguyễn Văn"). Every page, export and report names people
through :func:`person_name` (templates: the ``person`` filter)."""


def person_name(user) -> str:
    """``"Nguyễn Văn An"``; the account name when no name is recorded; ``""`` for nobody."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.username
