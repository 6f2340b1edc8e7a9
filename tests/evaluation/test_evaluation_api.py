"""The evaluation API: a leader computes the unit's month, reads the quota's explanation, fills in
a sheet, approves it; refusals come back as problem bodies in Vietnamese and English."""

import io

import pytest
from openpyxl import load_workbook

from .conftest import FULL, MARCH

pytestmark = pytest.mark.django_db
API = "/api/v1/evaluation"


def test_a_leader_computes_fills_in_and_approves_through_the_api(client, handled):
    w = handled
    client.force_login(w.users["commune_chair"])
    unit = client.post(f"{API}/units/UBND-HK/periods/{MARCH}/compute").json()
    by = {s["official"]: s for s in unit["sheets"]}
    assert by[None]["subject"] == "unit" and by["commune_officer"]["quantity"] == 100.0
    assert {q["group"] for q in unit["quotas"]} == {"cong-chuc", "lanh-dao"}
    pk = by["commune_officer"]["id"]
    sheet = client.put(f"{API}/sheets/{pk}/general", {"points": FULL}, content_type="application/json").json()
    assert sheet["general_points"] == 30
    sheet = client.post(f"{API}/sheets/{pk}/products", {"name": "Tờ trình", "assigned": 2, "completed": 1},
                        content_type="application/json").json()
    assert [p["source"] for p in sheet["products"]] == ["dossiers", "manual"]
    sheet = client.post(f"{API}/sheets/{pk}/compute").json()
    # dossiers 3/3 with one late and one failed review; Tờ trình 1 of 2
    assert sheet["quantity"] == 80.0 and sheet["score"] is not None
    approved = client.post(f"{API}/sheets/{pk}/approve").json()
    assert approved["state"] == "approved"
    again = client.put(f"{API}/sheets/{pk}/general", {"points": FULL}, content_type="application/json")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    body = again.json()
    assert body["code"] == "sheet_approved" and "phê duyệt" in body["detail"] and "approved" in body["detail_en"]
    xlsx = client.get(f"{API}/units/UBND-HK/periods/{MARCH}/export")
    assert load_workbook(io.BytesIO(xlsx.content))["Tong hop"].max_row == 1 + len(unit["sheets"])


def test_the_list_reads_any_number_of_sheets_in_a_few_queries(client, handled, django_assert_max_num_queries):
    w = handled
    client.force_login(w.users["commune_chair"])
    client.post(f"{API}/units/UBND-HK/periods/{MARCH}/compute")
    client.post(f"{API}/units/UBND-HK/periods/2026/compute")
    with django_assert_max_num_queries(8):
        rows = client.get(f"{API}/sheets").json()
    assert len(rows) == 14 and {r["period"] for r in rows} == {MARCH, "2026"}


def test_invalid_input_and_unknown_sheets_are_problems(client, handled):
    w = handled
    client.force_login(w.users["commune_chair"])
    assert client.get(f"{API}/sheets/999").json()["code"] == "no_sheet"
    unit = client.post(f"{API}/units/UBND-HK/periods/{MARCH}/compute").json()
    pk = next(s["id"] for s in unit["sheets"] if s["official"] == "commune_officer")
    over = client.put(f"{API}/sheets/{pk}/general", {"points": {"ethics": 7}}, content_type="application/json")
    assert over.status_code == 422 and over.json()["code"] == "invalid_points"
    fact = client.post(f"{API}/sheets/{pk}/facts", {"kind": "corruption", "occurred_on": "2026-03-02", "document": "X"},
                       content_type="application/json")
    assert fact.status_code == 422 and fact.json()["code"] == "invalid_fact"
    early = client.post(f"{API}/units/UBND-HK/periods/2025-11/compute")
    assert early.status_code == 422 and early.json()["code"] == "no_scoring_rules"
    assert client.get(f"{API}/units/NOPE/periods/{MARCH}").json()["code"] == "no_unit"
