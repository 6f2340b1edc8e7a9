"""The facts of a dossier, written in Python (``dossiers/views/facts_html``), say what the template
include they replace said, for officials and for citizens, whatever is set and whatever the names
hold; every value is escaped."""

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from django.template import engines
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.views.facts_html import facts

#: the include the Python replaced, kept here as the reference it must agree with
REFERENCE = """{% load i18n %}{# The facts of a dossier, shared by the officials' page (official=True) and the citizen's own page. #}
  <dl class="facts">
    <dt>{% translate "Mã thủ tục" %}</dt><dd>{{ d.procedure.code }}</dd>
    <dt>{% translate "Người nộp" %}</dt><dd>{{ d.applicant_name }}</dd>
    <dt>{% translate "Số định danh" %}</dt><dd>{{ id_masked|default:"—" }}</dd>
    {% if official %}<dt>{% translate "Điện thoại" %}</dt><dd>{{ phone_masked|default:"—" }}</dd>{% endif %}
    <dt>{% translate "Kênh nộp" %}</dt><dd>{% translate d.get_channel_display %}</dd>
    <dt>{% translate "Nơi tiếp nhận" %}</dt><dd>{{ d.receiving_unit.name }}</dd>
    <dt>{% translate "Cơ quan giải quyết" %}</dt><dd>{{ d.competent_unit.name }}</dd>
    {% if official %}<dt>{% translate "Đang ở" %}</dt><dd>{{ d.holder_unit.name|default:"—" }}{% if d.holder_officer %} · {{ d.holder_officer|person }}{% endif %}</dd>
    {% elif d.area %}<dt>{% translate "Xã, phường" %}</dt><dd>{{ d.area.name }}</dd>{% endif %}
    <dt>{% translate "Nộp lúc" %}</dt><dd>{{ d.filed_at|date:"H:i d/m/Y" }}</dd>
    {% if not official and d.state == "filed" and d.acceptance_due_at %}<dt>{% translate "Hạn tiếp nhận" %}</dt><dd>{{ d.acceptance_due_at|date:"H:i d/m/Y" }}</dd>{% endif %}
    {% if d.received_at %}<dt>{% translate "Tiếp nhận lúc" %}</dt><dd>{{ d.received_at|date:"H:i d/m/Y" }}</dd>{% endif %}
    <dt>{% translate "Hẹn trả" %}</dt><dd id="due">{% if d.due_at %}{{ d.due_at|date:"H:i d/m/Y" }}{% if overdue %} <span class="badge late">{% translate "quá hạn" %}</span>{% endif %}{% else %}—{% endif %}</dd>
    {% if official and d.supplement_expires_at %}<dt>{% translate "Hạn bổ sung" %}</dt><dd>{{ d.supplement_expires_at|date:"H:i d/m/Y" }}</dd>{% endif %}
    {% if d.returned_at %}<dt>{% translate "Trả kết quả lúc" %}</dt><dd>{{ d.returned_at|date:"H:i d/m/Y" }}</dd>{% endif %}
    {% if d.outcome %}<dt>{% translate "Kết quả" %}</dt><dd>{% if d.outcome == "refused" %}{% translate "Từ chối giải quyết" %}{% else %}{% translate "Giải quyết, cấp kết quả" %}{% endif %}{% if not official and d.result_code %} · {{ d.result_code }}{% endif %}</dd>{% endif %}
  </dl>
"""

CHANNELS = {"counter": "Trực tiếp tại quầy", "online": "Trực tuyến (Cổng DVCQG)"}
names = st.text(alphabet=st.sampled_from("aăâđ ĐỨ<>&\"'x1"), max_size=12)
moments = st.none() | st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                                   timezones=st.just(timezone(timedelta(hours=3))))


def _unit(name):
    return None if name is None else SimpleNamespace(name=name)


@st.composite
def dossiers(draw):
    channel = draw(st.sampled_from(sorted(CHANNELS)))
    officer = draw(st.none() | st.builds(lambda f, l: SimpleNamespace(first_name=f, last_name=l, username="u"),
                                          names, names))
    area = draw(st.none() | names)
    return SimpleNamespace(
        procedure=SimpleNamespace(code=draw(names)), applicant_name=draw(names), channel=channel,
        get_channel_display=lambda: CHANNELS[channel], receiving_unit=_unit(draw(st.none() | names)),
        competent_unit=_unit(draw(st.none() | names)), holder_unit=_unit(draw(st.none() | names)),
        holder_officer=officer, area=_unit(area), area_id=None if area is None else 1,
        state=draw(st.sampled_from(["filed", "received", "returned"])), filed_at=draw(moments),
        acceptance_due_at=draw(moments), received_at=draw(moments), due_at=draw(moments),
        supplement_expires_at=draw(moments), returned_at=draw(moments),
        outcome=draw(st.sampled_from(["", "refused", "granted"])), result_code=draw(names))


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@settings(max_examples=150, deadline=None)
@given(d=dossiers(), official=st.booleans(), overdue=st.booleans(), id_masked=names, phone_masked=names,
       language=st.sampled_from(["vi", "en"]))
def test_the_same_as_the_template_it_replaced(d, official, overdue, id_masked, phone_masked, language):
    with translation.override(language):
        context = {"d": d, "official": official, "id_masked": id_masked, "phone_masked": phone_masked}
        if official:
            context["overdue"] = overdue  # the citizen's page never marks a dossier overdue here
        expected = engines["django"].from_string(REFERENCE).render(context)
        written = facts(d, official=official, id_masked=id_masked, phone_masked=phone_masked,
                        overdue=overdue if official else False)
    assert _squeeze(written) == _squeeze(expected)


def test_names_are_escaped_and_the_due_time_is_marked():
    d = SimpleNamespace(procedure=SimpleNamespace(code="1.0"), applicant_name="<b>Lê</b> & Co", channel="counter",
                        get_channel_display=lambda: "Trực tiếp tại quầy", receiving_unit=None, competent_unit=None,
                        holder_unit=None, holder_officer=None, area=None, area_id=None, state="received",
                        filed_at=None, acceptance_due_at=None, received_at=None,
                        due_at=datetime(2026, 3, 5, 2, tzinfo=timezone.utc), supplement_expires_at=None,
                        returned_at=None, outcome="", result_code="")
    with translation.override("vi"):
        html = facts(d, official=True, id_masked="", overdue=True)
    assert "&lt;b&gt;Lê&lt;/b&gt; &amp; Co" in html and "<b>" not in html
    assert '<dd id="due">09:00 05/03/2026 <span class="badge late">quá hạn</span></dd>' in html
    assert "<dt>Số định danh</dt><dd>—</dd>" in html and "<dt>Đang ở</dt><dd>—</dd>" in html
