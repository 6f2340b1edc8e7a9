"""``web.escaping.esc`` writes what Django's ``conditional_escape`` writes, for any text, for
numbers and dates, for text already marked safe, and for lazy translations."""

from datetime import date

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from motcua.web.escaping import esc


@given(st.text() | st.integers() | st.floats(allow_nan=False) | st.dates())
def test_the_same_as_djangos_conditional_escape(value):
    assert esc(value) == conditional_escape(value)


def test_markup_and_quotes_are_escaped_safe_html_passes():
    assert esc('<b title="x">Đình & \'Hồng\'</b>') == "&lt;b title=&quot;x&quot;&gt;Đình &amp; &#x27;Hồng&#x27;&lt;/b&gt;"
    assert esc(mark_safe("<em>đang giữ</em>")) == "<em>đang giữ</em>"
    assert esc(gettext_lazy("Hồ sơ <mới>")) == "Hồ sơ &lt;mới&gt;"
    assert esc(date(2026, 3, 2)) == "2026-03-02"
