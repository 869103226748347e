"""The indicator library's tables and queries (SQLite and PostgreSQL, migration 0006).

``library_entries`` holds one row per normalised indicator name: levels, unit, usage,
where and when it is used, the value distribution per unit, example projects, and its
review state. ``library_projects`` keeps what suggestions and benchmarks read of each
stored table (its words, grade, self-evaluation score and indicators), so a suggestion
never re-reads the tables themselves.

Entry review: a reviewer proposes an entry (``proposed``), an administrator approves it
(``active``) or returns it (``returned``, with the reason); an active entry can be
retired (``retired``): it stays in the table and in its history, and is no longer
suggested. Every change is a row of the append-only audit log (actions ``library.*``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from jixiao.library.build import DocIndicator, Entry, Example, ProjectDoc, project_tokens
from jixiao.library.names import normalise_name, normalise_unit
from jixiao.library.stats import ValueStats, numeric_target
from jixiao.model.hanzi import to_simplified
from jixiao.model.taxonomy import LEGACY, place_levels
from jixiao.model.values import TargetValue
from jixiao.store.entities import audit
from jixiao.store.errors import StoreError
from jixiao.store.queries import APPROVED_STATES, as_utc
from jixiao.store.regions import department_path
from jixiao.store.tables import (
    AuditEntry,
    Base,
    Department,
    IndicatorRow,
    TableRecord,
    TableVersion,
    utcnow,
)

ACTIVE = "active"
PROPOSED = "proposed"
RETURNED = "returned"
RETIRED = "retired"
STATUS_LABELS = {ACTIVE: "在用", PROPOSED: "待审核", RETURNED: "已退回", RETIRED: "已停用"}
ORIGIN_LABELS = {
    "built": "来自已批复表",
    "starter": "起步集",
    "proposed": "审核人提议",
    "imported": "导入",
}


class LibraryError(StoreError):
    """A library action that cannot be done (unknown entry, wrong state): say why."""


class LibraryEntryRow(Base):
    """One library indicator (see the module docstring for the review states)."""

    __tablename__ = "library_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level1: Mapped[str] = mapped_column(String(100))
    level2: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(50), default="")
    usage: Mapped[int] = mapped_column(Integer, default=0)
    departments: Mapped[list[str]] = mapped_column(JSON)
    regions: Mapped[list[str]] = mapped_column(JSON)
    years: Mapped[list[int]] = mapped_column(JSON)
    stats: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    examples: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    typical: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    proposed_by: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LibraryProjectRow(Base):
    """What the library keeps of one stored target table (rebuilt by ``library build``)."""

    __tablename__ = "library_projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_tables.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(300))
    department: Mapped[str] = mapped_column(String(64), index=True)
    region: Mapped[str] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(4))
    score: Mapped[float | None] = mapped_column(Float)
    unit_name: Mapped[str | None] = mapped_column(String(200))
    funds: Mapped[float | None] = mapped_column(Float)
    tokens: Mapped[str] = mapped_column(Text)
    # One indicator a line, fields by tab (pack_indicators): read back ten times faster
    # than JSON at 50,000 projects, which a web process does once per library change.
    indicators: Mapped[str] = mapped_column(Text)


# --- entries <-> rows --------------------------------------------------------------


def entry_of(row: LibraryEntryRow) -> Entry:
    """Given an entry row, return the library entry."""
    stats = {s["unit"]: ValueStats.from_dict(s) for s in row.stats or ()}
    return Entry(
        key=row.key,
        name=row.name,
        level1=row.level1,
        level2=row.level2,
        unit=row.unit or "",
        usage=row.usage or 0,
        departments=tuple(row.departments or ()),
        regions=tuple(row.regions or ()),
        years=tuple(row.years or ()),
        stats=stats,
        examples=tuple(
            Example(
                e.get("ref") or 0,
                e["project"],
                e.get("department") or "",
                e.get("year"),
                e.get("value") or "",
            )
            for e in row.examples or ()
        ),
        origin=row.origin,
        source=row.source,
        typical=row.typical,
        note=row.note,
    )


def _columns(entry: Entry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "level1": entry.level1,
        "level2": entry.level2,
        "unit": entry.unit,
        "usage": entry.usage,
        "departments": list(entry.departments),
        "regions": list(entry.regions),
        "years": list(entry.years),
        "stats": [s.to_dict() for s in entry.stats.values()],
        "examples": [e.to_dict() for e in entry.examples],
        "source": entry.source,
        "typical": entry.typical,
        "note": entry.note,
    }


_FIELD_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def pack_indicators(indicators: Iterable[DocIndicator]) -> str:
    """Given a project's indicators, return them as text: a line each, fields by tab."""
    return "\n".join(
        "\t".join(
            (
                i.key.translate(_FIELD_BREAKS),
                i.name.translate(_FIELD_BREAKS),
                i.level1.translate(_FIELD_BREAKS),
                i.level2.translate(_FIELD_BREAKS),
                i.raw.translate(_FIELD_BREAKS),
                i.unit.translate(_FIELD_BREAKS),
                "" if i.number is None else repr(i.number),
            )
        )
        for i in indicators
    )


