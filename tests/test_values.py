"""The 指标值 parser: every form seen in the example and the corpus, and properties."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jixiao.model.values import (
    TargetValue,
    combine_split_value,
    is_not_applicable,
    parse_value,
)
from jixiao.model.values_text import is_date
from repo_files import EXAMPLE

D = Decimal
Q = None  # marks a qualitative expectation

# (raw, (op, number, unit, upper)) or (raw, Q); the comment says where the form comes from.
CASES: list[tuple[str, tuple[str, Decimal, str, Decimal | None] | None]] = [
    # wuhu-2024 example
    ("≥95%", ("≥", D("95"), "%", None)),
    ("149人", ("=", D("149"), "人", None)),
    ("≤1年", ("≤", D("1"), "年", None)),
    ("74.5万元", ("=", D("74.5"), "万元", None)),
    ("5000元/人", ("=", D("5000"), "元/人", None)),
    ("≥19000人", ("≥", D("19000"), "人", None)),
    ("12场", ("=", D("12"), "场", None)),
    ("50家", ("=", D("50"), "家", None)),
    ("≥100场", ("≥", D("100"), "场", None)),
    ("本年内", Q),
    ("成效明显", Q),
    ("较为显著", Q),
    ("开展系列活动", Q),
    ("按时按量完成", Q),
    ("不适用", Q),
    ("不适用于该项目", Q),
    ("为基层工会和企业服务,助力经济社会发展。", Q),
    # symbolic comparators and their variants (corpus 027, 030, 046, 047)
    ("≧90%", ("≥", D("90"), "%", None)),
    ("≦5%", ("≤", D("5"), "%", None)),
    (">=21933人", ("≥", D("21933"), "人", None)),
    ("<=5300元/户", ("≤", D("5300"), "元/户", None)),
    ("=>5", ("≥", D("5"), "", None)),
    ("=<3天", ("≤", D("3"), "天", None)),
    ("≥=80%", ("≥", D("80"), "%", None)),
    ("＞90%", (">", D("90"), "%", None)),
    ("＜10%", ("<", D("10"), "%", None)),
    ("＝100%", ("=", D("100"), "%", None)),
    ("＞＝１００％", ("≥", D("100"), "%", None)),
    # the small forms of the 指标性质 column (corpus 062): the same signs
    ("﹦72890元", ("=", D("72890"), "元", None)),
    ("﹥﹦90%", ("≥", D("90"), "%", None)),
    ("﹤5天", ("<", D("5"), "天", None)),
    (">5个", (">", D("5"), "个", None)),
    ("<3次", ("<", D("3"), "次", None)),
    ("=300天", ("=", D("300"), "天", None)),
    ("<>5", Q),
    # OCR 二 for = (corpus 025), only directly before a digit at the start
    ("二100", ("=", D("100"), "", None)),
    ("二100百分比", ("=", D("100"), "%", None)),
    ("二级指标", Q),
    ("完成二100", Q),
    # stray leading unit (corpus 025)
    ("%=99百分比", ("=", D("99"), "%", None)),
    # comparator words
    ("不低于95%", ("≥", D("95"), "%", None)),
    ("不少于6万人", ("≥", D("6"), "万人", None)),
    ("不小于10个", ("≥", D("10"), "个", None)),
    ("大于等于90%", ("≥", D("90"), "%", None)),
    ("至少3次", ("≥", D("3"), "次", None)),
    ("95%以上", ("≥", D("95"), "%", None)),
    ("95%及以上", ("≥", D("95"), "%", None)),
    ("不高于5%", ("≤", D("5"), "%", None)),
    ("不超过90万元", ("≤", D("90"), "万元", None)),
    ("不大于3天", ("≤", D("3"), "天", None)),
    ("小于等于2%", ("≤", D("2"), "%", None)),
    ("3个工作日以内", ("≤", D("3"), "个工作日", None)),
    ("5%以下", ("≤", D("5"), "%", None)),
    ("30日之内", ("≤", D("30"), "日", None)),
    ("大于50人", (">", D("50"), "人", None)),
    ("高于80%", (">", D("80"), "%", None)),
    ("超过100户", (">", D("100"), "户", None)),
    ("小于0.9‰", ("<", D("0.9"), "‰", None)),
    ("低于1%", ("<", D("1"), "%", None)),
    ("不低于95%以上", ("≥", D("95"), "%", None)),
    ("不超过5%以上", Q),
    # full-width digits and dot, thousands separators, spaces, percent spellings
    ("１２．５万元", ("=", D("12.5"), "万元", None)),
    ("19,000人", ("=", D("19000"), "人", None)),
    ("1，000", ("=", D("1000"), "", None)),
    ("≥1,234,567.5元", ("≥", D("1234567.5"), "元", None)),
    ("2279.048 万元", ("=", D("2279.048"), "万元", None)),
    (" ≥ 95 % ", ("≥", D("95"), "%", None)),
    ("95％", ("=", D("95"), "%", None)),
    ("≥100百分比", ("≥", D("100"), "%", None)),
    ("100%完成", Q),
    # ranges: number is the lower bound, upper the upper, op "="
    ("90%-95%", ("=", D("90"), "%", D("95"))),
    ("90-95%", ("=", D("90"), "%", D("95"))),
    ("90%～95%", ("=", D("90"), "%", D("95"))),
    ("90%至95%", ("=", D("90"), "%", D("95"))),
    ("95%-90%", ("=", D("90"), "%", D("95"))),
    ("90%-95人", Q),
    ("≥90-95%", Q),
    # compound and odd units (corpus 014, 042, 047, 027)
    ("1次/月", ("=", D("1"), "次/月", None)),
    ("≤620万/月", ("≤", D("620"), "万/月", None)),
    ("≤7工作日", ("≤", D("7"), "工作日", None)),
    ("≥80M", ("≥", D("80"), "M", None)),
    ("≤28.40/株", ("≤", D("28.40"), "/株", None)),
    (">=570元/人*月", ("≥", D("570"), "元/人*月", None)),
    ("≥3000元/平方米", ("≥", D("3000"), "元/平方米", None)),
    ("100m²", ("=", D("100"), "m²", None)),
    ("≤8小时/人/年", ("≤", D("8"), "小时/人/年", None)),
    ("5个百分点以上", ("≥", D("5"), "个百分点", None)),
    ("98%(含)以上", ("≥", D("98"), "%", None)),
    ("7日内", ("≤", D("7"), "日", None)),
    # dates and date ranges (corpus 037)
    ("2020.1.1-2020.12.31", Q),
    ("2023.07-2024.01", Q),
    ("2020年1月--2020年11月", Q),
    ("2024年12月31日前", Q),
    ("2024年", Q),
    ("2024年底", Q),
    ("2024年内", Q),
    ("2021年实际实现值", Q),
    # sentences that merely contain a number, template residue (corpus 027, 046)
    ("检测批次达到2批次/千人", Q),
    ("2批次检测全部合格并公示到位", Q),
    ("(≥**人)", Q),
    ("( ≥**个 )", Q),
    ("≥**人", Q),
    ("(≥**株)>=17600株", ("≥", D("17600"), "株", None)),
    ("", Q),
    ("   ", Q),
    ("/", Q),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_parse_value_table(
    raw: str, expected: tuple[str, Decimal, str, Decimal | None] | None
) -> None:
    """Each real form parses to exactly the expected comparator, number, unit and bound."""
    value = parse_value(raw)
    assert value.raw == raw
    if expected is None:
        assert value == TargetValue.qualitative(raw)
        return
    op, number, unit, upper = expected
    assert (value.kind, value.op, value.unit) == ("quantitative", op, unit)
    assert value.number == number and isinstance(value.number, Decimal)
    assert value.upper == upper


def _example_values() -> list[str]:
    """Return the 指标值 cell (the last one) of each of the example's 59 indicator rows."""
    values = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        if any(re.match(r"指标\d|不适用", cell) for cell in cells[:-1]):
            values.append(cells[-1])
    return values


