"""Vietnamese names, identity numbers and phone numbers for demo applicants and staff."""

from __future__ import annotations

import random

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trịnh", "Mai"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Hữu", "Thanh", "Xuân", "Hoài", "Đình", "Kim", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đình", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Trang", "Tuấn", "Việt", "Yến", "Đạt", "Đông", "Thủy", "Hiếu", "Nhung", "Quỳnh"]


def full_name(rng: random.Random) -> tuple[str, str, str]:
    """(surname, middle, given)."""
    return rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN)


def id_number(rng: random.Random) -> str:
    """A 12-digit citizen identity number shaped like Hà Nội's (province 001, gender/century, year)."""
    return f"001{rng.choice('0123')}{rng.randint(50, 99) % 100:02d}{rng.randint(0, 999999):06d}"


def phone(rng: random.Random) -> str:
    return f"0{rng.choice(['912', '913', '983', '988', '904', '936', '868', '379'])}{rng.randint(0, 999999):06d}"
