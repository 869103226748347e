"""The reading measure: the real corpus against its golden readings, per layout family.

Prints indicator recall and precision and header recall for each family, and holds them at
or above the figures measured when the measure was written (FLOOR). The reader is being
improved, so the floor is meant to rise; it is not 100 % yet.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from repo_files import CORPUS_FILES, GOLDEN

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

FAMILIES = {
    "pipe-per-cell",
    "md-pipes",
    "run-on",
    "space-separated",
    "line-per-cell",
    "prose",
    "glued rows",
}

# (indicator recall, indicator precision, header recall) measured on 2026-12-05 after the
# families of issue 15 (prose headers, project lists, 目标-worded levels, report tables,
# vertical labels, chunk markers, place columns …), rounded down: a change that reads any
# family worse fails here. Raised after the second round (two-row block headers, transposed
# blocks, glued yes/no answers, spaced level names, traditional run-on tables), and after
# the mutation round (text targets repeated as their actual: run-on 86.5 → 87.6 %), and after
# report sentences beside a partial glued table (run-on 87.6 → 89.9 %).
FLOOR: dict[str, tuple[float, float, float]] = {
    "glued rows": (1.0, 1.0, 1.0),
    "line-per-cell": (1.0, 1.0, 0.923),
    "md-pipes": (1.0, 0.99, 0.956),
    "pipe-per-cell": (0.909, 0.882, 1.0),
    "prose": (1.0, 1.0, 1.0),
    "run-on": (0.899, 0.899, 0.875),
    "space-separated": (1.0, 0.773, 1.0),
    "all": (0.961, 0.924, 0.944),
}


@pytest.fixture(scope="module")
def measured() -> list[score.FileScore]:
    return score.measure()


def _golden(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_corpus_file_has_a_golden_reading() -> None:
    named = {_golden(p)["file"] for p in GOLDEN.glob("[0-9][0-9][0-9].json")}
    assert named == {p.name for p in CORPUS_FILES}
    for path in GOLDEN.glob("[0-9][0-9][0-9].json"):
        golden = _golden(path)
        assert golden["file"].startswith(path.stem + "_")
        assert golden["family"] in FAMILIES, path.name


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("[0-9][0-9][0-9].json")), ids=lambda p: p.stem)
def test_golden_reading_is_taken_from_its_text(path: Path) -> None:
    """Every golden name and value occurs in the text it claims to read (typos, wrong files)."""
    golden = _golden(path)
    text = score.clean(re.sub(r"\n\s*\d、", "", (score.CORPUS / golden["file"]).read_text("utf-8")))
    for key in ("project_name", "department"):
        assert score.clean(golden[key]) in text, (key, golden[key])
    for ind in golden["indicators"]:
        assert score.clean(ind["name"]) in text, ind["name"]
        assert score.clean(ind["target_raw"]) in text, (ind["name"], ind["target_raw"])
        assert ind["op"] in (None, "=", "≥", "≤", ">", "<")
        assert (ind["op"] is None) == (ind["number"] is None), ind["name"]


def test_no_corpus_file_crashes_the_reader(measured: list[score.FileScore]) -> None:
    assert len(measured) == len(CORPUS_FILES)
    assert {s.number: s.crashed for s in measured if s.crashed} == {}


def test_figures_per_family_hold_the_floor(
    measured: list[score.FileScore], capsys: pytest.CaptureFixture[str]
) -> None:
    families = score.by_family(measured)
    with capsys.disabled():
        sys.stdout.write("\n" + score.report(families) + "\n")
    assert set(families) == set(FLOOR)
    below = {}
    for name, f in families.items():
        got = (round(f.recall, 3), round(f.precision, 3), round(f.header_recall, 3))
        if any(value < floor for value, floor in zip(got, FLOOR[name], strict=True)):
            below[name] = got
    assert below == {}, f"below the floor {FLOOR}"


# The measure itself, on hand-made readings: what counts as the same name and value.
def _read(
    name: str, raw: str, op: str | None, number: str | None, unit: str | None
) -> dict[str, Any]:
    kind = "quantitative" if number else "qualitative"
    return {
        "name": name,
        "value": {"raw": raw, "kind": kind, "op": op, "number": number, "unit": unit},
    }


def _gold(
    name: str, raw: str, op: str | None, number: str | None, unit: str | None
) -> dict[str, Any]:
    return {"name": name, "target_raw": raw, "op": op, "number": number, "unit": unit}


@pytest.mark.parametrize(
    ("golden", "read", "same"),
    [
        # traditional as written against the reader's simplified form, pinyin ruby dropped
        (
            _gold("滅火設(shè)備配備率", "100%", "=", "100", "%"),
            _read("灭火设备配备率", "100%", "=", "100", "%"),
            True,
        ),
        # split columns (指标性质 / 指标值 / 度量单位) against one cell: same comparator, number, unit
        (_gold("满意度", "95", "≥", "95", "%"), _read("满意度", "≥95%", "≥", "95", "%"), True),
        (_gold("回收率", ">=90%", "≥", "90", "%"), _read("回收率", "≧90%", "≥", "90", "%"), True),
        (
            _gold("指标1:培训人次", "≥500人次", "≥", "500", "人次"),
            _read("培训人次", "≥500人次", "≥", "500", "人次"),
            True,
        ),
        # a full-width percent or digit is the same value ("１００％" typed in full width)
        (
            _gold("合格率", "１００％", "=", "100", "％"),
            _read("合格率", "100%", "=", "100", "%"),
            True,
        ),
        # qualitative text is compared as written
        (
            _gold("社会效益", "成效明显", None, None, None),
            _read("社会效益", "成效 明显", None, None, None),
            True,
        ),
        # a different number, comparator or name is a miss
        (_gold("满意度", "≥95%", "≥", "95", "%"), _read("满意度", "≥90%", "≥", "90", "%"), False),
        (_gold("满意度", "≥95%", "≥", "95", "%"), _read("满意度", "=95%", "=", "95", "%"), False),
        (_gold("满意度", "≥95%", "≥", "95", "%"), _read("合格率", "≥95%", "≥", "95", "%"), False),
        # a name glued to its value is not the indicator
        (
            _gold("提升绿化水平", "提升", None, None, None),
            _read("提升绿化水平提升", "", None, None, None),
            False,
        ),
        # a header word read as an indicator matches nothing
        (_gold("机柜数量", "≥77台", "≥", "77", "台"), _read("机", "77", "=", "77", None), False),
    ],
)
def test_what_counts_as_the_same_indicator(
    golden: dict[str, Any], read: dict[str, Any], same: bool
) -> None:
    assert bool(score.match_indicators([golden], [read])) is same


def test_header_fields_count_by_containment_and_decimal() -> None:
    golden = {"project_name": "临时救助", "department": "濉溪县民政局", "funds_total_wan": "30"}
    read = {
        "project": {"name": "2019年临时救助", "department": "[155]濉溪县民政局"},
        "funds": {"total": "30.00"},
    }
    assert score.header_hits(golden, read) == (3, 3)
    wrong = {"project": {"name": "救助", "department": "民政局"}, "funds": {"total": "300"}}
    # a fragment of the name is not the name
    assert score.header_fields(golden, wrong) == {
        "project_name": False,
        "department": False,
        "funds_total_wan": False,
    }
