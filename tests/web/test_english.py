"""English, the second language of the user interface: switched on by the language form
(/i18n/setlang/), the ``django_language`` cookie or the browser's Accept-Language, it turns the
worklist and dossier page into English. Every string a template marks for translation has an
English entry in ``web/locale/en/LC_MESSAGES/django.po``, so nobody can add one and forget it."""

import gettext
import io
import re
from pathlib import Path

import pytest

from motcua.catalog.models import Procedure
from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier
from motcua.dossiers.views.intake import APPLICANT_KINDS, CHANNELS
from motcua.dossiers.worklists import BUCKET_LABELS
from motcua.rules.lifecycle import ACT_LABELS, ROLE_LABELS, STATE_LABELS
from motcua.web.i18n import mo_bytes, parse_po
from tests.dossiers.scenario import vn

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "motcua"
PO = PACKAGE / "web" / "locale" / "en" / "LC_MESSAGES" / "django.po"

# {% translate "…" %} / {% trans '…' %} (with or without "as var", "noop", "context …")
TRANSLATE = re.compile(r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<s>.*?)(?P=q)[^%]*%\}""", re.S)
# _("…") in a filter argument or a tag: {{ x|default:_("…") }}
UNDERSCORE = re.compile(r"""\b_\((?P<q>["'])(?P<s>.*?)(?P=q)\)""")
BLOCK = re.compile(r"\{%\s*blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
PLURAL = re.compile(r"\{%\s*plural\s*%\}")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _block_msgid(body: str, trimmed: bool) -> str:
    """What Django looks up for a blocktranslate body: ``{{ name }}`` becomes ``%(name)s``."""
    if trimmed:
        body = " ".join(body.split())
    return VARIABLE.sub(lambda m: f"%({m[1]})s", body.replace("%", "%%"))


def template_strings() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Every literal msgid in the templates of every app (``{msgid: template}``), and the plural
    pairs of ``{% blocktranslate count %}`` (``{(singular, plural): template}``)."""
    singles: dict[str, str] = {}
    plurals: dict[tuple[str, str], str] = {}
    for path in sorted(PACKAGE.glob("*/templates/**/*.html")):
        text, where = path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))
        for match in (*TRANSLATE.finditer(text), *UNDERSCORE.finditer(text)):
            singles.setdefault(match["s"], where)
        for match in BLOCK.finditer(text):
            trimmed = "trimmed" in match["args"].split()
            parts = PLURAL.split(match["body"])
            if len(parts) == 2:
                plurals.setdefault((_block_msgid(parts[0], trimmed), _block_msgid(parts[1], trimmed)), where)
            else:
                singles.setdefault(_block_msgid(match["body"], trimmed), where)
    return singles, plurals


def runtime_labels() -> set[str]:
    """Labels that reach the pages through ``{% translate variable %}``: the rules' state, act and
    role names, the worklist tabs and the choices of the workbench forms."""
    labels = {*STATE_LABELS.values(), *ACT_LABELS.values(), *ROLE_LABELS.values(), *BUCKET_LABELS.values()}
    labels |= {*Dossier.Channel.labels, *Procedure.Level.labels}
    labels |= {label for _, label in (*APPLICANT_KINDS, *CHANNELS)}
    return {str(label) for label in labels}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    return parse_po(PO.read_text(encoding="utf-8"))


# -- the catalogue -------------------------------------------------------------------------------

def test_the_scanner_sees_every_kind_of_tag():
    singles, _ = template_strings()
    assert "Mã hồ sơ" in singles  # {% translate "…" %}
    assert "(chưa tiếp nhận)" in singles  # default:_("…")
    assert "Hồ sơ của %(name)s" in singles  # {% blocktranslate with name=… %}
    assert "Trang %(n)s" in singles
    assert len(singles) > 100


def test_every_template_string_has_an_english_entry(catalogue):
    singles, plurals = template_strings()
    missing = [f"{where}: {msgid!r}" for msgid, where in singles.items() if not catalogue.get(msgid)]
    missing += [f"{where}: {pair!r} (plural)" for pair, where in plurals.items()
                if not catalogue.get("\0".join(pair))]
    assert not missing, "Thiếu bản dịch tiếng Anh trong django.po:\n" + "\n".join(missing)


def test_every_label_shown_through_a_variable_has_an_english_entry(catalogue):
    missing = sorted(label for label in runtime_labels() if not catalogue.get(label))
    assert not missing, missing


def test_placeholders_are_kept_in_the_translation(catalogue):
    for msgid, msgstr in catalogue.items():
        if not msgid:
            continue  # the header
        wanted = set(PLACEHOLDER.findall(msgid.split("\0")[0]))
        for form in msgstr.split("\0"):  # every plural form keeps the same placeholders
            assert set(PLACEHOLDER.findall(form)) == wanted, (msgid, msgstr)
        assert "{{" not in msgid, f"blocktranslate variables go in as %(name)s: {msgid!r}"


def test_the_catalogue_compiles_with_english_plurals(catalogue):
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(catalogue)))
    assert translations.gettext("Mã hồ sơ") == "Dossier code"
    _, plurals = template_strings()
    for singular, plural in plurals:
        one, many = translations.ngettext(singular, plural, 1), translations.ngettext(singular, plural, 5)
        assert one != singular and many != plural and one != many


def test_the_header_declares_utf8_and_two_plural_forms(catalogue):
    assert "charset=UTF-8" in catalogue[""] and "nplurals=2; plural=(n != 1);" in catalogue[""]


# -- the pages -----------------------------------------------------------------------------------

@pytest.fixture
def dossier(world):
    return sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.birth,
                                 receiving_unit=world.branch, applicant=world.applicant(), area=world.commune,
                                 now=vn(2026, 3, 2, 9, 0))


@pytest.mark.django_db
def test_the_language_form_switches_the_worklist_to_english(client, world, dossier):
    client.force_login(world.users["reception"])
    vietnamese = client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()
    assert "Mã hồ sơ" in vietnamese and 'lang="vi"' in vietnamese

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/can-bo/"})
    assert response.status_code == 302 and response["Location"] == "/can-bo/"
    body = client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()
    assert 'lang="en"' in body
    for english in ("Dossier code", "Applicant", "Status", "Workbench", "Counter intake", "All channels", "Overdue",
                    "In person at the counter", "Received", "Sign out"):
        assert english in body, english
    assert "Mã hồ sơ" not in body and "Trạng thái" not in body
    assert "Nguyễn Văn Đình" in body  # data stays as it was entered


@pytest.mark.django_db
def test_the_dossier_page_in_english_by_cookie(client, world, dossier):
    client.force_login(world.users["reception"])
    client.cookies["django_language"] = "en"
    body = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert re.search(r'id="state">\s*Received\s*<', body)
    for english in ("Procedure code", "Receiving unit", "Competent agency", "Available actions", "Forms (PDF)",
                    "Dossier log", "Transfer to the competent agency", "Receive dossier", "reception officer",
                    "In person at the counter"):
        assert english in body, english
    assert "Nhật ký hồ sơ" not in body and "Việc có thể làm" not in body


@pytest.mark.django_db
def test_the_browsers_language_is_followed(client, world):
    body = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "Username" in body and "Password" in body and "Tên đăng nhập" not in body
    assert "Tên đăng nhập" in client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


@pytest.mark.django_db
def test_the_intake_pages_in_english(client, world):
    client.force_login(world.users["reception"])
    client.cookies["django_language"] = "en"
    body = client.get("/can-bo/tiep-nhan/", {"q": "khai sinh"}).content.decode()
    assert "Receive a dossier at the counter" in body and "Commune" in body  # the level, translated
    body = client.get("/can-bo/tiep-nhan/1.001193/").content.decode()
    for english in ("Check the documents", "Vietnamese citizen", "In person at the counter", "Reason for refusal",
                    "version 1, in force from 01/07/2025", "time limit 3 working days"):
        assert english in body, english
