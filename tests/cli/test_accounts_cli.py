"""``motcua accounts totp-*``: an operator turns an official's second factor on and off."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

import motcua.cli.accounts
from motcua import cli
from motcua.accounts import totp
from motcua.accounts.models import TotpDevice

cli._register()
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch):
    monkeypatch.setattr(motcua.cli.accounts, "django_setup", lambda migrate=False: None)


@pytest.mark.django_db
def test_start_confirm_and_stop():
    user = get_user_model().objects.create_user("lanhdao.stp", password="x" * 12)
    started = runner.invoke(cli.app, ["accounts", "totp-start", "lanhdao.stp"])
    assert started.exit_code == 0
    secret = re.search(r"secret=([A-Z2-7]+)", started.stdout).group(1)
    wrong = runner.invoke(cli.app, ["accounts", "totp-confirm", "lanhdao.stp", "000000"])
    assert wrong.exit_code == 1 and not TotpDevice.objects.get(user=user).confirmed
    code = totp.code_at(secret, totp.step_of(datetime.now(UTC)))
    assert runner.invoke(cli.app, ["accounts", "totp-confirm", "lanhdao.stp", code]).exit_code == 0
    assert TotpDevice.objects.get(user=user).confirmed
    assert runner.invoke(cli.app, ["accounts", "totp-off", "lanhdao.stp"]).exit_code == 0
    assert not TotpDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_an_unknown_account_is_named():
    result = runner.invoke(cli.app, ["accounts", "totp-start", "khongco"])
    assert result.exit_code == 2 and "khongco" in result.output


@pytest.mark.django_db
def test_a_token_is_shown_once_and_stored_as_a_hash():
    from motcua.accounts.models import ApiToken
    from motcua.accounts.services import user_for_token

    user = get_user_model().objects.create_user("he-thong", password="x" * 12)
    result = runner.invoke(cli.app, ["accounts", "token", "he-thong", "Cổng DVCQG"])
    token = result.stdout.strip()
    assert result.exit_code == 0 and token.startswith("mc_")
    assert user_for_token(token) == user
    assert not ApiToken.objects.filter(digest__contains=token).exists() and ApiToken.objects.get().name == "Cổng DVCQG"
