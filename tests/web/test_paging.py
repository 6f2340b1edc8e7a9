"""``{% pager %}`` (``web/templatetags/paging``) writes what the include it replaced wrote, for
any page, whether the page object has methods (Django's paginator) or values (the worklist), in
both languages, with the list's parameters escaped."""

import re
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.template import engines
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

#: the include the tag replaced, kept here as the reference it must agree with
REFERENCE = """{% load i18n %}<nav class="pager" aria-label="{% translate 'Trang' %}">
{% if page.has_previous %}<a href="?{{ query }}&page={{ page.number|add:'-1' }}" hx-get="?{{ query }}&page={{ page.number|add:'-1' }}" hx-target="#results" hx-push-url="true" rel="prev">‹ {% translate "Trang trước" %}</a>{% endif %}
<span>{% blocktranslate with n=page.number %}Trang {{ n }}{% endblocktranslate %}</span>
{% if page.has_next %}<a href="?{{ query }}&page={{ page.number|add:'1' }}" hx-get="?{{ query }}&page={{ page.number|add:'1' }}" hx-target="#results" hx-push-url="true" rel="next">{% translate "Trang sau" %} ›</a>{% endif %}
</nav>
"""


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def _both(context: dict) -> tuple[str, str]:
    ours = engines["django"].from_string("{% pager %}").render(context)
    return ours, engines["django"].from_string(REFERENCE).render(context)


@settings(max_examples=100, deadline=None)
@given(number=st.integers(1, 60), has_next=st.booleans(), methods=st.booleans(),
       query=st.text(alphabet=st.sampled_from("ab=&<>\"'đ %"), max_size=15), language=st.sampled_from(["vi", "en"]))
def test_the_same_as_the_include_it_replaced(number, has_next, methods, query, language):
    if methods:
        page = Paginator(range(10 * (number + has_next)), 10).page(number)
    else:
        page = SimpleNamespace(number=number, has_next=has_next, has_previous=number > 1)
    with translation.override(language):
        ours, theirs = _both({"page": page, "query": query})
    assert _squeeze(ours) == _squeeze(theirs)


def test_links_say_where_they_go():
    page = Paginator(range(30), 10).page(2)
    with translation.override("en"):
        html, _ = _both({"page": page, "query": "q=<b>&unit=CN"})
    assert '<a href="?q=&lt;b&gt;&amp;unit=CN&page=1"' in html and 'rel="prev">‹ Previous page</a>' in html
    assert 'hx-get="?q=&lt;b&gt;&amp;unit=CN&page=3"' in html and "<span>Page 2</span>" in html
