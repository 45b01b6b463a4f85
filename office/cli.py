"""The office's commands: `flask --app wsgi demo | roster import FILE | petitions import FILE |
conference list|activate`."""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask.cli import AppGroup

from conference import store
from conference.errors import Refusal
from conference.i18n import _, ngettext
from conference.web import hall_date

from . import bp, conferences, demo, petitions, roster_import

roster_cli = AppGroup("roster", help="Danh sách đại biểu (the roster).")
conference_cli = AppGroup("conference", help="Hội nghị (conferences).")
petitions_cli = AppGroup("petitions", help="Kiến nghị gửi trước (petitions gathered before the day).")
bp.cli.add_command(roster_cli)
bp.cli.add_command(petitions_cli)
bp.cli.add_command(conference_cli)


@bp.cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu còn trống.")
def demo_command(if_empty: bool) -> None:
    """Nạp hội nghị mẫu (demo): đại biểu phường, 6 TDP, hai hội nghị năm 2025."""
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


def _refused_import(refusal: Refusal) -> NoReturn:
    """A file refused whole (roster or petitions): the reason and every bad row, exit code 1."""
    click.echo(refusal.message, err=True)
    for error in refusal.extra.get("errors", []):
        if error["row"] is not None or error["message"] != refusal.message:
            click.echo("  " + error["message"], err=True)
    raise SystemExit(1)


@roster_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help=(
    "Thay toàn bộ danh sách của hội nghị bằng tệp này: người có trong tệp giữ nguyên mã giấy mời và "
    "điểm danh; người không còn trong tệp bị xoá (trừ người đã điểm danh)."))
def roster_import_command(file: Path, replace: bool) -> None:
    """Nhập danh sách từ tệp .xlsx hoặc .csv vào hội nghị đang hoạt động (tất cả hoặc không)."""
    database = store.db()
    had_conference = store.conference_active(database) is not None
    try:
        summary = roster_import.import_roster(database, file.read_bytes(), file.name, "cli", replace=replace)
    except Refusal as refusal:
        _refused_import(refusal)
    conference = store.conference_get(database, summary.conference_id)
    if not had_conference:
        click.echo(_(
            "Chưa có hội nghị nào nên đã tạo hội nghị '%(t)s' (ngày %(d)s); sửa lại ở trang "
            "Hội nghị.", t=conference["title"], d=hall_date(conference["held_on"]),
        ))
    click.echo(ngettext("Đã nhập %(n)d người vào '%(t)s'.", "Đã nhập %(n)d người vào '%(t)s'.",
                        summary.imported, n=summary.imported, t=conference["title"]))
    if summary.groups_created:
        click.echo(_("Đơn vị mới: %(g)s.", g=", ".join(summary.groups_created)))
    for note in summary.notes:
        click.echo(note)


@conference_cli.command("list")
def conference_list() -> None:
    """Liệt kê các hội nghị; dấu * là hội nghị đang hoạt động."""
    for row in store.conferences_list(store.db()):
        mark = "*" if row["is_active"] else " "
        click.echo(f"{mark} {row['id']:>3}  {hall_date(row['held_on'])}  {row['title']}")


@conference_cli.command("activate")
@click.argument("conference_id", type=int)
def conference_activate(conference_id: int) -> None:
    """Chọn hội nghị đang hoạt động."""
    try:
        conferences.activate_conference(store.db(), conference_id, "cli")
    except Refusal as refusal:
        raise click.ClickException(refusal.message)
    click.echo(_("Hội nghị số %(n)d đang hoạt động.", n=conference_id))


@petitions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def petitions_import_command(file: Path) -> None:
    """Nhập kiến nghị gửi trước từ tệp .xlsx hoặc .csv của các tổ dân phố (tất cả hoặc không)."""
    database = store.db()
    try:
        summary = petitions.import_petitions(database, file.read_bytes(), file.name, "cli")
    except Refusal as refusal:
        _refused_import(refusal)
    conference = store.conference_get(database, summary.conference_id)
    click.echo(ngettext("Đã nhập %(n)d kiến nghị vào '%(t)s'.", "Đã nhập %(n)d kiến nghị vào '%(t)s'.",
                        summary.imported, n=summary.imported, t=conference["title"]))
    for skipped in summary.skipped:
        click.echo("  " + skipped["message"])
