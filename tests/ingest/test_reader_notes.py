"""What the reader notes for the rules: blank template rows it skipped, a funds block left
blank, a run-on 完成情况 cut from the goals."""

from __future__ import annotations

from jixiao.ingest import read_text
from jixiao.rules import check_table

# A tab-separated 自评 form whose unit kept the template's spare rows ("指标2:", "……").
_FORM = """项目名称\t社区图书角建设补助
主管部门\t某县文化和旅游局
实施单位\t某县图书馆
年度资金总额\t12
年度目标\t建成社区图书角6个,年接待读者3000人次。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t指标1:建成图书角数量\t≥6个
\t\t指标2:\t
\t质量指标\t指标1:图书上架合格率\t≥98%
\t\t……\t
\t时效指标\t指标1:完成时间\t2025年10月底前
\t成本指标\t指标1:图书购置成本\t≤12万元
效益指标\t社会效益指标\t指标1:年接待读者人次\t≥3000人次
满意度指标\t服务对象满意度指标\t指标1:读者满意度\t≥90%
"""


def test_blank_template_rows_are_counted_not_read() -> None:
    (table,) = read_text(_FORM).tables
    names = [i.name for i in table.indicators]
    assert "" not in names and not any("……" in n for n in names)
    assert table.placeholder_rows == 2
    codes = {(f.code, f.indicator) for f in check_table(table).findings}
    assert ("values.template-text", None) in codes


# The same habit in run-on text (a document site's preview with every border lost): the
# empty "指标2:" rows glue onto the row before ("12套指标2:") and onto each other.
_RUN_ON = (
    "项目支出绩效目标表(2021年度)项目名称乡村文化广场音响购置主管部门青山区文化旅游局"
    "实施单位青山区文化馆项目资金(万元)年度资金总额 20 其中:当年财政拨款 20 上年结转资金"
    "其他资金年度 总体 目标购置广场演出音响设备,丰富群众文化生活。绩 效 指 标一级指标二级指标"
    "三级指标年度 指标值产出指标数量指标购置音响设备12套指标2:质量指标设备验收合格率100%"
    "指标2:时效指标指标1:指标2: 成本指标音响购置成本≤20万元指标2:效益指标社会效益 指标"
    "开展广场文化活动≥40场指标2:满意度 指标服务对象 满意度指 标群众满意度≥90%指标2:\n"
)


def test_blank_numbered_rows_in_run_on_text_are_counted_not_read() -> None:
    (table,) = read_text(_RUN_ON).tables
    assert [(i.name, i.value.raw) for i in table.indicators] == [
        ("购置音响设备", "12套"),
        ("设备验收合格率", "100%"),
        ("音响购置成本", "≤20万元"),
        ("开展广场文化活动", "≥40场"),
        ("群众满意度", "≥90%"),
    ]
    assert table.placeholder_rows == 7
    codes = {(f.code, f.indicator) for f in check_table(table).findings}
    assert ("values.template-text", None) in codes


def test_numbered_rows_with_names_in_run_on_text_are_no_blank_rows() -> None:
    # "指标1:购置音响设备12套": a numbering with its name is a row like any other.
    text = _RUN_ON.replace("指标2:", "").replace("指标1:", "")
    text = text.replace("数量指标购置", "数量指标指标1:购置").replace(
        "质量指标设备", "质量指标指标1:设备"
    )
    (table,) = read_text(text).tables
    assert table.placeholder_rows == 0
    assert [i.name for i in table.indicators][:2] == ["购置音响设备", "设备验收合格率"]


def test_a_filled_form_has_no_placeholder_rows() -> None:
    text = _FORM.replace("\t\t指标2:\t\n", "").replace("\t\t……\t\n", "")
    (table,) = read_text(text).tables
    assert table.placeholder_rows == 0
    assert "values.template-text" not in {f.code for f in check_table(table).findings}


# A 自评表 copied from a web page as one run-on line: the 完成情况 head sits inside the
# goals cell, after the last goal.
_RUN_ON_GOALS = (
    "专项名称农家书屋提升补助资金主管部门某省新闻出版局资金情况(万元)年度金额:80万元"
    "年度总体目标目标1:更新农家书屋图书,提高借阅量,目标2:开展阅读推广活动,"
    "完成情况1:更新农家书屋图书,提高借阅量,2:开展阅读推广活动,"
    "绩效目标完成情况一级指标二级指标三级指标指标值完成值权重得分"
    "产出指标数量指标更新图书册数≥2000册2150册50%50"
    "满意度指标服务对象满意度指标读者满意度≥90%93%50%50得分合计100。"
)


def test_run_on_actual_is_cut_from_the_goals() -> None:
    tables = [t for t in read_text(_RUN_ON_GOALS).tables if t.kind == "self_evaluation"]
    assert tables, "the run-on 自评表 is read"
    table = tables[0]
    assert not any("完成情况" in g for g in table.goals)
    assert "开展阅读推广活动" in "".join(table.goals_actual)


# A transfer-payment target form sent down with its funds block still blank.
_BLANK_FUNDS = """专项名称\t乡村学校少年宫运行补助
省级主管部门\t某省教育厅
资金情况(万元)\t
年度资金总额\t
其中:中央财政补助\t
地方资金\t
年度目标\t支持乡村学校少年宫开展课外活动。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t补助少年宫个数\t≥40个
\t时效指标\t资金下达时间\t2025年6月底前
效益指标\t社会效益指标\t参加活动学生人次\t≥8000人次
满意度指标\t服务对象满意度指标\t学生满意度\t≥90%
"""


def test_funds_block_left_blank_is_blamed() -> None:
    (table,) = read_text(_BLANK_FUNDS).tables
    assert table.funds_block_blank and table.funds.total is None
    missing = [f for f in check_table(table).findings if f.code == "funds.total-missing"]
    assert [f.severity for f in missing] == ["error"]


def test_funds_filled_under_the_block_head() -> None:
    text = _BLANK_FUNDS.replace("年度资金总额\t", "年度资金总额\t120").replace(
        "其中:中央财政补助\t", "其中:中央财政补助\t120"
    )
    (table,) = read_text(text).tables
    assert table.funds.total == 120
    assert "funds.total-missing" not in {f.code for f in check_table(table).findings}


def test_amounts_under_an_unknown_label_are_not_called_blank() -> None:
    # The block has its amount, under a label the reader does not know: what the reader
    # missed is noted ("未识别到"), never blamed on the unit as left blank.
    text = _BLANK_FUNDS.replace("年度资金总额\t\n", "本批次切块下达额度\t86.5\n")
    (table,) = read_text(text).tables
    assert not table.funds_block_blank
    missing = [f for f in check_table(table).findings if f.code == "funds.total-missing"]
    assert all(f.severity == "info" for f in missing)
