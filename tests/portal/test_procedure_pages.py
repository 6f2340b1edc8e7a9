"""The public catalogue: procedures in force, found without diacritics, filtered and paged; one
procedure's page with its checklist, time limit, fees and the online filing button."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import Field, Procedure, ProcedureVersion, Sector
from motcua.text import fold

pytestmark = pytest.mark.django_db


def test_search_without_diacritics_finds_the_procedure(client, world, clock):
    body = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in body and "/thu-tuc/1.001193/" in body
    assert "Cấp giấy phép xây dựng" not in body


def test_search_by_code_and_htmx_returns_only_the_results(client, world, clock):
    response = client.get("/thu-tuc/", {"q": "1.0099"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    assert "Cấp giấy phép xây dựng" in body and "<html" not in body and "Đăng ký khai sinh" not in body


def test_filter_by_level_and_field(client, world, clock):
    sector = Sector.objects.create(code="XD", name="Xây dựng")
    building = Field.objects.create(code="XD-CP", name="Cấp phép xây dựng", sector=sector)
    Procedure.objects.filter(pk=world.permit.procedure_id).update(field=building)
    body = client.get("/thu-tuc/", {"level": "commune"}).content.decode()
    assert "Đăng ký khai sinh" in body and "Cấp giấy phép xây dựng" not in body
    body = client.get("/thu-tuc/", {"field": "XD-CP"}).content.decode()
    assert "Cấp giấy phép xây dựng" in body and "Đăng ký khai sinh" not in body


def test_only_procedures_in_force_are_listed(client, world, clock):
    proc = Procedure.objects.create(code="9.000001", name="Thủ tục đã bãi bỏ", name_folded=fold("Thủ tục đã bãi bỏ"),
                                    field=world.birth.procedure.field, level="commune")
    ProcedureVersion.objects.create(procedure=proc, number=1, effective_from=date(2020, 1, 1),
                                    effective_to=date(2025, 6, 30), duration_unit="days", duration_value=Decimal(1))
    body = client.get("/thu-tuc/", {"q": "bai bo"}).content.decode()
    assert "Thủ tục đã bãi bỏ" not in body
    assert client.get("/thu-tuc/9.000001/").status_code == 404


def test_list_pages_by_25_in_flat_queries(client, world, clock):
    field = world.birth.procedure.field
    for n in range(30):
        name = f"Thủ tục thử số {n:02d}"
        proc = Procedure.objects.create(code=f"8.{n:06d}", name=name, name_folded=fold(name), field=field,
                                        level="province")
        ProcedureVersion.objects.create(procedure=proc, number=1, effective_from=date(2025, 7, 1),
                                        duration_unit="days", duration_value=Decimal(5))
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/thu-tuc/", {"q": "thu tuc thu"}).content.decode()
    assert len(re.findall(r'href="/thu-tuc/8\.', first)) == 25 and 'rel="next"' in first
    assert len(queries) <= 5, [q["sql"][:80] for q in queries]
    second = client.get("/thu-tuc/", {"q": "thu tuc thu", "page": 2}).content.decode()
    assert len(re.findall(r'href="/thu-tuc/8\.', second)) == 5 and 'rel="prev"' in second


def test_procedure_page_shows_the_checklist_and_facts(client, online, clock):
    ProcedureVersion.objects.filter(pk=online.permit.pk).update(
        fees=[{"name": "Lệ phí cấp phép", "amount": 75000}],
        documents=[{"name": "Đơn đề nghị cấp giấy phép", "originals": 1, "copies": 0, "required": True},
                   {"name": "Bản vẽ thiết kế", "originals": 2, "copies": 0, "required": True},
                   {"name": "Giấy ủy quyền", "originals": 1, "copies": 0, "required": False}],
        result_types=[{"code": "GPXD", "name": "Giấy phép xây dựng", "paper": True}])
    body = client.get("/thu-tuc/1.009994/").content.decode()
    checklist = body.split('id="checklist"')[1].split("</table>")[0]
    assert "Đơn đề nghị cấp giấy phép" in checklist and "Bản vẽ thiết kế" in checklist and "Nếu có" in checklist
    assert "15 ngày làm việc" in body and "Sở Xây dựng" in body and "75.000 đồng" in body
    assert "Giấy phép xây dựng" in body and "Cấp tỉnh" in body
    assert 'href="/thu-tuc/1.009994/nop/"' in body and "Nộp hồ sơ trực tuyến" in body


def test_immediate_procedure_and_commune_level_competence(client, online, clock):
    body = client.get("/thu-tuc/2.000815/").content.decode()
    assert "Trả ngay" in body and "Ủy ban nhân dân xã, phường" in body and "Không thu phí, lệ phí" in body


def test_procedure_not_online_offers_no_button(client, world, clock):
    body = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in body and "chưa nhận hồ sơ trực tuyến" in body


def test_pages_carry_no_inline_script(client, online, clock):
    for url in ("/thu-tuc/", "/thu-tuc/1.001193/"):
        body = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", body) and not re.search(r"\son[a-z]+=", body)


def test_unknown_procedure_is_404(client, world, clock):
    assert client.get("/thu-tuc/0.000000/").status_code == 404
