"""schemathesis against /openapi.json: no generated request may cause a server error.

Bounded: a handful of examples per operation, run with an administrator's token
(every operation reaches its logic) on a database with both units' tables. The
upload endpoints are also fed files mutated by the reader fuzz harness: each
answer is 2xx, or 4xx with a Chinese message, never 5xx.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


# --- the upload endpoints fed hostile files ------------------------------------------

# The mutators live with the reader fuzz harness (tests/fuzz), one home for both.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
import fuzz_harness  # noqa: E402

UPLOAD_EXAMPLES = 40
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> list[fuzz_harness.Seed]:
    """The harness's seeds (every format) and the regression files, to be mutated further."""
    seeds = fuzz_harness.text_seeds()[:4] + fuzz_harness.exported_seeds(
        random.Random(1), tmp_path_factory.mktemp("seeds")
    )
    kept = [
        fuzz_harness.Seed(p.stem, p.suffix.lstrip("."), p.read_bytes())
        for p in sorted(fuzz_harness.REGRESSIONS.iterdir())
    ]
    return seeds + kept


def _reply_ok(response) -> None:  # noqa: ANN001 - a requests/httpx response
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        body = response.json()
        said = body.get("message") or body.get("error") or body.get("detail")
        assert isinstance(said, str) and CHINESE.search(said), body


def _fuzz_uploads(
    site: Site, headers: dict[str, str], hostile: list, path: str, examples: int
) -> list[int]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", site.app)
    operation = schema[path]["POST"]
    statuses: list[int] = []

    @given(case=operation.as_strategy(), pick=st.integers(0, 10**9))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case, pick: int) -> None:  # noqa: ANN001 - schemathesis' type
        rng = random.Random(pick)
        seed = hostile[pick % len(hostile)]
        data = seed.data if rng.random() < 0.2 else fuzz_harness.mutate(rng, seed)[0]
        case.body = {"file": data}
        # A mutant that lost its PDF text layer is read by OCR, seconds per page (the
        # reader's own limit is 120 s a file): slow work, not a hang; statuses are the point.
        response = case.call(headers=headers, timeout=180)
        case.validate_response(response, checks=[not_a_server_error])
        _reply_ok(response)
        statuses.append(response.status_code)

    run()
    assert len(statuses) >= examples // 2
    assert any(400 <= s < 500 for s in statuses)  # hostile files were really refused
    return statuses


@pytest.mark.parametrize("path", ["/api/files", "/api/check"])
def test_upload_endpoints_never_fail_on_mutated_files(
    fuzz_site: Site, admin_headers: dict[str, str], hostile_files: list, path: str
) -> None:
    _fuzz_uploads(fuzz_site, admin_headers, hostile_files, path, UPLOAD_EXAMPLES)


@pytest.mark.postgres
def test_upload_of_mutated_files_on_postgresql(postgres_url: str, hostile_files: list) -> None:
    # PostgreSQL is stricter than SQLite (no NUL in text): what is stored must fit it.
    site = build_site(postgres_url, example=False)
    statuses = _fuzz_uploads(
        site, api_token(site.client(), "admin"), hostile_files, "/api/files", UPLOAD_EXAMPLES // 2
    )
    assert 201 in statuses  # some mutants still hold tables, and were stored
