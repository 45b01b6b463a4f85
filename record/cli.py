"""The record's command: `flask --app wsgi restore FILE`."""
from __future__ import annotations

from pathlib import Path

import click

from conference import store
from conference.errors import Refusal
from conference.i18n import _

from . import backup, bp


@bp.cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Khôi phục một tệp backup.json vào cơ sở dữ liệu trống."""
    try:
        conference = backup.restore(store.db(), file.read_bytes())
    except Refusal as refusal:
        raise click.ClickException(refusal.message)
    click.echo(_("Đã khôi phục '%(t)s'.", t=conference["title"]))
