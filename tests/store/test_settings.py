"""Site settings: the rule choice round-trips on both back ends, with an audit entry per change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from storehelp import EXAMPLE, session_for

from jixiao.app.intake import load_paths
from jixiao.app.settings import rule_choice, rule_config, set_rule_choice
from jixiao.store.errors import StoreError
from jixiao.store.tables import AuditEntry, FindingRow


def test_rule_choice_is_stored_and_audited(db_url: str) -> None:
    with session_for(db_url) as session:
        assert rule_choice(session=session) == ("legacy", frozenset())
        set_rule_choice(session=session, actor="admin", ruleset="central-2021", disabled=set())
        set_rule_choice(
            session=session, actor="boss", ruleset="central-2021", disabled={"values.vague"}
        )
    with session_for(db_url) as session:
        config = rule_config(session=session)
        assert config.ruleset == "central-2021" and config.tree.name == "central-2021"
        assert not config.is_enabled("values.vague") and config.is_enabled("cost.missing")
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "settings.rules").order_by(AuditEntry.id)
        ).all()
    assert [e.actor for e in entries] == ["admin", "boss"]
    assert entries[1].detail == {
        "before": {"ruleset": "central-2021", "disabled": []},
        "after": {"ruleset": "central-2021", "disabled": ["values.vague"]},
    }


@pytest.mark.parametrize(("ruleset", "off"), [("central-2099", set()), ("legacy", {"no.such"})])
def test_unknown_rule_sets_and_codes_are_refused(db_url: str, ruleset: str, off: set[str]) -> None:
    with session_for(db_url) as session, pytest.raises(StoreError):
        set_rule_choice(session=session, actor="admin", ruleset=ruleset, disabled=off)


@pytest.mark.parametrize("jobs", [1, 2])
def test_command_line_load_uses_the_stored_rule_choice(db_url: str, jobs: int) -> None:
    def vague_findings() -> int:
        with session_for(db_url) as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(FindingRow)
                    .where(FindingRow.code == "values.vague")
                )
                or 0
            )

    with session_for(db_url) as session:
        set_rule_choice(session=session, actor="admin", ruleset="legacy", disabled={"values.vague"})
        reports = list(load_paths(session=session, paths=[EXAMPLE], jobs=jobs))
    assert [r.error for r in reports] == [None]
    assert vague_findings() == 0
