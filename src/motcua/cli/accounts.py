"""``motcua accounts``: turn an official's second factor on or off."""

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Tài khoản: xác thực hai lớp (TOTP).", no_args_is_help=True)


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        typer.echo(f"Không có tài khoản «{username}».", err=True)
        raise typer.Exit(2)
    return user


@app.command("totp-start")
def totp_start(username: str) -> None:
    """Tạo khoá xác thực hai lớp; in địa chỉ otpauth:// để nhập vào ứng dụng xác thực."""
    django_setup(migrate=True)
    from motcua.accounts.services import start_second_factor

    typer.echo(start_second_factor(_user(username)))
    typer.echo("Nhập mã 6 số ứng dụng hiển thị: motcua accounts totp-confirm " + username + " MÃ")


@app.command("totp-confirm")
def totp_confirm(username: str, code: str) -> None:
    """Kích hoạt xác thực hai lớp khi mã đúng."""
    django_setup(migrate=True)
    from motcua.accounts.services import confirm_second_factor

    if not confirm_second_factor(_user(username), code):
        typer.echo("Mã không đúng; chưa kích hoạt.", err=True)
        raise typer.Exit(1)
    typer.echo("Đã bật xác thực hai lớp.")


@app.command("totp-off")
def totp_off(username: str) -> None:
    """Tắt xác thực hai lớp (khi cán bộ mất thiết bị)."""
    django_setup(migrate=True)
    from motcua.accounts.services import stop_second_factor

    stop_second_factor(_user(username))
    typer.echo("Đã tắt xác thực hai lớp.")


@app.command("token")
def token(username: str, name: str = typer.Argument(..., help="Tên hệ thống dùng mã.")) -> None:
    """Cấp mã truy cập API cho một tài khoản (chỉ hiện một lần; hệ thống chỉ lưu bản băm)."""
    django_setup(migrate=True)
    from motcua.accounts.services import issue_api_token

    typer.echo(issue_api_token(_user(username), name))
