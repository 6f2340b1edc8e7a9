"""SIPAS (Chỉ số hài lòng về sự phục vụ hành chính): questionnaires as versioned data, the answers
they accept, and the item, group, content and overall indices (governance.md §1, §7).

A questionnaire (phiếu khảo sát) is data: its sections say what is asked and in which order, its
``contents`` say how satisfaction is scored (content → groups → Likert items), and ``content_from``
/ ``overall_from`` say which level each index is the mean of. A new method is a new
``Questionnaire`` value in a data module (``sipas_1001``, ``sipas_2640``), not new code.

Answers are a mapping ``question key → option key`` (a list of option keys for multiple choice);
every option key is a string, the 1–5 satisfaction scores included. Sampling (cỡ mẫu, phân bổ mẫu)
is ``sample_size`` and ``allocate``, written in ``rules.sampling`` and offered here too. Pure: no Django, no I/O, no clock reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from motcua.rules.sampling import allocate, sample_size  # noqa: F401  (part of this module's interface)


class Kind(StrEnum):
    SINGLE = "single"  # một lựa chọn
    MULTI = "multi"  # nhiều lựa chọn
    LIKERT = "likert"  # mức độ hài lòng 1–5 (mục được tính chỉ số)
    EXPECTATION = "expectation"  # mức độ mong đợi, 4 mức
    YES_NO = "yes_no"  # có / không


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: Kind
    options: tuple[Option, ...] = ()  # SINGLE and MULTI; the other kinds use the questionnaire's scales
    required: bool = True


@dataclass(frozen=True)
class Section:
    """What the respondent sees as one block: a title, the question put to them, its items."""

    key: str
    title: str
    questions: tuple[Question, ...]
    prompt: str = ""


@dataclass(frozen=True)
class Group:
    """A group of satisfaction items (nhóm tiêu chí / yếu tố), e.g. II.B "Thủ tục hành chính"."""

    key: str
    label: str
    items: tuple[Question, ...]


@dataclass(frozen=True)
class Content:
    """A content of satisfaction (nội dung): policy, service; or the one content of 2640."""

    key: str
    label: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Questionnaire:
    key: str
    name: str
    basis: str  # the decision that set the method
    effective_from: date
    sections: tuple[Section, ...]
    contents: tuple[Content, ...]
    likert: tuple[Option, ...]
    expectation: tuple[Option, ...] = ()
    content_from: str = "groups"  # a content index is the mean of its "groups" or of its "items"
    overall_from: str = "contents"  # the overall index is the mean of the "contents" or of the "groups"
    flagged: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # question -> options reported as a share
    wanted: tuple[str, ...] = ("3", "4")  # expectation levels counted as "want" (mong muốn + rất mong muốn)
    valid_scores: tuple[str, ...] = ("1", "2", "3", "4", "5")  # Likert answers that count (not "no opinion")

    def questions(self) -> Iterable[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def options(self, question: Question) -> tuple[Option, ...]:
        return {Kind.LIKERT: self.likert, Kind.EXPECTATION: self.expectation, Kind.YES_NO: YES_NO}.get(
            question.kind, question.options)

    def groups(self) -> tuple[Group, ...]:
        return tuple(g for c in self.contents for g in c.groups)

    def items(self) -> tuple[Question, ...]:
        return tuple(q for g in self.groups() for q in g.items)


YES_NO = (Option("yes", "Có"), Option("no", "Không"))
SATISFACTION_5 = (Option("1", "Rất không hài lòng"), Option("2", "Không hài lòng"), Option("3", "Bình thường"),
                  Option("4", "Hài lòng"), Option("5", "Rất hài lòng"))
NO_OPINION = Option("0", "Không có ý kiến")
EXPECTATION_4 = (Option("1", "Không mong muốn"), Option("2", "Ít mong muốn"), Option("3", "Mong muốn"),
                 Option("4", "Rất mong muốn"))


@cache
def questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire the platform knows, by key (imported here, not at the top: the data
    modules import this one)."""
    from motcua.rules.sipas_1001 import BNV_1001
    from motcua.rules.sipas_2640 import BNV_2640

    return {q.key: q for q in (BNV_1001, BNV_2640)}


class UnknownQuestionnaire(KeyError):
    pass


def questionnaire(key: str) -> Questionnaire:
    try:
        return questionnaires()[key]
    except KeyError:
        raise UnknownQuestionnaire(key) from None


# -- answers ---------------------------------------------------------------------------------------

class InvalidAnswers(ValueError):
    """The answers do not fit the questionnaire: ``errors`` are Vietnamese, one per problem;
    ``fields`` maps a question's key to the problem with its answer."""

    def __init__(self, errors: Sequence[str], fields: Mapping[str, str] | None = None):
        super().__init__("; ".join(errors))
        self.errors, self.fields = list(errors), dict(fields or {})


Answers = Mapping[str, str | Sequence[str]]


def check_answers(form: Questionnaire, answers: Answers) -> dict[str, str | list[str]]:
    """The answers, cleaned (unanswered optional questions left out), or ``InvalidAnswers``
    naming every unknown question, unknown option and unanswered required question."""
    errors: list[str] = [f"Câu hỏi «{key}» không có trong phiếu." for key in answers
                         if key not in {q.key for _, q in form.questions()}]
    fields: dict[str, str] = {}
    clean: dict[str, str | list[str]] = {}
    for section, question in form.questions():
        problem, value = _check(form, question, answers.get(question.key))
        if problem:
            fields[question.key] = problem
            errors.append(f"{section.title} — «{question.label}»: {problem}")
        elif value:
            clean[question.key] = value
    if errors:
        raise InvalidAnswers(errors, fields)
    return clean


