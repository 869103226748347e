"""Building library entries from tables: one entry per normalised indicator name.

A table becomes a :class:`ProjectDoc` (what the library keeps of a project: its words,
its department, region and year, its grade and its indicators keyed by normalised
name); :func:`build_entries` folds many of them into :class:`Entry` records with how
often and where each indicator is used and the spread of its values per unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jixiao.library.names import normalise_name
from jixiao.library.stats import ValueStats, numeric_target, value_stats
from jixiao.library.tokens import tokenise, tokenise_all
from jixiao.model.hanzi import to_simplified
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import LEGACY
from jixiao.rules.helpers import applicable, placed

#: How many example projects an entry keeps.
EXAMPLES_KEPT = 5


@dataclass(frozen=True, slots=True)
class DocIndicator:
    """One indicator of a project as the library keeps it."""

    key: str
    name: str
    level1: str
    level2: str
    raw: str
    unit: str = ""
    number: float | None = None

    def to_list(self) -> list[Any]:
        """Return the indicator as a compact JSON list."""
        return [self.key, self.name, self.level1, self.level2, self.raw, self.unit, self.number]

    @classmethod
    def from_list(cls, data: Sequence[Any]) -> DocIndicator:
        """Given :meth:`to_list`'s data, return the indicator."""
        key, name, level1, level2, raw, unit, number = data
        return cls(key, name, level1, level2, raw, unit or "", number)


@dataclass(frozen=True, slots=True)
class ProjectDoc:
    """What the library keeps of one table: identity, words, context and indicators."""

    ref: int
    name: str
    department: str
    region: str
    year: int | None
    tokens: tuple[str, ...]
    indicators: tuple[DocIndicator, ...]
    grade: str | None = None
    score: float | None = None
    unit_name: str | None = None
    funds: float | None = None


def doc_indicators(table: TargetTable) -> tuple[DocIndicator, ...]:
    """Given a table, return its applicable named indicators keyed for the library."""
    out = []
    for ind in applicable(table):
        key = normalise_name(ind.name)
        if not key:
            continue
        level1, level2 = placed(ind, LEGACY)
        found = numeric_target(ind.value)
        number, unit = (found[0], found[1]) if found else (None, "")
        out.append(
            DocIndicator(
                key=key,
                name=to_simplified(ind.name.strip()),
                level1=level1 or ind.level1.strip(),
                level2=level2 or ind.level2.strip(),
                raw=ind.value.raw.strip(),
                unit=unit,
                number=number,
            )
        )
    return tuple(out)


def project_tokens(name: str | None, goals: Iterable[str]) -> tuple[str, ...]:
    """Given a project name and its goals, return the words a similar project is found by.

    The name counts twice: it says what the project is; goals also say how.
    """
    name_words = tokenise(name or "")
    return name_words + name_words + tokenise_all(list(goals))


