"""Indicator library use cases: build, search, show, export/import, suggest, review, benchmarks.

The CLI (``jixiao library``) and the web editor's 推荐指标 panel are thin twins of these
functions. Suggestions are answered from a :class:`~jixiao.library.rank.SuggestIndex`
held in memory per database and rebuilt only when the library changed (its audit
generation), so a web process answers each request in milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from jixiao.library.benchmarks import PeerTable, benchmarks_for
from jixiao.library.build import Entry, Example, build_entries, merge_starter
from jixiao.library.names import normalise_name, normalise_unit
from jixiao.library.rank import Answer, SuggestIndex
from jixiao.library.starter import starter_entries
from jixiao.library.stats import ValueStats
from jixiao.model.project import TargetTable
from jixiao.model.workflow import Role
from jixiao.rules.config import RuleConfig
from jixiao.store import library as store
from jixiao.store.auth import resolve_actor
from jixiao.store.errors import PermissionDenied

REVIEWERS = (Role.DEPT_REVIEWER, Role.FINANCE_REVIEWER, Role.ADMIN)


def build_library(
    *, session: Session, actor: str, approved_only: bool = True, starter: bool = True
) -> store.BuildReport:
    """Given a session, rebuild the library from the stored tables (and the starter set)."""
    docs = store.docs_from_tables(session, approved_only=approved_only)
    entries = build_entries(docs)
    if starter:
        entries = merge_starter(entries, starter_entries())
    return store.save_build(session, docs=docs, entries=entries, actor=actor)


def entry_dict(row: store.LibraryEntryRow) -> dict[str, Any]:
    """Given an entry row, return what ``search`` and ``show`` print as JSON."""
    entry = store.entry_of(row)
    main = entry.main_stats
    return {
        "key": entry.key,
        "name": entry.name,
        "level1": entry.level1,
        "level2": entry.level2,
        "unit": entry.unit,
        "typical": entry.typical_value,
        "usage": entry.usage,
        "departments": list(entry.departments),
        "regions": list(entry.regions),
        "years": list(entry.years),
        "stats": [s.to_dict() for s in entry.stats.values()],
        "median": main.median if main else None,
        "p10": main.p10 if main else None,
        "p90": main.p90 if main else None,
        "examples": [e.to_dict() for e in entry.examples],
        "origin": entry.origin,
        "source": entry.source,
        "note": entry.note,
        "status": row.status,
        "status_label": store.STATUS_LABELS.get(row.status, row.status),
        "proposed_by": row.proposed_by,
        "decided_by": row.decided_by,
        "reason": row.reason,
    }


def search(
    *, session: Session, text: str = "", level1: str | None = None, include_retired: bool = False,
    limit: int = 50,
) -> list[dict[str, Any]]:  # fmt: skip
    """Given words (and a first level), return matching entries in use, most used first."""
    statuses = tuple(store.STATUS_LABELS) if include_retired else (store.ACTIVE,)
    rows = store.search_rows(session, text=text, level1=level1, statuses=statuses, limit=limit)
    return [entry_dict(r) for r in rows]


def show(*, session: Session, name: str) -> dict[str, Any]:
    """Given a name or key, return the entry with its review history (retired ones too)."""
    row = store.entry_row(session, name)
    return {**entry_dict(row), "history": store.entry_history(session, row.key)}


# --- review ---------------------------------------------------------------------------


def _require(session: Session, actor: str, roles: Sequence[Role], what: str) -> None:
    who = resolve_actor(session=session, name=actor)
    if who.role not in roles:
        raise PermissionDenied(f"用户“{actor}”无权{what}指标库条目。")


def propose(
    *, session: Session, actor: str, name: str, level1: str, level2: str, unit: str = "",
    typical: str | None = None, note: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A reviewer (主管部门 or 财政) proposes an indicator for the library."""
    _require(session, actor, REVIEWERS, "提议")
    row = store.propose(
        session, actor=actor, name=name, level1=level1, level2=level2, unit=unit,
        typical=typical, note=note,
    )  # fmt: skip
    return entry_dict(row)


