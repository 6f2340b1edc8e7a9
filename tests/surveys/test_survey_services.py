"""The survey's acts through ``surveys.services``: a stratified, reproducible sample of the
period's dossiers; tokens kept only as hashes; a response that is checked in full (an invalid one
changes nothing), uses its link once, and cannot be joined back to its invitation."""

import hashlib
import uuid
from datetime import date

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier
from motcua.rules.sipas import allocate, sample_size
from motcua.surveys import services as sv
from motcua.surveys.models import Invitation, Response, Stratum, SurveyRound
from tests.dossiers.scenario import vn

from .conftest import OPENED, answers

pytestmark = pytest.mark.django_db


def state():
    return {"invitations": list(Invitation.objects.order_by("pk").values()),
            "responses": list(Response.objects.values()), "rounds": list(SurveyRound.objects.order_by("pk").values())}


# -- the sample ------------------------------------------------------------------------------------

def test_the_sample_is_stratified_by_competent_unit_over_the_period(survey, quarter):
    sv.draw_sample(survey, now=OPENED)
    strata = {s.unit.code: s for s in Stratum.objects.filter(round=survey).select_related("unit")}
    assert {code: s.population for code, s in strata.items()} == {"UBND-HK": 60, "SXD": 25, "CATP": 3}
    n = sample_size(88, 0.05)
    assert n == 73
    assert {code: s.allocated for code, s in strata.items()} == allocate(n, {"UBND-HK": 60, "SXD": 25, "CATP": 3})
    for s in strata.values():
        drawn = Invitation.objects.filter(stratum=s)
        assert drawn.count() == s.allocated
        assert set(drawn.values_list("dossier__competent_unit_id", flat=True)) == {s.unit_id}
    received = Dossier.objects.filter(pk__in=Invitation.objects.values("dossier")).values_list("received_at", flat=True)
    assert all(vn(2026, 1, 1, 0, 0) <= r < vn(2026, 4, 1, 0, 0) for r in received)


def test_the_same_seed_draws_the_same_dossiers(survey, quarter):
    sv.draw_sample(survey, now=OPENED)
    first = set(Invitation.objects.filter(round=survey).values_list("dossier_id", flat=True))
    other = sv.create_round(quarter.users["supervisor"], "Lần hai", "bnv-1001-2023", date(2026, 1, 1),
                            date(2026, 3, 31), seed=7)
    sv.draw_sample(other)
    assert set(Invitation.objects.filter(round=other).values_list("dossier_id", flat=True)) == first
    sv.draw_sample(survey, seed=8, now=OPENED)  # drawn again with another seed: replaces the sample
    again = set(Invitation.objects.filter(round=survey).values_list("dossier_id", flat=True))
    assert again != first and len(again) == len(first) == 73
    assert SurveyRound.objects.get(pk=survey.pk).seed == 8


def test_a_unit_smaller_than_its_share_gives_every_dossier(quarter):
    survey = sv.create_round(None, "Sai số lớn", "bnv-1001-2023", date(2026, 1, 1), date(2026, 3, 31), margin="0.2",
                             seed=1)
    sv.draw_sample(survey)
    police = Stratum.objects.get(round=survey, unit=quarter.police)
    assert police.allocated >= 1
    tiny = sv.create_round(None, "Một hồ sơ", "bnv-1001-2023", date(2026, 3, 31), date(2026, 3, 31), seed=1)
    sv.draw_sample(tiny)
    [stratum] = Stratum.objects.filter(round=tiny)
    assert stratum.population == stratum.allocated == 3  # n = N when N is this small: all three taken
    assert Invitation.objects.filter(round=tiny).count() == 3


def test_a_round_without_dossiers_cannot_open(managers):
    survey = sv.create_round(None, "Trống", "bnv-1001-2023", date(2024, 1, 1), date(2024, 3, 31))
    sv.draw_sample(survey)
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.open_round(survey)
    assert caught.value.code == "no_sample"


def test_a_round_is_checked_when_created(managers):
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.create_round(None, " ", "khong-co", date(2026, 3, 1), date(2026, 1, 1), margin="0.5", aggregator="median")
    assert len(caught.value.errors) == 5 and caught.value.status == 422
    assert not SurveyRound.objects.exists()


# -- tokens ----------------------------------------------------------------------------------------

def test_only_the_hash_of_a_token_is_kept(opened):
    token = opened.tokens["SXD"][0]
    invitation = Invitation.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert invitation.stratum.unit.code == "SXD" and len(token) >= 24
    assert token not in str(list(Invitation.objects.values()))
    assert Invitation.objects.filter(token_hash__isnull=True).count() == 0
    assert sv.issue_invitations(opened) == []  # nothing left to issue


