"""Blueprint `office`: before the day — conferences, groups, invitees, quotas, the roster
import, invitations, pairing tablets. Its CLI commands sit at the top level (`flask demo`)."""
from flask import Blueprint

bp = Blueprint("office", __name__, cli_group=None)

from . import cli, events, routes  # noqa: E402,F401
