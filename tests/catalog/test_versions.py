"""Which version of a procedure applies on a date, and adding a new version."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Field, Procedure, ProcedureVersion, Sector
from motcua.catalog.queries import NoVersionInForce, version_in_force
from motcua.catalog.services import add_version, save_version

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def procedure():
    sector = Sector.objects.create(code="TP", name="Tư pháp")
    field = Field.objects.create(code="TP-CT", name="Chứng thực", sector=sector)
    return Procedure.objects.create(code="2.000815", name="Chứng thực bản sao từ bản chính",
                                    name_folded="chung thuc ban sao tu ban chinh", field=field, level="commune")


def immediate(**fields):
    return {"duration_unit": "immediate", **fields}


def test_version_in_force_picks_by_date(procedure):
    v1 = add_version(procedure, **immediate(effective_from=D(2015, 4, 10)))
    v2 = add_version(procedure, **immediate(effective_from=D(2025, 7, 1)))
    v1.refresh_from_db()
    assert (v1.number, v1.effective_to, v2.number, v2.effective_to) == (1, D(2025, 6, 30), 2, None)
    assert version_in_force(procedure, D(2015, 4, 10)) == v1
    assert version_in_force(procedure, D(2025, 6, 30)) == v1
    assert version_in_force(procedure, D(2025, 7, 1)) == v2
    assert version_in_force(procedure, D(2040, 1, 1)) == v2


def test_a_date_before_the_first_version_errors(procedure):
    add_version(procedure, **immediate(effective_from=D(2015, 4, 10)))
    with pytest.raises(NoVersionInForce) as raised:
        version_in_force(procedure, D(2015, 4, 9))
    assert raised.value.message == (
        "Thủ tục 2.000815 «Chứng thực bản sao từ bản chính» không có phiên bản nào có hiệu lực ngày 09/04/2015."
    )
    assert isinstance(raised.value, ValidationError)


def test_a_gap_after_a_closed_version_errors(procedure):
    add_version(procedure, **immediate(effective_from=D(2020, 1, 1), effective_to=D(2020, 12, 31)))
    with pytest.raises(NoVersionInForce):
        version_in_force(procedure, D(2021, 1, 1))


def test_add_version_refuses_earlier_or_overlapping_dates(procedure):
    add_version(procedure, **immediate(effective_from=D(2020, 1, 1), effective_to=D(2025, 12, 31)))
    with pytest.raises(ValidationError, match="phải có hiệu lực sau ngày 01/01/2020"):
        add_version(procedure, **immediate(effective_from=D(2019, 1, 1)))
    with pytest.raises(ValidationError, match="còn hiệu lực đến 31/12/2025"):
        add_version(procedure, **immediate(effective_from=D(2025, 7, 1)))
    with pytest.raises(ValidationError, match="Số phiên bản phải lớn hơn 1"):
        add_version(procedure, **immediate(effective_from=D(2026, 1, 1), number=1))
    with pytest.raises(ValidationError, match="Thiếu ngày có hiệu lực"):
        add_version(procedure, duration_unit="days")
    v2 = add_version(procedure, **immediate(effective_from=D(2026, 1, 1)))
    assert v2.number == 2 and ProcedureVersion.objects.count() == 2


def test_save_version_refuses_overlap(procedure):
    add_version(procedure, **immediate(effective_from=D(2020, 1, 1), effective_to=D(2025, 6, 30)))
    clash = ProcedureVersion(procedure=procedure, number=5, effective_from=D(2025, 1, 1), duration_unit="days",
                             duration_value=3)
    with pytest.raises(ValidationError, match="chồng lấn với phiên bản 1"):
        save_version(clash)
