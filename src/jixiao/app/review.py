"""Reviewing a table as it is stored: the rules, the follow-up checks and the library's benchmarks.

The store checks nothing itself (issue 14): every path that stores a version — ``db
load``, ``db recheck``, a web upload, an editor save, a monitoring or self-evaluation
form, an adjustment — asks this module for a checker and hands it to the store, which
calls it with the target a follow-up table is measured against. So the findings stored
are the same whichever path stored the table:

* the rule registry with the administrator's rule set (``check_table``);
* for a 绩效运行监控表 or 项目支出绩效自评表, its differences from the binding target
  (财预〔2020〕10号: values "may not change unless an approved adjustment exists");
* once an indicator library has been built (issue 18), the benchmark rules
  (``cost.unit-outlier``, ``values.target-outlier``) fed with the peers' values, as the
  editor's live check and ``jixiao library check`` do. No library: they stay silent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from jixiao.app.settings import RuleChoice, rule_config, rule_config_for
from jixiao.model.project import TargetTable
from jixiao.rules import RuleConfig, check_table
from jixiao.scoring.consistency import target_changed
from jixiao.store import actions, mapping
from jixiao.store.auth import Actor
from jixiao.store.followup import TargetLink
from jixiao.store.load import Checked, Outcome, save_table
from jixiao.store.queries import TableSummary

#: Given a table, its stored id (None: new) and the rule configuration, return the
#: configuration with the peers' values for the benchmark rules.
Benchmarks = Callable[[TargetTable, int | None, RuleConfig], RuleConfig]


def rule_rows(table: TargetTable, config: RuleConfig | None) -> Checked:
    """Given a table and a rule configuration, return its findings as stored rows and its grade."""
    report = check_table(table, config)
    return mapping.finding_rows(report.findings), report.grade


def followup_rows(table: TargetTable, target: TargetLink | None) -> list[dict[str, Any]]:
    """Given a monitoring or self-evaluation table and its target link, return the
    findings that need the link: its differences from the approved target.

    The table's own self-evaluation and monitoring checks are rule families of the
    registry, so ``check_table`` (with the administrator's rule switches) reports them;
    repeating them here would store each twice.
    """
    if table.kind not in ("self_evaluation", "monitoring") or target is None:
        return []
    return mapping.finding_rows(target_changed(table, target.original, target.adjustments))


class Review:
    """The store's checker: the rules with one configuration, the follow-up checks, the benchmarks.

    ``done`` maps ``id(table)`` to the rule results a worker process already computed
    (bulk loads check in parallel); they are used unless the benchmarks change the
    configuration for that table, which needs the library and so the storing process.
    """

    def __init__(
        self,
        config: RuleConfig | None,
        benchmarks: Benchmarks | None = None,
        done: dict[int, Checked] | None = None,
    ) -> None:
        self.config = config
        self.benchmarks = benchmarks
        self.done = done or {}

    def __call__(
        self, table: TargetTable, *, target: TargetLink | None, table_id: int | None
    ) -> Checked:
        """Given a table, its target link and its stored id, return finding rows and grade."""
        config = self.config
        if self.benchmarks is not None:
            base = config or RuleConfig()
            fed = self.benchmarks(table, table_id, base)
            config = config if fed is base else fed
        if config is self.config and id(table) in self.done:
            rows, grade = self.done[id(table)]
        else:
            rows, grade = rule_rows(table, config)
        return [*rows, *followup_rows(table, target)], grade


def library_benchmarks(session: Session) -> Benchmarks | None:
    """Given a session, return the benchmark feed when an indicator library has been built.

    The table under review is not its own peer (as in the editor): a re-check or a new
    version excludes the stored table from the library's projects.
    """
    from jixiao.app.library import benchmark_config, has_library

    if not has_library(session=session):
        return None

    def feed(table: TargetTable, table_id: int | None, config: RuleConfig) -> RuleConfig:
        return benchmark_config(session=session, table=table, config=config, exclude_table=table_id)

    return feed


def default_checker(config: RuleConfig | None = None) -> Review:
    """Return a checker with a rule configuration (default: legacy) and no library."""
    return Review(config)


def configured_checker(*, session: Session) -> Review:
    """Return the checker every stored version gets: the administrator's rule set, the
    follow-up checks and, once a library is built, the benchmarks."""
    return Review(rule_config(session=session), library_benchmarks(session))


def checker_for(choice: RuleChoice | None) -> Callable[[TargetTable], Checked]:
    """Given a stored rule choice (or None: the default rule set), return the rules alone.

    Bulk loads read the choice once and hand it to their worker processes, which
    have no database session of their own (so neither target links nor a library).
    """
    config = rule_config_for(choice)
    return lambda table: rule_rows(table, config)


def save_reviewed(
    *, session: Session, table: TargetTable, actor: Actor, file_id: int | None = None
) -> tuple[Outcome, int]:
    """Given a table edited or filled in on the web, store it checked as every load is."""
    return save_table(
        session=session,
        table=table,
        actor=actor,
        file_id=file_id,
        checker=configured_checker(session=session),
    )


def request_adjustment(*, session: Session, **kwargs: Any) -> TableSummary:
    """File an adjustment (``store.actions.request_adjustment``) with its content checked."""
    return actions.request_adjustment(
        session=session, checker=configured_checker(session=session), **kwargs
    )
