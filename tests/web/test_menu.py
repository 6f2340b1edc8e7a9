"""The top bar's menu is rendered once per language and kind of user and then kept: each user
still sees only the entries meant for them, in their language, whoever asked before them."""

import re

import pytest

LOOKUP = "/tra-cuu/"
NAV = re.compile(r"<nav>(.*?)</nav>", re.S)


def _menu(client, user=None, language=None) -> set[str]:
    client.logout()
    if user is not None:
        client.force_login(user)
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    page = client.get(LOOKUP, **headers).content.decode()
    return set(re.findall(r">([^<>]+)</a>", NAV.search(page)[1]))


@pytest.mark.parametrize("order", ["official first", "citizen first"])
def test_each_user_sees_their_own_menu_whoever_came_before(client, world, order):
    users = {"reception": world.users["reception"], "leader": world.users["culture_head"],
             "officer": world.users["culture_officer"], "citizen": world.users["citizen"], "anonymous": None}
    names = list(users) if order == "official first" else list(reversed(users))
    menus = {name: _menu(client, users[name]) for name in names}
    public = {"Thủ tục hành chính", "Tra cứu hồ sơ", "Tra cứu đơn", "Trả lời phản ánh, kiến nghị"}

    assert menus["anonymous"] == public
    assert menus["citizen"] == public | {"Hồ sơ của tôi", "Đơn của tôi", "Gửi phản ánh, khiếu nại"}
    assert {"Bàn làm việc", "Tiếp nhận tại quầy", "Quầy đánh giá"} <= menus["reception"]
    assert "Tổ chức bộ máy" not in menus["reception"] and "Đơn của tôi" not in menus["reception"]
    assert {"Bàn làm việc", "Tổ chức bộ máy", "Điểm nóng", "Tiếp công dân"} <= menus["leader"]
    assert "Tiếp nhận tại quầy" not in menus["leader"]
    assert "Bàn làm việc" in menus["officer"] and "Tổ chức bộ máy" not in menus["officer"]
    assert "Tiếp nhận tại quầy" not in menus["officer"]


def test_the_menu_follows_the_language(client, world):
    assert "Tra cứu hồ sơ" in _menu(client, language="vi")
    english = _menu(client, language="en")
    assert "Tra cứu hồ sơ" not in english and len(english) == 4
    assert "Tra cứu hồ sơ" in _menu(client, language="vi")
