"""The rule configuration the application checks with, from the stored site settings.

The administrator chooses a rule set and switches codes off (``/admin/rules``); the
choice is stored by ``jixiao.store.settings`` and turned into a ``RuleConfig`` here,
checked against the rule sets and the registry that exist in this build.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from sqlalchemy.orm import Session

from jixiao.rules import REGISTRY, RULESETS, RuleConfig
from jixiao.rules.config import DEFAULT_RULESET, config_from_data
from jixiao.store.errors import StoreError
from jixiao.store.settings import store_rule_choice, stored_rule_choice

RuleChoice = tuple[str, frozenset[str]]


def rule_choice(*, session: Session) -> RuleChoice:
    """Return the chosen rule set and the codes switched off (default: legacy, none).

    A stored rule set this build no longer has (a database shared with another
    version) falls back to the default rather than stopping every check.
    """
    ruleset, disabled = stored_rule_choice(session=session)
    if ruleset is None or ruleset not in RULESETS:
        ruleset = DEFAULT_RULESET
    return ruleset, disabled


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
    store_rule_choice(session=session, actor=actor, ruleset=ruleset, disabled=disabled)
