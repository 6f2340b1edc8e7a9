"""Forms 01–07 drawn to PNG read back, by OCR, as the right Vietnamese: the national motto, the
form's title and the applicant's name come out with their diacritics (ộ, ễ, ă, đ …), and every
font is embedded in the PDF. A render whose diacritics were lost does not pass the same check.

Needs Debian's poppler-utils (pdftoppm, pdffonts) and tesseract-ocr with tesseract-ocr-vie.
Without them the tests are skipped, except under CI (CI=true), where that is a failure.
The pages are kept in tests/documents/renders/ (not committed) for a person to look at.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from motcua.documents.book import book_pdf
from motcua.documents.forms import TITLES, render_html, render_pdf
from motcua.dossiers import services as sv
from motcua.dossiers.access import viewer_for
from motcua.rules.lifecycle import Role
from tests.dossiers.scenario import at_counter, file_at_counter, transfer, vn

RENDERS = Path(__file__).parent / "renders"
APT = "sudo apt-get install -y poppler-utils tesseract-ocr tesseract-ocr-vie"

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
NAME = "Nguyễn Văn Đình"

#: OCR misreads a character now and then: a phrase passes when at least this share of its
#: characters is read, in order (a stripped diacritic counts as a miss).
THRESHOLD = 0.9
#: How many extra characters may sit inside the phrase: the two-column heading of forms 01–06
#: reads across both columns ("… CHỦ NGHĨA KIỂM) VIỆT NAM").
SLACK = 12
#: tesseract reads each page twice, with two page segmentations, and a phrase passes when either
#: reading has it: one column of text (4) keeps lines in order but may split a bold first line's
#: diacritics off ("^ ~ ~" / "SỐ THEO DOI HO SƠ"); sparse text (11) finds every line but misreads
#: more. (Automatic (3) sometimes drops the motto's line altogether.) Tried with DejaVu Serif and
#: Liberation Serif, the template's first choice, at 200 and 300 dpi.
PASSES = ("4", "11")


# -- matching ------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFC, lower case, punctuation and runs of white space as one space (diacritics kept)."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


def coverage(phrase: str, text: str) -> float:
    """The best share of ``phrase``'s characters found in order in a stretch of ``text`` that
    starts at a word and is at most ``SLACK`` characters longer than the phrase.

    The characters found form a common subsequence, so a text that lacks the phrase's
    diacritics can reach at most 1 - (characters with diacritics) / (length): see
    ``test_the_phrases_carry_enough_diacritics_to_tell``.
    """
    wanted, seen = normalise(phrase), normalise(text)
    best = 0.0
    for word in re.finditer(r"\S+", seen):
        window = seen[word.start():word.start() + len(wanted) + SLACK]
        matcher = SequenceMatcher(None, window, wanted, autojunk=False)
        if matcher.quick_ratio() * (len(window) + len(wanted)) / 2 <= best * len(wanted):
            continue  # cannot beat the best so far
        found = sum(block.size for block in matcher.get_matching_blocks())
        best = max(best, found / len(wanted))
    return best


def reads(phrase: str, text: str) -> bool:
    return coverage(phrase, text) >= THRESHOLD


def strip_marks(text: str) -> str:
    """``text`` with every Vietnamese diacritic removed, case kept (like ``motcua.text.fold``
    without the lower-casing, so that HTML and SVG markup stay valid)."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in bare if not unicodedata.combining(ch)))


def tofu(text: str) -> str:
    """``text`` with every letter outside ASCII drawn as a missing-glyph box."""
    return "".join("\u25a1" if ord(ch) > 127 and ch.isalpha() else ch for ch in text)


# -- tools ---------------------------------------------------------------------------------------

def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@functools.cache
def _missing_tools() -> str:
    missing = [tool for tool in ("pdftoppm", "pdffonts", "tesseract") if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not found"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    if "vie" not in (langs.stdout + langs.stderr).split():
        return "tesseract has no Vietnamese (tesseract-ocr-vie)"
    return ""


def require_tools() -> None:
    """Skip (or, under CI, fail) when pdftoppm, pdffonts or tesseract with Vietnamese is missing."""
    problem = _missing_tools()
    if not problem:
        return
    if _in_ci():
        pytest.fail(f"CI: {problem}; the OCR check of the forms is required. Install: {APT}", pytrace=False)
    pytest.skip(f"{problem}; install with: {APT}")


def fonts_not_embedded(pdffonts_output: str) -> tuple[list[str], list[str]]:
    """The font names ``pdffonts`` lists, and those of them not embedded (column ``emb``)."""
    lines = pdffonts_output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]  # name, type, encoding, emb, sub, uni, id
    names, bare = [], []
    for line in lines[rule + 1:]:
        if not line.strip():
            continue
        name, emb = line[slice(*spans[0])].strip(), line[slice(*spans[3])].strip()
        names.append(name)
        if emb != "yes":
            bare.append(name)
    return names, bare


