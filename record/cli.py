"""The record's commands: `flask --app wsgi restore FILE` and `flask --app wsgi record purge`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from conference import store
from conference.errors import Refusal
from conference.i18n import _

from . import backup, bp, retention


@bp.cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Khôi phục một tệp backup.json vào cơ sở dữ liệu trống."""
    try:
        conference = backup.restore(store.db(), file.read_bytes())
    except Refusal as refusal:
        for problem in refusal.errors[1:]:  # the first one is the message itself
            click.echo(problem["message"], err=True)
        raise click.ClickException(refusal.message)
    click.echo(_("Đã khôi phục '%(t)s'.", t=conference["title"]))


record_cli = AppGroup("record", help="Hồ sơ sau hội nghị (the record after the day).")
bp.cli.add_command(record_cli)


@record_cli.command("purge")
@click.option("--conference", "conference_id", type=int, default=None, help="Chỉ hội nghị này (mã số).")
def purge_command(conference_id: int | None) -> None:
    """Xóa dấu vết điện thoại và số điện thoại đại biểu của các hội nghị đã xong việc theo dõi."""
    database = store.db()
    conferences = store.conferences_list(database)
    if conference_id is not None:
        conferences = [c for c in conferences if c["id"] == conference_id]
        if not conferences:
            raise click.ClickException(_("Không có hội nghị số %(n)d.", n=conference_id))
    for conference in conferences:
        done = retention.purge_if_closed(database, conference["id"])
        if done is None:
            click.echo(_("'%(t)s': việc theo dõi chưa xong, giữ nguyên.", t=conference["title"]))
        else:
            click.echo(_("'%(t)s': đã xóa dấu vết của %(q)d câu hỏi, %(v)d lượt quan tâm, "
                         "%(p)d số điện thoại.", t=conference["title"], q=done["questions"],
                         v=done["votes"], p=done["phones"]))