def decide(
    *, session: Session, actor: str, name: str, approve: bool, reason: str | None = None
) -> dict[str, Any]:
    """An administrator approves a proposed entry or returns it with the reason."""
    _require(session, actor, (Role.ADMIN,), "审批")
    return entry_dict(store.decide(session, actor=actor, key=name, approve=approve, reason=reason))


def retire(*, session: Session, actor: str, name: str, reason: str) -> dict[str, Any]:
    """An administrator retires an entry: no longer suggested, still in the history."""
    _require(session, actor, (Role.ADMIN,), "停用")
    return entry_dict(store.retire(session, actor=actor, key=name, reason=reason))


# --- xlsx round trip -------------------------------------------------------------------

COLUMNS = (
    ("name", "三级指标"), ("level1", "一级指标"), ("level2", "二级指标"), ("unit", "计量单位"),
    ("typical", "典型值"), ("usage", "使用项目数"), ("median", "中位数"), ("p10", "p10"),
    ("p90", "p90"), ("count", "数值个数"), ("departments", "使用部门"), ("regions", "地区"),
    ("years", "年度"), ("status", "状态"), ("origin", "来源类型"), ("source", "出处"),
    ("note", "说明"), ("examples", "示例项目"),
)  # fmt: skip
SHEET = "指标库"


def export_xlsx(*, session: Session, path: Path, include_retired: bool = True) -> int:
    """Given a path, write the library as one sheet (a row per entry); return the rows.

    The workbook is what offices exchange: ``import_xlsx`` reads it back to the same
    entries (names, levels, units, statistics, where used, examples).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    statuses = None if include_retired else (store.ACTIVE,)
    rows = store.all_rows(session, statuses=statuses)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        data = entry_dict(row)
        main = data["stats"][0] if data["stats"] else None
        values = {
            **data,
            "typical": row.typical or "",
            "count": main["count"] if main else None,
            "departments": "、".join(data["departments"]),
            "regions": "、".join(data["regions"]),
            "years": "、".join(str(y) for y in data["years"]),
            "status": store.STATUS_LABELS[row.status],
            "examples": "；".join(
                f"{e['project']}|{e['department']}|{e['year'] or ''}|{e['value']}"
                for e in data["examples"]
            ),
        }
        sheet.append([values.get(field) for field, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", (28, 12, 16, 10, 12, 10), strict=False):
        sheet.column_dimensions[letter].width = width
    book.save(path)
    return len(rows)


_STATUS_BY_LABEL = {v: k for k, v in store.STATUS_LABELS.items()}


def read_xlsx(path: Path) -> list[tuple[Entry, str]]:
    """Given a workbook written by :func:`export_xlsx` (or by hand with its header), return
    (entry, review state) for each row; columns are found by their header, in any order."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(lines, ())]
    where = {field: header.index(label) for field, label in COLUMNS if label in header}
    if "name" not in where:
        raise store.LibraryError(f"{path.name}: 找不到“三级指标”列,不是指标库工作簿。")
    out = []
    for line in lines:
        cell = {f: line[i] if i < len(line) else None for f, i in where.items()}
        name = str(cell.get("name") or "").strip()
        if not name:
            continue
        out.append(
            (_entry_from_cells(name, cell), _STATUS_BY_LABEL.get(str(cell.get("status") or ""), ""))
        )
    book.close()
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _split(value: Any) -> tuple[str, ...]:
    return tuple(p for p in _text(value).replace(",", "、").split("、") if p)