def unpack_indicators(text: str | None) -> tuple[DocIndicator, ...]:
    """Given :func:`pack_indicators`' text, return the indicators."""
    out = []
    for line in (text or "").split("\n"):
        fields = line.split("\t")
        if len(fields) == 7:
            key, name, level1, level2, raw, unit, number = fields
            out.append(
                DocIndicator(
                    key, name, level1, level2, raw, unit, float(number) if number else None
                )
            )
    return tuple(out)


def doc_of(row: LibraryProjectRow) -> ProjectDoc:
    """Given a library project row, return its document."""
    return ProjectDoc(
        ref=row.table_id or -row.id,
        name=row.name,
        department=row.department,
        region=row.region,
        year=row.year,
        tokens=tuple(row.tokens.split()),
        indicators=unpack_indicators(row.indicators),
        grade=row.grade,
        score=row.score,
        unit_name=row.unit_name,
        funds=row.funds,
    )


# --- reading the stored tables -----------------------------------------------------


def _selfeval_scores(
    session: Session, project_years: set[tuple[int, int]]
) -> dict[tuple[int, int], float]:
    """Given (project id, year) pairs, return each one's self-evaluation total, where stored:
    the indicators' scores plus the execution score (财预〔2020〕10号: 100 points)."""
    if not project_years:
        return {}
    rows = session.execute(
        select(TableRecord.project_id, TableRecord.fiscal_year, TableVersion.id, TableVersion.extra)
        .join(
            TableVersion,
            (TableVersion.table_id == TableRecord.id)
            & (TableVersion.version == TableRecord.current_version),
        )
        .where(TableRecord.kind == "self_evaluation")
    ).all()
    wanted = {r[2]: (r[0], r[1], r[3]) for r in rows if (r[0], r[1]) in project_years}
    # Only a table that states some score has a total: an empty 自评表 has none, not 0.
    totals: dict[tuple[int, int], float] = {}
    for project_id, year, extra in wanted.values():
        execution = ((extra or {}).get("funds_exec") or {}).get("execution_score")
        if execution not in (None, ""):
            totals[(project_id, year)] = float(Decimal(str(execution)))
    for chunk in _chunks(list(wanted), 500):
        for version_id, detail in session.execute(
            select(IndicatorRow.version_id, IndicatorRow.detail).where(
                IndicatorRow.version_id.in_(chunk)
            )
        ):
            score = (detail or {}).get("score")
            if score not in (None, ""):
                key = wanted[version_id][:2]
                totals[key] = totals.get(key, 0.0) + float(Decimal(str(score)))
    return {k: round(v, 2) for k, v in totals.items()}


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def docs_from_tables(session: Session, *, approved_only: bool = True) -> list[ProjectDoc]:
    """Given a session, return a library document for every current target table.

    Only approved tables (已批复, 调整申请中) count by default: the library holds what
    an office accepted, not drafts. ``approved_only=False`` takes every target table
    (an office starting out, a test database). A self-evaluation table counts for a
    project year that has no target table stored: it repeats the approved targets
    (many offices publish only their 自评表).
    """
    query = (
        select(TableRecord, TableVersion, Department.code)
        .join(
            TableVersion,
            (TableVersion.table_id == TableRecord.id)
            & (TableVersion.version == TableRecord.current_version),
        )
        .join(Department, Department.id == TableRecord.department_id)
        .where(TableRecord.kind.in_(("target", "self_evaluation")))
        .order_by(TableRecord.id)
    )
    if approved_only:
        query = query.where(TableRecord.status.in_(APPROVED_STATES))
    found = session.execute(query).all()
    targets = {(r.project_id, r.fiscal_year) for r, _, _ in found if r.kind == "target"}
    found = [
        row
        for row in found
        if row[0].kind == "target" or (row[0].project_id, row[0].fiscal_year) not in targets
    ]
    scores = _selfeval_scores(session, {(r.project_id, r.fiscal_year) for r, _, _ in found})
    regions: dict[int, str] = {}
    docs: list[ProjectDoc] = []
    for chunk in _chunks(found, 500):
        by_version: dict[int, list[IndicatorRow]] = {}
        ids = [v.id for _, v, _ in chunk]
        for ind in session.scalars(
            select(IndicatorRow)
            .where(IndicatorRow.version_id.in_(ids))
            .order_by(IndicatorRow.position)
        ):
            by_version.setdefault(ind.version_id, []).append(ind)
        for record, version, code in chunk:
            if record.department_id not in regions:
                path = department_path(session, record.department_id)
                regions[record.department_id] = path[-1] if path else code
            docs.append(
                ProjectDoc(
                    ref=record.id,
                    name=version.project_name,
                    department=code,
                    region=regions[record.department_id],
                    year=record.fiscal_year,
                    tokens=project_tokens(version.project_name, version.goals or ()),
                    indicators=tuple(_doc_indicators(by_version.get(version.id, []))),
                    grade=record.grade or record.check_grade,
                    score=scores.get((record.project_id, record.fiscal_year)),
                    unit_name=version.implementing_unit,
                    funds=float(version.funds_total) if version.funds_total is not None else None,
                )
            )
    return docs


