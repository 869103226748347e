"""schemathesis against /openapi.json: no generated request may cause a server error.

Bounded: a handful of examples per operation, run with an administrator's token
(every operation reaches its logic) on a database with both units' tables.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from webhelp import Site, api_token, build_site

MAX_EXAMPLES = 12


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'f.sqlite'}")


@pytest.fixture(scope="module")
def admin_headers(fuzz_site: Site) -> dict[str, str]:
    return api_token(fuzz_site.client(), "admin")


def _fuzz(operation, headers: dict[str, str]) -> int:  # noqa: ANN001 - schemathesis' type
    calls: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case) -> None:  # noqa: ANN001
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        calls.append(response.status_code)

    run()
    return len(calls)


def test_no_server_error(fuzz_site: Site, admin_headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_site.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    calls = sum(_fuzz(operation, admin_headers) for operation in operations)
    assert calls >= 3 * len(operations)  # the generator really sent requests


def test_openapi_documents_the_fixed_points(fuzz_site: Site) -> None:
    doc = fuzz_site.client().get("/openapi.json").json()
    assert {"/api/token", "/api/files", "/api/tables"} <= set(doc["paths"])
    token_form = doc["paths"]["/api/token"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in token_form
    assert "multipart/form-data" in doc["paths"]["/api/files"]["post"]["requestBody"]["content"]
    assert not any(p.startswith(("/tables", "/login", "/admin")) for p in doc["paths"])
