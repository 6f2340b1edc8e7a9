"""Demo staff and citizen accounts: one reception officer per one-stop unit, a leader and a
processing officer per agency, a supervisor, an administrator and a few hundred citizens.
All share one demo password (hashed once with Argon2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from motcua.rules.lifecycle import Role
from motcua.units.models import Unit
from motcua.units.services import add_official

DEMO_PASSWORD = "motcua-demo-2025"


@dataclass
class Accounts:
    password: str
    samples: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, unit)
    reception: dict[int, object] = field(default_factory=dict)  # unit pk -> user
    leaders: dict[int, object] = field(default_factory=dict)
    officers: dict[int, object] = field(default_factory=dict)
    citizens: list = field(default_factory=list)


def _slug(unit: Unit) -> str:
    return unit.code.lower().replace("-hn", "").replace("_", "-")


def create_accounts(one_stop: list[Unit], agencies: list[Unit], names, citizens: int = 300) -> Accounts:
    User = get_user_model()
    hashed = make_password(DEMO_PASSWORD)
    acc = Accounts(password=DEMO_PASSWORD)
    plan: list[tuple[str, str, str, bool, Unit | None, Role | None]] = [
        ("quantri", "Quản trị", "Hệ thống", True, None, None)]
    centre = next(u for u in one_stop if u.kind == Unit.Kind.ONE_TIER_CENTRE)
    plan.append(("giamsat", *names(), False, centre, Role.SUPERVISOR))
    for unit in one_stop:
        plan.append((f"tiepnhan.{_slug(unit)}", *names(), False, unit, Role.RECEPTION))
    for unit in agencies:
        plan.append((f"lanhdao.{_slug(unit)}", *names(), False, unit, Role.LEADER))
        plan.append((f"canbo.{_slug(unit)}", *names(), False, unit, Role.PROCESSING))
    users = [User(username=u, first_name=first, last_name=last, password=hashed, is_staff=staff or bool(unit),
                  is_superuser=staff) for u, last, first, staff, unit, _ in plan]
    users += [User(username=f"congdan{n:03d}", first_name=first, last_name=last, password=hashed)
              for n, (last, first) in enumerate((names() for _ in range(citizens)), 1)]
    User.objects.bulk_create(users, batch_size=500)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    for username, _last, _first, _staff, unit, role in plan:
        user = by_name[username]
        if unit is None:
            acc.samples.append((username, "Quản trị hệ thống", "—"))
            continue
        add_official(user, unit, role.value, title=role.value)
        {Role.RECEPTION: acc.reception, Role.LEADER: acc.leaders, Role.PROCESSING: acc.officers}.get(
            role, {})[unit.pk] = user
    acc.citizens = [by_name[f"congdan{n:03d}"] for n in range(1, citizens + 1)]
    return acc
