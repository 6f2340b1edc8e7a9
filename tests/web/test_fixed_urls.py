"""The base layout's fixed addresses (``{% fixed_url %}``, ``{% fixed_static %}``) are worked out
once per process, but still follow the script prefix a deployment under a sub-path runs with."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix

pytestmark = pytest.mark.django_db

LINKS = Template("{% load fixed_urls %}{% fixed_url 'web:home' %} {% fixed_url 'set_language' %} "
                 "{% fixed_url 'web:login' %} {% fixed_static 'web/app.css' %}")


def test_the_layout_on_every_page_links_home_language_and_styles(client):
    body = client.get("/dang-nhap/").content.decode()
    assert 'class="brand" href="/"' in body and 'action="/i18n/setlang/"' in body
    assert '<link rel="stylesheet" href="/static/web/app.' in body


def test_the_addresses_follow_the_script_prefix():
    try:
        assert LINKS.render(Context()).split() == ["/", "/i18n/setlang/", "/dang-nhap/", "/static/web/app.css"]
        set_script_prefix("/motcua/")
        assert LINKS.render(Context()).split()[:3] == ["/motcua/", "/motcua/i18n/setlang/", "/motcua/dang-nhap/"]
    finally:
        set_script_prefix("/")
    assert LINKS.render(Context()).split()[0] == "/"