def test_every_example_value_is_quantitative_exactly_when_it_has_a_number() -> None:
    """In the example, exactly the values that start with a comparator or digit are numbers."""
    values = _example_values()
    assert len(values) == 59
    for raw in values:
        looks_numeric = raw.strip()[:1] in "≥≤0123456789"
        assert parse_value(raw).is_quantitative == looks_numeric, raw


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不适用", True),
        ("不适用于该项目", True),
        ("不涉及", True),
        ("本项目不涉及", True),
        ("/", True),
        (" / ", True),
        ("—", True),
        ("-", True),
        ("－", True),
        ("无", False),
        ("0", False),
        ("成效明显", False),
        ("", False),
        ("本指标说明:本项目在实施过程中不涉及任何拆迁安置及其他相关事项", False),
    ],
)
def test_is_not_applicable(text: str, expected: bool) -> None:
    """N/A marks of real tables are recognised; 无 and 0 are real values."""
    assert is_not_applicable(text) is expected


@pytest.mark.parametrize(
    ("cells", "raw", "op", "number", "unit"),
    [
        (("≥", "100", "%"), "≥100%", "≥", D("100"), "%"),
        (("=", "100", "%"), "=100%", "=", D("100"), "%"),
        (("≤", "3", "天"), "≤3天", "≤", D("3"), "天"),
        ((" = ", " 95 ", " 百分比 "), "=95百分比", "=", D("95"), "%"),
        (("", "12", "场"), "12场", "=", D("12"), "场"),
        (("=", "95%", "%"), "=95%%", "=", D("95"), "%"),
        (("正向", "95", "%"), "95%", "≥", D("95"), "%"),
        (("反向", "3", "天"), "3天", "≤", D("3"), "天"),
        (("定量", "50", "家"), "50家", "=", D("50"), "家"),
    ],
)
def test_combine_split_value(
    cells: tuple[str, str, str], raw: str, op: str, number: Decimal, unit: str
) -> None:
    """Sichuan's three columns read as one value; a direction word gives the comparator."""
    value = combine_split_value(*cells)
    assert (value.raw, value.kind, value.op, value.number, value.unit) == (
        raw,
        "quantitative",
        op,
        number,
        unit,
    )


