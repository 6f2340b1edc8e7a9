"""Survey tests use the shared Hà Nội world, dossier rows received in the first quarter of 2026
(written directly: the survey only reads when and where a dossier was received), a supervisor and
an administrator of the centre, and a round ready to sample."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from motcua.dossiers.models import Dossier
from motcua.rules.lifecycle import Role
from motcua.rules.sipas import Kind, questionnaire
from motcua.surveys import services as sv
from motcua.units.models import Official, Unit
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import vn

FORM = questionnaire("bnv-1001-2023")
OPENED = vn(2026, 4, 2, 8, 0)


@pytest.fixture
def managers(world):  # noqa: F811
    centre = Unit.objects.get(code="TTPVHCC")
    User = get_user_model()
    supervisor = User.objects.create(username="supervisor")
    Official.objects.create(user=supervisor, unit=centre, role=Role.SUPERVISOR.value)
    admin = User.objects.create(username="sysadmin")
    Official.objects.create(user=admin, unit=centre, role=Role.ADMIN.value)
    world.users.update(supervisor=supervisor, sysadmin=admin)
    return world


def add_dossiers(world, unit, count, first=vn(2026, 1, 5, 9, 0), step=timedelta(hours=20)):  # noqa: F811
    """``count`` dossiers competent at ``unit``, received from ``first`` on every ``step``."""
    rows = [Dossier(procedure=world.birth.procedure, procedure_version=world.birth, channel="counter", state="received",
                    applicant_name=f"Người nộp {unit.code} {i}", applicant_name_folded=f"nguoi nop {i}",
                    applicant_address=f"{i} Hàng Bạc", receiving_unit=world.branch, competent_unit=unit,
                    filed_at=first + i * step, received_at=first + i * step, code=f"T-{unit.code}-{i}",
                    snapshot={}, last_hash="") for i in range(count)]
    return Dossier.objects.bulk_create(rows)


@pytest.fixture
def quarter(managers):
    """Q1 2026: 60 dossiers at the commune, 25 at the construction department, 3 at the police;
    and some outside the quarter that must not count."""
    w = managers
    add_dossiers(w, w.commune_ubnd, 60)
    add_dossiers(w, w.construction, 25)
    add_dossiers(w, w.police, 3, first=vn(2026, 3, 31, 16, 0), step=timedelta(minutes=10))
    add_dossiers(w, w.culture, 4, first=vn(2026, 4, 1, 0, 0))  # the next quarter
    add_dossiers(w, w.justice, 2, first=vn(2025, 12, 31, 22, 59), step=timedelta(hours=1))  # the quarter before
    return w


@pytest.fixture
def survey(quarter):
    return sv.create_round(quarter.users["supervisor"], "Khảo sát quý 1/2026", "bnv-1001-2023",
                           date(2026, 1, 1), date(2026, 3, 31), seed=7, now=vn(2026, 4, 1, 9, 0))


@pytest.fixture
def opened(survey):
    """The round sampled, its links issued (``opened.tokens``: unit code -> tokens) and open."""
    sv.draw_sample(survey, now=OPENED)
    issued = sv.issue_invitations(survey, now=OPENED)
    survey = sv.open_round(survey, now=OPENED)
    survey.tokens = {}
    for item in issued:
        survey.tokens.setdefault(item.invitation.stratum.unit.code, []).append(item.token)
    return survey


def answers(score="4", **overrides):
    """A complete 1001 form: every satisfaction item ``score``, the other questions their first option."""
    out = {}
    for _, q in FORM.questions():
        options = FORM.options(q)
        out[q.key] = score if q.kind == Kind.LIKERT else [options[0].key] if q.kind == Kind.MULTI else options[0].key
    out.update(overrides)
    return out
