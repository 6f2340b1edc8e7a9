"""Who sees which dossier: every role against dossiers of its own and of other units, the
applicant's own and someone else's. The list (queryset) and the single check must agree."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from motcua.dossiers import services as sv
from motcua.dossiers.access import can_see, viewer_for, visible_dossiers
from motcua.rules.lifecycle import Role
from motcua.units.models import Official, Unit

from .scenario import at_counter, file_online, receive, transfer, vn


@pytest.fixture
def dossiers(world):
    centre = Unit.objects.get(code="TTPVHCC")
    User = get_user_model()
    supervisor = User.objects.create(username="supervisor")
    Official.objects.create(user=supervisor, unit=centre, role=Role.SUPERVISOR.value)
    admin = User.objects.create(username="sysadmin")
    Official.objects.create(user=admin, unit=centre, role=Role.ADMIN.value)
    world.users.update(supervisor=supervisor, sysadmin=admin)

    birth = transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    permit = receive(world, file_online(world, world.permit, vn(2026, 3, 2, 8, 30)), vn(2026, 3, 2, 10, 0))
    karaoke = transfer(world, receive(world, file_online(world, world.karaoke, vn(2026, 3, 2, 8, 40),
                                                         citizen="other_citizen"), vn(2026, 3, 2, 10, 5)),
                       vn(2026, 3, 2, 11, 0))
    copy_at_centre = sv.receive_at_counter(actor=world.official("reception2", Role.RECEPTION), version=world.copy,
                                           receiving_unit=centre, applicant=world.applicant(), area=world.commune,
                                           now=vn(2026, 3, 3, 9, 0))
    return {"birth": birth, "permit": permit, "karaoke": karaoke, "copy": copy_at_centre}


ALL = {"birth", "permit", "karaoke", "copy"}
MATRIX = [
    # (user, what they see) — birth: branch → commune; permit: branch → construction (citizen's own);
    # karaoke: branch → culture with commune and police tasks (other_citizen's own); copy: centre → commune.
    ("reception", {"birth", "permit", "karaoke"}),  # received at their branch; not the centre's dossier
    ("reception2", {"copy"}),  # the centre's own counter
    ("supervisor", ALL),  # the centre and its branches
    ("commune_officer", {"birth", "karaoke", "copy"}),  # competent, or a task of the commune
    ("commune_chair", {"birth", "karaoke", "copy"}),
    ("builder", {"permit"}),
    ("builder_head", {"permit"}),
    ("police_officer", {"karaoke"}),  # only through its agency task
    ("culture_head", {"karaoke"}),
    ("justice_head", set()),  # another department: nothing
    ("citizen", {"permit"}),  # their own only
    ("other_citizen", {"karaoke"}),
    ("sysadmin", ALL),
]


@pytest.mark.parametrize(("username", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_each_role_sees_exactly_its_dossiers(world, dossiers, username, expected):
    viewer = viewer_for(world.users[username])
    by_pk = {d.pk: name for name, d in dossiers.items()}
    listed = {by_pk[pk] for pk in visible_dossiers(viewer).values_list("pk", flat=True)}
    assert listed == expected
    assert {name for name, d in dossiers.items() if can_see(viewer, d)} == expected


def test_anonymous_and_inactive_users_see_nothing(world, dossiers):
    assert not visible_dossiers(viewer_for(AnonymousUser())).exists()
    user = world.users["reception"]
    user.is_active = False
    assert not visible_dossiers(viewer_for(user)).exists()
    assert not any(can_see(viewer_for(user), d) for d in dossiers.values())


def test_a_post_that_ended_gives_no_more_access(world, dossiers):
    from datetime import date

    Official.objects.filter(user=world.users["builder"]).update(valid_to=date(2026, 3, 1))
    assert not visible_dossiers(viewer_for(world.users["builder"], on=date(2026, 3, 5))).exists()


def test_a_post_counts_from_its_first_day_to_its_last(world, dossiers):
    from datetime import date

    Official.objects.filter(user=world.users["builder"]).update(valid_from=date(2026, 3, 5), valid_to=date(2026, 3, 9))
    seen = {on: visible_dossiers(viewer_for(world.users["builder"], on=on)).exists()
            for on in (date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 9), date(2026, 3, 10))}
    assert seen == {date(2026, 3, 4): False, date(2026, 3, 5): True, date(2026, 3, 9): True, date(2026, 3, 10): False}
    assert viewer_for(world.users["builder"], on=date(2026, 3, 5)).roles == {"processing"}


def test_the_list_is_one_query(world, dossiers, django_assert_num_queries):
    viewer = viewer_for(world.users["commune_chair"])
    with django_assert_num_queries(1):
        assert len(list(visible_dossiers(viewer))) == 3