def _doc_indicators(rows: Iterable[IndicatorRow]) -> Iterator[DocIndicator]:

    for row in rows:
        key = normalise_name(row.name)
        if row.not_applicable or not key:
            continue
        upper = (
            (row.detail or {}).get("value", {}).get("upper")
            if isinstance((row.detail or {}).get("value"), dict)
            else None
        )
        value = TargetValue(
            row.raw,
            "quantitative" if row.value_kind == "quantitative" else "qualitative",
            row.op,  # type: ignore[arg-type]
            row.number,
            row.unit,
            Decimal(str(upper)) if upper not in (None, "") else None,
        )
        level1, level2 = place_levels(row.level1, row.level2, LEGACY)
        found = numeric_target(value)
        yield DocIndicator(
            key=key,
            name=to_simplified(row.name.strip()),
            level1=level1 or row.level1,
            level2=level2 or row.level2,
            raw=row.raw.strip(),
            unit=found[1] if found else "",
            number=found[0] if found else None,
        )


# --- saving a build ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What ``library build`` did."""

    projects: int
    entries: int
    new: int
    starter: int

    def to_dict(self) -> dict[str, int]:
        """Return the report as JSON-ready data."""
        return {
            "projects": self.projects,
            "entries": self.entries,
            "new": self.new,
            "starter": self.starter,
        }


