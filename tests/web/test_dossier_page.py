"""The dossier page: facts with personal numbers masked, the acts on offer, the forms, and the
timeline that shows who held the dossier and who made it late."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua import timesource
from motcua.dossiers import services as sv
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db


def _late_permit(world):
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    sv.transfer_dossier(d, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    sv.decide_dossier(d, world.official("builder_head", "leader"), now=vn(2026, 4, 10))
    return d


def test_timeline_names_who_held_it_and_who_made_it_late(client, world):
    d = _late_permit(world)
    client.force_login(world.users["builder_head"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert 'data-act="receive"' in body and 'data-act="transfer"' in body and 'data-act="decide"' in body
    assert 'id="late"' in body and "Sở Xây dựng" in body.split('id="late"')[1].split("</p>")[0]
    assert "001090012345" not in body and "2345" in body  # ID masked to its last four digits
    assert "Mẫu 01" in body and "Mẫu 06" in body and "Mẫu 04" not in body


def test_acts_on_offer_follow_state_and_role(client, world):
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert f"/can-bo/ho-so/{d.pk}/viec/transfer/" in body and "/viec/decide/" not in body


def test_another_units_official_gets_403(client, world):
    d = _late_permit(world)
    client.force_login(world.users["police_officer"])
    response = client.get(f"/can-bo/ho-so/{d.pk}/")
    assert response.status_code == 403 and "không thuộc đơn vị" in response.content.decode()


def test_page_query_count_is_flat_in_the_log_length(client, world):
    d = _late_permit(world)
    client.force_login(world.users["builder_head"])
    client.get(f"/can-bo/ho-so/{d.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/can-bo/ho-so/{d.pk}/").status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


def test_returned_dossier_is_with_the_applicant_not_waiting_for_a_supplement(client, world):
    d = _late_permit(world)
    sv.return_result(d, world.official("reception", "reception"), now=vn(2026, 4, 10, 15))
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    holding = body.split('class="holding"')[1].split("</table>")[0]
    assert "đã trả kết quả" in holding and "chờ bổ sung" not in holding


def test_counter_dossier_linked_to_a_portal_account_shows_under_my_dossiers(client, world):
    from motcua.catalog.models import ProcedureVersion

    client.force_login(world.users["reception"])
    version = ProcedureVersion.objects.get(pk=world.birth.pk)
    form = {"unit": "CN-HK", "applicant_kind": "citizen", "name": "Nguyễn Văn Đình", "id_number": "001090012345",
            "area": world.commune.code, "channel": "counter", "account": "citizen",
            "docs": [str(i) for i, _ in enumerate(version.documents)], "action": "receive"}
    response = client.post(f"/can-bo/tiep-nhan/{version.procedure.code}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(world.users["citizen"])
    assert "Đăng ký khai sinh" in client.get("/cong-dan/ho-so/").content.decode()
    form["account"] = "no-such-user"
    client.force_login(world.users["reception"])
    response = client.post(f"/can-bo/tiep-nhan/{version.procedure.code}/", form)
    assert response.status_code == 400 and "Không có tài khoản công dân" in response.content.decode()


def test_officials_see_and_open_the_citizens_attachments(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.portal.attachments import check, removed_on_error, store

    settings.MOTCUA_UPLOAD_DIR = tmp_path
    d = sv.file_dossier(actor=world.citizen(), version=world.permit, receiving_unit=world.branch,
                        applicant=world.applicant(world.users["citizen"]), channel="online", now=vn(2026, 3, 2))
    upload = SimpleUploadedFile("Tờ khai xin phép.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    with removed_on_error() as written:
        [row] = store(d, [check(upload, "Tờ khai")], user=world.users["citizen"], stage="filing", written=written)
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert f"/cong-dan/tep/{row.pk}/" in body and "Tờ khai xin phép.pdf" in body
    assert client.get(f"/cong-dan/tep/{row.pk}/").status_code == 200


def test_timeline_and_holding_table_escape_what_people_typed(client, world, monkeypatch):
    """A reason and the documents asked for are the officials' own words: printed as text, never
    as markup; the holding table shows the units, their times and working days, and who holds it now."""
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    sv.transfer_dossier(d, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    sv.return_for_supplement(d, world.official("builder_head", "leader"), items=["<b>Bản vẽ</b>", "Giấy phép & hợp đồng"],
                             reason='Thiếu <script>alert("x")</script>', now=vn(2026, 3, 3, 9))
    client.force_login(world.users["builder_head"])
    monkeypatch.setattr(timesource, "now", lambda: vn(2026, 3, 4, 9))
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert "<script>alert" not in body and "<b>Bản vẽ" not in body
    assert '<div>Thiếu &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</div>' in body
    assert "<ul><li>&lt;b&gt;Bản vẽ&lt;/b&gt;</li><li>Giấy phép &amp; hợp đồng</li></ul>" in body
    holding = body.split('<table class="holding">')[1].split("</table>")[0]
    assert holding.count("<tr><td>") == 3  # the branch, the department, the applicant (still waiting)
    assert "<td>09:00 02/03/2026</td>" in holding and "<td>10:00 02/03/2026</td>" in holding
    assert "<td>Người nộp (chờ bổ sung)</td>" in holding and "đang giữ" not in holding
    timeline = body.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert [a for a in ("receive", "transfer", "return_for_supplement") if f'data-act="{a}"' in timeline] == \
        ["receive", "transfer", "return_for_supplement"]
    held = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                                 receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    sv.transfer_dossier(held, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    holding = client.get(f"/can-bo/ho-so/{held.pk}/").content.decode().split('<table class="holding">')[1]
    assert '<td>Sở Xây dựng</td><td>10:00 02/03/2026</td>\n  <td><em>đang giữ</em></td><td class="right">1,88</td>' in holding
