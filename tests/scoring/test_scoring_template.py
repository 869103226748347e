"""Round trip: template selfeval on the six Wuhu tables, filled in, read back and scored.

The expected scores are computed by hand below (central-2020 weights: 执行 10, 产出 50,
效益 30, 满意度 10, split evenly over the applicable rows of each group, leftover cents
to the first rows; each indicator rounded half-up to 2 places, then summed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from scoring_helpers import D, flat
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.export.selfeval_template import FIRST_ROW, META_SHEET
from jixiao.ingest.selfeval_template import read_selfeval_workbook
from jixiao.model.money import money_str
from jixiao.scoring import score_table
from repo_files import EXAMPLE

WUHU = EXAMPLE
ACH, PART, MISS = "达成预期指标", "部分达成预期指标并具有一定效果", "未达成预期指标且效果较差"

# One entry per table: 全年执行数 (and reason), then name -> (实际完成值, 偏差原因, 得分 typed over the formula).
FILLS: list[dict[str, Any]] = [
    {  # 2023年劳模表彰大会经费, 74.5万元; 产出 5 rows × 10, 效益 2 applicable × 15, 满意度 10
        "executed": 74.5,  # 10 × min(74.5/74.5, 1) = 10
        "rows": {
            "表彰劳模和先进工作者": (
                140,
                "部分人员放弃",
                None,
            ),  # "149人" (=, not cost → ≥): 10 × 140/149 = 9.3959 → 9.40
            "项目完成质量": (ACH, None, None),  # 10
            "项目完成时间": ("本年内", None, None),  # target text repeated → 达成 → 10
            "项目总金额": (74.5, None, None),  # = 74.5 → 10
            "奖励标准": (5000, None, None),  # = 5000 → 10
            "提高劳模社会地位": (PART, "宣传不足", None),  # 15 × 80% = 12
            "发挥劳模及先进工作者引领作用,营造劳动光荣社会氛围": (ACH, None, None),  # 15
            "劳模满意度": (97, None, None),  # ≥95: 10
        },
    },
    {  # 芜湖市劳模综合服务资金, 104万元; 产出 6 rows: 8.34, 8.34, 8.33 ×4; 效益 3 × 10; 满意度 10
        "executed": 98.8,  # 10 × 98.8/104 = 9.5
        "rows": {
            "劳模体检人数": (96, "部分劳模因病未参检", None),  # 8.34 × 96/100 = 8.0064 → 8.01
            "劳模困难救助人数": (30, None, None),  # ≥25: 8.34
            "劳模疗休养": (160, None, None),  # ≥100: 8.33; 160% → over-achieved
            "项目完成质量": (ACH, "个别活动延后", 7),  # typed 7, inside 6.66–8.33 → 7
            "项目完成时间": (PART, "年底集中支付", None),  # 8.33 × 80% = 6.664 → 6.66
            "项目总金额": (
                110,
                "追加疗养批次",
                None,
            ),  # cost "=104" → ≤: 8.33 × 104/110 = 7.8756 → 7.88
            "促进我市经济增长, 提高劳模经济待遇": (ACH, None, None),  # 10
            "关心关爱劳模身心健康, 提高劳模社会地位": (
                ACH,
                None,
                12,
            ),  # typed 12 > 10 → clamped to 10
            "发挥劳模及先进工作者引领作用, 营造劳动光荣社会氛围": (ACH, None, None),  # 10
            "劳模满意度": (92, None, None),  # 10
        },
    },
    {  # 困难职工帮扶解困送温暖经费, 150万元; 产出 7 rows: 7.15, 7.15, 7.14 ×5; 效益 3 × 10; 满意度 10
        "executed": 120,  # 10 × 120/150 = 8, below 90% with no reason
        "rows": {
            "生活救助": (0, "对象未申报", None),  # actual 0 → 0
            "医疗救助": (50, None, None),  # 7.15
            "子女助学": (45, "生源减少", None),  # 7.14 × 45/50 = 6.426 → 6.43
            "送温暖慰问": (150, None, None),  # 7.14
            "项目完成质量": (ACH, None, None),  # 7.14
            "项目完成时间": ("本年内", None, None),  # 7.14
            "项目预算金额": (120, None, None),  # cost ≤150 → 7.14
            "节约成本": (ACH, None, None),  # 10
            "实现全市在档困难职工解困脱困": (ACH, None, None),  # 10
            "建立完善困难职工帮扶体系": (PART, "体系建设中", None),  # 10 × 80% = 8
            "帮扶对象满意度": (85, "宣传不到位", None),  # 10 × 85/90 = 9.444 → 9.44
        },
    },
    {  # 工人文化宫公益性活动, 120万元; 产出 8 × 6.25; 效益 2 × 15; 满意度 2 × 5
        "executed": 130,  # over-spent: 10 × min(130/120, 1) = 10
        "rows": {
            "基层工会建会联系走访工作": (55, None, None),  # "50家" (=) → ≥: 6.25
            "职工书吧书屋实地考察工作": (15, "人手不足", None),  # 6.25 × 15/20 = 4.6875 → 4.69
            "网络安全周进企业、进社区宣传": (4, "场地受限", None),  # 6.25 × 4/6 = 4.1667 → 4.17
            "全市工会“好网民”主题活动": (ACH, None, None),  # 6.25
            "文明志愿服务": (12, None, None),  # 6.25
            "项目完成质量": (MISS, "方案调整", None),  # 6.25 × 50% = 3.125 → 3.13 (half-up)
            "项目完成时间": (ACH, None, None),  # 6.25
            "项目总金额": (126, "物价上涨", None),  # cost ≤120: 6.25 × 120/126 = 5.9524 → 5.95
            "提高服务效益": (ACH, None, None),  # 15
            "服务企业、服务职工": (ACH, None, None),  # 15
            "职工满意度": (95, None, None),  # 5
            "企业满意度": (88, "服务覆盖不足", None),  # 5 × 88/90 = 4.8889 → 4.89
        },
    },
    {  # “中国梦劳动美”系列活动, 5万元; 产出 4 × 12.5; 效益 2 × 15; 满意度 10
        "executed": 4.2,
        "reason": "部分活动改为线上",  # 10 × 4.2/5 = 8.4, reason given
        "rows": {
            "开展主题宣教活动": (100, None, None),  # 12.5
            "项目完成质量": (ACH, None, None),  # 12.5
            "项目完成时间": (ACH, None, None),  # 12.5
            "项目预算金额": (4.2, None, None),  # cost ≤5 → 12.5
            "加强职工群众思想政治引领": (PART, "覆盖面不足", None),  # 15 × 80% = 12
            "持续提升职工政治素质": (MISS, "活动减少", None),  # 15 × 50% = 7.5
            "群众满意度": (96, None, None),  # 10
        },
    },
    {  # 职工服务中心工作经费, 80万元; 产出 4 × 12.5; 效益 3 applicable × 10 (生态 不适用); 满意度 10
        "executed": 80,  # 10
        "rows": {
            "工作接待人次": (30000, None, None),  # ≥19000: 12.5; 157.9% → over-achieved
            "项目完成质量": (ACH, None, None),  # 12.5
            "完成时间": (1.25, "系统升级延期", None),  # ≤1年 with 1.25: 12.5 × 1/1.25 = 10
            "项目总金额": (80, None, None),  # 12.5
            "节约政府成本": (ACH, None, None),  # 10
            "保证事业运维": (ACH, None, None),  # 10
            "持续为职工维权服务": (ACH, None, None),  # 10
            "职工满意度": (93, None, None),  # ≥93: 10
        },
    },
]

EXPECTED: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    # 10 + 9.40 + 10 + 10 + 10 + 10 + 12 + 15 + 10 = 96.40
    ("96.4", "优", []),
    # 9.5 + 8.01 + 8.34 + 8.33 + 7 + 6.66 + 7.88 + 10 + 10 + 10 + 10 = 95.72
    (
        "95.72",
        "优",
        [
            ("selfeval.over-achieved", "劳模疗休养"),
            # a cost "=104" is a ceiling: 110 spent breaks it (a breach, not a shortfall)
            ("selfeval.ceiling-exceeded", "项目总金额"),
            ("selfeval.score-above-weight", "关心关爱劳模身心健康, 提高劳模社会地位"),
            ("selfeval.tier-out-of-range", "关心关爱劳模身心健康, 提高劳模社会地位"),
        ],
    ),
    # 8 + 0 + 7.15 + 6.43 + 7.14 × 4 + 10 + 10 + 8 + 9.44 = 87.58
    ("87.58", "良", [("selfeval.execution-low-no-reason", None)]),
    # 10 + 6.25 + 4.69 + 4.17 + 6.25 + 6.25 + 3.13 + 6.25 + 5.95 + 15 + 15 + 5 + 4.89 = 92.83
    # its cost "120万元" is a ceiling: 126 spent breaks it
    ("92.83", "优", [("selfeval.ceiling-exceeded", "项目总金额")]),
    # 8.4 + 12.5 × 4 + 12 + 7.5 + 10 = 87.9
    ("87.9", "良", []),
    # 10 + 12.5 + 12.5 + 10 + 12.5 + 10 × 3 + 10 = 97.5
    ("97.5", "优", [("selfeval.over-achieved", "工作接待人次")]),
]

INDICATOR_SCORES = {  # table 1, in file order: the per-row arithmetic above
    1: ["8.01", "8.34", "8.33", "7", "6.66", "7.88", "10", "10", "10", "10"],
    3: ["6.25", "4.69", "4.17", "6.25", "6.25", "3.13", "6.25", "5.95", "15", "15", "5", "4.89"],
}


def _fill(ws: Any, fill: dict[str, Any]) -> None:
    ws["E6"] = fill["executed"]
    ws["I6"] = fill.get("reason")
    rows = {
        ws.cell(r, 3).value: r
        for r in range(FIRST_ROW, ws.max_row + 1)
        if isinstance(ws.cell(r, 14).value, int)
    }
    for name, (actual, reason, typed) in fill["rows"].items():
        r = rows[name]
        ws.cell(r, 5, actual)
        ws.cell(r, 9, reason)
        if typed is not None:
            ws.cell(r, 8, typed)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template written by the CLI from the Wuhu file, filled in as FILLS says."""
    folder = tmp_path_factory.mktemp("selfeval")
    blank, done = folder / "blank.xlsx", folder / "filled.xlsx"
    result = CliRunner().invoke(app, ["template", "selfeval", str(WUHU), "-o", str(blank)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(blank)
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    assert len(sheets) == 6
    for ws, fill in zip(sheets, FILLS, strict=True):
        _fill(ws, fill)
    wb.save(done)
    return done


def test_template_round_trip_scores_match_hand_computed(filled: Path) -> None:
    tables = read_selfeval_workbook(filled)
    assert [len(t.indicators) for t in tables] == [10, 10, 11, 12, 7, 9]  # 59, as in the file
    got = []
    for table in tables:
        sheet = score_table(table)
        got.append((money_str(sheet.total), sheet.grade, flat(sheet.findings)))
    assert got == EXPECTED
    for i, scores in INDICATOR_SCORES.items():
        assert [money_str(s.score) for s in score_table(tables[i]).indicators] == scores


def test_cli_scores_the_filled_template(filled: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(filled), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(t["total"], t["grade"]) for t in doc["tables"]] == [(e[0], e[1]) for e in EXPECTED]
    first = doc["tables"][0]["indicators"][0]
    assert first["explain"] == "149人, 实际140人: 按“≥”计: 10 × 140/149 = 9.4"


def test_edited_target_value_is_caught_against_the_approved_file(
    filled: Path, tmp_path: Path
) -> None:
    wb = load_workbook(filled)
    ws = wb.worksheets[1]
    row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == "劳模体检人数")
    ws.cell(row, 4, "≥90人")  # the unit quietly lowers its approved target
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    result = CliRunner().invoke(app, ["score", str(edited), "--target", str(WUHU), "--json"])
    assert result.exit_code == 0, result.output
    changed = [
        (i, f["indicator"])
        for i, t in enumerate(json.loads(result.stdout)["tables"])
        for f in t["findings"]
        if f["code"] == "consistency.target-changed"
    ]
    assert changed == [(1, "劳模体检人数")]


def _soffice() -> str | None:
    found = shutil.which("soffice")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("CI must install libreoffice-calc-nogui to recalculate the template's formulas")
    return found


def test_excel_formulas_compute_the_same_scores(filled: Path, tmp_path: Path) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    wb = load_workbook(tmp_path / "out" / filled.name, data_only=True)
    typed = [{n for n, row in fill["rows"].items() if row[2] is not None} for fill in FILLS]
    for ws, table, (total, grade, _), own in zip(
        wb.worksheets, read_selfeval_workbook(filled), EXPECTED, typed, strict=False
    ):
        sheet = score_table(table)
        last = FIRST_ROW + len(table.indicators)
        lines = [
            (FIRST_ROW + i, s)
            for i, s in enumerate(sheet.indicators)
            if s.indicator.name not in own
        ]
        excel = [ws.cell(r, 8).value for r, _ in lines]
        python = [float(s.score) if s.score is not None else None for _, s in lines]
        assert excel == python, ws.title
        assert ws.cell(6, 8).value == float(sheet.execution.score)
        if not own:  # a typed score outside its tier is clamped by jixiao, not by Excel
            assert (D(str(ws.cell(last, 8).value)), ws.cell(last + 1, 8).value) == (D(total), grade)


def test_cli_adds_cross_year_findings_for_one_project(tmp_path: Path) -> None:
    from scoring_helpers import ind, q, table

    from jixiao.export.selfeval_template import write_selfeval_template
    from jixiao.model.project import Funds, ProjectHeader

    def year(y: int, funds: int, number: str, actual: int) -> Path:
        row = ind("体检人数", q(f"≥{number}人", "≥", number, "人"))
        target = replace(
            table(row, kind="target", year=y, funds=Funds(total=D(funds))),
            project=ProjectHeader(name=f"{y}年劳模体检", department_code="508"),
        )
        path = tmp_path / f"{y}.xlsx"
        write_selfeval_template([target], path)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws["E6"], ws[f"E{FIRST_ROW}"] = funds, actual
        wb.save(path)
        return path

    # 2023: ≥100 with 130 achieved; 2024: funds up from 100 to 120, target lowered to ≥90.
    files = [year(2023, 100, "100", 130), year(2024, 120, "90", 95)]
    result = CliRunner().invoke(app, ["score", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    tables = json.loads(result.stdout)["tables"]
    assert [f["code"] for f in tables[0]["findings"]] == []
    assert [f["code"] for f in tables[1]["findings"] if f["code"].startswith("crossyear.")] == [
        "crossyear.target-lowered-funds-up",
        "crossyear.below-last-actual",
    ]