def save_build(
    session: Session, *, docs: Sequence[ProjectDoc], entries: dict[str, Entry], actor: str
) -> BuildReport:
    """Given the documents and entries of a build, store them; return what changed.

    The project documents are replaced. Entries are updated in place: a built entry
    gets its new usage and values, but keeps its review state (a retired entry stays
    retired, a proposed one keeps waiting); an entry no table uses any more keeps its
    row with usage 0.
    """
    session.execute(delete(LibraryProjectRow))
    rows = [
        {
            "table_id": d.ref if d.ref > 0 else None,
            "name": d.name[:300],
            "department": d.department[:64],
            "region": d.region[:64],
            "year": d.year,
            "grade": d.grade,
            "score": d.score,
            "unit_name": (d.unit_name or "")[:200] or None,
            "funds": d.funds,
            "tokens": " ".join(d.tokens),
            "indicators": pack_indicators(d.indicators),
        }
        for d in docs
    ]
    for chunk in _chunks(rows, 2000):
        session.execute(insert(LibraryProjectRow), list(chunk))
    existing = {r.key: r for r in session.scalars(select(LibraryEntryRow))}
    new = 0
    now = utcnow()
    for key, entry in entries.items():
        row = existing.pop(key, None)
        if row is None:
            new += 1
            session.add(
                LibraryEntryRow(
                    key=key, origin=entry.origin, status=ACTIVE, updated_at=now, **_columns(entry)
                )
            )
            continue
        columns = _columns(entry)
        if row.origin in ("proposed", "imported"):
            # A reviewer's or another office's wording stays; usage and values are refreshed.
            for name in ("name", "level1", "level2", "source", "typical", "note"):
                columns.pop(name)
        for name, value in columns.items():
            setattr(row, name, value)
        row.updated_at = now
    for row in existing.values():  # no table uses it any more: counts go, the row stays
        if row.origin == "built" and row.usage:
            row.usage, row.stats, row.examples = 0, [], []
            row.departments, row.regions, row.years = [], [], []
    report = BuildReport(
        projects=len(docs),
        entries=len(entries),
        new=new,
        starter=sum(1 for e in entries.values() if e.origin == "starter"),
    )
    audit(session, actor, "library.build", None, None, None, None, None, report.to_dict())
    session.flush()
    return report


# --- reading the library -------------------------------------------------------------


def generation(session: Session) -> int:
    """Return a number that changes whenever the library changes (its last audit entry).

    Every change to the library writes an audit entry, so the newest ``library.*``
    entry's id tells a cache whether what it holds is still current.
    """
    # A range on the indexed action column, not LIKE: both databases use the index.
    found = session.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.action >= "library.", AuditEntry.action < "library/"
        )
    )
    return int(found or 0)


def load_docs(session: Session) -> list[ProjectDoc]:
    """Return every library project document.

    Plain column tuples rather than ORM objects: at 50,000 projects the suggestion index
    is built from this list, and a web process waits for it once per library change.
    """
    t = LibraryProjectRow
    rows = session.execute(
        select(
            t.id, t.table_id, t.name, t.department, t.region, t.year, t.tokens, t.indicators,
            t.grade, t.score, t.unit_name, t.funds,
        ).order_by(t.id)
    )  # fmt: skip
    return [
        ProjectDoc(
            table_id or -row_id,
            name,
            department,
            region,
            year,
            tuple(tokens.split()),
            unpack_indicators(indicators),
            grade,
            score,
            unit_name,
            funds,
        )  # fmt: skip
        for (
            row_id,
            table_id,
            name,
            department,
            region,
            year,
            tokens,
            indicators,
            grade,
            score,
            unit_name,
            funds,
        ) in rows  # fmt: skip
    ]