def project_doc(
    table: TargetTable,
    *,
    ref: int,
    department: str = "",
    region: str = "",
    grade: str | None = None,
    score: float | None = None,
) -> ProjectDoc:
    """Given a table and where it is kept, return its library document."""
    project = table.project
    return ProjectDoc(
        ref=ref,
        name=(project.name or "").strip(),
        department=department or (project.department_code or ""),
        region=region or department or (project.department_code or ""),
        year=table.fiscal_year,
        tokens=project_tokens(project.name, table.goals),
        indicators=doc_indicators(table),
        grade=grade,
        score=score,
        unit_name=project.implementing_unit,
        funds=float(table.funds.total) if table.funds.total is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Example:
    """A project that uses an entry, with the value it wrote."""

    ref: int
    project: str
    department: str
    year: int | None
    raw: str

    def to_dict(self) -> dict[str, Any]:
        """Return the example as JSON-ready data."""
        return {
            "ref": self.ref,
            "project": self.project,
            "department": self.department,
            "year": self.year,
            "value": self.raw,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One library indicator: the normalised name and everything known about its use.

    ``origin`` is ``built`` (from stored tables), ``starter`` (the 101号 set),
    ``proposed`` (by a reviewer) or ``imported`` (from another office's workbook).
    """

    key: str
    name: str
    level1: str
    level2: str
    unit: str = ""
    usage: int = 0
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    stats: Mapping[str, ValueStats] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    origin: str = "built"
    source: str | None = None
    typical: str | None = None
    note: str | None = None

    @property
    def main_stats(self) -> ValueStats | None:
        """The statistics of the entry's most used unit, if any number was seen."""
        return self.stats.get(self.unit) or next(iter(self.stats.values()), None)

    @property
    def typical_value(self) -> str:
        """A typical value to propose: the value most often written in the main unit
        ("≥95%"), else the median of the numbers, else the starter set's wording."""
        if self.typical:
            return self.typical
        main = self.main_stats
        return main.typical if main is not None else ""


def _most_common(counter: Counter[str], default: str = "") -> str:
    if not counter:
        return default
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def build_entries(docs: Iterable[ProjectDoc]) -> dict[str, Entry]:
    """Given project documents, return one entry per normalised name, keyed by it.

    An indicator written twice in one project counts once for usage; every numeric
    target counts in the statistics.
    """
    names: dict[str, Counter[str]] = {}
    levels: dict[str, Counter[str]] = {}
    units: dict[str, Counter[str]] = {}
    usage: Counter[str] = Counter()
    departments: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
    years: dict[str, set[int]] = {}
    values: dict[str, list[tuple[float, str]]] = {}
    written: dict[str, Counter[tuple[str, str]]] = {}
    examples: dict[str, list[Example]] = {}
    for doc in docs:
        seen: set[str] = set()
        for ind in doc.indicators:
            key = ind.key
            names.setdefault(key, Counter())[ind.name] += 1
            levels.setdefault(key, Counter())[f"{ind.level1}\t{ind.level2}"] += 1
            units.setdefault(key, Counter())[ind.unit] += 1
            if ind.number is not None:
                values.setdefault(key, []).append((ind.number, ind.unit))
                written.setdefault(key, Counter())[(ind.unit, ind.raw)] += 1
            if key in seen:
                continue
            seen.add(key)
            usage[key] += 1
            if doc.department:
                departments.setdefault(key, set()).add(doc.department)
            if doc.region:
                regions.setdefault(key, set()).add(doc.region)
            if doc.year is not None:
                years.setdefault(key, set()).add(doc.year)
            kept = examples.setdefault(key, [])
            if len(kept) < EXAMPLES_KEPT:
                kept.append(Example(doc.ref, doc.name, doc.department, doc.year, ind.raw))
    out: dict[str, Entry] = {}
    for key, count in usage.items():
        level1, _, level2 = _most_common(levels[key]).partition("\t")
        stats = value_stats(values.get(key, ()))
        unit_counts = units[key]
        numeric_units = Counter({u: n for u, n in unit_counts.items() if u})
        unit = _most_common(numeric_units) if numeric_units else ""
        raws = Counter({raw: n for (u, raw), n in written.get(key, Counter()).items() if u == unit})
        out[key] = Entry(
            key=key,
            name=_most_common(names[key], key),
            level1=level1,
            level2=level2,
            unit=unit,
            usage=count,
            departments=tuple(sorted(departments.get(key, ()))),
            regions=tuple(sorted(regions.get(key, ()))),
            years=tuple(sorted(years.get(key, ()))),
            stats=stats,
            examples=tuple(examples.get(key, ())),
            typical=_most_common(raws) or None,
        )
    return out


def merge_starter(built: Mapping[str, Entry], starter: Iterable[Entry]) -> dict[str, Entry]:
    """Given built entries and the starter set, return both; a starter entry that tables
    also use keeps its citation and gains their usage and values."""
    out = dict(built)
    for entry in starter:
        found = out.get(entry.key)
        if found is None:
            out[entry.key] = entry
        else:
            out[entry.key] = Entry(
                **{
                    **{f: getattr(found, f) for f in Entry.__dataclass_fields__},
                    "origin": "starter",
                    "source": entry.source,
                    "typical": found.typical or entry.typical,
                    "note": entry.note,
                }
            )
    return out
