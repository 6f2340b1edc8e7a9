"""Duplicate and repeat filings (đơn trùng, đơn gửi lại nhiều lần) of feedback, complaints and
denunciations, found over plain records and linked so that one matter is counted once.

The similarity rule, applied to two cases A (filed first) and B:

1. **Same person by ID number** — a filer of A and a filer of B carry the same ID number (số
   CCCD/CMND/hộ chiếu; compared on its letters and digits only) **and** the subjects are at least
   ``ID_SUBJECT_MIN`` similar (0.3 by default). The low bar keeps one person's unrelated matters
   apart (a land complaint and a fine); set it to 0 to link on the ID number alone.
2. **Same name, similar subject** — a filer's folded name (no diacritics, đ → d, lower case,
   punctuation dropped) is the same in A and B **and** the subjects are at least
   ``SUBJECT_THRESHOLD`` similar (0.6 by default).

Subject similarity is the Dice coefficient ``2|F(a) ∩ F(b)| / (|F(a)| + |F(b)|)`` over F = the
folded syllables and the pairs of adjacent syllables, after dropping ``FILLER_PHRASES`` (the
kind of filing: "khiếu nại", "đề nghị xem xét lại", ...) and ``FILLER`` function syllables ("về việc"), so that
word order barely matters and the boilerplate does not make every complaint look alike.

A match is a **duplicate** when A was still open (no answer or decision) when B came in — the
same matter already being handled — and a **repeat** when A had been closed before B was filed.
``link_matters`` groups records into matters (transitively) for counting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from motcua.text import fold

SUBJECT_THRESHOLD = 0.6
ID_SUBJECT_MIN = 0.3
#: Phrases naming the kind of filing or the filer, removed before the syllables are compared
#: (as whole phrases: "định" alone is not filler, "quyết định" and "gia đình" differ).
FILLER_PHRASES = ("khieu nai", "to cao", "phan anh", "kien nghi", "de nghi", "xem xet lai", "gia dinh toi",
                  "gia dinh", "chung toi")
#: Function syllables (về, việc, của, tại, ở, và, cho, các, những, một, này, đó, đã, là, trong, với, tôi).
FILLER = frozenset("ve viec cua tai o va cho cac nhung mot nay do da la trong voi toi".split())
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_PHRASES = re.compile(r"\b(?:" + "|".join(FILLER_PHRASES) + r")\b")
_NOT_ID = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True)
class Filer:
    """Người đứng đơn: name and ID number (either may be empty)."""

    name: str
    id_number: str = ""


@dataclass(frozen=True)
class CaseRecord:
    id: str
    filed_at: datetime
    filers: tuple[Filer, ...]
    subject: str  # nội dung, trích yếu
    closed_at: datetime | None = None  # answered / decided; None while open


class MatchKind(StrEnum):
    DUPLICATE = "duplicate"  # đơn trùng: the matter is still being handled
    REPEAT = "repeat"  # đơn gửi lại sau khi đã được trả lời, giải quyết


@dataclass(frozen=True)
class Match:
    earlier: str
    later: str
    kind: MatchKind
    score: float  # subject similarity
    reasons: tuple[str, ...]


def normalise_id(id_number: str | None) -> str:
    """"001 085-012.345" -> "001085012345" (letters upper-cased, everything else dropped)."""
    return _NOT_ID.sub("", (id_number or "").upper())


def normalise_name(name: str | None) -> str:
    """"Nguyễn Văn  Đình," -> "nguyen van dinh"."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(name)).split())