def load_entries(session: Session, *, statuses: Sequence[str] = (ACTIVE,)) -> dict[str, Entry]:
    """Return the entries in the given review states (default: those in use), by key."""
    query = select(LibraryEntryRow).where(LibraryEntryRow.status.in_(statuses))
    return {r.key: entry_of(r) for r in session.scalars(query.order_by(LibraryEntryRow.key))}


def entry_row(session: Session, key_or_name: str) -> LibraryEntryRow:
    """Given a key or a name as written, return its entry row; LibraryError if unknown."""
    key = normalise_name(key_or_name)
    row = session.scalar(select(LibraryEntryRow).where(LibraryEntryRow.key == key))
    if row is None:
        raise LibraryError(f"指标库中没有“{key_or_name}”。")
    return row


def search_rows(
    session: Session,
    *,
    text: str = "",
    level1: str | None = None,
    statuses: Sequence[str] = (ACTIVE,),
    limit: int = 50,
) -> list[LibraryEntryRow]:
    """Given words to look for (in the key or the name), return matching entries, most used first."""
    query = select(LibraryEntryRow).where(LibraryEntryRow.status.in_(statuses))
    for word in text.split():
        key = normalise_name(word)
        query = query.where(
            or_(
                LibraryEntryRow.key.contains(key, autoescape=True),
                LibraryEntryRow.name.contains(word, autoescape=True),
            )
        )
    if level1:
        query = query.where(LibraryEntryRow.level1 == level1)
    query = query.order_by(LibraryEntryRow.usage.desc(), LibraryEntryRow.key).limit(limit)
    return list(session.scalars(query))


def entry_history(session: Session, key: str) -> list[dict[str, Any]]:
    """Given an entry key, return its review history (proposed, approved, returned, retired)."""
    rows = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action >= "library.",
            AuditEntry.action < "library/",
            AuditEntry.action != "library.build",
        )
        .order_by(AuditEntry.id)
    )
    return [
        {
            "at": as_utc(r.at).isoformat(timespec="seconds"),
            "actor": r.actor,
            "action": r.action,
            "from": r.from_status,
            "to": r.to_status,
            "reason": r.reason,
        }
        for r in rows
        if (r.detail or {}).get("key") == key
    ]


# --- review ---------------------------------------------------------------------------


def _change(
    session: Session, row: LibraryEntryRow, actor: str, action: str, to: str, reason: str | None
) -> None:
    before = row.status
    row.status = to
    row.reason = reason
    row.updated_at = utcnow()
    audit(
        session, actor, action, None, None, before, to, reason, {"key": row.key, "name": row.name}
    )
    session.flush()


def propose(
    session: Session,
    *,
    actor: str,
    name: str,
    level1: str,
    level2: str,
    unit: str = "",
    typical: str | None = None,
    note: str | None = None,
) -> LibraryEntryRow:
    """Given a reviewer and an indicator, record the proposal (待审核); LibraryError when
    the name is already in the library (a returned one may be proposed again)."""
    key = normalise_name(name)
    if not key:
        raise LibraryError("指标名称不能为空。")
    row = session.scalar(select(LibraryEntryRow).where(LibraryEntryRow.key == key))
    if row is not None and row.status != RETURNED:
        raise LibraryError(
            f"“{name}”已在指标库中(状态: {STATUS_LABELS.get(row.status, row.status)})。"
        )
    if row is None:
        entry = Entry(
            key, name.strip(), level1, level2, normalise_unit(unit), typical=typical, note=note
        )
        row = LibraryEntryRow(key=key, origin="proposed", status=PROPOSED, **_columns(entry))
        session.add(row)
        session.flush()
        audit(
            session,
            actor,
            "library.propose",
            None,
            None,
            None,
            PROPOSED,
            note,
            {"key": key, "name": row.name},
        )
    else:
        row.name, row.level1, row.level2, row.unit = (
            name.strip(),
            level1,
            level2,
            normalise_unit(unit),
        )
        row.typical, row.note = typical, note
        _change(session, row, actor, "library.propose", PROPOSED, note)
    row.proposed_by = actor
    session.flush()
    return row