def _entry_from_cells(name: str, cell: dict[str, Any]) -> Entry:
    unit = normalise_unit(_text(cell.get("unit")))
    stats: dict[str, ValueStats] = {}
    if cell.get("median") not in (None, ""):
        stats[unit] = ValueStats(
            unit, int(cell.get("count") or cell.get("usage") or 0), float(cell["median"]),
            float(cell.get("p10") or cell["median"]), float(cell.get("p90") or cell["median"]),
        )  # fmt: skip
    examples = []
    for part in _text(cell.get("examples")).split("；"):
        bits = part.split("|")
        if len(bits) == 4 and bits[0]:
            examples.append(
                Example(0, bits[0], bits[1], int(bits[2]) if bits[2].isdigit() else None, bits[3])
            )
    origin = _text(cell.get("origin")) or "imported"
    return Entry(
        key=normalise_name(name),
        name=name,
        level1=_text(cell.get("level1")),
        level2=_text(cell.get("level2")),
        unit=unit,
        usage=int(cell.get("usage") or 0),
        departments=_split(cell.get("departments")),
        regions=_split(cell.get("regions")),
        years=tuple(int(y) for y in _split(cell.get("years")) if y.isdigit()),
        stats=stats,
        examples=tuple(examples),
        origin=origin if origin in store.ORIGIN_LABELS else "imported",
        source=_text(cell.get("source")) or None,
        typical=_text(cell.get("typical")) or None,
        note=_text(cell.get("note")) or None,
    )


def import_xlsx(
    *, session: Session, path: Path, actor: str, approve: bool = False
) -> dict[str, int]:
    """Given another office's workbook, add its new entries: as proposals for review, or
    (``approve``, administrators only) in the state the workbook gives."""
    _require(session, actor, (Role.ADMIN,) if approve else REVIEWERS, "导入")
    return store.import_entries(session, entries=read_xlsx(path), actor=actor, approve=approve)


# --- suggestions and benchmarks ----------------------------------------------------------


class _Cached:
    """The suggestion index and peer table of one database, valid for one generation."""

    def __init__(self, generation: int, index: SuggestIndex) -> None:
        self.generation = generation
        self.index = index
        self._peers: PeerTable | None = None

    @property
    def peers(self) -> PeerTable:
        """The peer table, made at the first review that needs it (suggestions do not)."""
        if self._peers is None:
            self._peers = PeerTable(self.index.docs)
        return self._peers


_CACHE: dict[str, _Cached] = {}
_LOCK = threading.Lock()


def _cached(session: Session) -> _Cached:
    bind = session.get_bind()
    url = bind.engine.url.render_as_string(hide_password=False)
    generation = store.generation(session)
    with _LOCK:
        found = _CACHE.get(url)
        if found is not None and found.generation == generation:
            return found
    docs = store.load_docs(session)
    entries = store.load_entries(session)
    fresh = _Cached(generation, SuggestIndex(docs, entries))
    with _LOCK:
        _CACHE[url] = fresh
    return fresh


def suggest(
    *, session: Session, name: str, goals: Sequence[str] = (), department: str | None = None,
    limit: int = 10, exclude_table: int | None = None,
) -> Answer:  # fmt: skip
    """Given a new project's name and goals (and the asking department), return ranked
    indicators with typical values and the similar projects with grade and score."""
    index = _cached(session).index
    return index.suggest(name, goals, department=department, limit=limit, exclude_ref=exclude_table)


def check_against_library(
    *, session: Session, path: Path, config: RuleConfig | None = None
) -> list[dict[str, Any]]:
    """Given a table file, return each table's review with the benchmark rules fed by the
    library: the grade and the findings, the peers' values quoted in their messages."""
    from jixiao.ingest import read_path
    from jixiao.rules import check_table

    out = []
    for table in read_path(path).tables:
        report = check_table(
            table, benchmark_config(session=session, table=table, config=config or RuleConfig())
        )
        out.append(
            {
                "project": table.title,
                "grade": report.grade_label,
                "findings": [f.to_dict() for f in report.findings],
            }
        )
    return out


def has_library(*, session: Session) -> bool:
    """Return whether the library holds any project (a build has run): no peers, no benchmarks."""
    return store.has_projects(session)


def benchmark_config(
    *, session: Session, table: TargetTable, config: RuleConfig, exclude_table: int | None = None
) -> RuleConfig:
    """Given a table and the rule configuration, return it with the peers' values for the
    benchmark rules (``cost.unit-outlier``, ``values.target-outlier``); unchanged when the
    library holds no project yet."""
    cached = _cached(session)
    if not cached.index.docs:
        return config
    found = benchmarks_for(table, cached.peers, exclude_ref=exclude_table)
    if not found:
        return config
    return replace(config, thresholds={**config.thresholds, "benchmarks": found})
