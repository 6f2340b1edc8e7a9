"""An evaluation period: a month (``2026-10``) or a year (``2026``), with its first and last day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from motcua.rules.calendar import VN_TZ

MONTH, YEAR = "month", "year"


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def code(self) -> str:
        return f"{self.start:%Y-%m}" if self.kind == MONTH else f"{self.start:%Y}"

    @property
    def label(self) -> str:
        return f"tháng {self.start.month:02d}/{self.start.year}" if self.kind == MONTH else f"năm {self.start.year}"

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware moments in Hà Nội time."""
        return (datetime.combine(self.start, time(), VN_TZ),
                datetime.combine(self.end + timedelta(days=1), time(), VN_TZ))

    @classmethod
    def parse(cls, text: str) -> Period:
        text = (text or "").strip()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12 or year < 2000:
                raise BadPeriod(f"Kỳ «{text}» không hợp lệ.")
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return cls(MONTH, date(year, month, 1), nxt - timedelta(days=1))
        if re.fullmatch(r"\d{4}", text) and int(text) >= 2000:
            return cls(YEAR, date(int(text), 1, 1), date(int(text), 12, 31))
        raise BadPeriod(f"Kỳ «{text}» không hợp lệ: ghi tháng dạng 2026-10 hoặc năm dạng 2026.")

    @classmethod
    def month_before(cls, day: date) -> Period:
        first = day.replace(day=1) - timedelta(days=1)
        return cls.parse(f"{first:%Y-%m}")
