"""Flask commands: `flask --app wsgi demo | staff add | roster import | conference …`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from . import demo, roster, staff, store
from .i18n import _

staff_cli = AppGroup("staff", help="Tài khoản cán bộ (staff accounts).")
roster_cli = AppGroup("roster", help="Danh sách đại biểu (the roster).")
conference_cli = AppGroup("conference", help="Hội nghị (conferences).")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu còn trống.")
def demo_command(if_empty: bool) -> None:
    """Nạp hội nghị mẫu (demo): đại biểu phường, 13 TDP, hai hội nghị năm 2025."""
    database = store.db()
    if not store.is_empty(database):
        if if_empty:
            click.echo(_("Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu."))
            return
        raise click.ClickException(
            _("Cơ sở dữ liệu đã có dữ liệu. Dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống "
              "(đặt DOITHOAI_DATABASE sang tệp khác).")
        )
    result = demo.load(database)
    click.echo(_(
        "Đã tạo %(c)d hội nghị, %(g)d đơn vị, %(i)d đại biểu.", c=result["conferences"],
        g=result["groups"], i=result["invitees"],
    ))
    click.echo(_("Tài khoản mẫu (mật khẩu: %(pw)s):", pw=demo.DEMO_PASSWORD))
    for username, role in demo.DEMO_ACCOUNTS:
        click.echo(f"  {username:<10} {role}")


@staff_cli.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(staff.ROLES), help="Vai trò.")
@click.option("--password", required=True, help="Mật khẩu (ít nhất 8 ký tự).")
@click.option("--name", default="", help="Họ tên hiển thị.")
def staff_add(username: str, role: str, password: str, name: str) -> None:
    """Tạo tài khoản cán bộ, hoặc đặt lại vai trò và mật khẩu nếu đã có."""
    try:
        staff.add_staff(store.db(), username, role, password, roster.clean(name))
    except staff.StaffError as exc:
        raise click.ClickException(str(exc))
    click.echo(_("Đã lưu tài khoản %(u)s (%(r)s).", u=username.strip().lower(), r=role))


@roster_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def roster_import(file: Path) -> None:
    """Nhập danh sách từ tệp .xlsx hoặc .csv vào hội nghị đang hoạt động (tất cả hoặc không)."""
    database = store.db()
    had_conference = store.conference_active(database) is not None
    try:
        summary = roster.import_roster(database, file.read_bytes(), file.name, "cli")
    except roster.RosterError as exc:
        click.echo(exc.message, err=True)
        for error in exc.errors:
            if error["row"] is not None or error["message"] != exc.message:
                click.echo("  " + error["message"], err=True)
        raise SystemExit(1)
    conference = store.conference_get(database, summary.conference_id)
    if not had_conference:
        click.echo(_(
            "Chưa có hội nghị nào nên đã tạo hội nghị '%(t)s' (ngày %(d)s); sửa lại ở trang "
            "Hội nghị.", t=conference["title"], d=conference["held_on"],
        ))
    click.echo(_("Đã nhập %(n)d người vào '%(t)s'.", n=summary.imported, t=conference["title"]))
    if summary.groups_created:
        click.echo(_("Đơn vị mới: %(g)s.", g=", ".join(summary.groups_created)))


@conference_cli.command("list")
def conference_list() -> None:
    """Liệt kê các hội nghị; dấu * là hội nghị đang hoạt động."""
    for row in store.conferences_list(store.db()):
        mark = "*" if row["is_active"] else " "
        click.echo(f"{mark} {row['id']:>3}  {row['held_on']}  {row['title']}")


@conference_cli.command("activate")
@click.argument("conference_id", type=int)
def conference_activate(conference_id: int) -> None:
    """Chọn hội nghị đang hoạt động."""
    database = store.db()
    with store.write(database):
        if store.conference_get(database, conference_id) is None:
            raise click.ClickException(_("Không có hội nghị số %(n)d.", n=conference_id))
        store.conference_activate(database, conference_id)
        store.audit(database, "cli", "conference.activate", str(conference_id))
    click.echo(_("Hội nghị số %(n)d đang hoạt động.", n=conference_id))


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Khôi phục một tệp backup.json vào cơ sở dữ liệu trống."""
    from record.backup import BackupError, restore

    try:
        conference = restore(store.db(), file.read_bytes())
    except BackupError as exc:
        raise click.ClickException(str(exc))
    click.echo(_("Đã khôi phục '%(t)s'.", t=conference["title"]))


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(staff_cli)
    app.cli.add_command(roster_cli)
    app.cli.add_command(conference_cli)
    app.cli.add_command(restore_command)
