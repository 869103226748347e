"""Property tests: generated tables survive xlsx and json round trips."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from export_helpers import differences
from export_synthetic import synthetic_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.export import write
from jixiao.export.json import dumps
from jixiao.ingest import read_path
from jixiao.model.indicator import Indicator
from jixiao.model.project import Funds, ProjectHeader, TargetTable
from jixiao.model.serialize import result_from_dict
from jixiao.model.values import TargetValue

_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(max_size=30)
opt_texts = st.none() | texts
money = st.none() | st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)
values = st.builds(
    TargetValue,
    raw=texts,
    kind=st.sampled_from(["quantitative", "qualitative"]),
    op=st.none() | st.sampled_from(["=", "≥", "≤", ">", "<"]),
    number=money,
    unit=opt_texts,
)
indicators = st.builds(
    Indicator,
    level1=texts,
    level2=texts,
    name=texts,
    value=values,
    not_applicable=st.booleans(),
    level1_inferred=st.booleans(),
)
any_tables = st.builds(
    TargetTable,
    kind=st.just("target"),
    fiscal_year=st.none() | st.integers(1990, 2100),
    project=st.builds(
        ProjectHeader,
        name=opt_texts,
        department=opt_texts,
        department_code=opt_texts,
        implementing_unit=opt_texts,
        source=opt_texts,
        period_years=st.none() | st.integers(0, 50),
    ),
    funds=st.builds(Funds, total=money, fiscal=money, carryover=money, other=money),
    goals=st.lists(texts, max_size=3).map(tuple),
    indicators=st.lists(indicators, max_size=6).map(tuple),
)


@_FAST
@given(st.lists(any_tables, min_size=1, max_size=3))
def test_json_round_trip_keeps_any_table(tables: list[TargetTable]) -> None:
    """The analysts' JSON keeps every field of any table, whatever its text."""
    back = result_from_dict(json.loads(dumps(tables))).tables
    assert differences(back, tables) == []


@_FAST
@given(st.randoms(use_true_random=False), st.integers(1, 3))
def test_xlsx_round_trip_keeps_generated_tables(rnd: random.Random, count: int) -> None:
    """A workbook of generated target tables reads back as the same tables."""
    tables = [synthetic_table(rnd) for _ in range(count)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.xlsx"
        write(tables, "xlsx", out)
        assert differences(list(read_path(out).tables), tables) == []
