"""What a JSON body may hold, checked the same way everywhere: an object, an id, a whole
number that is not a boolean (JSON's `true` is a Python int)."""
from __future__ import annotations

from typing import Any

from .errors import invalid
from .i18n import _


def is_int(value: Any) -> bool:
    """A whole number from JSON: `true` and `false` are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def json_object(body: Any, need_fields: bool = False) -> dict[str, Any]:
    """The body as an object, or a 400 saying it must be one (with a field, if asked)."""
    if not isinstance(body, dict) or (need_fields and not body):
        if need_fields:
            raise invalid(_("Dữ liệu gửi lên phải là một đối tượng JSON có ít nhất một trường."))
        raise invalid(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    return body
