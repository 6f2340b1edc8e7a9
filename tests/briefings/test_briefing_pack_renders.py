"""The briefing pack's PDF drawn to PNG and read back by OCR (tesseract, Vietnamese): the section
headings, a lead unit's name and the overdue days come out with their diacritics, every font is
embedded, and the status chart is on the page with bars as tall as their counts (measured in the
page image by the bars' colours). The pages are kept in tests/briefings/renders/ to look at.

Needs poppler-utils and tesseract-ocr-vie (skipped without them, failed under CI, as for the
official forms)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from motcua.briefings.charts import COLOURS
from motcua.briefings.pack import build_pack
from motcua.briefings.pdf import render_pdf
from tests.documents.test_forms_render_png import coverage, fonts_not_embedded, reads, require_tools

RENDERS = Path(__file__).parent / "renders"


def _pages(pdf: bytes, name: str, dpi: int = 200) -> list[Path]:
    """Every page as PNG (kept in renders/), after checking that every font is embedded."""
    RENDERS.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "pack.pdf"
    path.write_bytes(pdf)
    names, bare = fonts_not_embedded(subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                                    check=True, timeout=60).stdout)
    assert names and not bare, f"fonts not embedded: {bare}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp / "page")], check=True, timeout=120)
    pages = sorted(tmp.glob("page-*.png"))
    kept = []
    for n, page in enumerate(pages, 1):
        target = RENDERS / f"{name}-{n}.png"
        partial = RENDERS / f".{name}-{n}.{os.getpid()}.png"
        shutil.copyfile(page, partial)
        os.replace(partial, target)  # the SQLite and PostgreSQL runs go side by side
        kept.append(target)
    shutil.rmtree(tmp)
    return kept


def _ocr(png: Path) -> str:
    readers = [subprocess.Popen(["tesseract", str(png), "-", "-l", "vie", "--psm", psm], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
               for psm in ("4", "11")]
    out = []
    for reader in readers:
        text, err = reader.communicate(timeout=180)
        assert reader.returncode == 0, err
        out.append(text)
    return "\n".join(out)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _bar_pixels(png: Path) -> dict[str, int]:
    """How many pixels of each status colour the page has (within a small tolerance)."""
    image = Image.open(png).convert("RGB")
    wanted = {key: _rgb(c) for key, c in COLOURS.items()}
    counts = dict.fromkeys(wanted, 0)
    for (r, g, b), n in ((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 20)):
        for key, (wr, wg, wb) in wanted.items():
            if abs(r - wr) + abs(g - wg) + abs(b - wb) <= 24:
                counts[key] += n
    return counts


HEADINGS = ["TÀI LIỆU GIAO BAN", "CHƯƠNG TRÌNH HỌP", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", "THEO ĐƠN VỊ CHỦ TRÌ",
            "NHIỆM VỤ QUÁ HẠN VÀ CÓ NGUY CƠ CHẬM"]
PHRASES = ["Công an thành phố Hà Nội", "Quá hạn 14 ngày", "Kế hoạch số hóa hồ sơ cư trú",
           "Số nhiệm vụ theo tình trạng", "Hoàn thành đúng hạn", "Sở Văn hóa và Thể thao"]


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
def test_the_pack_reads_back_as_vietnamese_with_its_chart(meetings):
    require_tools()
    pack = build_pack(meetings[1])
    pages = _pages(render_pdf(pack), "pack")
    assert len(pages) >= 2
    text = "\n".join(_ocr(p) for p in pages[:2])
    unread = {p: round(coverage(p, text), 2) for p in HEADINGS + PHRASES if not reads(p, text)}
    assert not unread, f"not read back: {unread}\n{text}"
    # the summary row: 9 tasks, 2 on time, 1 late, 4 in time, 2 overdue, 1 at risk, 60,0 % done of those due
    assert "60,0 %" in text or "60,0%" in text, text
    # the status chart (page 1): five bars; on-time 2, late 1, in time 4, overdue 2, at risk 1 — their areas
    # in the page image stand in that ratio (the stacked unit chart, on page 2, is left out)
    bars = _bar_pixels(pages[0])
    unit = bars["done_late"]
    assert unit > 2000, bars  # a bar is there, not a sliver
    for key, n in (("done_on_time", 2), ("open_in_time", 4), ("open_overdue", 2), ("at_risk", 1)):
        assert abs(bars[key] / unit - n) < 0.15 * n, (key, bars)


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
def test_a_pack_without_its_chart_is_told_apart(meetings):
    """The same measure on a page whose bars were not drawn finds none."""
    require_tools()
    from weasyprint import HTML

    from motcua.briefings.pdf import render_html

    html = render_html(build_pack(meetings[1]))
    blank = html.replace('fill="#', 'fill="#fff" data-was="#')
    bars = _bar_pixels(_pages(HTML(string=blank).write_pdf(), "pack-no-bars")[0])
    assert max(bars.values()) < 500, bars


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
def test_the_demo_pack_renders(world):
    """The pack of the demo's latest meeting, after the programmes demo and this app's demo on
    the small world: the headings, the standing agency and the status chart come out."""
    require_tools()
    from types import SimpleNamespace

    from motcua.briefings.demo import build_demo
    from motcua.briefings.models import Meeting
    from motcua.programmes.demo import build_demo as programmes_demo
    from motcua.units.models import Unit
    from tests.dossiers.scenario import vn

    now = vn(2026, 11, 20, 10)
    org = {"centre": Unit.objects.get(code="TTPVHCC"), "committees": [world.commune_ubnd],
           "agencies": [world.justice, world.construction, world.police, world.culture]}
    accounts = SimpleNamespace(leaders={}, officers={}, samples=[])
    programmes_demo(5, now, org, accounts)
    assert "2 phiên" in build_demo(5, now, org, accounts)
    latest = Meeting.objects.order_by("-held_at").first()
    pack = build_pack(latest, today=now.date())
    pages = _pages(render_pdf(pack), "demo-pack")
    text = _ocr(pages[0])
    for phrase in ("TÀI LIỆU GIAO BAN", "CHƯƠNG TRÌNH HỌP", "Ban Tổ chức Thành ủy Hà Nội", "Ý kiến các thành viên Ban Chỉ đạo"):
        assert reads(phrase, text), (phrase, text)
    # the status chart: its tallest bar and the at-risk bar (a colour only that chart uses) stand in the
    # ratio of their counts, measured as the longest vertical run of each colour on the chart's page
    counts = {k: n for k, _, n in pack.statuses}
    top = max(counts, key=counts.get)
    page = next(p for p in pages if _longest_run(p, COLOURS["at_risk"]) > 20)
    tallest, risky = _longest_run(page, COLOURS[top]), _longest_run(page, COLOURS["at_risk"])
    assert counts["at_risk"] and abs(risky / tallest - counts["at_risk"] / counts[top]) < 0.05, (risky, tallest, counts)


def _longest_run(png: Path, colour: str) -> int:
    """The longest vertical run of pixels of ``colour`` on the page (a vertical bar's height)."""
    import numpy as np

    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=np.int16)
    mask = np.abs(pixels - np.array(_rgb(colour), dtype=np.int16)).sum(axis=2) <= 24
    run = np.zeros(mask.shape[1], dtype=np.int32)
    best = 0
    for row in mask:
        run = (run + 1) * row
        best = max(best, int(run.max()))
    return best
