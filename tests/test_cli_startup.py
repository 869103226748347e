"""``jixiao --help`` and ``jixiao parse FILE`` start fast: they import only what they use.

Timing a command on a shared CI machine is noise, so the test looks at the cause instead:
which heavy libraries a run has imported by the time it exits. The database, the
writers and the web stack cost most of a second together; a command that does not use
them must not load them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from repo_files import EXAMPLE

# Run the command in a child interpreter, then list the top-level packages it imported.
_PROBE = """
import json, runpy, sys
sys.argv = ["jixiao", *sys.argv[1:]]
try:
    runpy.run_module("jixiao", run_name="__main__")
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n@@" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""

DATABASE_WRITERS_WEB = {
    "sqlalchemy",
    "alembic",
    "psycopg",
    "openpyxl",
    "reportlab",
    "docx",
    "jinja2",
    "fastapi",
    "starlette",
    "uvicorn",
}


def _imported(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stderr.rsplit("@@", 1)[1]))


@pytest.mark.parametrize(
    "args",
    [("--help",), ("parse", "--help"), ("db", "--help"), ("export", "--help")],
    ids=" ".join,
)
def test_help_loads_no_database_writer_or_web_library(args: tuple[str, ...]) -> None:
    modules = _imported(*args)
    assert "jixiao" in modules and "typer" in modules  # the probe really ran the command
    assert modules & DATABASE_WRITERS_WEB == set()


def test_parse_of_a_text_file_loads_only_the_reader() -> None:
    modules = _imported("parse", str(EXAMPLE))
    assert modules & DATABASE_WRITERS_WEB == set()


def test_export_loads_the_writers_when_it_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    modules = _imported("export", str(EXAMPLE), "--to", "xlsx", "-o", str(tmp_path / "t.xlsx"))
    assert "openpyxl" in modules and (tmp_path / "t.xlsx").stat().st_size > 0
