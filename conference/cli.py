"""The foundation's command: `flask --app wsgi staff add`. Each wing registers its own
commands on its blueprint (`office`: demo, roster, conference; `record`: restore)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from . import staff, store
from .errors import Refusal
from .i18n import _
from .text import clean

staff_cli = AppGroup("staff", help="Tài khoản cán bộ (staff accounts).")


@staff_cli.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(staff.ROLES), help="Vai trò.")
@click.option("--password", required=True, help="Mật khẩu (ít nhất 8 ký tự).")
@click.option("--name", default="", help="Họ tên hiển thị.")
def staff_add(username: str, role: str, password: str, name: str) -> None:
    """Tạo tài khoản cán bộ, hoặc đặt lại vai trò và mật khẩu nếu đã có."""
    try:
        staff.add_staff(store.db(), username, role, password, clean(name))
    except Refusal as refusal:
        raise click.ClickException(refusal.message)
    click.echo(_("Đã lưu tài khoản %(u)s (%(r)s).", u=username.strip().lower(), r=role))


def init_app(app: Flask) -> None:
    app.cli.add_command(staff_cli)
