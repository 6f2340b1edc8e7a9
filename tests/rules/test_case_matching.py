"""Duplicate and repeat filings: diacritic-insensitive names, ID numbers and subjects."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.calendar import VN_TZ
from motcua.rules.case_matching import (
    CaseRecord, Filer, MatchKind, all_matches, compare, find_matches, link_matters, normalise_id, normalise_name,
    subject_similarity,
)
from motcua.text import fold

LAW = settings(max_examples=200, deadline=None)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
LAND = "Khiếu nại về việc thu hồi đất tại thôn Đông, xã Thanh Trì"


def rec(id, subject, *filers, days=0, closed_days=None):
    closed = T0 + timedelta(days=closed_days) if closed_days is not None else None
    return CaseRecord(id, T0 + timedelta(days=days), tuple(filers), subject, closed)


def test_names_and_ids_are_folded():
    assert normalise_name("  Nguyễn Văn  Đình, ") == "nguyen van dinh" == normalise_name("NGUYEN VAN DINH")
    assert normalise_name("ĐẶNG THỊ ĐÀO") == "dang thi dao"
    assert normalise_id("001 085-012.345") == "001085012345" == normalise_id("001085012345")
    assert normalise_id("c1234567") == "C1234567"


def test_subject_similarity_ignores_diacritics_case_and_filler():
    assert subject_similarity(LAND, "khieu nai viec thu hoi dat o thon Dong xa Thanh Tri") == 1.0
    assert subject_similarity(LAND, "Đề nghị xem xét lại quyết định thu hồi đất thôn Đông") >= 0.6
    assert subject_similarity(LAND, "Khiếu nại về việc xử phạt vi phạm hành chính trong xây dựng") == 0.0
    assert subject_similarity(LAND, "Khiếu nại về việc thu hồi đất tại thôn Tây, xã Sóc Sơn") < 0.6
    assert subject_similarity("", LAND) == 0.0


def test_same_name_without_diacritics_and_similar_subject_is_a_duplicate():
    a = rec("1", LAND, Filer("Nguyễn Văn Đình"))
    b = rec("2", "khieu nai thu hoi dat thon Dong xa Thanh Tri", Filer("NGUYEN VAN DINH"), days=3)
    m = compare(b, a)
    assert (m.earlier, m.later, m.kind) == ("1", "2", MatchKind.DUPLICATE)
    assert any("nguyen van dinh" in r for r in m.reasons) and "đang được xử lý" in m.reasons[-1]


def test_same_name_but_another_matter_is_not_linked():
    a = rec("1", LAND, Filer("Nguyễn Văn Đình"))
    b = rec("2", "Phản ánh tiếng ồn karaoke ban đêm", Filer("Nguyễn Văn Đình"), days=3)
    assert compare(a, b) is None


def test_same_id_number_links_the_same_matter_not_another_one():
    a = rec("1", LAND, Filer("Nguyễn Văn Đình", "001085012345"))
    b = rec("2", "Đề nghị xem xét lại quyết định thu hồi đất thôn Đông", Filer("Nguyen Dinh", "001 085 012 345"),
            days=9)
    c = rec("3", "Khiếu nại quyết định xử phạt vi phạm giao thông", Filer("Nguyễn V. Đình", "001085012345"), days=9)
    assert "001085012345" in compare(a, b).reasons[0]
    assert compare(a, c) is None
    assert compare(a, c, id_subject_min=0).kind is MatchKind.DUPLICATE  # the brief's pure ID rule


def test_refiled_after_an_answer_is_a_repeat():
    a = rec("1", LAND, Filer("Lê Thị Hoa"), closed_days=40)
    b = rec("2", LAND, Filer("Le Thi Hoa"), days=60)
    m = compare(a, b)
    assert m.kind is MatchKind.REPEAT and "đã được trả lời" in m.reasons[-1]
    assert compare(a, rec("3", LAND, Filer("Le Thi Hoa"), days=20)).kind is MatchKind.DUPLICATE


def test_groups_match_through_any_shared_filer():
    a = rec("1", LAND, Filer("Trần A"), Filer("Phạm B"), Filer("Hoàng C"))
    b = rec("2", LAND, Filer("Ngô D"), Filer("pham b"), days=5)
    assert compare(a, b) is not None


def test_find_matches_best_first_and_never_itself():
    new = rec("9", LAND, Filer("Nguyễn Văn Đình"), days=30)
    old = [rec("1", "Đề nghị xem xét lại quyết định thu hồi đất thôn Đông xã Thanh Trì", Filer("Nguyễn Văn Đình")),
           rec("2", LAND, Filer("Nguyen Van Dinh"), days=10), rec("3", LAND, Filer("Khác")), new]
    assert [m.earlier for m in find_matches(new, old)] == ["2", "1"]


def test_link_matters_counts_each_matter_once():
    records = [
        rec("1", LAND, Filer("Nguyễn Văn Đình", "001085012345")),
        rec("2", LAND, Filer("Nguyen Van Dinh"), days=5),
        rec("3", "Đề nghị xem xét lại quyết định thu hồi đất thôn Đông xã Thanh Trì", Filer("Lê X", "001085012345"),
            days=9),
        rec("4", "Phản ánh tiếng ồn karaoke ban đêm", Filer("Nguyễn Văn Đình"), days=2),
        rec("5", LAND, Filer("Người khác")),
    ]
    groups = link_matters(records)
    assert groups == [frozenset({"1", "2", "3"}), frozenset({"4"}), frozenset({"5"})]
    assert len(all_matches(records)) == 2  # 2 and 3 share nothing: linked through 1


# -- laws -----------------------------------------------------------------------------------------

WORDS = ["thu hồi đất", "Đông Anh", "bồi thường", "tái định cư", "xây dựng", "giấy chứng nhận", "đường",
         "cán bộ", "Đình", "ô nhiễm", "karaoke", "hàng xóm", "lấn chiếm", "nhận tiền"]
subjects = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
names = st.sampled_from(["Nguyễn Văn Đình", "Trần Thị Bình", "Lê Văn Đức", "Đỗ Hoa"])
records = st.lists(st.builds(lambda i, s, n, d: rec(str(i), s, Filer(n), days=d), st.integers(0, 10**6), subjects,
                             names, st.integers(0, 100)), max_size=12, unique_by=lambda r: r.id)


@LAW
@given(subjects, subjects)
def test_similarity_is_symmetric_bounded_and_fold_invariant(a, b):
    s = subject_similarity(a, b)
    assert 0.0 <= s <= 1.0 and s == subject_similarity(b, a)
    assert s == subject_similarity(fold(a), fold(b).upper())
    assert subject_similarity(a, a) == 1.0


@LAW
@given(records)
def test_matters_partition_the_records_and_contain_every_match(rs):
    groups = link_matters(rs)
    assert sorted(i for g in groups for i in g) == sorted(r.id for r in rs)
    where = {i: n for n, g in enumerate(groups) for i in g}
    for m in all_matches(rs):
        assert where[m.earlier] == where[m.later]
    for x in rs:
        for y in rs:
            assert (compare(x, y) is None) == (compare(y, x) is None)
