"""Which procedures had dossiers, per unit and month (the catalogue figures 3.2, 3.5b, 4.5a):
the masks follow the per-procedure counters up and down, on SQLite from the tallies and on
PostgreSQL from the masks the trigger keeps."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.db.models import Max

from motcua.catalog.models import Field, Procedure
from motcua.quality import procedure_use as pu
from motcua.quality.rebuild import stored
from motcua.quality.tallies import Deltas, write
from motcua.units.models import Unit

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


#: Procedures far apart (the masks grow over several bytes), above every id the sequence gave.
P: dict[int, int] = {}


def _procedures(*offsets):
    field = Field.objects.first()
    base = (Procedure.objects.aggregate(top=Max("id"))["top"] or 0) + 8
    for offset in offsets:
        pk = P[offset] = base + offset
        Procedure.objects.create(id=pk, code=f"T-{pk}", name=f"Thủ tục {pk}", name_folded=f"thu tuc {pk}", field=field,
                                 level="province")


def _write(*changes):
    deltas = Deltas()
    for unit, month, procedure, counts in changes:
        deltas.procedures[(unit, month, procedure)] = Counter(counts)
    write(deltas)


@pytest.fixture
def units(world):
    _procedures(9, 700, 1500)
    return Unit.objects.get(code="SXD").pk, Unit.objects.get(code="SVHTT").pk


def test_a_procedure_counts_while_some_counter_of_it_is_not_zero(units):
    unit, other = units
    _write((unit, MARCH, P[700], {"received": 1, "online": 1}), (unit, MARCH, P[9], {"received": 1, "fee_due": 1}),
           (other, MARCH, P[9], {"received": 2}), (unit, APRIL, P[1500], {"received": 1, "citizen_data": 1}))
    assert pu.units_use([unit, other], [MARCH]) == {
        unit: pu.Use(received=pu.mask([P[9], P[700]]), online=pu.mask([P[700]]), fee_due=pu.mask([P[9]])),
        other: pu.Use(received=pu.mask([P[9]]))}
    assert pu.members(pu.province_use([MARCH, APRIL]).received) == {P[9], P[700], P[1500]}
    assert pu.use_by_month([unit], [MARCH, APRIL])[APRIL] == pu.Use(received=1 << P[1500], citizen_data=1 << P[1500])
    assert pu.units_use([other], [APRIL]) == {}

    # counted down: a procedure whose counter comes back to zero is no longer used
    _write((unit, MARCH, P[700], {"received": -1, "online": -1}), (other, MARCH, P[9], {"received": -1}))
    assert pu.units_use([unit, other], [MARCH]) == {
        unit: pu.Use(received=pu.mask([P[9]]), fee_due=pu.mask([P[9]])), other: pu.Use(received=pu.mask([P[9]]))}
    assert pu.members(pu.province_use([MARCH]).received) == {P[9]}
    if connection.vendor == "postgresql":  # the masks the trigger kept are what the tallies give
        assert pu.kept() == pu.derived(stored().procedures)
        assert pu.kept_province() == pu.province_of(pu.kept())
        assert pu.members(pu.kept_province()[MARCH].received) == {P[9]}


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_masks_worked_out_again_after_bulk_writes_are_the_kept_ones(units):
    unit, other = units
    _write((unit, MARCH, P[700], {"received": 1}), (other, MARCH, P[1500], {"received": 1, "paid_online": 1}))
    kept = pu.kept()
    assert kept == pu.derived(stored().procedures) and set(kept) == {(unit, MARCH), (other, MARCH)}
    with pu.bulk_writes():  # a bulk write with the trigger off for its transaction, then a refill
        _write((unit, MARCH, P[9], {"online": 1}))
    assert pu.kept()[(unit, MARCH)] == pu.Use(received=1 << P[700], online=1 << P[9])
    assert pu.kept_province()[MARCH] == pu.Use(received=pu.mask([P[700], P[1500]]), online=1 << P[9],
                                               paid_online=1 << P[1500])
    _write((unit, MARCH, P[9], {"online": -1}))  # the trigger is on again after it
    assert pu.kept()[(unit, MARCH)] == pu.Use(received=1 << P[700])
    assert pu.kept_province()[MARCH] == pu.Use(received=pu.mask([P[700], P[1500]]), paid_online=1 << P[1500])


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_province_keeps_a_procedure_while_any_unit_has_it(units):
    unit, other = units
    _write((unit, APRIL, P[700], {"received": 1}), (other, APRIL, P[700], {"received": 1}))
    _write((unit, APRIL, P[700], {"received": -1}))  # one unit's bit cleared: the other still has it
    assert pu.province_use([APRIL]) == pu.Use(received=1 << P[700])
    _write((other, APRIL, P[700], {"received": -1}))
    assert pu.province_use([APRIL]) == pu.NONE
    assert pu.kept_province() == pu.province_of(pu.kept()) == {}


def test_members_and_mask_are_inverse():
    ids = {0, 1, 7, 8, 63, 64, 1000}
    assert pu.members(pu.mask(ids)) == ids and pu.members(0) == set()


def test_a_long_list_of_units_reads_the_same_as_a_short_one(units, monkeypatch):
    """A ranking names more units than ``SHORT_ID_LIST``: they are then matched in Python, not
    in SQL, and a unit left out of the list still stays out of the answer."""
    from datetime import datetime

    from motcua.quality import index_queries as iq
    from motcua.quality.tallies import COMPETENT, RECEIVING
    from motcua.rules.calendar import VN_TZ

    unit, other = units
    third = Unit.objects.get(code="STP").pk
    due, later = datetime(2026, 3, 10, 17, tzinfo=VN_TZ), datetime(2026, 3, 30, 17, tzinfo=VN_TZ)
    deltas = Deltas()
    for pk, n in ((unit, 1), (other, 2), (third, 4)):
        deltas.tallies[(pk, COMPETENT, MARCH)].update({"received": n, "open": n})
        deltas.tallies[(pk, RECEIVING, MARCH)].update({"received": 10 * n})
        deltas.open_due[(pk, COMPETENT, MARCH, due)] += n
        deltas.open_due[(pk, COMPETENT, MARCH, later)] += n
        deltas.procedures[(pk, MARCH, P[9 if pk != third else 700])] = Counter({"received": n})
    write(deltas)
    by_role, moment = {COMPETENT: [unit, other], RECEIVING: [third]}, datetime(2026, 3, 20, tzinfo=VN_TZ)

    def read():
        return iq.unit_counters(by_role, [MARCH], moment), pu.units_use([unit, other], [MARCH])

    short = read()
    monkeypatch.setattr(pu, "SHORT_ID_LIST", 0)
    monkeypatch.setattr(iq, "SHORT_ID_LIST", 0)
    assert read() == short
    (sums, late), use = short
    assert {k: dict(v) for k, v in sums.items()} == {
        (unit, COMPETENT): {"received": 1, "open": 1}, (other, COMPETENT): {"received": 2, "open": 2},
        (third, RECEIVING): {"received": 40}}
    assert dict(late) == {(unit, COMPETENT): 1, (other, COMPETENT): 2}  # past due by the 20th: the 10th's only
    assert use == {unit: pu.Use(received=1 << P[9]), other: pu.Use(received=1 << P[9])}