def _features(subject: str) -> frozenset[str]:
    text = _PHRASES.sub(" ", " ".join(_NOT_ALNUM.sub(" ", fold(subject)).split()))
    words = [w for w in text.split() if w not in FILLER]
    return frozenset(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def subject_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two subjects' features, in [0, 1]; 0 if either is empty."""
    fa, fb = _features(a), _features(b)
    if not fa or not fb:
        return 0.0
    return 2 * len(fa & fb) / (len(fa) + len(fb))


def _ids(record: CaseRecord) -> set[str]:
    return {i for i in (normalise_id(f.id_number) for f in record.filers) if i}


def _names(record: CaseRecord) -> set[str]:
    return {n for n in (normalise_name(f.name) for f in record.filers) if n}


def compare(a: CaseRecord, b: CaseRecord, *, threshold: float = SUBJECT_THRESHOLD,
            id_subject_min: float = ID_SUBJECT_MIN) -> Match | None:
    """The match between two records under the rule above, or ``None``."""
    if a.id == b.id:
        return None
    first, second = sorted((a, b), key=lambda r: (r.filed_at, r.id))
    score = round(subject_similarity(a.subject, b.subject), 4)
    reasons = []
    same_ids = sorted(_ids(a) & _ids(b))
    if same_ids and score >= id_subject_min:
        reasons.append(f"Cùng số giấy tờ tùy thân {', '.join(same_ids)}; nội dung tương đồng {score:.0%}.")
    same_names = sorted(_names(a) & _names(b))
    if same_names and score >= threshold:
        reasons.append(f"Cùng người đứng đơn «{', '.join(same_names)}»; nội dung tương đồng {score:.0%} "
                       f"(ngưỡng {threshold:.0%}).")
    if not reasons:
        return None
    closed_before = first.closed_at is not None and first.closed_at <= second.filed_at
    kind = MatchKind.REPEAT if closed_before else MatchKind.DUPLICATE
    reasons.append("Đơn gửi lại sau khi vụ việc đã được trả lời, giải quyết." if closed_before
                   else "Trùng với đơn đang được xử lý.")
    return Match(first.id, second.id, kind, score, tuple(reasons))


def _candidates(records: Sequence[CaseRecord]) -> set[tuple[int, int]]:
    """Index pairs sharing an ID number or a folded name (the only pairs that can match)."""
    buckets: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        for key in {f"id:{x}" for x in _ids(r)} | {f"name:{x}" for x in _names(r)}:
            buckets.setdefault(key, []).append(i)
    pairs = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def find_matches(new: CaseRecord, existing: Iterable[CaseRecord], *, threshold: float = SUBJECT_THRESHOLD,
                 id_subject_min: float = ID_SUBJECT_MIN) -> list[Match]:
    """Earlier records that ``new`` duplicates or repeats, best score first."""
    ids, names = _ids(new), _names(new)
    out = []
    for old in existing:
        if old.id != new.id and (ids & _ids(old) or names & _names(old)):
            m = compare(new, old, threshold=threshold, id_subject_min=id_subject_min)
            if m is not None:
                out.append(m)
    return sorted(out, key=lambda m: (-m.score, m.earlier, m.later))


def all_matches(records: Sequence[CaseRecord], *, threshold: float = SUBJECT_THRESHOLD,
                id_subject_min: float = ID_SUBJECT_MIN) -> list[Match]:
    """Every matching pair among ``records`` (compared only within shared ID numbers or names)."""
    out = []
    for i, j in sorted(_candidates(records)):
        m = compare(records[i], records[j], threshold=threshold, id_subject_min=id_subject_min)
        if m is not None:
            out.append(m)
    return out


def link_matters(records: Sequence[CaseRecord], *, threshold: float = SUBJECT_THRESHOLD,
                 id_subject_min: float = ID_SUBJECT_MIN) -> list[frozenset[str]]:
    """Records grouped into matters (vụ việc): connected through matches; every record is in
    exactly one group; ``len(result)`` is the number of matters. Groups are sorted by their
    smallest id."""
    parent = {r.id: r.id for r in records}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in all_matches(records, threshold=threshold, id_subject_min=id_subject_min):
        ra, rb = root(m.earlier), root(m.later)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for rid in parent:
        groups.setdefault(root(rid), set()).add(rid)
    return sorted((frozenset(g) for g in groups.values()), key=min)
