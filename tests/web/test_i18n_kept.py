"""``{% translate "…" %}`` is worked out once per language and kept (``web/templatetags/i18n_kept``):
every form of the tag still renders what Django's own would, in the language of the request,
whichever language asked first."""

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

SOURCE = """{% load i18n %}[{% translate "Đăng xuất" %}][{% trans 'Trang sau' %}][{% translate label %}]
[{% translate "Tất cả" noop %}][{% translate "Tất cả" context "tab" %}][{% translate "Tất cả" as all %}{{ all }}]
[{% translate "Tất cả"|upper %}][{% blocktranslate with n=3 %}Trang {{ n }}{% endblocktranslate %}]
{% autoescape off %}[{% translate "Đăng xuất" %}][{% translate label %}]{% endautoescape %}"""


def _ours(context: dict) -> str:
    return engines["django"].from_string(SOURCE).render(context)


def _djangos(context: dict) -> str:
    return Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(SOURCE).render(Context(context))  # Django's i18n library


def test_settings_load_the_kept_library_for_i18n():
    template = engines["django"].from_string('{% load i18n %}{% translate "Đăng xuất" %}')
    assert type(template.template.nodelist[-1]).__name__ == "KeptTranslateNode"


@pytest.mark.parametrize("order", [("vi", "en", "vi", "en"), ("en", "vi", "en", "vi")])
def test_each_language_gets_its_own_words_whichever_asked_first(order):
    seen = {}
    for language in order:
        with translation.override(language):
            context = {"label": "Trang sau" if language == "vi" else "Tất cả"}
            seen.setdefault(language, []).append(_ours(context))
            assert seen[language][-1] == _djangos(context)
    assert seen["vi"][0] == seen["vi"][1] and seen["en"][0] == seen["en"][1]
    assert "[Đăng xuất][Trang sau]" in seen["vi"][0]
    assert "[Sign out][Next page]" in seen["en"][0]
    assert "[ALL]" in seen["en"][0] and "[TẤT CẢ]" in seen["vi"][0]


def test_messages_named_by_a_variable_are_escaped_as_before():
    with translation.override("vi"):
        context = {"label": "<b>Trang sau</b>"}
        rendered = _ours(context)
        assert rendered == _djangos(context)
        assert "[&lt;b&gt;Trang sau&lt;/b&gt;]" in rendered and "[<b>Trang sau</b>]" in rendered
