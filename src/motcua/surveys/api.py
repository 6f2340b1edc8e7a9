"""REST routes for SIPAS surveys: officials list rounds and read a round's results; anyone holding
a one-time link submits its questionnaire (no sign-in: the token is the credential)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Router, Schema, Status

from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.rules.sipas import questionnaires
from motcua.surveys import queries
from motcua.surveys.access import may_read
from motcua.surveys.models import SurveyRound
from motcua.surveys.services import SurveyRefused, submit_response

router = Router(tags=["Khảo sát SIPAS"])

RoundId = Annotated[int, Path(..., ge=1, le=2**31 - 1, description="Số hiệu đợt khảo sát")]
Token = Annotated[str, Path(..., min_length=1, max_length=100, pattern=PLAIN,
                            description="Mã khảo sát một lần (phần cuối đường dẫn trong thư mời)")]
Answer = str | list[Annotated[str, Field(max_length=40)]]


class RoundOut(Schema):
    id: int
    name: str
    questionnaire: str
    period_from: date
    period_to: date
    margin: float
    aggregator: str
    status: str
    units: int
    sample: int
    received: int


class IndicesOut(Schema):
    n: int = Field(..., description="Số phiếu được tính")
    overall: float | None = Field(None, description="Chỉ số SIPAS (%)")
    contents: dict[str, float | None] = Field(..., description="Nội dung (chính sách, dịch vụ…) → chỉ số (%)")
    groups: dict[str, float | None] = Field(..., description="Nhóm tiêu chí → chỉ số (%)")
    items: dict[str, float | None] = Field(..., description="Tiêu chí → chỉ số (%)")


class UnitOut(Schema):
    unit: str
    unit_code: str
    rank: int | None
    indices: IndicesOut


class ResultsOut(Schema):
    round: RoundOut
    overall: IndicesOut
    units: list[UnitOut]
    expectations: dict[str, float | None] = Field(..., description="Mong đợi → tỷ lệ mong muốn và rất mong muốn (%)")
    flagged: dict[str, float | None] = Field(..., description="Nhũng nhiễu, chi trả ngoài quy định → tỷ lệ có/nhiều (%)")


class AnswersIn(Schema):
    answers: dict[Annotated[str, Field(max_length=40)], Answer] = Field(
        ..., description="Mã câu hỏi → mã phương án (danh sách mã cho câu nhiều lựa chọn); mức hài lòng là \"1\"…\"5\", "
                         "\"0\" là không có ý kiến")


class SubmittedOut(Schema):
    submitted_on: date
    round: str


def _reader(request) -> None:
    if not may_read(viewer_for(request.user)):
        raise PermissionDenied("Chỉ cán bộ, công chức được xem kết quả khảo sát.")


def _round(s: SurveyRound) -> RoundOut:
    return RoundOut(id=s.pk, name=s.name, questionnaire=s.questionnaire, period_from=s.period_from,
                    period_to=s.period_to, margin=float(s.margin), aggregator=s.aggregator, status=s.status,
                    units=s.units, sample=s.sample, received=s.received)


def _indices(i) -> IndicesOut:
    return IndicesOut(n=i.n, overall=i.overall, contents=i.contents, groups=i.groups, items=i.items)


@router.get("/rounds", response={200: list[RoundOut], **problems(401, 403)}, summary="Các đợt khảo sát (cán bộ)")
def list_survey_rounds(request):
    _reader(request)
    return [_round(s) for s in queries.rounds()]


@router.get("/rounds/{round_id}/results", response={200: ResultsOut, **problems(401, 403, 404)},
            summary="Kết quả một đợt khảo sát (cán bộ)",
            description="Chỉ số theo tiêu chí, nhóm, nội dung và chỉ số SIPAS chung; theo từng đơn vị, có xếp hạng.")
def survey_round_results(request, round_id: RoundId):
    _reader(request)
    survey = queries.rounds().filter(pk=round_id).first()
    if survey is None:
        return problem(request, 404, "no_survey", "Không có đợt khảo sát này.")
    r = queries.results(survey)
    return ResultsOut(round=_round(survey), overall=_indices(r.overall),
                      units=[UnitOut(unit=u.unit, unit_code=u.unit_code, rank=u.rank, indices=_indices(u.indices))
                             for u in r.units], expectations=r.expectations, flagged=r.flagged)


@router.post("/responses/{token}", auth=None, response={201: SubmittedOut, **problems(400, 404, 409)},
             summary="Gửi phiếu khảo sát bằng đường dẫn một lần (không cần đăng nhập)",
             description="Mỗi mã dùng một lần. Phiếu không hợp lệ (thiếu câu bắt buộc, sai phương án) bị từ chối "
                         "toàn bộ (422, kèm danh sách lỗi); không gì được lưu.")
def submit_survey_response(request, token: Token, body: AnswersIn):
    try:
        response = submit_response(token, body.answers)
    except SurveyRefused as exc:
        extra = {"errors": exc.errors} if exc.errors else {}
        return problem(request, exc.status, exc.code, exc.message, **extra)
    return Status(201, SubmittedOut(submitted_on=response.submitted_on,
                                    round=questionnaires()[response.round.questionnaire].name))
