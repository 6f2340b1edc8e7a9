"""How applicants rate a dossier (đánh giá mức độ hài lòng, Decree 118/2025 Arts. 31–33): the
levels of the scale and the criteria, as dated versions.

The decree names the criteria (Art. 33) but fixes no scale; portals commonly use three levels
(``one-stop.md`` §5.1). A rating keeps the version it was first given under; ``scale_on`` picks
the version in force on a date (the latest that took effect on or before it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from motcua.rules.lifecycle import FINAL_STATES, State

#: the key of the overall level among a rating's levels (a criterion may not use it).
OVERALL = "overall"


@dataclass(frozen=True)
class Level:
    key: str
    label: str  # Vietnamese, as shown to the applicant
    label_en: str


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    label_en: str


@dataclass(frozen=True)
class Scale:
    """One version of the rating scale: its levels (best first) and its criteria."""

    version: str
    effective_from: date
    basis: str
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]

    def level(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)


class NoScaleInForce(ValueError):
    """No version of the scale was in force on the date asked."""


class InvalidRating(ValueError):
    """The levels given do not fit the scale; ``message`` is Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


THREE_LEVELS = (
    Level("very_satisfied", "Rất hài lòng", "Very satisfied"),
    Level("satisfied", "Hài lòng", "Satisfied"),
    Level("dissatisfied", "Không hài lòng", "Not satisfied"),
)

#: Art. 33: what the applicant rates.
ARTICLE_33 = (
    Criterion("time", "Thời gian giải quyết so với quy định", "Handling time against the rule"),
    Criterion("contacts", "Số lần phải liên hệ, số cơ quan phải đến để hoàn thiện hồ sơ",
              "Number of contacts and bodies needed to complete the dossier"),
    Criterion("information", "Tính chính xác của thông tin thủ tục được công khai",
              "Accuracy of the published procedure information"),
    Criterion("attitude", "Thái độ, tác phong của cán bộ, công chức", "Staff attitude and conduct"),
    Criterion("lawful_result", "Kết quả đúng quy định, chi phí đúng quy định (không có chi phí ngoài quy định)",
              "Lawful result and costs (no unofficial costs)"),
    Criterion("complaints", "Việc tiếp nhận, xử lý phản ánh, kiến nghị", "Handling of feedback and complaints"),
    Criterion("online", "Chất lượng dịch vụ công trực tuyến", "Quality of the online public service"),
)

SCALES: tuple[Scale, ...] = (
    Scale(version="2025-07", effective_from=date(2025, 7, 1), basis="Nghị định 118/2025/NĐ-CP, Điều 31–33",
          levels=THREE_LEVELS, criteria=ARTICLE_33),
)


def scale_on(day: date, scales: Sequence[Scale] | None = None) -> Scale:
    """The version in force on ``day``: the latest that took effect on or before it (on equal
    dates, the later in the list). ``NoScaleInForce`` if none had taken effect yet."""
    chosen = None
    for scale in SCALES if scales is None else scales:
        if scale.effective_from <= day and (chosen is None or scale.effective_from >= chosen.effective_from):
            chosen = scale
    if chosen is None:
        raise NoScaleInForce(f"Chưa có thang đánh giá nào có hiệu lực ngày {day:%d/%m/%Y}.")
    return chosen


def scale_version(version: str, scales: Sequence[Scale] | None = None) -> Scale:
    """The version with this name (a stored rating's)."""
    for scale in SCALES if scales is None else scales:
        if scale.version == version:
            return scale
    raise NoScaleInForce(f"Không có thang đánh giá phiên bản «{version}».")


def is_dislike(version: str, level: str, scales: Sequence[Scale] | None = None) -> bool:
    """The level is the scale's lowest ("not satisfied"): Decision 766 counts the dossier as
    disliked (indicator 5.4)."""
    return scale_version(version, scales).levels[-1].key == level


def check_levels(scale: Scale, levels: Mapping[str, str]) -> dict[str, str]:
    """The levels as stored: the overall level (required) and one level per criterion rated
    (criteria may be left out); anything that is not on the scale raises ``InvalidRating``."""
    if not isinstance(levels, Mapping):
        raise InvalidRating("Đánh giá không hợp lệ.")
    clean: dict[str, str] = {}
    for key, value in levels.items():
        if value in (None, ""):
            continue
        if key != OVERALL and scale.criterion(key) is None:
            raise InvalidRating(f"Tiêu chí «{key}» không có trong thang đánh giá {scale.version}.")
        if not isinstance(value, str) or scale.level(value) is None:
            raise InvalidRating(f"Mức «{value}» không có trong thang đánh giá {scale.version}.")
        clean[key] = value
    if OVERALL not in clean:
        raise InvalidRating("Vui lòng chọn mức độ hài lòng chung.")
    return clean


def has_ended(state: State | str, outcome: str | None) -> bool:
    """The dossier's handling is over: returned, refused at intake, decided as a refusal,
    withdrawn or closed. Only then may the applicant rate it."""
    state = State(state)
    return state in FINAL_STATES or (state is State.DECIDED and outcome == "refused")
