"""Briefing tests use the shared Hà Nội world and a small programme whose standing agency is the
Department of Justice (its leader, ``justice_head``, steers; the other officials only read):
seven tasks in every state, written through the programme services on the days they happened.

On 14 April 2026 (the second meeting): task 1 finished before the first meeting (10 March); 2 and 3
finished between the meetings (2 on time on 20 March, 3 late on 2 April); 4 is overdue (deadline
31 March); 5 is at risk (deadline 25 April, 30 %); 6 is open in time; 7 has no deadline."""

from datetime import date

import pytest

from motcua.briefings import services as bs
from motcua.programmes import services as ps
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import vn

FIRST, SECOND = vn(2026, 3, 10, 14, 0), vn(2026, 4, 14, 14, 0)


def task(programme, code, lead, *, by, deadline=None, co=(), progress=0, done=None, late_reason="", **extra):
    t = ps.add_task(programme, by=by, now=vn(2026, 1, 10, 9), code=code, content=extra.pop("content", f"Nhiệm vụ {code}"),
                    product="plan", lead_unit=lead, co_units=list(co), assigned_on=date(2026, 1, 10), deadline=deadline,
                    source_symbol="01-CTr/TU", source_issuer="Thành ủy Hà Nội", source_date=date(2026, 1, 5), **extra)
    if progress:
        t = ps.update_progress(t, by=by, now=vn(2026, 2, 2, 9), progress=progress, version=t.version)
    if done:
        t = ps.complete_task(t, by=by, now=vn(done.year, done.month, done.day, 16), completed_on=done,
                             result_document=f"Kế hoạch số {code}/KH", version=t.version, delay_reason=late_reason)
    return t


@pytest.fixture
def programme(world):  # noqa: F811
    w = world
    steer = w.users["justice_head"]
    p = ps.create_programme(code="CTR-T", number="01-CTr/TU", title="Cải cách hành chính thử nghiệm",
                            issuing_body="Thành ủy Hà Nội", issued_on=date(2026, 1, 5), period_start=date(2026, 1, 5),
                            period_end=date(2026, 12, 31), standing_agency=w.justice)
    task(p, "1", w.construction, by=steer, deadline=date(2026, 2, 28), done=date(2026, 2, 20),
         content="Đề án sắp xếp bộ phận một cửa")
    task(p, "2", w.culture, by=steer, deadline=date(2026, 3, 31), done=date(2026, 3, 20),
         content="Kế hoạch nâng cao chỉ số hài lòng")
    task(p, "3", w.justice, by=steer, deadline=date(2026, 3, 15), done=date(2026, 4, 2), late_reason="Chờ ý kiến",
         content="Quy chế phối hợp liên thông")
    task(p, "4", w.police, by=steer, deadline=date(2026, 3, 31), progress=40, co=[w.justice],
         content="Kế hoạch số hóa hồ sơ cư trú", officer=w.users["police_officer"])
    task(p, "5", w.construction, by=steer, deadline=date(2026, 4, 25), progress=30,
         content="Quy định cấp phép xây dựng trực tuyến")
    task(p, "6", w.commune_ubnd, by=steer, deadline=date(2026, 12, 31), progress=20,
         content="Báo cáo rà soát thủ tục cấp xã")
    task(p, "7", w.culture, by=steer, content="Chương trình truyền thông cải cách")
    return p


@pytest.fixture
def meetings(programme, world):  # noqa: F811
    """The two meetings, the first with two conclusions already assigned as tasks 8 and 9."""
    steer = world.users["justice_head"]
    first = bs.create_meeting(programme, by=steer, now=vn(2026, 3, 1), held_at=FIRST, chair="Trưởng ban",
                              place="Phòng họp số 1")
    bs.record_conclusion(first, by=steer, now=FIRST, content="Xây dựng kế hoạch đào tạo cán bộ một cửa",
                         lead_unit=world.culture, product="plan", deadline=date(2026, 4, 10), co_units=[world.justice])
    bs.record_conclusion(first, by=steer, now=FIRST, content="Báo cáo tình hình giải quyết hồ sơ quá hạn",
                         lead_unit=world.construction, product="report", deadline=date(2026, 5, 30))
    bs.record_notice(first, by=steer, now=vn(2026, 3, 12), symbol="125-TB/BCĐ", notice_date=date(2026, 3, 12))
    bs.conclude(first, by=steer, now=vn(2026, 3, 12, 10))
    second = bs.create_meeting(programme, by=steer, now=vn(2026, 4, 1), held_at=SECOND, kind="quarterly",
                               chair="Trưởng ban")
    return first, second
