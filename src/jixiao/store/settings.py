"""Site settings kept in the database: one row per key (``settings``).

Every server process and the command line read the same rows, so they check with the
same configuration; each change is written to the audit log. What a stored value
means (which rule sets and codes exist) is the application's business
(``jixiao.app.settings``): this module stores and reads, and knows no rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store.entities import audit
from jixiao.store.tables import Setting

RULES_KEY = "rules"


def get_setting(*, session: Session, key: str) -> Any:
    """Given a key, return its stored value, or None when never set."""
    return session.scalar(select(Setting.value).where(Setting.key == key))


def stored_rule_choice(*, session: Session) -> tuple[str | None, frozenset[str]]:
    """Return the rule set name and the codes switched off, as stored (None: never set)."""
    value = get_setting(session=session, key=RULES_KEY) or {}
    ruleset = value.get("ruleset")
    return (str(ruleset) if ruleset else None), frozenset(str(c) for c in value.get("disabled", ()))


def store_rule_choice(
    *, session: Session, actor: str, ruleset: str, disabled: frozenset[str] | set[str]
) -> None:
    """Given a checked rule choice, store it with an audit entry (before and after)."""
    before_set, before_off = stored_rule_choice(session=session)
    value = {"ruleset": ruleset, "disabled": sorted(disabled)}
    row = session.scalar(select(Setting).where(Setting.key == RULES_KEY))
    if row is None:
        session.add(Setting(key=RULES_KEY, value=value))
    else:
        row.value = value
    before = {"ruleset": before_set, "disabled": sorted(before_off)}
    detail = {"before": before, "after": value}
    audit(session, actor, "settings.rules", None, None, None, None, None, detail)
    session.flush()
