"""The survey pages: anyone with a one-time link answers without signing in (once); officials
read rounds and results; only a supervisor or an administrator runs a round (create, sample,
invitations, open, paper forms, close); citizens get 403 everywhere under /can-bo/khao-sat/."""

import csv
import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.surveys import queries
from motcua.surveys import services as sv
from motcua.surveys.models import Invitation, Response, Stratum, SurveyRound

from .conftest import answers

pytestmark = pytest.mark.django_db


# -- the public page -------------------------------------------------------------------------------

def test_the_link_works_without_signing_in_and_only_once(client, opened):
    token = opened.tokens["SXD"][0]
    page = client.get(f"/khao-sat/{token}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Sở Xây dựng" in body and 'name="q9_iib_2"' in body
    assert page["Referrer-Policy"] == "no-referrer" and "no-cache" in page["Cache-Control"]
    assert "Người nộp" not in body  # nothing about the dossier or its applicant
    done = client.post(f"/khao-sat/{token}/", answers("5"))
    assert done.status_code == 200 and "Cảm ơn ông/bà" in done.content.decode()
    assert Response.objects.count() == 1
    again = client.get(f"/khao-sat/{token}/")
    assert again.status_code == 409 and "chỉ dùng một lần" in again.content.decode()
    assert client.post(f"/khao-sat/{token}/", answers()).status_code == 409
    assert Response.objects.count() == 1


def test_an_unknown_link_is_404_with_a_clear_message(client, opened):
    page = client.get("/khao-sat/khong-co-ma-nay/")
    assert page.status_code == 404 and "Đường dẫn khảo sát không đúng" in page.content.decode()


def test_an_incomplete_form_is_shown_again_with_its_problems(client, opened):
    token = opened.tokens["UBND-HK"][0]
    form = answers("5", q5="many")
    del form["q9_iid_1"]
    page = client.post(f"/khao-sat/{token}/", form)
    body = page.content.decode()
    assert page.status_code == 422
    assert "Kết quả được trả đúng hẹn" in body and "chưa trả lời" in body
    assert 'name="q5" value="many" checked' in body  # what was chosen is kept
    assert not Response.objects.exists() and not Invitation.objects.filter(used_on__isnull=False).exists()


def test_a_closed_round_takes_no_answers(client, opened):
    sv.close_round(opened)
    assert client.get(f"/khao-sat/{opened.tokens['SXD'][0]}/").status_code == 409


# -- who may do what -------------------------------------------------------------------------------

def test_citizens_get_403_and_strangers_are_sent_to_sign_in(client, opened, quarter):
    urls = ["/can-bo/khao-sat/", "/can-bo/khao-sat/tao/", f"/can-bo/khao-sat/{opened.pk}/",
            f"/can-bo/khao-sat/{opened.pk}/ket-qua/", f"/can-bo/khao-sat/{opened.pk}/ket-qua.xlsx",
            f"/can-bo/khao-sat/{opened.pk}/phieu-giay/"]
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(quarter.users["citizen"])
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/can-bo/khao-sat/{opened.pk}/viec/close/").status_code == 403


@pytest.mark.parametrize("user", ["commune_officer", "builder_head", "reception"])
def test_officials_read_results_but_do_not_run_rounds(client, opened, quarter, user):
    client.force_login(quarter.users[user])
    assert client.get("/can-bo/khao-sat/").status_code == 200
    assert client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/").status_code == 200
    for url in ("/can-bo/khao-sat/tao/", f"/can-bo/khao-sat/{opened.pk}/", f"/can-bo/khao-sat/{opened.pk}/phieu-giay/"):
        assert client.get(url).status_code == 403, url
    for act in ("draw", "open", "close"):
        assert client.post(f"/can-bo/khao-sat/{opened.pk}/viec/{act}/").status_code == 403
    assert client.post(f"/can-bo/khao-sat/{opened.pk}/thu-moi/", {"format": "csv"}).status_code == 403
    assert SurveyRound.objects.get(pk=opened.pk).status == "open"


# -- running a round -------------------------------------------------------------------------------

@pytest.mark.parametrize("user", ["supervisor", "sysadmin"])
def test_a_supervisor_or_administrator_runs_a_round(client, quarter, user):
    client.force_login(quarter.users[user])
    assert client.get("/can-bo/khao-sat/tao/").status_code == 200
    created = client.post("/can-bo/khao-sat/tao/", {
        "name": "Quý 1/2026", "questionnaire": "bnv-1001-2023", "period_from": "2026-01-01",
        "period_to": "2026-03-31", "margin": "0.05", "aggregator": "top2box"})
    survey = SurveyRound.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/can-bo/khao-sat/{survey.pk}/"
    assert survey.created_by == quarter.users[user] and survey.period_to == date(2026, 3, 31)

    client.post(f"/can-bo/khao-sat/{survey.pk}/viec/draw/", {"seed": "11"})
    page = client.get(f"/can-bo/khao-sat/{survey.pk}/").content.decode()
    assert "UBND phường Hoàn Kiếm" in page and ">60<" in page and ">73<" in page

    listing = client.post(f"/can-bo/khao-sat/{survey.pk}/thu-moi/", {"format": "csv"})
    assert listing.status_code == 200 and listing["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(listing.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Đơn vị" and len(rows) == 74
    link = rows[1][6]
    assert "/khao-sat/" in link and rows[1][7] in link
    assert client.post(f"/can-bo/khao-sat/{survey.pk}/thu-moi/", {"format": "print"}).status_code == 302  # all issued
    printed = client.post(f"/can-bo/khao-sat/{survey.pk}/thu-moi/", {"format": "print", "reissue": "1"})
    assert printed.status_code == 200 and printed.content.decode().count('class="card invitation"') == 73

    client.post(f"/can-bo/khao-sat/{survey.pk}/viec/open/")
    assert SurveyRound.objects.get(pk=survey.pk).status == "open"
    assert client.get(f"/can-bo/khao-sat/{survey.pk}/phieu-giay/").status_code == 200
    commune = Stratum.objects.get(round=survey, unit=quarter.commune_ubnd)
    saved = client.post(f"/can-bo/khao-sat/{survey.pk}/phieu-giay/", {**answers("4"), "stratum": commune.pk})
    assert saved.status_code == 302
    refused = client.post(f"/can-bo/khao-sat/{survey.pk}/phieu-giay/", {"stratum": commune.pk, "q1_1": "9"})
    assert refused.status_code == 422 and "chưa trả lời" in refused.content.decode()
    assert Response.objects.filter(channel="paper", entered_by=quarter.users[user]).count() == 1

    client.post(f"/can-bo/khao-sat/{survey.pk}/viec/close/")
    assert SurveyRound.objects.get(pk=survey.pk).status == "closed"


def test_a_form_with_wrong_dates_is_refused(client, quarter):
    client.force_login(quarter.users["supervisor"])
    page = client.post("/can-bo/khao-sat/tao/", {
        "name": "Sai", "questionnaire": "bnv-1001-2023", "period_from": "2026-03-31", "period_to": "2026-01-01",
        "margin": "0.05", "aggregator": "top2box"})
    assert page.status_code == 400 and "Ngày bắt đầu" in page.content.decode()
    assert not SurveyRound.objects.exists()


# -- results ---------------------------------------------------------------------------------------

def test_results_page_and_workbook(client, opened, quarter):
    for token in opened.tokens["UBND-HK"][:4]:
        sv.submit_response(token, answers("5"))
    for token in opened.tokens["SXD"][:2]:
        sv.submit_response(token, answers("2", q5="some"))
    client.force_login(quarter.users["commune_officer"])
    body = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/").content.decode()
    assert "Chỉ số SIPAS" in body and "Sở Xây dựng" in body and "I.A. Tiếp cận thông tin chính sách" in body
    workbook = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua.xlsx")
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["Tong hop", "Theo don vi", "Tieu chi", "Mong doi", "Nhan dinh"]
    units = list(book["Theo don vi"].iter_rows(min_row=2, values_only=True))
    assert units[0][:4] == (1, "UBND phường Hoàn Kiếm", "UBND-HK", 4) and units[0][-1] == 100
    assert units[1][:2] == (2, "Sở Xây dựng") and units[1][-1] == 0
    assert units[2][0] is None  # the police: no response, no rank


def test_results_charts_and_their_downloads(client, opened, quarter):
    """The results page draws the index by content, the units ranked, the groups and the
    expectations from the same figures as its tables; each chart's data downloads as XLSX."""
    for token in opened.tokens["UBND-HK"][:3]:
        sv.submit_response(token, answers("5"))
    sv.submit_response(opened.tokens["SXD"][0], answers("2", q5="some"))
    client.force_login(quarter.users["commune_officer"])
    page = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/")
    body = page.content.decode()
    assert "chart.js" in body and "quality/dashboard.js" in body
    configs = {name: json.loads(re.search(rf'<script id="chart-{name}" type="application/json">(.*?)</script>',
                                          body, re.S)[1]) for name in ("contents", "units", "groups", "expectations")}
    r = queries.results(opened)
    assert configs["contents"]["labels"][-1] == "Chỉ số SIPAS"
    assert configs["contents"]["series"][0]["data"] == [
        round(r.overall.contents[c.key], 2) for c in r.form.contents] + [round(r.overall.overall, 2)]
    assert 0 < r.overall.overall < 100
    assert configs["units"]["labels"] == ["UBND phường Hoàn Kiếm", "Sở Xây dựng"]  # no answer, no bar
    assert configs["units"]["series"][0]["data"] == [100, 0]
    assert len(configs["groups"]["labels"]) == len(r.form.groups())
    assert configs["expectations"]["series"][0]["data"] == [
        None if v is None else round(v, 2) for v in r.expectations.values()]
    download = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/", {"format": "xlsx", "chart": "units"})
    assert download["Content-Disposition"] == f'attachment; filename="khao-sat-{opened.pk}-units.xlsx"'
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(min_row=3, values_only=True))
    assert [row[:4] for row in rows[:2]] == [(1, "UBND-HK", "UBND phường Hoàn Kiếm", 3), (2, "SXD", "Sở Xây dựng", 1)]
    assert rows[0][-1] == 100 and rows[2][0] is None and len(rows) == len(r.units)  # every unit, ranked or not
    wrong = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/", {"format": "xlsx", "chart": "khong-co"})
    assert wrong.status_code == 400 and "các biểu đồ: contents, groups, units, expectations" in wrong.content.decode()
    pdf = client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and f"khao-sat-{opened.pk}.pdf" in pdf["Content-Disposition"]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    for words in (f"Kết quả khảo sát: {opened.name}", "Chỉ số hài lòng theo nội dung", "Sở Xây dựng", "Chỉ số SIPAS"):
        assert words in text, words
    client.force_login(quarter.users["citizen"])
    for params in ({"format": "xlsx", "chart": "units"}, {"format": "pdf"}):
        assert client.get(f"/can-bo/khao-sat/{opened.pk}/ket-qua/", params).status_code == 403


def test_the_list_page_reads_in_a_fixed_number_of_queries(client, opened, quarter, django_assert_max_num_queries):
    for i in range(5):
        sv.create_round(None, f"Đợt {i}", "bnv-2640-2017", date(2026, 1, 1), date(2026, 3, 31))
    client.force_login(quarter.users["supervisor"])
    with django_assert_max_num_queries(8):
        page = client.get("/can-bo/khao-sat/")
    assert page.content.decode().count("/ket-qua/") == 6


def test_results_of_a_round_without_answers_show_dashes(client, quarter):
    survey = sv.create_round(None, "Mô hình 2640", "bnv-2640-2017", date(2026, 1, 1), date(2026, 3, 31),
                             aggregator="mean_pct")
    sv.draw_sample(survey)
    client.force_login(quarter.users["commune_chair"])
    page = client.get(f"/can-bo/khao-sat/{survey.pk}/ket-qua/")
    body = page.content.decode()
    assert page.status_code == 200 and "3. Công chức trực tiếp giải quyết" in body and "—" in body
    assert "Điểm trung bình quy về 0–100" in body
    assert client.get(f"/can-bo/khao-sat/{survey.pk}/ket-qua.xlsx").status_code == 200
