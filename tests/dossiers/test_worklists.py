"""Officials' worklists: the buckets a desk works by (new, in progress, due within one working
day, overdue, waiting for the citizen), search without diacritics, pages, one query each."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as sv
from motcua.dossiers.access import viewer_for
from motcua.dossiers.worklists import Bucket, bucket_counts, worklist
from motcua.rules.lifecycle import Role

from .scenario import at_counter, reads, transfer, vn

NOW = vn(2026, 3, 4, 10, 0)  # Wednesday


@pytest.fixture
def desk(world):
    reception = world.official("reception", Role.RECEPTION)
    builder_head = world.official("builder_head", Role.LEADER)
    d = {}
    d["new_at_branch"] = at_counter(world, world.birth, vn(2026, 3, 4, 9, 30))  # due Mon 09/03: not soon
    d["overdue_copy"] = transfer(world, at_counter(world, world.copy, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 10))
    permit = transfer(world, at_counter(world, world.permit, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    d["in_progress"] = sv.assign_dossier(permit, builder_head, world.users["builder"], now=vn(2026, 3, 2, 10, 0))
    waiting = transfer(world, at_counter(world, world.permit, vn(2026, 3, 2, 9, 5)), vn(2026, 3, 2, 9, 35))
    d["waiting"] = sv.return_for_supplement(waiting, builder_head, items=["Bản vẽ"], now=vn(2026, 3, 3, 9, 0))
    d["due_soon"] = transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 20))
    hoa = sv.receive_at_counter(actor=reception, version=world.birth, receiving_unit=world.branch,
                                applicant=sv.Applicant(name="Trần Thị Hoa"), area=world.commune,
                                now=vn(2026, 3, 4, 9, 40))
    d["hoa"] = hoa
    return d


def _codes(page):
    return {d.code for d in page.items}


def test_each_dossier_lands_in_its_bucket(world, desk):
    chair = viewer_for(world.users["commune_chair"])
    commune = world.commune_ubnd
    assert _codes(worklist(chair, unit=commune, bucket=Bucket.OVERDUE, now=NOW)) == {desk["overdue_copy"].code}
    # received Mon 09:00 with 3 working days: due Thu 09:00, within one working day of Wed 10:00
    assert _codes(worklist(chair, unit=commune, bucket=Bucket.DUE_SOON, now=NOW)) == {desk["due_soon"].code}
    builders = viewer_for(world.users["builder_head"])
    assert _codes(worklist(builders, unit=world.construction, bucket=Bucket.IN_PROGRESS, now=NOW)) == {
        desk["in_progress"].code}
    assert _codes(worklist(builders, unit=world.construction, bucket=Bucket.WAITING, now=NOW)) == {
        desk["waiting"].code}
    desk_officer = viewer_for(world.users["reception"])
    assert _codes(worklist(desk_officer, unit=world.branch, bucket=Bucket.NEW, now=NOW)) == {
        desk["new_at_branch"].code, desk["hoa"].code}
    assert bucket_counts(desk_officer, unit=world.branch, now=NOW) == {
        Bucket.NEW: 2, Bucket.IN_PROGRESS: 0, Bucket.DUE_SOON: 0, Bucket.OVERDUE: 0, Bucket.WAITING: 1}


def test_a_persons_list_holds_what_is_assigned_to_them(world, desk):
    builder = viewer_for(world.users["builder"])
    assert _codes(worklist(builder, person=world.users["builder"], now=NOW)) == {desk["in_progress"].code}
    with pytest.raises(PermissionDenied):
        worklist(builder, person=world.users["builder_head"], now=NOW)


def test_another_units_list_is_refused(world, desk):
    with pytest.raises(PermissionDenied):
        worklist(viewer_for(world.users["reception"]), unit=world.construction, now=NOW)


@pytest.mark.parametrize("query", ["nguyen van dinh", "Nguyễn Văn Đình", "VAN DINH", "đình"])
def test_search_without_diacritics(world, desk, query):
    found = _codes(worklist(viewer_for(world.users["reception"]), unit=world.branch, q=query, now=NOW))
    assert desk["new_at_branch"].code in found and desk["hoa"].code not in found


def test_search_by_the_tail_of_a_code(world, desk):
    tail = desk["hoa"].code[-11:]
    assert _codes(worklist(viewer_for(world.users["reception"]), unit=world.branch, q=tail, now=NOW)) == {
        desk["hoa"].code}


def test_pages_without_counting_everything(world, desk, django_assert_num_queries):
    for n in range(28):  # same-day copies received this morning: due 17:00 today
        at_counter(world, world.copy, vn(2026, 3, 4, 8, 0) + (n + 1) * (vn(2026, 3, 4, 8, 1) - vn(2026, 3, 4, 8, 0)))
    viewer = viewer_for(world.users["reception"])
    with CaptureQueriesContext(connection) as listed:
        first = worklist(viewer, unit=world.branch, bucket=Bucket.DUE_SOON, now=NOW, per_page=25)
    assert len(reads(listed)) == 1  # the first keys of the list's 3 parts and the page's rows, in one statement
    assert len(first.items) == 25 and first.has_next and not first.has_previous
    second = worklist(viewer, unit=world.branch, bucket=Bucket.DUE_SOON, now=NOW, page=2, per_page=25)
    assert len(second.items) == 3 and not second.has_next
    assert not {d.pk for d in first.items} & {d.pk for d in second.items}
    with django_assert_num_queries(0):  # the page already holds what a row shows: no query per row
        [(d.procedure_name, d.holder_unit_name, d.officer_name, d.receiving_unit_name) for d in first.items]
    with CaptureQueriesContext(connection) as counted:
        assert bucket_counts(viewer, unit=world.branch, now=NOW)[Bucket.DUE_SOON] == 28
    assert len(reads(counted)) == 1  # the tab counts of the 3 parts in one statement


def test_the_sql_tabs_and_the_orm_tabs_agree(world, desk):
    """A unit's list and counts run as precompiled SQL (``worklist_sql``), a person's through the
    ORM conditions (``worklists._conditions``): the same dossiers fall in the same tab either way."""
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.worklists import _conditions, _parts
    from motcua.units.calendars import calendar_for

    soon = calendar_for().add_working_days(NOW, 1)
    for unit in (world.branch, world.commune_ubnd, world.construction, world.culture, world.police):
        viewer = viewer_for(world.users["reception"]) if unit == world.branch else None
        viewer = viewer or viewer_for(next(u for u, p in _posts(world) if p == unit))
        in_scope = set()
        for part in _parts(viewer, unit):
            in_scope |= set(part.values_list("pk", flat=True))
        for bucket, condition in _conditions(NOW, soon).items():
            expected = set(Dossier.objects.filter(condition, pk__in=in_scope).values_list("pk", flat=True))
            listed = {d.pk for d in worklist(viewer, unit=unit, bucket=bucket, now=NOW, per_page=100).items}
            assert listed == expected, (unit.code, bucket)
            assert bucket_counts(viewer, unit=unit, now=NOW)[bucket] == len(expected), (unit.code, bucket)


def _posts(world):
    from motcua.units.models import Official

    return [(o.user, o.unit) for o in Official.objects.select_related("user", "unit")]


def test_a_pages_lines_are_what_the_orm_reads(world, desk):
    """``worklist_sql.rows`` (a constant statement) reads each line as the ORM's joins read it:
    the dossier's own values (dates converted on each database), its procedure, units, officer."""
    from motcua.dossiers import worklist_sql
    from motcua.dossiers.models import Dossier

    fields = ("pk", "code", "state", "channel", "applicant_name", "applicant_id_number", "filed_at", "received_at",
              "due_at", "event_count", "procedure__code", "procedure__name", "holder_unit__name",
              "receiving_unit__name", "competent_unit__name", "holder_officer__first_name",
              "holder_officer__last_name", "holder_officer__username")
    pks = [d.pk for d in desk.values()]
    assert sorted(worklist_sql.rows(pks)) == sorted(Dossier.objects.filter(pk__in=pks).values_list(*fields))
    assert any(r[-1] == "builder" for r in worklist_sql.rows(pks))  # the assigned officer's account
    assert worklist_sql.rows([]) == [] and worklist_sql.rows([10 ** 9]) == []


def test_a_waiting_dossier_received_and_decided_by_one_unit_is_listed_once(world, desk):
    """The waiting part is read from two sides, received here and decided here: a dossier that is
    both (a unit whose own desk receives what it decides) is listed and counted once."""
    from motcua.dossiers.models import Dossier

    waiting = desk["waiting"]
    Dossier.objects.filter(pk=waiting.pk).update(receiving_unit=world.construction, holder_unit=None)
    viewer = viewer_for(world.users["builder_head"])
    for bucket in (None, Bucket.WAITING):
        listed = [d.pk for d in worklist(viewer, unit=world.construction, bucket=bucket, now=NOW, per_page=100).items]
        assert listed.count(waiting.pk) == 1, bucket
    assert bucket_counts(viewer, unit=world.construction, now=NOW)[Bucket.WAITING] == 1
