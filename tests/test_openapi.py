"""The JSON API fuzzed from its own OpenAPI description: whatever the body, no 5xx, and every
answer within its documented shape (errors as {"error", "message"})."""
from __future__ import annotations

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, settings

from conference import create_app, staff, store
from office import roster_import

from .conftest import GOOD_ROWS, PASSWORD, xlsx


def hall_app(folder):
    app = create_app({"TESTING": True, "DATABASE": str(folder / "fuzz.db"), "SECRET_KEY": "fuzz",
                      "ASYNC_MODE": "threading", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        for role in staff.ROLES:
            staff.add_staff(store.db(), role, role, PASSWORD)
        roster_import.import_roster(store.db(), xlsx(GOOD_ROWS), "roster.xlsx", "test")
        store.close_db()
    return app


def session_cookie(app, role):
    client = app.test_client()
    client.post("/api/session", json={"username": role, "password": PASSWORD})
    return f"session={client.get_cookie('session').value}"


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    return hall_app(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def cookies(fuzzed):
    return {role: session_cookie(fuzzed, role) for role in ("admin", "chairman", "kiosk", "secretary")}


def test_no_5xx_and_every_answer_in_shape(fuzzed, cookies):
    # schemathesis' own pytest plugin does not load under pytest 9: drive its strategies here.
    from hypothesis import given

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzzed)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            for cookie in [*cookies.values(), ""]:  # each role, and a phone with no session
                # The schema says what a field is, not every rule (an empty text, a name of spaces):
                # such data is refused with a 4xx in shape, which is what we check.
                case.call_and_validate(headers={"Cookie": cookie} if cookie else {},
                                       excluded_checks=[positive_data_acceptance])

        check()
