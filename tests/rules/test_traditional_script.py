"""A table in traditional characters keeps its names, and is checked like its simplified twin.

Mainland tables come back from mirror sites converted to traditional characters with
pinyin ruby ("區(qū)級(jí)"). The names are the file's (ruby removed); everything that
recognises words (labels, levels, 满意度, 成本…) works on the simplified form.
"""

from __future__ import annotations

from collections import Counter

import opencc
import pytest

from jixiao.ingest import read_text
from jixiao.model.project import TargetTable
from jixiao.rules import check_table
from repo_files import EXAMPLE

S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


def _with_ruby(text: str) -> str:
    # A few characters carry their pinyin, as the mirrors print it.
    for char, ruby in (("項", "xiàng"), ("級", "jí"), ("質", "zhì"), ("數", "shù")):
        text = text.replace(char, f"{char}({ruby})")
    return text


@pytest.fixture(scope="module")
def twins() -> list[tuple[TargetTable, TargetTable]]:
    simplified = EXAMPLE.read_text(encoding="utf-8")
    traditional = _with_ruby(S2T.convert(simplified))
    assert "項(xiàng)" in traditional
    base = read_text(simplified, "s.txt").tables
    trad = read_text(traditional, "t.txt").tables
    assert len(base) == len(trad) == 6
    return list(zip(base, trad, strict=True))


def test_names_keep_the_file_script(twins: list[tuple[TargetTable, TargetTable]]) -> None:
    changed = 0
    for base, trad in twins:
        for field in ("name", "department", "implementing_unit"):
            plain = getattr(base.project, field)
            written = getattr(trad.project, field)
            assert written == (S2T.convert(plain) if plain else plain)
        assert trad.goals == tuple(S2T.convert(g) for g in base.goals)
        for x, y in zip(base.indicators, trad.indicators, strict=True):
            assert y.name == S2T.convert(x.name)
            assert "(" not in y.name or "(" in x.name  # no ruby left in a name
            changed += y.name != x.name
            # Level names are taxonomy names: canonical simplified in both.
            assert (y.level1, y.level2) == (x.level1, x.level2)
    assert changed > 20  # the names really are in traditional characters


def test_values_read_the_same_and_raw_is_as_written(
    twins: list[tuple[TargetTable, TargetTable]],
) -> None:
    for base, trad in twins:
        for x, y in zip(base.indicators, trad.indicators, strict=True):
            assert (y.value.kind, y.value.op, y.value.number, y.value.unit) == (
                x.value.kind,
                x.value.op,
                x.value.number,
                x.value.unit,
            )
            assert y.value.raw == S2T.convert(x.value.raw)


def test_check_finds_the_same_on_both(twins: list[tuple[TargetTable, TargetTable]]) -> None:
    codes: set[str] = set()
    quoted = 0
    for base, trad in twins:
        base_report, trad_report = check_table(base), check_table(trad)
        base_codes = Counter(
            (f.code, S2T.convert(f.indicator) if f.indicator else None)
            for f in base_report.findings
        )
        trad_codes = Counter((f.code, f.indicator) for f in trad_report.findings)
        assert trad_codes == base_codes
        assert trad_report.grade == base_report.grade
        codes.update(code for code, _ in trad_codes)
        # A finding quotes the name as the file writes it, never its simplified form.
        for finding in trad_report.findings:
            name = finding.indicator
            if name and T2S.convert(name) != name:
                assert f"“{T2S.convert(name)}”" not in finding.message
                quoted += f"“{name}”" in finding.message
    assert len(codes) >= 3  # the example does raise findings, so the comparison means something
    assert quoted >= 1


def test_a_name_joined_from_cells_is_restored_by_character() -> None:
    # A name split over two lines of its cell is joined by the reader: no one cell
    # holds it whole, so its characters are taken from the file's own usage.
    from jixiao.ingest.script import ScriptRestorer

    restorer = ScriptRestorer(["區(qū)級森林防火", "專項經費", "滅火設備配備率"])
    assert restorer.restore("区级森林防火专项经费") == "區級森林防火專項經費"
    assert restorer.restore("灭火设备") == "滅火設備"
    assert restorer.restore("100%") == "100%"


def test_a_simplified_label_does_not_hide_the_written_name() -> None:
    from jixiao.ingest.script import ScriptRestorer

    # The template's label stayed simplified; the goal below it is the file's text.
    restorer = ScriptRestorer(["年度目标完成情况", "完成情況"])
    assert restorer.restore("完成情况") == "完成情況"
