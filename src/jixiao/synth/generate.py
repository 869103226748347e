"""Deterministic synthetic target tables: departments, projects over years, defects.

A project keeps its name, unit and indicator set across years while its funds
drift (×0.85–1.25 a year) and its quantity targets follow the funds, sometimes
lagging them (the 适当性 case the review looks for). A controlled share of tables
carries one known defect each, named in :attr:`SynthTable.defects`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.money import normalize
from jixiao.model.project import Funds, ProjectHeader, TargetTable
from jixiao.model.values import parse_value
from jixiao.synth import vocab
from jixiao.synth.defects import DEFECTS, apply_defect

LEVEL1_ORDER = ("产出指标", "效益指标", "满意度指标")
LEVEL2_ORDER = (
    "数量指标", "质量指标", "时效指标", "成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "满意度指标",
)  # fmt: skip

#: Projects per department before another department is opened.
PROJECTS_PER_DEPARTMENT = 20


@dataclass(frozen=True, slots=True)
class SynthTable:
    """A generated table and the defects planted in it (empty when clean)."""

    table: TargetTable
    defects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Department:
    """A generated department: city + type, with its code."""

    name: str
    code: str
    city: str
    kind: vocab.DeptType


@dataclass(frozen=True, slots=True)
class Project:
    """A generated project: what stays the same from year to year."""

    department: Department
    name: str
    unit: str
    source: str
    period: int
    funds: Decimal
    metrics: tuple[vocab.Metric, ...]
    rows: tuple[tuple[str, str, str, str], ...]
    goals: tuple[str, ...]
    lagging: bool


def generate(
    n: int, *, seed: int = 0, defect_share: float = 0.15, first_year: int = 2021, years: int = 4
) -> list[SynthTable]:
    """Given a count and a seed, return n tables, the same ones for the same arguments."""
    rng = random.Random(seed)
    n_projects = max(1, math.ceil(n / years))
    departments = make_departments(rng, max(1, math.ceil(n_projects / PROJECTS_PER_DEPARTMENT)))
    projects = make_projects(rng, departments, n_projects)
    out: list[SynthTable] = []
    for project in projects:
        funds, scale = project.funds, Decimal(1)
        for year in range(first_year, first_year + years):
            if len(out) == n:
                return out
            table = make_table(rng, project, year, funds, scale)
            out.append(_maybe_defect(rng, table, defect_share))
            drift = Decimal(str(round(rng.uniform(0.85, 1.25), 2)))
            funds = max(Decimal("0.5"), (funds * drift).quantize(Decimal("0.1")))
            scale = scale if project.lagging else scale * drift
    return out


def make_departments(rng: random.Random, count: int) -> list[Department]:
    """Given a count, return departments: each type in each city, cities in order."""
    out = []
    for i in range(count):
        kind = vocab.DEPT_TYPES[i % len(vocab.DEPT_TYPES)]
        city_index = i // len(vocab.DEPT_TYPES)
        city = vocab.CITIES[city_index % len(vocab.CITIES)]
        # Codes are local to a city in real tables (芜湖市总工会-508); a city prefix
        # keeps them unique across cities, as a provincial system would.
        code = kind.code if city_index == 0 else f"{city_index:03d}{kind.code}"
        out.append(Department(f"{city}{kind.name}", code, city, kind))
    rng.shuffle(out)
    return out


def make_projects(rng: random.Random, departments: list[Department], count: int) -> list[Project]:
    """Given departments and a count, return projects with unique names per department."""
    used: dict[str, set[str]] = {}
    out = []
    for i in range(count):
        dept = departments[i % len(departments)]
        name = _unique_name(rng, dept, used.setdefault(dept.code, set()))
        out.append(_project(rng, dept, name))
    return out


def _unique_name(rng: random.Random, dept: Department, used: set[str]) -> str:
    for attempt in range(1000):
        base = rng.choice(dept.kind.projects)
        qualifier = rng.choice(vocab.QUALIFIERS) if attempt < 50 else f"{attempt}号"
        name = f"{dept.city}{base}{qualifier}" if rng.random() < 0.2 else f"{base}{qualifier}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("project names exhausted")  # pragma: no cover - 1000 tries


def _project(rng: random.Random, dept: Department, name: str) -> Project:
    kind = dept.kind
    quantity = [m for m in kind.metrics if m.level2 == "数量指标"]
    quality = [m for m in kind.metrics if m.level2 == "质量指标"]
    metrics = tuple(rng.sample(quantity, k=min(len(quantity), rng.randint(1, 3))))
    metrics += tuple(rng.sample(quality, k=min(len(quality), 1)))
    time_pick = rng.randrange(len(vocab.TIME_NAMES))
    rows = (
        ("效益指标", "社会效益指标", *rng.choice(vocab.SOCIAL_BENEFIT)),
        ("效益指标", "可持续影响指标", *rng.choice(vocab.SUSTAINABLE)),
        ("产出指标", "时效指标", vocab.TIME_NAMES[time_pick], vocab.TIME_VALUES[time_pick]),
    )
    unit = rng.choice(kind.units)
    funds = Decimal(str(round(math.exp(rng.uniform(math.log(5), math.log(3000))), 1)))
    return Project(
        department=dept,
        name=name,
        unit=dept.name if unit == kind.name else f"{dept.city}{unit}",
        source=rng.choice(vocab.SOURCES),
        period=rng.choice((1, 1, 2, 3, 3, 5)),
        funds=funds,
        metrics=metrics,
        rows=rows,
        goals=tuple(rng.sample(kind.goals, k=rng.randint(1, len(kind.goals)))),
        lagging=rng.random() < 0.15,
    )


def make_table(
    rng: random.Random, project: Project, year: int, funds: Decimal, scale: Decimal
) -> TargetTable:
    """Given a project, a year, its funds that year and its target scale, return the table."""
    dept = project.department
    carry = (funds * Decimal("0.2")).quantize(Decimal("0.1")) if rng.random() < 0.2 else None
    fiscal = funds - carry if carry is not None else funds
    return TargetTable(
        fiscal_year=year,
        project=ProjectHeader(
            project.name, dept.name, dept.code, project.unit, project.source, project.period
        ),
        funds=Funds(
            total=normalize(funds), fiscal=normalize(fiscal), carryover=carry and normalize(carry)
        ),
        goals=project.goals,
        indicators=tuple(_indicators(rng, project, funds, scale)),
    )


def _indicators(
    rng: random.Random, project: Project, funds: Decimal, scale: Decimal
) -> list[Indicator]:
    rows: list[tuple[str, str, str, str]] = []
    for m in project.metrics:
        value = m.base + m.per_100 * float(funds) / 100 * float(scale) if m.per_100 else m.base
        rows.append(
            ("产出指标", m.level2, m.name, f"{'' if m.op == '=' else m.op}{_num(value)}{m.unit}")
        )
    if not any(m.level2 == "质量指标" for m in project.metrics):
        rows.append(("产出指标", "质量指标", "项目完成质量", rng.choice(vocab.QUALITY_TEXT)))
    rows.append(project.rows[2])
    rows.append(
        (
            "产出指标",
            "成本指标",
            "项目总金额",
            f"{'≤' if rng.random() < 0.5 else ''}{normalize(funds)}万元",
        )
    )
    rows.extend(project.rows[:2])
    if rng.random() < 0.3:
        rows.append(("效益指标", "生态效益指标", "不适用", "不适用"))
    served = project.department.kind.served
    rows.append(
        ("满意度指标", "满意度指标", f"{served}满意度", f"≥{rng.choice((85, 90, 90, 93, 95))}%")
    )
    rows.sort(key=lambda r: (LEVEL1_ORDER.index(r[0]), LEVEL2_ORDER.index(r[1])))
    return [_indicator(*r) for r in rows]


def _indicator(level1: str, level2: str, name: str, raw: str) -> Indicator:
    return Indicator(level1, level2, name, parse_value(raw), not_applicable=raw == "不适用")


def _num(value: float) -> str:
    if value >= 10:
        return str(int(round(value)))
    return format(normalize(Decimal(str(round(value, 1)))), "f")


def _maybe_defect(rng: random.Random, table: TargetTable, share: float) -> SynthTable:
    if rng.random() >= share:
        return SynthTable(table)
    kind = rng.choice(DEFECTS)
    return SynthTable(apply_defect(kind, table, rng), (kind,))