def decide(
    session: Session, *, actor: str, key: str, approve: bool, reason: str | None = None
) -> LibraryEntryRow:
    """Given an administrator's decision on a proposed entry, approve it or return it."""
    row = entry_row(session, key)
    if row.status != PROPOSED:
        raise LibraryError(
            f"“{row.name}”不在待审核状态(当前: {STATUS_LABELS.get(row.status, row.status)})。"
        )
    if not approve and not (reason or "").strip():
        raise LibraryError("退回须说明理由。")
    row.decided_by = actor
    _change(
        session,
        row,
        actor,
        "library.approve" if approve else "library.return",
        ACTIVE if approve else RETURNED,
        reason,
    )
    return row


def retire(session: Session, *, actor: str, key: str, reason: str) -> LibraryEntryRow:
    """Given an entry in use and why, retire it: no longer suggested, still shown in history."""
    row = entry_row(session, key)
    if row.status != ACTIVE:
        raise LibraryError(
            f"只能停用在用的指标(“{row.name}”当前: {STATUS_LABELS.get(row.status, row.status)})。"
        )
    if not reason.strip():
        raise LibraryError("停用须说明理由。")
    row.decided_by = actor
    _change(session, row, actor, "library.retire", RETIRED, reason)
    return row


def import_entries(
    session: Session, *, entries: Iterable[tuple[Entry, str]], actor: str, approve: bool
) -> dict[str, int]:
    """Given (entry, status) pairs read from another office's workbook, add the new ones.

    New names arrive as proposals (待审核) unless ``approve`` (an administrator importing
    a library they trust): then they keep the state the workbook gives. Names already in
    the library are left as they are: the office's own counts come from its own tables.
    """
    known = set(session.scalars(select(LibraryEntryRow.key)))
    added = skipped = 0
    for entry, status in entries:
        if not entry.key or entry.key in known:
            skipped += 1
            continue
        known.add(entry.key)
        state = (status if status in STATUS_LABELS else ACTIVE) if approve else PROPOSED
        session.add(
            LibraryEntryRow(
                key=entry.key,
                origin=entry.origin,
                status=state,
                proposed_by=actor,
                **_columns(entry),
            )
        )
        added += 1
    audit(
        session,
        actor,
        "library.import",
        None,
        None,
        None,
        None,
        None,
        {"added": added, "skipped": skipped},
    )
    session.flush()
    return {"added": added, "skipped": skipped}


def counts(session: Session) -> dict[str, int]:
    """Return how many entries are in each review state, and how many projects are indexed."""
    out = {s: 0 for s in STATUS_LABELS}
    for status, n in session.execute(
        select(LibraryEntryRow.status, func.count()).group_by(LibraryEntryRow.status)
    ):
        out[status] = int(n)
    out["projects"] = int(session.scalar(select(func.count(LibraryProjectRow.id))) or 0)
    return out


def all_rows(session: Session, *, statuses: Sequence[str] | None = None) -> list[LibraryEntryRow]:
    """Return every entry row (or those in the given states), by level and name."""
    query = select(LibraryEntryRow)
    if statuses is not None:
        query = query.where(LibraryEntryRow.status.in_(statuses))
    return list(
        session.scalars(
            query.order_by(LibraryEntryRow.level1, LibraryEntryRow.level2, LibraryEntryRow.key)
        )
    )


def has_projects(session: Session) -> bool:
    """Return whether a library has been built (it holds a project).

    A database not yet upgraded to migration 0006 has no library tables at all: it has
    no library either (asking would fail, and on PostgreSQL abort the transaction).
    """
    if not inspect(session.connection()).has_table(LibraryProjectRow.__tablename__):
        return False
    return session.scalar(select(LibraryProjectRow.id).limit(1)) is not None