def test_reissuing_replaces_the_links_not_yet_used(opened):
    used, unused = opened.tokens["UBND-HK"][:2]
    sv.submit_response(used, answers())
    fresh = sv.issue_invitations(opened, reissue=True)
    assert len(fresh) == 72
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.submit_response(unused, answers())
    assert caught.value.status == 404


# -- responses -------------------------------------------------------------------------------------

def test_a_response_is_saved_and_its_link_used(opened):
    token = opened.tokens["UBND-HK"][0]
    response = sv.submit_response(token, answers("5", gender="2"), now=vn(2026, 4, 3, 15, 47))
    assert response.channel == "web" and response.stratum.unit.code == "UBND-HK"
    assert response.submitted_on == date(2026, 4, 3) and response.answers["q9_iib_1"] == "5"
    invitation = Invitation.objects.get(token_hash=sv.token_hash(token))
    assert invitation.used_on == date(2026, 4, 3)


def test_a_link_is_used_only_once(opened):
    token = opened.tokens["SXD"][0]
    sv.submit_response(token, answers())
    before = state()
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.submit_response(token, answers("1"))
    assert caught.value.code == "token_used" and caught.value.status == 409
    assert state() == before


@pytest.mark.parametrize("bad", [
    {"q9_iib_2": None},  # a required item left out
    {"q5": "rat-nhieu"},  # an option not on the form
    {"q9_ia_1": "6"},  # a score off the scale
    {"q2": ["1", "99"]},  # one wrong choice among several
    {"q42": "1"},  # a question not on the form
])
def test_an_invalid_response_changes_nothing(opened, bad):
    token = opened.tokens["UBND-HK"][0]
    before = state()
    form = {k: v for k, v in {**answers(), **bad}.items() if v is not None}
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.submit_response(token, form)
    assert caught.value.status == 422 and caught.value.errors
    assert any(word in " ".join(caught.value.errors) for word in ("chưa trả lời", "không có trong phiếu"))
    assert state() == before
    sv.submit_response(token, answers())  # the link still works


def test_unknown_links_and_closed_rounds_are_refused(opened):
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.submit_response("khong-phai-ma", answers())
    assert caught.value.status == 404
    sv.close_round(opened)
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.submit_response(opened.tokens["SXD"][0], answers())
    assert caught.value.code == "wrong_state"
    assert not Response.objects.exists()


def test_a_response_cannot_be_joined_to_its_invitation(opened):
    """No column of a response points at an invitation, a dossier or a person (entered_by is only
    for paper forms typed by an official); its key is random and it keeps the day, not the time."""
    columns = {f.column for f in Response._meta.concrete_fields}
    assert columns == {"id", "round_id", "stratum_id", "channel", "submitted_on", "entered_by_id", "answers"}
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"
    assert Invitation._meta.get_field("used_on").get_internal_type() == "DateField"
    for i, token in enumerate(opened.tokens["UBND-HK"][:5]):
        sv.submit_response(token, answers(), now=vn(2026, 4, 3, 8 + i, 13))
    responses = list(Response.objects.all())
    assert all(isinstance(r.pk, uuid.UUID) and r.pk.version == 4 for r in responses)
    assert all(r.entered_by_id is None and r.submitted_on == date(2026, 4, 3) for r in responses)
    invitation_ids = {str(pk) for pk in Invitation.objects.values_list("pk", flat=True)}
    assert not invitation_ids & {str(r.pk) for r in responses}
    with connection.cursor() as cursor:  # nothing else in the table either
        cursor.execute(f"SELECT * FROM {Response._meta.db_table}")
        assert {c[0] for c in cursor.description} == columns


def test_an_official_types_in_a_paper_form(opened, quarter):
    commune = Stratum.objects.get(round=opened, unit=quarter.commune_ubnd)
    official = quarter.users["supervisor"]
    response = sv.enter_paper_response(opened, official, answers("3"), stratum=commune, now=vn(2026, 4, 5, 10, 0))
    assert response.channel == "paper" and response.entered_by == official and response.stratum == commune
    token = opened.tokens["SXD"][0]
    response = sv.enter_paper_response(opened, official, answers("4"), token=token)
    assert response.stratum.unit.code == "SXD"
    with pytest.raises(sv.SurveyRefused):  # the printed code is used up: not online as well
        sv.submit_response(token, answers())
    with pytest.raises(sv.SurveyRefused) as caught:
        sv.enter_paper_response(opened, official, answers())  # no unit, no code
    assert caught.value.status == 422
    assert Response.objects.filter(channel="paper").count() == 2


def test_closing_is_final(opened):
    sv.close_round(opened, now=vn(2026, 5, 1))
    with pytest.raises(sv.SurveyRefused):
        sv.close_round(opened)
    with pytest.raises(sv.SurveyRefused):
        sv.draw_sample(opened)
    with pytest.raises(sv.SurveyRefused):
        sv.issue_invitations(opened)
