"""Blueprint `record`: after the day — the minutes, the report, the spreadsheets, the
follow-up, the backup. Its `restore` command sits at the top level."""
from flask import Blueprint

bp = Blueprint("record", __name__, cli_group=None)

from . import cli, events, routes  # noqa: E402,F401
