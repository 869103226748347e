"""The reader never raises, whatever the bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest import read_bytes, read_text
from jixiao.ingest.text import decode

TABLE_ALPHABET = st.sampled_from(
    list(
        "\t\n|  :：()（）≥≤%一二三级指标值产出效益满意度数量质量成本项目名称资金年度目标1234567890.万元人"
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_read_bytes_never_raises(data: bytes) -> None:
    result = read_bytes(data, "fuzz.txt")
    assert all(p.source.file == "fuzz.txt" for p in result.problems)
    text, encoding, _lossy = decode(data)
    assert isinstance(text, str) and encoding


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=TABLE_ALPHABET, max_size=3000))
def test_table_like_text_never_raises(text: str) -> None:
    result = read_text(text, "fuzz.txt")
    for table in result.tables:
        for ind in table.indicators:
            assert ind.value.raw is not None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_example_never_raises(example_text: str, data: st.DataObject) -> None:
    lines = example_text.split("\n")
    for _ in range(data.draw(st.integers(0, 12))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "untab", "dup", "cut", "swap"]))
        if op == "drop":
            lines.pop(i)
        elif op == "untab":
            lines[i] = lines[i].lstrip("\t")
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            break
    result = read_text("\n".join(lines), "mutant.txt")
    assert all(p.source.file == "mutant.txt" for p in result.problems)