def test_combine_split_value_qualitative() -> None:
    """定性 in 指标性质, or text in 指标值, gives a qualitative value."""
    assert combine_split_value("定性", "有效提升", "") == TargetValue.qualitative("有效提升")
    assert combine_split_value("=", "按时完成", "") == TargetValue.qualitative("=按时完成")


def _check_invariants(value: TargetValue, raw: str) -> None:
    """Assert what holds for every parse: raw kept, numbers Decimal and finite."""
    assert value.raw == raw
    if value.kind == "qualitative":
        assert (value.op, value.number, value.unit, value.upper) == (None, None, None, None)
        return
    assert isinstance(value.number, Decimal) and value.number.is_finite()
    assert value.op in ("=", "≥", "≤", ">", "<") and isinstance(value.unit, str)
    if value.upper is not None:
        assert isinstance(value.upper, Decimal) and value.number <= value.upper


@given(st.text())
def test_parse_value_never_raises_on_any_text(raw: str) -> None:
    """Arbitrary text parses without raising and keeps raw."""
    _check_invariants(parse_value(raw), raw)


VALUE_ALPHABET = (
    "0123456789０１.．,，%％≥≤≧≦><=＞＜＝二-~～至—人元万/年月日以上内下不低于超过 *()（）"
)


@given(st.text(alphabet=VALUE_ALPHABET, max_size=20))
def test_parse_value_never_raises_on_value_like_text(raw: str) -> None:
    """Text built from value characters reaches every branch and still never raises."""
    _check_invariants(parse_value(raw), raw)


@given(
    st.sampled_from(["", "≥", "≤", ">", "<", "=", ">=", "<=", "≧", "≦", "＞", "不低于", "不超过"]),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "%", "人", "万元", "元/人", "个工作日", "次/月"]),
)
def test_parse_value_round_trips_generated_values(op: str, number: Decimal, unit: str) -> None:
    """Any comparator + number + unit written out comes back with the same parts."""
    # "2020.12" alone reads as a date by design (year.month, as tables write dates).
    assume(op or unit or not is_date(f"{number:f}"))
    value = parse_value(f"{op}{number:f}{unit}")
    expected_op = {"": "=", ">=": "≥", "<=": "≤", "≧": "≥", "≦": "≤", "＞": ">"}.get(op, op)
    expected_op = {"不低于": "≥", "不超过": "≤"}.get(expected_op, expected_op)
    assert (value.op, value.number, value.unit) == (expected_op, number, unit)


@given(st.text(), st.text(), st.text())
def test_combine_split_value_never_raises(op: str, number: str, unit: str) -> None:
    """Three arbitrary cells combine without raising."""
    value = combine_split_value(op, number, unit)
    _check_invariants(value, value.raw)


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("20萬元", "万元"), ("≥3000畝", "亩"), ("12個", "个"), ("1.5億元", "亿元"), ("≥95%", "%")],
)
def test_units_in_traditional_characters_are_parsed_simplified(raw: str, unit: str) -> None:
    # 繁体 tables (the prose reader and the web form alike) sum with simplified ones,
    # while the raw text keeps what the file wrote.
    value = parse_value(raw)
    assert value.unit == unit
    assert value.raw == raw
