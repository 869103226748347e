"""Family rules found by the mutation check (tests/corpus/mutate_text.py): the same tables
typed in full width or converted to traditional characters read as their originals do."""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest import read_path
from jixiao.model.script import to_simplified


def _read(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    result = read_path(path)
    return [(i.name, i.value.raw) for t in result.tables for i in t.indicators]


def _table(tmp_path: Path, text: str) -> object:
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    return read_path(path).tables[0]


_RUN_ON = (
    "2023年某某区专项资金绩效目标表项目名称：某某区道路养护专项经费主管部门：某某区交通局"
    "资金总额（万元）80一级指标二级指标三级指标指标值产出指标数量指标养护道路里程≥12公里"
    "质量指标养护质量合格率≥95％时效指标资金拨付及时率100％效益指标社会效益指标"
    "群众出行便利程度明显提升满意度指标服务对象满意度指标沿线群众满意度≥90％"
)


def test_run_on_values_keep_full_width_percent_as_written(tmp_path: Path) -> None:
    read = dict(_read(tmp_path, _RUN_ON + "\n"))
    assert read["养护质量合格率"] == "≥95％"
    assert read["沿线群众满意度"] == "≥90％"


def test_full_width_ruby_and_bracketed_labels_in_run_on_text(tmp_path: Path) -> None:
    # Document-sharing copies of traditional tables print pinyin after the characters,
    # in full-width brackets when the copy was typed that way: "區（qū）".
    text = (
        "2022年部門（單位）整體績效目標表\n"
        "部門（單（dān）位）名稱某某區（qū）某某街道辦事處區級支出預算總量1234.5\n"
        "一級指標二級指標三級指標指標值產出指標數量指標轄區道路清掃面積≥20萬平方米"
        "質量指標清掃質量合格率≥95%時效指標資金撥付及時率100%\n"
    )
    table = _table(tmp_path, text)
    assert "（" not in (table.project.name or "")  # type: ignore[attr-defined]
    assert "某某區某某街道辦事處" in (table.project.name or "")  # type: ignore[attr-defined]
    names = {to_simplified(i.name) for i in table.indicators}  # type: ignore[attr-defined]
    assert {"辖区道路清扫面积", "清扫质量合格率", "资金拨付及时率"} <= names


def test_traditional_cell_per_line_table(tmp_path: Path) -> None:
    lines = [
        "項目名稱", "某某村道改造工程", "一級指標", "二級指標", "三級指標", "指標值",
        "產出指標", "數量指標", "改造村道里程", "≥8公里",
        "質量指標", "工程驗收合格率", "100%",
        "效益指標", "社會效益指標", "村民出行條件", "明顯改善",
        "滿意度指標", "服務對象滿意度指標", "沿線村民滿意度", "≥92%",
    ]  # fmt: skip
    read = {to_simplified(n): v for n, v in _read(tmp_path, "\n".join(lines) + "\n")}
    assert read == {
        "改造村道里程": "≥8公里",
        "工程验收合格率": "100%",
        "村民出行条件": "明顯改善",
        "沿线村民满意度": "≥92%",
    }


def test_traditional_prose_list_numbered_and_worded(tmp_path: Path) -> None:
    text = (
        "某某縣水利局2024年項目績效目標和指標\n"
        "【產出指標-數量指標】\n指標1:新建灌溉渠道(≥6公里)\n"
        "【產出指標-質量指標】\n指標1:渠道襯砌寬度不低於1.2米;厚度不低於15釐米\n"
        "【效益指標-社會效益指標】\n指標1:受益農戶(≥300戶)\n"
    )
    read = dict(_read(tmp_path, text))
    assert read["新建灌溉渠道"] == "≥6公里"
    assert read["渠道襯砌寬度"] == "不低於1.2米"
    assert read["厚度"] == "不低於15釐米"
    assert read["受益農戶"] == "≥300戶"


def test_traditional_space_separated_levels_wrapped_over_lines(tmp_path: Path) -> None:
    text = (
        "項目名稱 某某河道清淤經費\n"
        "一級指標 二級指標 三級指標 年度指標值 實際完成值 分值 得分\n"
        "產出指標 數量指標 指標1:清淤河道長度 5公里 5公里 20 20\n"
        "效益指標 社會效益\n"
        "指標\n"
        "指標1:沿河防洪能力 明顯提升 明顯提升 20 20\n"
        "可持續影\n"
        "響指標\n"
        "指標1:河道長效管護 持續開展 持續開展 10 10\n"
    )
    table = _table(tmp_path, text)
    rows = [(i.level2, to_simplified(i.name)) for i in table.indicators]  # type: ignore[attr-defined]
    assert rows == [
        ("数量指标", "清淤河道长度"),
        ("社会效益指标", "沿河防洪能力"),
        ("可持续影响指标", "河道长效管护"),
    ]


def test_traditional_run_on_level_broken_by_a_space(tmp_path: Path) -> None:
    text = (
        "項目名稱某某文化下鄉經費一級指標二級指標三級指標指標值產出指標數量指標"
        "送戲下鄉場次≥30場效益指標社會效益 指標受益群眾人次≥5000人次滿意度指標"
        "服務對象 滿意度指 標觀眾滿意度≥90%\n"
    )
    read = {to_simplified(n): v for n, v in _read(tmp_path, text)}
    assert read == {"送戏下乡场次": "≥30場", "受益群众人次": "≥5000人次", "观众满意度": "≥90%"}


def test_traditional_project_disclosure_names_its_first_project(tmp_path: Path) -> None:
    text = (
        "某某市交通局2025年項目績效目標和指標\n"
        "單位名稱\n某某市交通局\n52000000\n"
        "  其他運轉類\n1250000\n"
        "   001001\n   某某市農村公路養護服務採購項目\n1250000\n"
        "【項目概況】:該項目為農村公路日常養護。\n"
        "【產出指標-數量指標】\n指標1:養護里程(≥300公里)\n"
        "【產出指標-質量指標】\n指標1:路況優良率(≥85%)\n"
    )
    table = _table(tmp_path, text)
    assert to_simplified(table.project.name or "") == "某某市农村公路养护服务采购项目"  # type: ignore[attr-defined]
    assert str(table.funds.total) == "125"  # type: ignore[attr-defined]


def test_cell_per_line_table_with_an_empty_note_column(tmp_path: Path) -> None:
    # A Word table saved as paragraphs drops its empty cells: the 指标说明 column,
    # left empty on most rows, leaves no line, and the next line is the next name.
    lines = [
        "项目名称", "某某小学运动场改造工程",
        "一级指标", "二级指标", "三级指标", "指标值", "指标说明",
        "产出指标", "数量指标", "塑胶跑道面积", "3200平方米",
        "篮球架", "4副",
        "照明灯杆", "12根", "反映运动场夜间照明设施的配置数量",
        "质量指标", "工程验收合格率", "100%",
        "时效指标", "完工时间", "2024年8月31日前",
        "满意度指标", "服务对象满意度指标", "师生满意度", "≥90%",
    ]  # fmt: skip
    read = _read(tmp_path, "\n".join(lines) + "\n")
    assert read == [
        ("塑胶跑道面积", "3200平方米"),
        ("篮球架", "4副"),
        ("照明灯杆", "12根"),
        ("工程验收合格率", "100%"),
        ("完工时间", "2024年8月31日前"),
        ("师生满意度", "≥90%"),
    ]


def test_pipe_per_cell_block_label_before_the_levels_keeps_the_columns(tmp_path: Path) -> None:
    # "年度绩效指标" is a rowspan label in front of 一级指标; its value heads carry the
    # formula letters ("年初目标值(A)") and must stay in their order after 三级指标.
    cells = [
        "年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分",
        None,
        "产出指标", "数量指标", "走访困难群众户数", "120户", "126户", "20", None,
        "满意度指标", "服务对象满意度指标", "受访群众满意度", "≥90%", "96%", "10", None,
    ]  # fmt: skip
    lines = ["|"]
    for cell in cells:
        lines += ["||||", "|"] if cell is None else [f"{cell} |"]
    table = _table(tmp_path, "\n".join(lines) + "\n")
    got = [(i.name, i.value.raw, i.actual.raw if i.actual else None) for i in table.indicators]  # type: ignore[attr-defined]
    assert got == [("走访困难群众户数", "120户", "126户"), ("受访群众满意度", "≥90%", "96%")]


def test_space_separated_level_name_wrapped_at_a_space(tmp_path: Path) -> None:
    text = (
        "项目名称 某某社区养老服务补助\n"
        "一级指标 二级指标 三级指标 指标值\n"
        "产出指标 数量指标 助餐服务人次 ≥3000人次\n"
        "满意度指标 服务对象 满意度指标 老年人满意度 ≥90%\n"
    )
    table = _table(tmp_path, text)
    rows = [(i.level2, i.name, i.value.raw) for i in table.indicators]  # type: ignore[attr-defined]
    assert rows == [
        ("数量指标", "助餐服务人次", "≥3000人次"),
        ("服务对象满意度指标", "老年人满意度", "≥90%"),
    ]


def test_cell_per_line_note_column_and_a_word_target_before_a_number(tmp_path: Path) -> None:
    # "水质检测 / 达标 / 98%": a short word target and its actual follow the name; the
    # name is no note of the row before, though a number comes two cells later.
    lines = [
        "项目名称", "某某村集中供水工程",
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "备注",
        "产出指标", "数量指标", "新建蓄水池", "2座", "2座",
        "质量指标", "水质检测", "达标", "98%",
        "时效指标", "工程完工时间", "2023年10月前", "2023年9月",
    ]  # fmt: skip
    table = _table(tmp_path, "\n".join(lines) + "\n")
    got = [(i.name, i.value.raw) for i in table.indicators]  # type: ignore[attr-defined]
    assert got == [("新建蓄水池", "2座"), ("水质检测", "达标"), ("工程完工时间", "2023年10月前")]
