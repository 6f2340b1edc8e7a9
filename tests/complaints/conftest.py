"""Shared fixtures for the complaints tests: the dossiers' ``world`` (units, officials, citizens)
and ``make_case`` to file a case through the service with sensible defaults.

    case = make_case(world, kind="pakn", now=vn(2026, 2, 10))
    case = make_case(world, kind="complaint_first", filers=[FilerIn("Lê Thị Hoa", "001190000001")])
"""

from __future__ import annotations

import pytest

from motcua.complaints.services import FilerIn, file_case
from tests.dossiers.conftest import fresh_calendar, vn, world  # noqa: F401  (shared world)

DEFAULT_FILER = FilerIn(name="Nguyễn Văn Đình", id_number="001090012345", phone="0912345678",
                        email="dinh@example.vn", address="12 Hàng Bạc, Hoàn Kiếm")
SUBJECTS = {
    "pakn": "Phản ánh việc chậm trả kết quả đăng ký khai sinh tại phường Hoàn Kiếm",
    "complaint_first": "Khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng số 15/QĐ-XPHC",
    "complaint_second": "Khiếu nại lần hai quyết định xử phạt vi phạm hành chính về trật tự xây dựng số 15/QĐ-XPHC",
    "denunciation": "Tố cáo cán bộ địa chính nhận tiền để hợp thức hóa đất lấn chiếm ở ngõ 5 Hàng Bạc",
}


def make_case(world, kind: str = "pakn", *, now=None, filers=None, **kw):
    """File a case of ``kind`` handled by the commune's People's Committee (``world.commune_ubnd``),
    in the commune ``world.commune``, received on ``now`` (default 2 March 2026, 9:00 Hà Nội).
    Any ``file_case`` argument may be given."""
    args = dict(kind=kind, channel="online", subject=SUBJECTS[kind], content="Nội dung chi tiết của đơn.",
                filers=list(filers) if filers is not None else [DEFAULT_FILER], handling_unit=world.commune_ubnd,
                area=world.commune, now=now or vn(2026, 3, 2))
    if kind == "complaint_first":
        args["known_on"] = args["now"].date()
    args.update(kw)
    return file_case(**args)


@pytest.fixture
def case_factory(world):
    """``case_factory(kind=..., **kw)``: ``make_case`` bound to the world."""
    return lambda kind="pakn", **kw: make_case(world, kind, **kw)
