"""A published answer carries no personal data: the filers' names (with or without diacritics,
or as "ông <given name>"), identity numbers, phone numbers, e-mail addresses and street addresses
are replaced by bracketed placeholders, and what is not personal (dates, codes, legal references,
amounts, place names) stays as it was."""

from __future__ import annotations

import pytest

from motcua.complaints.anonymise import ADDRESS, EMAIL, ID_NUMBER, NAME, PHONE, Personal, anonymise, anonymise_case

FILERS = Personal(names=("Nguyễn Văn Đình", "Trần Thị Lan"), id_numbers=("001090012345",), phones=("0912345678",),
                  emails=("dinh.nv@example.com",), addresses=("12 Hàng Bạc, phường Hoàn Kiếm",))

PLANTED = ("Ông NGUYEN VAN DINH (CCCD 001 090 012 345, ĐT +84 912 345 678, thư Dinh.NV@example.com), trú tại "
           "12 Hang Bac, phuong Hoan Kiem, cùng bà Lan phản ánh việc ông Đình chờ quá hạn.")


@pytest.mark.nodb
def test_the_filers_own_data_is_removed_however_it_is_written():
    out = anonymise(PLANTED, FILERS)
    for planted in ("NGUYEN", "Dinh", "Đình", "Lan", "001", "012 345", "912", "example.com", "Hang Bac", "Hàng Bạc"):
        assert planted not in out, (planted, out)
    assert out.count(NAME) == 3 and ID_NUMBER in out and PHONE in out and EMAIL in out and ADDRESS in out


@pytest.mark.nodb
@pytest.mark.parametrize("text, placeholder", [
    ("Liên hệ 0987.654.321 để biết thêm", PHONE),
    ("số máy 0987 654 321", PHONE),
    ("gọi 84987654321", PHONE),
    ("bàn 024 3825 1234", PHONE),
    ("CCCD 024123456789 cấp ngày", ID_NUMBER),
    ("CMND 012345678 cũ", ID_NUMBER),
    ("hộ chiếu C1234567", ID_NUMBER),
    ("gửi về ai.do@mail.vn nhé", EMAIL),
    ("Nhà số 5 ngõ 34 phố Hàng Gai, phường Hoàn Kiếm", ADDRESS),
    ("ở ngách 7/12 ngõ 50 đường Láng, Đống Đa", ADDRESS),
    ("số nhà 18 thôn Đông, xã Sóc Sơn", ADDRESS),
])
def test_anyone_s_numbers_and_addresses_are_removed_too(text, placeholder):
    out = anonymise(text)
    assert placeholder in out, out
    assert not any(ch.isdigit() for ch in out.replace("Hàng Gai", "")), out


@pytest.mark.nodb
@pytest.mark.parametrize("text", [
    "Theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 và Nghị định số 118/2025/NĐ-CP,",
    "vụ việc PAKN-2026-000123, hồ sơ 000.00.70.H26-260302-0001",
    "lệ phí 1.200.000 đồng, nộp trong 15 ngày làm việc kể từ 02/03/2026",
    "UBND quận Ba Đình; Điều 9 Luật Tố cáo 2018; chị Mai ở tổ dân phố",
])
def test_what_is_not_personal_stays(text):
    assert anonymise(text, FILERS) == text


@pytest.mark.nodb
def test_a_district_named_like_a_form_of_address_is_not_a_person():
    """"Ba Đình" is a district; "bà Đình" is the filer."""
    out = anonymise("Ông Đình ở quận Ba Đình, bà Đình cũng vậy.", Personal(names=("Nguyễn Văn Đình",)))
    assert out == f"ông/bà {NAME} ở quận Ba Đình, ông/bà {NAME} cũng vậy."


@pytest.mark.nodb
def test_names_are_found_without_diacritics_or_case():
    assert anonymise("nguyễn văn đình và TRẦN THỊ LAN", FILERS) == f"{NAME} và {NAME}"


@pytest.mark.nodb
def test_empty_text_stays_empty():
    assert anonymise("", FILERS) == ""


@pytest.mark.django_db
def test_a_case_s_answer_is_cleaned_with_its_own_filers(case_factory):
    case = case_factory("pakn")
    text = "Trả lời ông Nguyễn Văn Đình (0912345678, dinh@example.vn, 12 Hàng Bạc, Hoàn Kiếm): đã xử lý."
    out = anonymise_case(case, text)
    assert out == f"Trả lời ông {NAME} ({PHONE}, {EMAIL}, {ADDRESS}): đã xử lý."