def ocr_page_one(pdf: bytes, name: str) -> str:
    """Page 1 of ``pdf`` at 200 dpi, kept as renders/<name>.png, read by tesseract (Vietnamese)
    in each of ``PASSES``: the readings one after the other. Also checks that every font is
    embedded."""
    RENDERS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path, stem = Path(tmp) / "form.pdf", Path(tmp) / "page"
        pdf_path.write_bytes(pdf)
        fonts, bare = fonts_not_embedded(subprocess.run(["pdffonts", str(pdf_path)], capture_output=True,
                                                         text=True, check=True, timeout=60).stdout)
        assert fonts, f"{name}: pdffonts lists no font"
        assert not bare, f"{name}: fonts not embedded: {bare}"
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(stem)],
                       check=True, capture_output=True, timeout=60)
        png = stem.with_suffix(".png")
        # one thread each (several OpenMP threads are much slower on a busy machine), side by side
        readers = [subprocess.Popen(["tesseract", str(png), "-", "-l", "vie", "--psm", psm], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
                   for psm in PASSES]
        readings = []
        try:
            for psm, reader in zip(PASSES, readers, strict=True):
                out, err = reader.communicate(timeout=120)
                assert reader.returncode == 0, f"tesseract --psm {psm} failed: {err}"
                readings.append(f"--- tesseract --psm {psm} ---\n{out}")
        finally:
            for reader in readers:
                if reader.poll() is None:
                    reader.kill()
                    reader.wait()
        # The SQLite and PostgreSQL runs go side by side: replace the kept page in one step.
        partial = RENDERS / f".{name}.{os.getpid()}.png"
        shutil.copyfile(png, partial)
        os.replace(partial, RENDERS / f"{name}.png")
    return "\n".join(readings)


# -- the forms -----------------------------------------------------------------------------------

def _decided(world):
    """Received, transferred, decided and returned (form 01 and the hand-offs of form 06)."""
    dossier = transfer(world, at_counter(world, world.birth, vn(2026, 2, 13, 16, 30)), vn(2026, 2, 13, 16, 45))
    dossier = sv.decide_dossier(dossier, world.official("commune_chair", Role.LEADER), now=vn(2026, 2, 26, 9, 0))
    return sv.return_result(dossier, world.official("reception", Role.RECEPTION), now=vn(2026, 2, 26, 10, 0))


def _supplement(world):
    dossier = file_at_counter(world, world.birth, vn(2026, 3, 9, 9, 0))
    return sv.request_intake_supplement(dossier, world.official("reception", Role.RECEPTION),
                                        items=["Giấy chứng sinh bản chính"], reason="Thiếu giấy tờ",
                                        now=vn(2026, 3, 9, 9, 10))


def _refused(world):
    dossier = file_at_counter(world, world.birth, vn(2026, 3, 9, 9, 0))
    return sv.refuse_intake(dossier, world.official("reception", Role.RECEPTION),
                            reason="Hồ sơ không thuộc thẩm quyền giải quyết", now=vn(2026, 3, 9, 9, 5))


def _extended(world):
    dossier = transfer(world, at_counter(world, world.permit, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    return sv.extend_deadline(dossier, world.official("builder_head", Role.LEADER), working_days=5,
                              reason="Cần lấy ý kiến cơ quan quản lý di tích", now=vn(2026, 3, 16, 9, 0))


def _withdrawn(world):
    dossier = at_counter(world, world.permit, vn(2026, 3, 2, 9, 0))
    return sv.withdraw_dossier(dossier, world.official("reception", Role.RECEPTION),
                               reason="Người nộp đề nghị rút hồ sơ", now=vn(2026, 3, 3, 9, 0))


def _book(world) -> bytes:
    at_counter(world, world.birth, vn(2026, 3, 2, 9, 0))
    return book_pdf(viewer_for(world.users["reception"]), world.branch, date(2026, 3, 1), date(2026, 3, 7))


HEADING = [MOTTO, SLOGAN]
#: number -> (how to get the PDF, the phrases page 1 must show). Form 06 names no applicant (it
#: goes with form 01): it shows the agencies instead. Form 07, the register, has no motto.
FORMS = {
    "01": (lambda w: render_pdf(_decided(w), "01"), [*HEADING, TITLES["01"], NAME]),
    "02": (lambda w: render_pdf(_supplement(w), "02"), [*HEADING, TITLES["02"], NAME, "Giấy chứng sinh bản chính"]),
    "03": (lambda w: render_pdf(_refused(w), "03"), [*HEADING, TITLES["03"], NAME, "không thuộc thẩm quyền"]),
    "04": (lambda w: render_pdf(_extended(w), "04"), [*HEADING, TITLES["04"], NAME, "cơ quan quản lý di tích"]),
    "05": (lambda w: render_pdf(_withdrawn(w), "05"), [*HEADING, TITLES["05"], NAME]),
    "06": (lambda w: render_pdf(_decided(w), "06"), [*HEADING, TITLES["06"], "UBND phường Hoàn Kiếm", "Quá hạn"]),
    # the register's narrow cells wrap ("Nguyễn Văn | Đình") and OCR reads a table row by row:
    # what a cell holds is checked line by line.
    "07": (_book, ["SỔ THEO DÕI HỒ SƠ", "Chi nhánh số 1 (Hoàn Kiếm)", "Nguyễn Văn", "Đình", "Đăng ký khai",
                   "Địa chỉ, số"]),
}


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
@pytest.mark.parametrize("number", sorted(FORMS))
def test_the_form_reads_back_as_vietnamese(world, number):
    require_tools()
    make, phrases = FORMS[number]
    text = ocr_page_one(make(world), f"form{number}")
    unread = {p: round(coverage(p, text), 2) for p in phrases if not reads(p, text)}
    assert not unread, f"form {number}: not read back (share of characters found): {unread}\n{text}"


# -- the check tells a broken render ---------------------------------------------------------------

@pytest.mark.nodb
@pytest.mark.parametrize("phrase", sorted({p for _, phrases in FORMS.values() for p in phrases} | set(TITLES.values())))
def test_the_phrases_carry_enough_diacritics_to_tell(phrase):
    """Text without diacritics can match at most this share of a phrase: below the threshold."""
    assert coverage(phrase, strip_marks(phrase)) < THRESHOLD
    assert coverage(phrase, tofu(phrase)) < THRESHOLD
    assert coverage(phrase, phrase) == 1.0


@pytest.mark.nodb
def test_the_matcher_forgives_a_misread_and_the_two_column_heading():
    assert reads(NAME, "Ông/bà: Nguyễn Vắn Đình; số định danh")  # one diacritic misread
    assert reads(SLOGAN, "Độc lập – Tự do — Hạnh phúc")  # other dashes
    assert reads(MOTTO, "CHI NHÁNH SỐ 1 (HOÀN CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nKIỂM) VIỆT NAM")
    assert not reads(NAME, "Nguyen Van Dinh")
    assert not reads(MOTTO, "CONG HOA XA HOI CHU NGHIA VIET NAM")
    assert not reads(MOTTO, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA and then a long aside here VIỆT NAM")


@pytest.mark.nodb
def test_a_font_not_embedded_is_seen():
    listing = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
KTGASA+DejaVu-Serif-Bold             CID TrueType      Identity-H       yes yes yes     19  0
TimesNewRomanPSMT                    TrueType          WinAnsi          no  no  no      23  0
"""
    assert fonts_not_embedded(listing) == (["KTGASA+DejaVu-Serif-Bold", "TimesNewRomanPSMT"], ["TimesNewRomanPSMT"])


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
@pytest.mark.parametrize("breakage", [strip_marks, tofu], ids=["diacritics-stripped", "missing-glyphs"])
def test_a_render_that_lost_its_diacritics_is_rejected(world, breakage):
    """Form 01's own HTML drawn without Vietnamese diacritics: OCR reads the page (the bare
    words are there) but none of the Vietnamese phrases passes."""
    require_tools()
    broken = breakage(render_html(_decided(world), "01"))
    assert strip_marks(broken) == broken if breakage is strip_marks else "\u25a1" in broken
    from weasyprint import HTML

    text = ocr_page_one(HTML(string=broken).write_pdf(), f"broken-form01-{breakage.__name__}")
    for phrase in (*HEADING, TITLES["01"], NAME):
        assert not reads(phrase, text), f"{phrase!r} accepted from a broken render:\n{text}"
    if breakage is strip_marks:  # the page itself was read: the words are there, bare
        for phrase in (*HEADING, TITLES["01"], NAME):
            assert reads(strip_marks(phrase), text), f"{strip_marks(phrase)!r} not read:\n{text}"
