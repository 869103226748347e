"""``jixiao db recheck``: stored findings and grades follow a rule-set change or a later approval.

Runs on SQLite and on the real PostgreSQL server of tests/conftest.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

import jixiao
from jixiao.app import intake
from jixiao.app import recheck as app_recheck
from jixiao.app.review import default_checker
from jixiao.app.settings import set_rule_choice
from jixiao.cli import app
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.store.tables import AuditEntry, FindingRow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
from test_scoring_db import CODE, _changed, _codes, _selfeval, _stored, _target  # noqa: E402

EXAMPLE = Path(jixiao.__file__).parent / "data" / "examples" / "wuhu-2024-targets.txt"


def _count(session, code: str) -> int:
    return int(session.scalar(select(func.count()).where(FindingRow.code == code)) or 0)


def test_a_rule_switched_off_leaves_the_stored_findings_after_a_recheck(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE]))
        vague = _count(s, "values.vague")
        others = int(s.scalar(select(func.count(FindingRow.id))) or 0) - vague
        tables_with_vague = len(
            set(s.scalars(select(FindingRow.version_id).where(FindingRow.code == "values.vague")))
        )
        set_rule_choice(session=s, actor="admin", ruleset="legacy", disabled={"values.vague"})
    assert vague == 11 and tables_with_vague >= 2  # the example's vague values (test_check_example)
    result = CliRunner().invoke(app, ["db", "recheck", "--db", db_url, "--json", "-u", "admin"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["checked"] == 6 and report["changed"] == tables_with_vague
    with session_scope(engine) as s:
        assert _count(s, "values.vague") == 0
        assert int(s.scalar(select(func.count(FindingRow.id))) or 0) == others
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "recheck")).one()
        assert entry.detail["disabled"] == ["values.vague"] and entry.actor == "admin"
        again = app_recheck.recheck(session=s, actor="admin")
    assert (again.checked, again.changed, again.regraded) == (6, 0, 0)


def test_recheck_follows_a_target_revised_after_its_self_evaluation(db_url: str) -> None:
    """Loaded unchecked, then a self-evaluation that departs from its target, then the target
    revised to what the unit achieved: the stored findings follow only after a recheck."""
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        target_id = _stored(s, "target").id
    drifted, _ = _changed(_selfeval(_target()), "≥999999人")
    revised, _ = _changed(_target(), "≥999999人")
    with session_scope(engine) as s:
        repo.load_tables(session=s, tables=[drifted], checker=default_checker())
        evaluation = _stored(s, "self_evaluation").id
        assert CODE in _codes(s, evaluation) and _codes(s, target_id) == []
        repo.load_tables(session=s, tables=[revised], checker=None)
        assert CODE in _codes(s, evaluation)  # stored at load time, still the old answer
    with session_scope(engine) as s:
        report = app_recheck.recheck(session=s, actor="admin", department="508", year=2024)
        assert CODE not in _codes(s, evaluation)
        assert _codes(s, target_id)  # the unchecked targets have their findings now
        grades = [t.check_grade for t in repo.list_tables(session=s, kind="target")]
    assert report.checked == 7 and report.changed == 7 and all(grades)
