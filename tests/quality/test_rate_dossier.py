"""An applicant rates their dossier once it has ended (Decree 118 Art. 33): one rating per
dossier and applicant, on the scale in force when first given, changeable for 7 calendar days,
remembering the units and officials who handled the dossier. A refused rating changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from motcua.dossiers import services as sv
from motcua.quality.models import Rating
from motcua.quality.services import RatingRefused, rate_dossier
from motcua.rules.rating import SCALES
from tests.dossiers.scenario import file_online, processing_online, receive, transfer, vn
from tests.quality.builders import ENDED, decided, returned

LATER = vn(2026, 3, 4, 9, 0)
LIKED = {"overall": "very_satisfied", "time": "very_satisfied", "attitude": "satisfied"}


def ratings():
    return [(r.dossier_id, r.applicant_id, r.scale_version, r.overall, r.levels, r.comment, r.created_at, r.updated_at,
             sorted(r.units.values_list("pk", flat=True)), sorted(r.officers.values_list("pk", flat=True)))
            for r in Rating.objects.order_by("pk")]


def refused(call, code, status, contains=""):
    before = ratings()
    with pytest.raises(RatingRefused) as info:
        call()
    assert info.value.code == code and info.value.status == status, info.value.message
    assert contains in info.value.message
    assert ratings() == before
    return info.value


@pytest.mark.parametrize("end", sorted(ENDED))
def test_every_ended_dossier_can_be_rated_by_its_applicant(world, end):
    dossier = ENDED[end](world)
    rating = rate_dossier(world.users["citizen"], dossier, LIKED, "  Cán bộ nhiệt tình.  ", LATER)
    assert (rating.overall, rating.levels, rating.comment) == (
        "very_satisfied", {"time": "very_satisfied", "attitude": "satisfied"}, "Cán bộ nhiệt tình.")
    assert rating.scale_version == SCALES[-1].version and rating.created_at == rating.updated_at == LATER


def test_the_rating_remembers_who_handled_the_dossier(world):
    rating = rate_dossier(world.users["citizen"], returned(world), LIKED, "", LATER)
    assert rating.receiving_unit == world.branch and rating.competent_unit == world.commune_ubnd
    assert set(rating.units.all()) == {world.branch, world.commune_ubnd}
    assert set(rating.officers.values_list("username", flat=True)) == {"reception", "commune_chair", "commune_officer"}


def test_a_joint_dossier_names_every_agency_with_a_part(world):
    d = transfer(world, receive(world, file_online(world, world.karaoke), vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    d = sv.withdraw_dossier(d, world.citizen(), "Đổi địa điểm", now=vn(2026, 3, 2, 11, 0))
    rating = rate_dossier(world.users["citizen"], d, {"overall": "satisfied"}, "", LATER)
    assert set(rating.units.all()) == {world.branch, world.commune_ubnd, world.police, world.culture}


@pytest.mark.parametrize("who", ["other_citizen", "commune_chair", "reception"])
def test_only_the_applicant_may_rate(world, who):
    dossier = returned(world)
    with pytest.raises(PermissionDenied):
        rate_dossier(world.users[who], dossier, LIKED, "", LATER)
    assert not Rating.objects.exists()


def test_a_dossier_still_being_handled_or_decided_but_not_returned_cannot_be_rated(world):
    refused(lambda: rate_dossier(world.users["citizen"], processing_online(world), LIKED, "", LATER),
            "not_ended", 409, "chưa kết thúc")
    refused(lambda: rate_dossier(world.users["citizen"], decided(world), LIKED, "", LATER), "not_ended", 409)


@pytest.mark.parametrize("levels", [{}, {"time": "satisfied"}, {"overall": "rất tốt"},
                                    {"overall": "satisfied", "weather": "satisfied"}])
def test_levels_off_the_scale_are_refused(world, levels):
    dossier = returned(world)
    refused(lambda: rate_dossier(world.users["citizen"], dossier, levels, "", LATER), "invalid_rating", 422)


def test_a_very_long_comment_is_refused(world):
    dossier = returned(world)
    refused(lambda: rate_dossier(world.users["citizen"], dossier, LIKED, "x" * 2001, LATER), "invalid_rating", 422)


def test_one_rating_per_dossier_changed_within_seven_days_then_locked(world):
    dossier, citizen = returned(world), world.users["citizen"]
    first = rate_dossier(citizen, dossier, LIKED, "", LATER)
    changed = rate_dossier(citizen, dossier, {"overall": "dissatisfied", "time": "dissatisfied"}, "Chậm",
                           LATER + timedelta(days=7))
    assert changed.pk == first.pk and Rating.objects.count() == 1
    assert (changed.overall, changed.levels, changed.comment) == ("dissatisfied", {"time": "dissatisfied"}, "Chậm")
    assert changed.created_at == LATER and changed.updated_at == LATER + timedelta(days=7)
    refused(lambda: rate_dossier(citizen, dossier, LIKED, "", LATER + timedelta(days=7, seconds=1)),
            "rating_locked", 409, "Đã quá 7 ngày")


def test_the_change_window_is_a_setting(world, settings):
    settings.MOTCUA_RATING_CHANGE_DAYS = 1
    dossier, citizen = returned(world), world.users["citizen"]
    rate_dossier(citizen, dossier, LIKED, "", LATER)
    refused(lambda: rate_dossier(citizen, dossier, LIKED, "", LATER + timedelta(days=2)), "rating_locked", 409,
            "Đã quá 1 ngày")


def test_a_change_keeps_the_scale_the_rating_was_given_under(world, monkeypatch):
    from datetime import date

    from motcua.rules import rating as rules

    citizen = world.users["citizen"]
    dossier = returned(world)
    rate_dossier(citizen, dossier, LIKED, "", LATER)
    neutral = rules.Level("neutral", "Bình thường", "Neutral")
    five = rules.Scale("2026-03", date(2026, 3, 5), "thử", rules.THREE_LEVELS + (neutral,), rules.ARTICLE_33)
    monkeypatch.setattr(rules, "SCALES", rules.SCALES + (five,))
    refused(lambda: rate_dossier(citizen, dossier, {"overall": "neutral"}, "", LATER + timedelta(days=2)),
            "invalid_rating", 422, "2025-07")
    other = rate_dossier(citizen, ENDED["withdrawn"](world), {"overall": "neutral"}, "", LATER + timedelta(days=2))
    assert other.scale_version == "2026-03"
