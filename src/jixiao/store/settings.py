"""Site settings kept in the database: the rule set and the rules switched off.

One row per key (``settings``), so that every server process and the command line
check with the same configuration; each change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.rules import REGISTRY, RULESETS, RuleConfig
from jixiao.rules.config import DEFAULT_RULESET, config_from_data
from jixiao.store.entities import audit
from jixiao.store.errors import StoreError
from jixiao.store.tables import Setting

RULES_KEY = "rules"


def get_setting(*, session: Session, key: str) -> Any:
    """Given a key, return its stored value, or None when never set."""
    return session.scalar(select(Setting.value).where(Setting.key == key))


RuleChoice = tuple[str, frozenset[str]]


def rule_choice(*, session: Session) -> RuleChoice:
    """Return the chosen rule set and the codes switched off (default: legacy, none)."""
    value = get_setting(session=session, key=RULES_KEY) or {}
    ruleset = str(value.get("ruleset") or DEFAULT_RULESET)
    if ruleset not in RULESETS:
        ruleset = DEFAULT_RULESET
    return ruleset, frozenset(str(c) for c in value.get("disabled", ()))


def rule_config(*, session: Session) -> RuleConfig:
    """Return the configuration the application checks tables with."""
    ruleset, disabled = rule_choice(session=session)
    return _config(ruleset, disabled)


@lru_cache(maxsize=16)
def _config(ruleset: str, disabled: frozenset[str]) -> RuleConfig:
    # Reading the rule set's TOML on every live check (one per keystroke) is wasted work.
    base = config_from_data({}, ruleset)
    return replace(base, disabled=base.disabled | disabled)


def rule_config_for(choice: RuleChoice | None) -> RuleConfig | None:
    """Given a stored rule choice (or None: the default rule set), return its configuration.

    Bulk loads read the choice once and hand it to their worker processes, which
    have no database session of their own.
    """
    return None if choice is None else _config(*choice)


def set_rule_choice(
    *, session: Session, actor: str, ruleset: str, disabled: frozenset[str] | set[str]
) -> None:
    """Given a rule set and the codes to switch off, store the choice with an audit entry."""
    if ruleset not in RULESETS:
        raise StoreError(f"未知的规则集“{ruleset}”; 可用: {'、'.join(RULESETS)}")
    known = {rule.code for rule in REGISTRY}
    unknown = sorted(set(disabled) - known)
    if unknown:
        raise StoreError(f"未知的规则代码: {'、'.join(unknown)}")
    before_set, before_off = rule_choice(session=session)
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
