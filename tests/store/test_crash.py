"""A bulk load killed with SIGKILL midway leaves a consistent database; a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from storehelp import engine_for, session_for, write_variant

from jixiao.app import intake
from jixiao.store import repo
from jixiao.store.tables import AuditEntry, IndicatorRow, SourceFile, TableRecord, TableVersion

FILES = 50
TABLES_PER_FILE = 6
INDICATORS_PER_FILE = 59
CLI = "import sys; from jixiao.cli import main; sys.argv[0] = 'jixiao'; main()"


def _count(url: str) -> int:
    with engine_for(url).connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(TableRecord)) or 0)


def _kill_midway(url: str, folder: Path) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "db", "load", str(folder), "--db", url, "--no-check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "JIXIAO_USER": "loader"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and _count(url) < 3 * TABLES_PER_FILE:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    return _count(url)


def _assert_consistent(url: str) -> int:
    with session_for(url) as s:
        per_file = s.execute(
            select(SourceFile.id, func.count(TableVersion.id))
            .join(TableVersion, TableVersion.file_id == SourceFile.id, isouter=True)
            .group_by(SourceFile.id)
        ).all()
        indicators = s.execute(
            select(TableVersion.file_id, func.count(IndicatorRow.id))
            .join(IndicatorRow, IndicatorRow.version_id == TableVersion.id)
            .group_by(TableVersion.file_id)
        ).all()
        records = s.scalar(select(func.count()).select_from(TableRecord))
        versions = s.scalar(select(func.count()).select_from(TableVersion))
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
        listed = len(repo.list_tables(session=s))
    # Every file is there whole or not at all: 6 tables and 59 indicators each.
    assert {n for _, n in per_file} <= {TABLES_PER_FILE}
    assert {n for _, n in indicators} <= {INDICATORS_PER_FILE}
    assert records == versions == audits == listed == TABLES_PER_FILE * len(per_file)
    return len(per_file)


def test_killed_bulk_load_is_consistent_and_rerun_completes(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    for i in range(FILES):
        write_variant(folder, i)
    repo_url = db_url
    at_kill = _kill_midway(repo_url, folder)
    files_done = _assert_consistent(repo_url)
    assert 0 < at_kill < FILES * TABLES_PER_FILE, "the load must be killed midway"
    with session_for(repo_url) as s:
        reports = list(intake.load_paths(session=s, paths=[folder], check=False, actor="loader"))
    assert sum(r.unchanged for r in reports) == files_done * TABLES_PER_FILE
    assert sum(r.added for r in reports) == (FILES - files_done) * TABLES_PER_FILE
    assert _assert_consistent(repo_url) == FILES