def _check(form: Questionnaire, question: Question, value) -> tuple[str, str | list[str] | None]:
    """(problem, cleaned value) for one answer."""
    options = [o.key for o in form.options(question)] + ([NO_OPINION.key] if question.kind == Kind.LIKERT else [])
    if question.kind == Kind.MULTI:
        chosen = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
        if value is not None and not isinstance(value, str | list | tuple):
            return "lựa chọn không hợp lệ.", None
        wrong = [v for v in chosen if v not in options]
        if wrong:
            return f"lựa chọn «{wrong[0]}» không có trong phiếu.", None
        if not chosen and question.required:
            return "chưa chọn phương án nào.", None
        return "", sorted(set(chosen), key=options.index)
    if value is None or value == "":
        return ("chưa trả lời." if question.required else ""), None
    if not isinstance(value, str) or value not in options:
        return f"lựa chọn «{value}» không có trong phiếu.", None
    return "", value


# -- indices ---------------------------------------------------------------------------------------

def top2box(scores: Sequence[int]) -> float | None:
    """Share of valid answers that are 4 (hài lòng) or 5 (rất hài lòng), in per cent."""
    return 100 * sum(1 for s in scores if s >= 4) / len(scores) if scores else None


def mean_pct(scores: Sequence[int]) -> float | None:
    """The mean score on 1–5 stretched to 0–100: (mean − 1) / 4 × 100."""
    return (sum(scores) / len(scores) - 1) / 4 * 100 if scores else None


AGGREGATORS: dict[str, Callable[[Sequence[int]], float | None]] = {"top2box": top2box, "mean_pct": mean_pct}
AGGREGATOR_LABELS = {"top2box": "Tỷ lệ hài lòng (mức 4 và 5)", "mean_pct": "Điểm trung bình quy về 0–100"}


def mean(values: Iterable[float | None]) -> float | None:
    """Unweighted mean of the values that exist (an item nobody scored is left out)."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@dataclass(frozen=True)
class Indices:
    n: int  # responses counted
    items: dict[str, float | None]
    groups: dict[str, float | None]
    contents: dict[str, float | None]
    overall: float | None


def scores(form: Questionnaire, responses: Sequence[Answers]) -> dict[str, list[int]]:
    """Valid scores per Likert item ("no opinion" and unanswered left out)."""
    valid = set(form.valid_scores)
    return {q.key: [int(r[q.key]) for r in responses if r.get(q.key) in valid] for q in form.items()}


def overall_index(form: Questionnaire, contents: Mapping[str, float | None],
                  groups: Mapping[str, float | None]) -> float | None:
    """SIPAS: the mean of the content indices (1001: (policy + service) / 2) or of the group
    indices (2640: the mean of the five elements), as the questionnaire says."""
    return mean(contents.values()) if form.overall_from == "contents" else mean(groups.values())


def indices(form: Questionnaire, responses: Sequence[Answers], aggregator: str = "top2box") -> Indices:
    aggregate = AGGREGATORS[aggregator]
    items = {key: aggregate(values) for key, values in scores(form, responses).items()}
    groups = {g.key: mean(items[q.key] for q in g.items) for g in form.groups()}
    contents = {c.key: (mean(groups[g.key] for g in c.groups) if form.content_from == "groups"
                        else mean(items[q.key] for g in c.groups for q in g.items)) for c in form.contents}
    return Indices(len(responses), items, groups, contents, overall_index(form, contents, groups))


def distribution(form: Questionnaire, question: Question, responses: Sequence[Answers]) -> dict[str, int]:
    """How many respondents chose each option (multiple choice: each option counted once per respondent)."""
    counts: Counter[str] = Counter()
    for r in responses:
        value = r.get(question.key)
        counts.update([value] if isinstance(value, str) else (value or ()))
    return {o.key: counts.get(o.key, 0) for o in form.options(question)}


def share(responses: Sequence[Answers], key: str, options: Iterable[str]) -> float | None:
    """Per cent of those who answered ``key`` choosing one of ``options``."""
    answered = [r[key] for r in responses if r.get(key) not in (None, "", [])]
    wanted = set(options)
    return 100 * sum(1 for v in answered if v in wanted) / len(answered) if answered else None


def expectation_shares(form: Questionnaire, responses: Sequence[Answers]) -> dict[str, float | None]:
    """Per expectation item: per cent answering "want" or "strongly want"."""
    return {q.key: share(responses, q.key, form.wanted) for _, q in form.questions() if q.kind == Kind.EXPECTATION}


def flagged_shares(form: Questionnaire, responses: Sequence[Answers]) -> dict[str, float | None]:
    """Harassment, informal payments: per cent answering "some" or "many"."""
    return {key: share(responses, key, options) for key, options in form.flagged.items()}


def previous_quarter(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter before the one ``day`` is in (the usual
    survey period)."""
    last = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - timedelta(days=1)
    return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


def rank(values: Mapping[object, float | None], places: int = 2) -> dict[object, int | None]:
    """Competition ranking, best first: equal values (at the published precision, ``places``
    decimals) share a rank and the next rank is skipped (1, 2, 2, 4). No value, no rank."""
    rounded = {k: round(v, places) for k, v in values.items() if v is not None}
    ordered = sorted(rounded.values(), reverse=True)
    out: dict[object, int | None] = {k: None for k in values}
    for k, v in rounded.items():
        out[k] = ordered.index(v) + 1
    return out
