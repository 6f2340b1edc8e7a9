"""Top-level commands: ``migrate``, ``serve``, ``createsuperuser`` and ``demo``."""

import typer

from motcua.cli import app, django_setup


@app.command()
def migrate() -> None:
    """Tạo hoặc cập nhật cấu trúc cơ sở dữ liệu."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe."),
    port: int = typer.Option(8000, help="Cổng."),
) -> None:
    """Chạy máy chủ web (phát triển) trên địa chỉ nội bộ."""
    django_setup(migrate=True)
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)


@app.command()
def demo(
    seed: int = typer.Option(2025, help="Hạt giống sinh dữ liệu (cùng hạt giống, cùng dữ liệu)."),
    dossiers: int = typer.Option(50_000, help="Số hồ sơ sinh ra trong 12 tháng gần nhất."),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Chạy máy chủ web sau khi dựng dữ liệu."),
    port: int = typer.Option(8000, help="Cổng máy chủ web."),
) -> None:
    """Dựng dữ liệu mẫu Hà Nội (đơn vị, thủ tục, cán bộ, hồ sơ) rồi chạy ứng dụng web."""
    import os

    os.environ.setdefault("MOTCUA_DEMO", "1")
    os.environ.setdefault("MOTCUA_DEBUG", "1")
    django_setup(migrate=True)
    from motcua.demo.build import build_demo

    accounts = build_demo(seed=seed, dossier_count=dossiers)
    if serve_after:
        from django.core.management import call_command

        typer.echo(f"Mở http://127.0.0.1:{port}/ — đăng nhập bằng một tài khoản mẫu ở trên "
                   f"(mật khẩu: {accounts.password}); trang quản trị: /admin/.")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
