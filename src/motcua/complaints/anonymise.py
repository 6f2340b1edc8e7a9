"""Removing personal data from what is published (công khai kết quả trả lời PAKN): the portal
shows the answer to everyone, so nothing in it may point at the person who filed.

The rules, applied in this order (each replacement is a bracketed placeholder, so a reader sees
that something was removed):

1. **E-mail addresses** (anything shaped ``name@domain.tld``) → ``[thư điện tử]``.
2. **The filers' own addresses**, as they gave them, matched without diacritics, case or spacing
   differences → ``[địa chỉ]``; and any **street address** written in the usual way (``số 12
   ngõ 34 phố …``, ``số nhà 5``, ``ngách 7/12 …``) up to the next comma or full stop.
3. **The filers' names**, matched without diacritics or case (``Nguyễn Văn Đình``, ``NGUYEN VAN
   DINH``, ``nguyễn văn đình``) → ``[người gửi]``; and the **given name after a form of address**
   (``ông Đình``, ``bà Lan``, ``anh Hùng``, ``chị Mai``, ``cụ …``) → ``ông/bà [người gửi]``.
4. **Identity numbers**: the filers' own, however written (spaces, dots), and any run of 9 or 12
   digits (CMND, CCCD/số định danh) or 8–9 characters of a passport (a letter and 7–8 digits)
   → ``[số định danh]``.
5. **Phone numbers**: the filers' own, and any Vietnamese number (``0``/``+84``/``84`` then 9
   digits of a mobile or 10 of a landline, spaces, dots or hyphens allowed between groups)
   → ``[số điện thoại]``.

Dates (``12/03/2026``), case and dossier codes (``…-260312-0001``), money and article numbers are
left alone: they have separators the number rules do not accept, or too few digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

EMAIL = "[thư điện tử]"
ADDRESS = "[địa chỉ]"
NAME = "[người gửi]"
ID_NUMBER = "[số định danh]"
PHONE = "[số điện thoại]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# a street address: "số nhà 12", "[số 12] ngõ 34[/5] [ngách 6]", "số 12 phố|đường …", then the
# street's words up to the next , . ; or line end ("số 766/QĐ-TTg" is not one: no street word follows)
_NUM = r"\d+[A-Za-z]?(?:/\d+)*"
_LANE = r"(?:ngõ|ngách|hẻm|kiệt)"
_ROAD = r"(?:\s+(?:phố|đường|thôn|xóm|tổ|khu|ấp)\b[^,.;\n]*)"
_STREET = re.compile(rf"\b(?:số\s+nhà\s+{_NUM}(?:\s+{_LANE}\s+{_NUM})*{_ROAD}?"
                     rf"|(?:số\s+{_NUM}\s+)?{_LANE}\s+{_NUM}(?:\s+{_LANE}\s+{_NUM})*{_ROAD}?"
                     rf"|số\s+{_NUM}{_ROAD})", re.IGNORECASE)
_DIGIT_RUN = r"(?<![\w/.-])(?:{})(?![\w/-]|\.\d)"
_ID = re.compile(_DIGIT_RUN.format(r"\d{12}|\d{9}|[A-Z]\d{7,8}"))
# a mobile (0 + 9 digits) or a landline (0 + 2-digit area + 8 digits); +84 or 84 instead of the 0
_PHONE = re.compile(_DIGIT_RUN.format(r"(?:\+84|84|0)[\s.-]?(?:\d{3}(?:[\s.-]?\d{3}){2}|\d{2}[\s.-]?\d{4}[\s.-]?\d{4})"))
#: forms of address before a given name (compared with their diacritics: "Ba Đình" is a district)
TITLES = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "cụ", "em")
_TITLES_FOLDED = r"(?:ong|ba|anh|chi|co|chu|bac|cu|em)"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Personal:
    """What is known of the people who filed: the data to look for besides the general patterns."""

    names: tuple[str, ...] = ()
    id_numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, filers: Iterable) -> Personal:
        """From ``Filer`` rows (or anything with name, id_number, phone, email and address)."""
        filers = list(filers)

        def values(attr: str) -> tuple[str, ...]:
            return tuple(v.strip() for f in filers if (v := getattr(f, attr, "") or "").strip())

        return cls(values("name"), values("id_number"), values("phone"), values("email"), values("address"))


# -- matching without diacritics -----------------------------------------------------------------

def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return bare.lower()


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character the index of the
    original character it came from."""
    out, where = [], []
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        for c in _fold_char(ch):
            out.append(c)
            where.append(i)
    return "".join(out), where


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(w) for w in _folded(phrase)[0].split()]
    return r"\s+".join(words)


def _replace_folded(text: str, pattern: str, placeholder: str, keep=None) -> str:
    """Replace every match of ``pattern`` (written for folded text) in ``text``; ``keep(original)``
    may veto a match by the original words."""
    text = unicodedata.normalize("NFC", text)
    folded, where = _folded(text)
    spans = [(where[m.start()], where[m.end() - 1] + 1) for m in re.finditer(pattern, folded) if m.end() > m.start()]
    if keep is not None:
        spans = [(a, b) for a, b in spans if keep(text[a:b])]
    for start, end in reversed(spans):
        text = text[:start] + placeholder + text[end:]
    return text


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _own_number(text: str, number: str, placeholder: str) -> str:
    """The number however it is written: its digits with any spaces, dots or hyphens between."""
    digits = _digits(number)
    if len(digits) < 6:
        return text
    if digits.startswith("0") and len(digits) >= 9:  # a phone: also written +84 / 84 instead of 0
        head = r"(?:\+84|84|0)[\s.-]?"
        digits = digits[1:]
    else:
        head = ""
    body = r"[\s.-]?".join(digits)
    return re.sub(rf"(?<!\d){head}{body}(?!\d)", placeholder, text)


# -- the rules -----------------------------------------------------------------------------------

def anonymise(text: str, personal: Personal = Personal()) -> str:
    """``text`` without personal data (the module's rules); ``personal`` lists what the filers
    gave, so that their own name, numbers and address are found however they are written."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    for email in personal.emails:
        text = re.sub(re.escape(email), EMAIL, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(EMAIL, text)
    for address in sorted(personal.addresses, key=len, reverse=True):
        if len(_folded(address)[0].strip()) >= 4:
            text = _replace_folded(text, _phrase_pattern(address), ADDRESS)
    text = _STREET.sub(ADDRESS, text)
    for name in sorted(personal.names, key=len, reverse=True):
        words = _folded(name)[0].split()
        if not words:
            continue
        text = _replace_folded(text, rf"(?<!\w){_phrase_pattern(name)}(?!\w)", NAME)
        given = re.escape(words[-1])
        text = _replace_folded(text, rf"(?<!\w){_TITLES_FOLDED}\s+{given}(?!\w)", "ông/bà " + NAME,
                               keep=lambda words: words.split()[0].lower() in TITLES)
    for number in personal.id_numbers:
        text = _own_number(text, number, ID_NUMBER)
    for number in personal.phones:
        text = _own_number(text, number, PHONE)
    text = _PHONE.sub(PHONE, text)
    text = _ID.sub(ID_NUMBER, text)
    return text


def anonymise_case(case, text: str | None = None) -> str:
    """``text`` (default: the case's answer) without the personal data of ``case``'s filers."""
    return anonymise(case.answer if text is None else text, Personal.of(case.filers.all()))


def tidy(text: str) -> str:
    """Runs of spaces left by removals, as one."""
    return _SPACE.sub(" ", text).strip()
