"""Which procedures had dossiers, per unit and month (the catalogue figures 3.2, 3.5b, 4.5a):
the masks follow the per-procedure counters up and down, on SQLite from the tallies and on
PostgreSQL from the masks the trigger keeps."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection

from motcua.catalog.models import Field, Procedure
from motcua.quality import procedure_use as pu
from motcua.quality.rebuild import stored
from motcua.quality.tallies import Deltas, write
from motcua.units.models import Unit

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


def _procedures(*ids):
    field = Field.objects.first()
    for pk in ids:  # far apart: the masks grow over several bytes
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
    _write((unit, MARCH, 700, {"received": 1, "online": 1}), (unit, MARCH, 9, {"received": 1, "fee_due": 1}),
           (other, MARCH, 9, {"received": 2}), (unit, APRIL, 1500, {"received": 1, "citizen_data": 1}))
    assert pu.units_use([unit, other], [MARCH]) == {
        unit: pu.Use(received=pu.mask([9, 700]), online=pu.mask([700]), fee_due=pu.mask([9])),
        other: pu.Use(received=pu.mask([9]))}
    assert pu.members(pu.province_use([MARCH, APRIL]).received) == {9, 700, 1500}
    assert pu.use_by_month([unit], [MARCH, APRIL])[APRIL] == pu.Use(received=1 << 1500, citizen_data=1 << 1500)
    assert pu.units_use([other], [APRIL]) == {}

    # counted down: a procedure whose counter comes back to zero is no longer used
    _write((unit, MARCH, 700, {"received": -1, "online": -1}), (other, MARCH, 9, {"received": -1}))
    assert pu.units_use([unit, other], [MARCH]) == {
        unit: pu.Use(received=pu.mask([9]), fee_due=pu.mask([9])), other: pu.Use(received=pu.mask([9]))}
    assert pu.members(pu.province_use([MARCH]).received) == {9}
    if connection.vendor == "postgresql":  # the masks the trigger kept are what the tallies give
        assert pu.kept() == pu.derived(stored().procedures)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_masks_worked_out_again_after_bulk_writes_are_the_kept_ones(units):
    unit, other = units
    _write((unit, MARCH, 700, {"received": 1}), (other, MARCH, 1500, {"received": 1, "paid_online": 1}))
    kept = pu.kept()
    assert kept == pu.derived(stored().procedures) and set(kept) == {(unit, MARCH), (other, MARCH)}
    with pu.bulk_writes():  # a bulk write with the trigger off for its transaction, then a refill
        _write((unit, MARCH, 9, {"online": 1}))
    assert pu.kept()[(unit, MARCH)] == pu.Use(received=1 << 700, online=1 << 9)
    _write((unit, MARCH, 9, {"online": -1}))  # the trigger is on again after it
    assert pu.kept()[(unit, MARCH)] == pu.Use(received=1 << 700)


def test_members_and_mask_are_inverse():
    ids = {0, 1, 7, 8, 63, 64, 1000}
    assert pu.members(pu.mask(ids)) == ids and pu.members(0) == set()
