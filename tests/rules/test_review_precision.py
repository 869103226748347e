"""Review precision on tables nobody tuned on: clean tables stay quiet, real faults are raised.

Each table below is filled in the way a careful unit fills one in (measurable values,
funds that agree, cost rows that are costs, satisfaction under 满意度, a dated
timeliness target, weights adding to the scheme, scores that follow the actuals), in
the templates met in practice: the 财预〔2020〕10号 legacy tree, the 2021 tree with 成本指标
as a first level, the Sichuan 指标性质/指标值/度量单位 columns, the Hubei 20/80
self-evaluation, the 88号-style 10/90 self-evaluation and a mid-year monitoring table.
A clean table must get no warning or error and a grade of 优 or 良. Each then gets one or
two faults an experienced reviewer raises (issue 16's list): the code must fire on the
faulty row and the grade must drop.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from review_tables import LEVELS as LEGACY
from review_tables import tabbed

from jixiao.ingest import read_text
from jixiao.model.findings import Finding
from jixiao.rules import check_table

GRADES = ("优", "良", "中", "差")

Row = tuple[str, ...]


#: The 2021 tree: 成本指标 is a first level with three second levels.
TREE_2021: dict[str, tuple[str, str]] = {
    "数量": ("产出指标", "数量指标"),
    "质量": ("产出指标", "质量指标"),
    "时效": ("产出指标", "时效指标"),
    "经济成本": ("成本指标", "经济成本指标"),
    "社会成本": ("成本指标", "社会成本指标"),
    "生态成本": ("成本指标", "生态环境成本指标"),
    "经济": ("效益指标", "经济效益指标"),
    "社会": ("效益指标", "社会效益指标"),
    "生态": ("效益指标", "生态效益指标"),
    "满意度": ("满意度指标", "服务对象满意度指标"),
}


def _rows(spec: str, levels: dict[str, tuple[str, str]]) -> list[Row]:
    """Given rows written "level cell cell …; …", return them with their two levels."""
    out = []
    for item in spec.split(";"):
        level, *cells = item.split()
        out.append((*levels[level], *cells))
    return out


def _line(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def target(
    name: str, dept: str, unit: str, total: str, goal: str, spec: str, *, tree: str = "legacy"
) -> str:
    """Given a project's header, funds, goal and rows, return a target table in pipe form."""
    levels = TREE_2021 if tree == "2021" else LEGACY
    lines = [
        "项目支出绩效目标表",
        "(2025年度)",
        _line("项目名称", name, "", ""),
        _line("主管部门", dept, "实施单位", unit),
        _line("项目资金(万元)", "年度资金总额", total, ""),
        _line("", "其中:财政拨款", total, ""),
        _line("", "其他资金", "0", ""),
        _line("年度总体目标", goal, "", ""),
        _line("一级指标", "二级指标", "三级指标", "指标值"),
    ]
    lines += [_line(*r) for r in _rows(spec, levels)]
    return "\n".join(lines) + "\n"


def sichuan(name: str, unit: str, total_yuan: str, goal: str, spec: str) -> str:
    """Given rows "level name 性质 值 单位 权重", return a Sichuan-style target table."""
    lines = [
        "部门预算项目绩效目标申报表(2025年度)",
        "金额单位:元",
        _line(
            "单位名称",
            "项目名称",
            "预算数",
            "年度目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "权重",
            "指标方向性",
        ),
    ]
    for i, r in enumerate(_rows(spec, LEGACY)):
        first, second, label, nature, value, unit_, weight = r
        direction = "反向指标" if nature == "≤" else "正向指标"
        head = (unit, name, total_yuan, goal) if i == 0 else ("", "", "", "")
        lines.append(_line(*head, first, second, label, nature, value, unit_, weight, direction))
    return "\n".join(lines) + "\n"


def selfeval(
    name: str,
    dept: str,
    unit: str,
    funds: tuple[str, str, str],
    goal: str,
    actual: str,
    spec: str,
    *,
    tree: str = "legacy",
) -> str:
    """Given rows "level name target actual weight score [reason]", return a 10/90 self-evaluation.

    ``funds`` is (全年预算数, 全年执行数, 得分); the funds row weighs 10.
    """
    levels = TREE_2021 if tree == "2021" else LEGACY
    rows = _rows(spec, levels)
    budget, done, fscore = funds
    rate = f"{float(done) / float(budget) * 100:.4g}%"
    scores = sum(float(r[6]) for r in rows) + float(fscore)
    weights = sum(float(r[5]) for r in rows) + 10
    lines = [
        "项目支出绩效自评表",
        "(2024年度)",
        _line("项目名称", name, "", "", "", "", "", ""),
        _line("主管部门", dept, "实施单位", unit, "", "", "", ""),
        _line(
            "项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
        ),
        _line("", "年度资金总额", budget, budget, done, "10", rate, fscore),
        _line("", "其中:财政拨款", budget, budget, done, "-", "-", "-"),
        _line("", "其他资金", "", "", "", "-", "-", "-"),
        _line("年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""),
        _line("", goal, "", "", actual, "", "", ""),
        _line(
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ),
    ]
    lines += [_line(*r, *([""] if len(r) == 7 else [])) for r in rows]
    lines.append(_line("总分", "", "", "", "", f"{weights:g}", f"{scores:g}", ""))
    return "\n".join(lines) + "\n"


def hubei(name: str, dept: str, unit: str, funds: tuple[str, str], spec: str) -> str:
    """Given rows "level name target actual weight score", return a Hubei 20/80 self-evaluation."""
    rows = _rows(spec, LEGACY)
    budget, done = funds
    rate = float(done) / float(budget)
    fscore = 20 * rate
    total = sum(float(r[6]) for r in rows) + fscore
    lines = [
        "2024年度项目支出绩效自评表",
        _line("项目名称", name, "", "", "", "", ""),
        _line("主管部门", dept, "项目实施单位", unit, "", "", ""),
        _line(
            "预算执行情况(万元)(20分)",
            "预算数(A)",
            "执行数(B)",
            "执行率(B/A)",
            "得分(20分*执行率)",
            "",
            "",
        ),
        _line("年度财政资金总额", budget, done, f"{rate * 100:.4g}%", f"{fscore:.4g}", "", ""),
        _line(
            "年度绩效目标(80分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "年初目标值(A)",
            "实际完成值(B)",
            "分值",
            "得分",
            "偏差原因",
        ),
    ]
    lines += [_line("", *r, *([""] if len(r) == 7 else [])) for r in rows]
    lines.append(_line("总分", "", "", "", "", "", "100", f"{total:.4g}"))
    return "\n".join(lines) + "\n"


def monitoring(name: str, dept: str, funds: tuple[str, str], spec: str) -> str:
    """Given rows "level name target done expected likelihood", return a mid-year monitoring table."""
    budget, done = funds
    rate = f"{float(done) / float(budget) * 100:.4g}%"
    lines = [
        "项目支出绩效运行监控表",
        "(2025年1-6月)",
        _line("项目名称", name, "", "", "", ""),
        _line("主管部门", dept, "实施单位", dept, "", ""),
        _line("项目资金(万元)", "年初预算数", "调整后预算", "1-6月执行数", "执行率", "全年预计"),
        _line("年度资金总额", budget, budget, done, rate, budget),
        _line("其中:财政拨款", budget, budget, done, rate, budget),
        _line(
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "1-6月执行情况",
            "全年预计完成",
            "完成目标可能性",
            "偏差原因",
            "完成措施",
        ),
    ]
    for r in _rows(spec, LEGACY):
        lines.append(_line("", *r, *([""] * (9 - len(r)))))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Fault:
    """A reviewer's fault: the cell text replaced, the code it must raise and on which row."""

    id: str
    old: str
    new: str
    code: str
    indicator: str | None


@dataclass(frozen=True)
class Table:
    id: str
    text: str
    faults: tuple[Fault, ...]


TABLES: tuple[Table, ...] = (
    # ---- the legacy tree, target tables
    Table(
        "roads-target",
        target(
            "云溪县2025年农村公路日常养护",
            "云溪县交通运输局",
            "云溪县公路养护中心",
            "580",
            "完成全县1160公里农村公路日常养护,路面技术状况指数保持在80以上,保障群众安全便捷出行。",
            "数量 日常养护农村公路里程 ≥1160公里; 质量 养护路段优良中等路率 ≥85%; "
            "时效 年度养护任务完成时间 2025年12月31日前; 成本 农村公路日常养护成本 ≤0.5万元/公里; "
            "社会 沿线受益群众 ≥18万人; 可持续 路面技术状况指数(PQI) ≥80; "
            "满意度 沿线群众满意度 ≥90%",
        ),
        (
            Fault(
                "rate-in-days",
                "≥85%",
                "≥85天",
                "values.name-value-mismatch",
                "养护路段优良中等路率",
            ),
            Fault(
                "timely-vague",
                "2025年12月31日前",
                "及时",
                "timeliness.unclear",
                "年度养护任务完成时间",
            ),
        ),
    ),
    Table(
        "school-meals-target",
        target(
            "石门县农村义务教育学生营养改善计划",
            "石门县教育局",
            "石门县学生资助管理中心",
            "1500",
            "为全县农村义务教育阶段在校学生提供每生每天5元营养膳食补助,改善学生营养状况。",
            "数量 受助学生人数 ≥15000人; 质量 食品安全抽检合格率 100%; "
            "时效 膳食补助资金拨付时间 每学期开学后1个月内; 成本 营养膳食补助标准 5元/生·天; "
            "社会 学生营养不良检出率 ≤5%; 可持续 营养改善计划覆盖学校 ≥98所; "
            "满意度 学生家长满意度 ≥90%",
        ),
        (
            Fault(
                "satisfaction-as-benefit",
                "社会效益指标 | 学生营养不良检出率 | ≤5%",
                "社会效益指标 | 学生满意度 | ≥90%",
                "structure.satisfaction-as-benefit",
                "学生满意度",
            ),
        ),
    ),
    Table(
        "health-target",
        target(
            "和平县基本公共卫生服务项目",
            "和平县卫生健康委员会",
            "和平县疾病预防控制中心",
            "2400",
            "为全县26万常住居民免费提供国家基本公共卫生服务,提高居民健康素养水平。",
            "数量 65岁及以上老年人健康管理人数 ≥2.6万人; 数量 其中:老年高血压患者规范管理人数 ≥0.9万人; "
            "质量 适龄儿童国家免疫规划疫苗接种率 ≥90%; 时效 补助资金拨付时间 2025年9月30日前; "
            "成本 人均基本公共卫生服务经费补助标准 ≤94元/人; 社会 居民健康素养水平 ≥25%; "
            "满意度 城乡居民对基本公共卫生服务满意度 ≥85%",
        ),
        (
            Fault(
                "part-over-whole",
                "≥0.9万人",
                "≥3.2万人",
                "values.part-exceeds-whole",
                "其中:老年高血压患者规范管理人数",
            ),
        ),
    ),
    Table(
        "museum-target",
        target(
            "清河县博物馆免费开放",
            "清河县文化和旅游局",
            "清河县博物馆",
            "120",
            "保障博物馆全年免费开放,举办临时展览4个,开展社会教育活动30场,接待观众12万人次。",
            "数量 举办临时展览 ≥4个; 数量 开展社会教育活动 ≥30场; 数量 接待观众 ≥12万人次; 数量 全年免费开放天数 ≥300天; "
            "质量 文物安全事故发生次数 0次; 时效 临时展览开展时间 2025年10月底前; "
            "成本 临时展览布展成本 ≤15万元/个; 社会 青少年观众占比 ≥30%; "
            "满意度 观众满意度 ≥90%",
        ),
        (Fault("template-text", "≥4个", "≥**个", "values.template-text", None),),
    ),
    Table(
        "rubbish-target",
        target(
            "东平县农村生活垃圾收运处置",
            "东平县住房和城乡建设局",
            "东平县环境卫生服务中心",
            "860",
            "完成全县238个行政村生活垃圾收集转运和无害化处理,农村生活垃圾无害化处理率达到95%以上。",
            "数量 覆盖行政村 238个; 数量 年度垃圾收运量 ≥4.2万吨; "
            "质量 农村生活垃圾无害化处理率 ≥95%; 时效 生活垃圾清运时限 产生后24小时内; "
            "成本 垃圾收运处置成本 ≤200元/吨; 生态 村庄环境卫生考核达标率 ≥90%; "
            "满意度 农村群众满意度 ≥90%",
        ),
        (
            Fault(
                "cost-over-funds",
                "≤200元/吨",
                "≤300元/吨",
                "cost.exceeds-funds",
                "垃圾收运处置成本",
            ),
        ),
    ),
    # ---- the 2021 tree: 成本指标 as a first level
    Table(
        "reservoir-2021",
        target(
            "白沙镇小型水库除险加固",
            "白沙县水利局",
            "白沙县水利工程建设管理站",
            "450",
            "完成3座小(2)型水库大坝防渗、溢洪道和放水设施除险加固,消除安全隐患,保障下游群众安全。",
            "数量 除险加固小型水库 3座; 质量 工程验收合格率 100%; "
            "时效 主体工程完工时间 2025年10月底前; 经济成本 单座水库除险加固成本 ≤150万元/座; "
            "生态成本 施工期水土流失治理 ≥0.8公顷; 社会 保护下游人口 ≥6200人; "
            "经济 恢复灌溉面积 ≥3500亩; 满意度 下游受益群众满意度 ≥90%",
            tree="2021",
        ),
        (
            Fault(
                "not-a-cost",
                "单座水库除险加固成本 | ≤150万元/座",
                "成本控制率 | ≤100%",
                "cost.not-a-cost",
                "成本控制率",
            ),
        ),
    ),
    Table(
        "nursing-home-2021",
        target(
            "安乐县特困人员供养服务机构运营补助",
            "安乐县民政局",
            "安乐县社会福利中心",
            "336",
            "保障全县14所特困人员供养服务机构正常运营,为1400名集中供养特困人员提供生活照料。",
            "数量 集中供养特困人员 ≥1400人; 数量 补助供养服务机构 14所; "
            "质量 供养机构安全检查合格率 100%; 时效 运营补助拨付时间 每季度首月20日前; "
            "经济成本 集中供养运营补助标准 ≤200元/人·月; 社会 特困人员集中供养率 ≥40%; "
            "满意度 供养对象满意度 ≥90%",
            tree="2021",
        ),
        (
            Fault(
                "period-over-funds",
                "≤200元/人·月",
                "≤2200元/人·月",
                "cost.exceeds-funds",
                "集中供养运营补助标准",
            ),
        ),
    ),
    Table(
        "farm-machinery-2021",
        target(
            "平原县农机购置与应用补贴",
            "平原县农业农村局",
            "平原县农业机械化服务中心",
            "900",
            "对购置农业机械的农户和农业生产经营组织给予补贴,补贴农机具1800台(套),主要农作物耕种收综合机械化率达到85%。",
            "数量 补贴农机具 ≥1800台; 质量 补贴机具核验合格率 100%; "
            "时效 补贴资金兑付时间 2025年12月20日前; 经济成本 单台农机平均补贴 ≤0.5万元/台; "
            "经济 主要农作物耕种收综合机械化率 ≥85%; 社会 受益农户 ≥1500户; "
            "满意度 购机农户满意度 ≥90%",
            tree="2021",
        ),
        (
            Fault(
                "standard-without-quantity",
                "补贴农机具 | ≥1800台",
                "补贴资金发放 | ≥900万元",
                "cost.standard-without-quantity",
                "单台农机平均补贴",
            ),
        ),
    ),
    # ---- Sichuan columns: 指标性质 | 指标值 | 度量单位 | 权重
    Table(
        "animal-disease-sichuan",
        sichuan(
            "重大动物疫病强制免疫",
            "801001-安宁县农业农村局",
            "1,800,000.00",
            "完成全县猪牛羊禽重大动物疫病强制免疫,免疫密度保持在90%以上,全年不发生区域性重大动物疫情。",
            "数量 强制免疫畜禽 ≥ 120 万头(只) 20; 质量 免疫抗体合格率 ≥ 70 % 20; "
            "时效 春秋两季集中免疫完成时间 ≤ 5 月底和11月底前 10; "
            "成本 疫苗及免疫补助成本 ≤ 1.5 元/头(只) 10; "
            "社会 区域性重大动物疫情发生次数 = 0 次 20; 满意度 养殖户满意度 ≥ 90 % 20",
        ),
        (
            Fault(
                "pass-rate-too-low",
                "免疫抗体合格率 | ≥ | 70",
                "免疫抗体合格率 | ≥ | 50",
                "values.rate-too-low",
                "免疫抗体合格率",
            ),
        ),
    ),
    Table(
        "preschool-aid-sichuan",
        sichuan(
            "学前教育幼儿资助",
            "802003-安宁县教育局",
            "960,000.00",
            "对全县家庭经济困难幼儿按每生每年1000元标准给予资助,资助幼儿960人,保障困难家庭幼儿入园。",
            "数量 资助家庭经济困难幼儿 ≥ 960 人 30; 质量 资助对象认定准确率 = 100 % 20; "
            "时效 资助资金发放时间 ≤ 12 月底前 10; 成本 幼儿资助标准 = 1000 元/生·年 10; "
            "社会 困难家庭幼儿入园率 ≥ 95 % 20; 满意度 受助幼儿家长满意度 ≥ 90 % 10",
        ),
        (
            Fault(
                "weights-over", "| 30 | 正向指标", "| 40 | 正向指标", "structure.weights-over", None
            ),
        ),
    ),
    # ---- 10/90 self-evaluations
    Table(
        "road-safety-selfeval",
        selfeval(
            "乐平县农村公路安全生命防护工程",
            "乐平县交通运输局",
            "乐平县农村公路管理所",
            ("300", "294", "9.8"),
            "完成农村公路安全生命防护工程120公里,消除临水临崖路段安全隐患。",
            "完成安防工程126公里,支付工程款294万元,隐患路段全部完成治理。",
            "数量 实施安防工程里程 ≥120公里 126公里 20 20; "
            "质量 工程交工验收合格率 100% 100% 20 20; "
            "时效 工程完工时间 2024年11月底前 2024年11月25日 10 10; "
            "成本 安防工程建设成本 ≤2.5万元/公里 2.33万元/公里 10 10; "
            "社会 临水临崖隐患路段整治率 100% 100% 20 20; "
            "满意度 沿线群众满意度 ≥90% 94% 10 10",
        ),
        (
            Fault(
                "full-marks-short",
                "126公里 | 20 | 20",
                "98公里 | 20 | 20",
                "selfeval.score-mismatch",
                "实施安防工程里程",
            ),
        ),
    ),
    Table(
        "village-doctor-selfeval",
        selfeval(
            "青山县乡村医生补助",
            "青山县卫生健康局",
            "青山县基层卫生服务中心",
            ("216", "216", "10"),
            "按每人每月1500元标准为全县120名在岗乡村医生发放补助,稳定乡村医生队伍。",
            "全年为120名乡村医生足额发放补助216万元,村卫生室服务正常运转。",
            "数量 补助在岗乡村医生 120人 120人 20 20; "
            "质量 补助发放准确率 100% 100% 20 20; "
            "时效 补助按季度发放 每季度末前 按季度发放 10 10; "
            "成本 乡村医生补助标准 ≤1500元/人·月 1500元/人·月 10 10; "
            "社会 行政村卫生室服务覆盖率 100% 100% 20 20; "
            "满意度 乡村医生满意度 ≥90% 95% 10 10",
        ),
        (
            Fault(
                "ceiling-broken",
                "1500元/人·月 | 10 | 10",
                "1650元/人·月 | 10 | 10",
                "selfeval.score-mismatch",
                "乡村医生补助标准",
            ),
        ),
    ),
    # ---- Hubei 20/80 self-evaluations
    Table(
        "home-care-hubei",
        hubei(
            "西塞区居家养老服务补贴",
            "西塞区民政局",
            "西塞区养老服务指导中心",
            ("180", "180"),
            "数量 享受居家养老服务老人 ≥1000人 1060人 20 20; "
            "质量 上门服务抽查合格率 ≥95% 97% 15 15; "
            "时效 服务补贴发放时间 每季度末前 按季度发放 10 10; "
            "成本 居家养老服务补贴标准 ≤150元/人·月 140元/人·月 10 10; "
            "社会 失能半失能老人服务覆盖率 ≥90% 92% 15 15; "
            "满意度 服务对象满意度 ≥90% 93% 10 10",
        ),
        (
            Fault(
                "complete-word",
                "1060人 | 20 | 20",
                "完成 | 20 | 20",
                "selfeval.full-marks-unsupported",
                "享受居家养老服务老人",
            ),
        ),
    ),
    Table(
        "opera-hubei",
        hubei(
            "铁山区送戏进万村",
            "铁山区文化和旅游局",
            "铁山区文化馆",
            ("48", "46.8"),
            "数量 送戏进村演出场次 ≥120场 124场 25 25; "
            "质量 演出节目审查通过率 100% 100% 15 15; "
            "时效 演出任务完成时间 2024年11月底前 2024年11月20日 10 10; "
            "成本 每场演出补助标准 ≤4000元/场 3900元/场 10 10; "
            "社会 观看演出群众 ≥3万人次 3.2万人次 10 10; "
            "满意度 观众满意度 ≥90% 95% 10 10",
        ),
        (
            Fault(
                "empty-actual",
                "124场 | 25 | 25",
                " | 25 | 25",
                "selfeval.full-marks-unsupported",
                "送戏进村演出场次",
            ),
        ),
    ),
    # ---- mid-year monitoring
    Table(
        "sewer-monitoring",
        monitoring(
            "城区污水管网维护",
            "临水县城市管理局",
            ("400", "210"),
            "数量 疏通维护污水管网 ≥180公里 95公里 185公里 确定能; "
            "质量 污水管网完好率 ≥95% 96% 96% 确定能; "
            "成本 管网疏通维护成本 ≤2万元/公里 1.1万元/公里 1.9万元/公里 确定能; "
            "时效 汛前管网清淤完成时间 2025年5月底前 5月28日完成 已完成 确定能; "
            "生态 城区污水集中收集率 ≥80% 78% 81% 确定能; "
            "满意度 市民满意度 ≥90% — 92% 确定能",
        ),
        (
            Fault(
                "unlikely-no-cause",
                "185公里 | 确定能 |  |  |",
                "150公里 | 不可能 |  |  |",
                "monitoring.likelihood-no-cause",
                "疏通维护污水管网",
            ),
        ),
    ),
    Table(
        "drinking-water-monitoring",
        monitoring(
            "农村供水工程维修养护",
            "乌江县水利局",
            ("260", "120"),
            "数量 维修养护农村供水工程 ≥45处 22处 46处 确定能; "
            "质量 农村集中供水水质达标率 ≥90% 91% 92% 确定能; "
            "成本 单处工程维修养护成本 ≤5万元/处 2.6万元/处 4.8万元/处 确定能; "
            "时效 维修养护完成时间 2025年11月底前 按计划推进 11月中旬完成 确定能; "
            "社会 农村自来水普及率 ≥92% 91.5% 92.5% 确定能; "
            "满意度 农村用水户满意度 ≥90% — 93% 确定能",
        ),
        (
            Fault(
                "slow-spending",
                "| 260 | 120 | 46.15% |",
                "| 260 | 30 | 11.54% |",
                "monitoring.slow-spending",
                None,
            ),
        ),
    ),
)

# A second round: wordings a careful unit uses that the first round did not (a ceiling on
# a concentration, 社会/生态环境成本 rows that are real burdens, a shortfall scored down
# with its reason, a 1-6月 table whose spending is on course).
TABLES += (
    Table(
        "air-2021",
        target(
            "南岭市大气污染防治专项",
            "南岭市生态环境局",
            "南岭市环境监测站",
            "650",
            "开展工业企业挥发性有机物治理和扬尘管控,全市细颗粒物(PM2.5)年均浓度控制在33微克/立方米以内。",
            "数量 完成挥发性有机物治理企业 ≥26家; 数量 建设空气质量自动监测站 4个; "
            "质量 监测数据有效率 ≥90%; 时效 治理项目完工时间 2025年10月31日前; "
            "经济成本 企业治理补助标准 ≤20万元/家; 生态成本 施工扬尘投诉 ≤3次; "
            "生态 PM2.5年均浓度 ≤33微克/立方米; 生态 空气质量优良天数比例 ≥88%; "
            "满意度 市民对空气质量满意度 ≥85%",
            tree="2021",
        ),
        (
            Fault(
                "satisfaction-under-benefit",
                "生态效益指标 | 空气质量优良天数比例 | ≥88%",
                "生态效益指标 | 市民对环境改善满意程度 | ≥85%",
                "structure.satisfaction-as-benefit",
                "市民对环境改善满意程度",
            ),
        ),
    ),
    Table(
        "river-target",
        target(
            "青江县河湖长制河道保洁",
            "青江县水利局",
            "青江县河道管理所",
            "240",
            "对全县12条县级河道120公里河段开展日常保洁和巡查,河道水质稳定达到Ⅲ类标准。",
            "数量 河道保洁长度 ≥120公里; 数量 河道巡查次数 ≥96次; "
            "质量 县级河道断面水质达标率 ≥90%; 时效 河道保洁作业期 2025年1月1日-12月31日; "
            "成本 河道保洁单价 ≤2万元/公里; 生态 河道水面漂浮物清除率 ≥95%; "
            "可持续 河道长效管护机制 持续运行3年以上; 满意度 沿河群众满意度 ≥90%",
        ),
        (
            Fault(
                "vague-benefit",
                "漂浮物清除率 | ≥95%",
                "漂浮物清除率 | 显著提升",
                "values.vague",
                "河道水面漂浮物清除率",
            ),
        ),
    ),
    Table(
        "school-repair-2021",
        target(
            "城南区中小学校舍维修改造",
            "城南区教育局",
            "城南区教育技术装备中心",
            "800",
            "完成8所中小学校舍屋面防水、门窗更换和外墙维修,消除校舍安全隐患,改善办学条件。",
            "数量 维修改造学校 8所; 数量 维修改造校舍面积 ≥2.4万平方米; "
            "质量 工程竣工验收合格率 100%; 时效 工程完工时间 2025年8月20日前; "
            "经济成本 校舍维修改造单价 ≤320元/平方米; 社会成本 施工影响正常教学天数 0天; "
            "社会 校舍安全隐患消除率 100%; 满意度 师生满意度 ≥90%",
            tree="2021",
        ),
        (
            Fault(
                "accept-rate-low",
                "工程竣工验收合格率 | 100%",
                "工程竣工验收合格率 | ≥80%",
                "values.rate-too-low",
                "工程竣工验收合格率",
            ),
        ),
    ),
    Table(
        "library-monitoring",
        monitoring(
            "农家书屋出版物补充更新",
            "西河县委宣传部",
            ("90", "52"),
            "数量 补充更新出版物的农家书屋 ≥150个 80个 150个 确定能; "
            "质量 出版物配送验收合格率 100% 100% 100% 确定能; "
            "时效 出版物配送完成时间 2025年9月底前 已配送过半 9月中旬完成 确定能; "
            "成本 每个书屋出版物补充标准 ≤6000元/个 5800元/个 5800元/个 确定能; "
            "社会 农家书屋年借阅人次 ≥3万人次 1.6万人次 3.1万人次 确定能; "
            "满意度 村民满意度 ≥90% — 92% 确定能",
        ),
        (
            Fault(
                "cost-over",
                "≤6000元/个 | 5800元/个 | 5800元/个",
                "≤9000元/个 | 5800元/个 | 5800元/个",
                "cost.exceeds-funds",
                "每个书屋出版物补充标准",
            ),
        ),
    ),
    Table(
        "elderly-allowance-selfeval",
        selfeval(
            "兴华县高龄津贴发放",
            "兴华县民政局",
            "兴华县民政局社会事务股",
            ("240", "232.8", "9.7"),
            "为全县80周岁以上老年人按月发放高龄津贴,保障高龄老人基本生活。",
            "全年为1940名高龄老人按月发放津贴232.8万元,较预期少60人系年内去世注销。",
            "数量 享受高龄津贴老人 ≥2000人 1940人 20 19.4 年内部分老人去世注销,下年按实际人数测算; "
            "质量 津贴发放准确率 100% 100% 20 20; "
            "时效 津贴按月发放 每月10日前 每月10日前发放 10 10; "
            "成本 高龄津贴标准 ≤100元/人·月 100元/人·月 10 10; "
            "社会 高龄老人津贴覆盖率 ≥98% 98.5% 20 20; "
            "满意度 高龄老人及家属满意度 ≥90% 96% 10 10",
        ),
        (
            Fault(
                "no-reason",
                "19.4 | 年内部分老人去世注销,下年按实际人数测算",
                "19.4 | ",
                "selfeval.reason-missing",
                "享受高龄津贴老人",
            ),
        ),
    ),
    Table(
        "seed-subsidy-hubei",
        hubei(
            "新洲区水稻良种补贴",
            "新洲区农业农村局",
            "新洲区种子管理站",
            ("96", "96"),
            "数量 水稻良种补贴面积 ≥6.4万亩 6.5万亩 20 20; "
            "质量 良种质量抽检合格率 ≥98% 99% 15 15; "
            "时效 补贴资金兑付时间 2024年9月底前 2024年9月20日 10 10; "
            "成本 良种补贴标准 ≤15元/亩 15元/亩 10 10; "
            "经济 水稻单产提高 ≥15公斤/亩 18公斤/亩 15 15; "
            "满意度 种粮农户满意度 ≥90% 94% 10 10",
        ),
        (
            Fault(
                "ceiling-broken",
                "15元/亩 | 10 | 10",
                "18元/亩 | 10 | 10",
                "selfeval.ceiling-exceeded",
                "良种补贴标准",
            ),
        ),
    ),
)

# A third round: forms common on real tables (a frequency, a 工作日 limit, a per-household
# income gain, new jobs, a 0-6岁 rate, satisfaction at ≥85%, a 项目总成本 equal to the
# funds beside a standard, a monitoring row behind schedule with its cause and measure).
TABLES += (
    Table(
        "family-doctor-target",
        target(
            "安源区家庭医生签约服务",
            "安源区卫生健康委员会",
            "安源区社区卫生服务中心",
            "300",
            "为辖区重点人群提供家庭医生签约服务,重点人群签约服务覆盖率达到75%以上,0-6岁儿童健康管理率达到90%。",
            "数量 重点人群签约人数 ≥3万人; 数量 上门随访服务 ≥1次/季度; "
            "质量 0-6岁儿童健康管理率 ≥90%; 质量 重点人群签约服务覆盖率 ≥75%; "
            "时效 签约居民转诊预约办理时限 ≤3个工作日; 成本 签约服务补助标准 ≤100元/人·年; "
            "社会 签约居民基层首诊比例 ≥60%; 满意度 签约居民满意度 ≥85%",
        ),
        (
            Fault(
                "satisfaction-100",
                "签约居民满意度 | ≥85%",
                "签约居民满意度 | 100%",
                "values.satisfaction-suspicious",
                "签约居民满意度",
            ),
        ),
    ),
    Table(
        "tea-industry-target",
        target(
            "云雾乡茶产业提质增效",
            "云雾县农业农村局",
            "云雾乡人民政府",
            "200",
            "新建标准化茶园1000亩,改造低产茶园2000亩,带动茶农户均增收800元以上,新增就业岗位50个。",
            "数量 新建标准化茶园 ≥1000亩; 数量 改造低产茶园 ≥2000亩; "
            "质量 茶苗成活率 ≥90%; 时效 茶园建设完成时间 2025年11月底前; "
            "成本 项目总成本 ≤200万元; 成本 新建茶园补助标准 ≤1000元/亩; "
            "经济 带动茶农户均增收 ≥800元; 社会 新增就业岗位 ≥50个; "
            "满意度 茶农满意度 ≥90%",
        ),
        (
            Fault(
                "as-planned",
                "2025年11月底前",
                "按计划实施",
                "timeliness.unclear",
                "茶园建设完成时间",
            ),
        ),
    ),
    Table(
        "fire-station-selfeval",
        selfeval(
            "白石县乡镇专职消防队运行保障",
            "白石县消防救援大队",
            "白石县消防救援大队",
            ("150", "150", "10"),
            "保障全县6支乡镇专职消防队全年正常运行,接警出动时间控制在1分钟以内。",
            "6支乡镇专职消防队全年正常运行,接警出动平均用时45秒,处置火警132起。",
            "数量 保障乡镇专职消防队 6支 6支 20 20; "
            "数量 开展消防演练 ≥24次 26次 10 10; "
            "质量 队员岗位培训考核合格率 100% 100% 10 10; "
            "时效 接警出动时间 ≤1分钟 45秒 10 10; "
            "成本 单支消防队年运行成本 ≤25万元/支 25万元/支 10 10; "
            "社会 乡镇火灾亡人事故 0起 0起 20 20; "
            "满意度 辖区群众满意度 ≥90% 95% 10 10",
        ),
        (
            Fault(
                "empty-actual-full-marks",
                "26次 | 10 | 10",
                " | 10 | 10",
                "selfeval.full-marks-unsupported",
                "开展消防演练",
            ),
        ),
    ),
    Table(
        "vaccination-monitoring",
        monitoring(
            "扩大国家免疫规划疫苗接种",
            "柳江县疾病预防控制中心",
            ("120", "64"),
            "数量 适龄儿童疫苗接种剂次 ≥4.8万剂次 2.5万剂次 4.9万剂次 确定能; "
            "质量 适龄儿童免疫规划疫苗接种率 ≥90% 92% 93% 确定能; "
            "时效 疫苗冷链运输到位时间 收货后24小时内 24小时内 24小时内 确定能; "
            "成本 每剂次接种服务补助 ≤20元/剂次 20元/剂次 20元/剂次 确定能; "
            "社会 疫苗针对传染病报告发病率 ≤1/10万 0.4/10万 0.6/10万 确定能; "
            "满意度 儿童家长满意度 ≥90% — 94% 确定能",
        ),
        (
            Fault(
                "unlikely-no-cause",
                "4.9万剂次 | 确定能",
                "4.0万剂次 | 不可能",
                "monitoring.likelihood-no-cause",
                "适龄儿童疫苗接种剂次",
            ),
        ),
    ),
)

# A fourth round: an assessment score (≥90分), a range (8-10℃), a work-day limit, a
# 2021-tree self-evaluation, a rate of 1次/月 and a culture project measured in 场次.
TABLES += (
    Table(
        "cold-chain-2021",
        target(
            "北湖区农产品冷链物流设施补助",
            "北湖区商务局",
            "北湖区商务局",
            "500",
            "补助建设农产品产地冷藏保鲜设施20个,新增冷藏库容1万立方米,降低果蔬产后损耗。",
            "数量 建设产地冷藏保鲜设施 ≥20个; 数量 新增冷藏库容 ≥1万立方米; "
            "质量 冷库温度控制范围 0-4℃; 时效 补助资金拨付时限 验收合格后15个工作日内; "
            "经济成本 冷藏库容建设补助标准 ≤500元/立方米; 经济 果蔬产后损耗率降低 ≥5个百分点; "
            "社会 带动农户 ≥600户; 满意度 补助对象满意度 ≥90%",
            tree="2021",
        ),
        (Fault("template-stars", "≥600户", "★★★", "values.empty", "带动农户"),),
    ),
    Table(
        "legal-aid-target",
        target(
            "龙泉县法律援助办案补贴",
            "龙泉县司法局",
            "龙泉县法律援助中心",
            "60",
            "为经济困难群众和特殊案件当事人提供法律援助,全年办理法律援助案件400件,案件质量评查优良率达到90%。",
            "数量 办理法律援助案件 ≥400件; 数量 开展法治宣传 ≥1次/月; "
            "质量 案件质量评查优良率 ≥90%; 质量 年度考核得分 ≥90分; "
            "时效 援助申请审查办结时限 ≤5个工作日; 成本 法律援助办案补贴标准 ≤1500元/件; "
            "社会 受援群众 ≥400人; 满意度 受援人满意度 ≥95%",
        ),
        (
            Fault(
                "part-over-whole",
                "开展法治宣传 | ≥1次/月",
                "其中:刑事法律援助案件 | ≥450件",
                "values.part-exceeds-whole",
                "其中:刑事法律援助案件",
            ),
        ),
    ),
    Table(
        "sports-selfeval-2021",
        selfeval(
            "石湾镇全民健身设施更新",
            "石湾镇人民政府",
            "石湾镇文化体育服务中心",
            ("80", "78", "9.75"),
            "更新村级全民健身路径器材16套,新建笼式多功能运动场2个,满足群众健身需求。",
            "更新健身路径器材16套,建成笼式多功能运动场2个,支付78万元,结余2万元为招标节余。",
            "数量 更新全民健身路径器材 16套 16套 15 15; "
            "数量 新建笼式多功能运动场 2个 2个 15 15; "
            "质量 器材安装验收合格率 100% 100% 10 10; "
            "时效 项目完工时间 2024年9月底前 2024年9月18日 10 10; "
            "经济成本 健身路径器材单价 ≤2.5万元/套 2.4万元/套 10 10; "
            "社会 经常参加体育锻炼人数比例 ≥40% 42% 20 20; "
            "满意度 健身群众满意度 ≥90% 95% 10 10",
            tree="2021",
        ),
        (
            Fault(
                "score-over-weight",
                "42% | 20 | 20",
                "42% | 20 | 25",
                "selfeval.score-above-weight",
                "经常参加体育锻炼人数比例",
            ),
        ),
    ),
    Table(
        "forest-patrol-sichuan",
        sichuan(
            "天然林保护森林管护",
            "803002-峨边县林业局",
            "3,600,000.00",
            "聘用护林员120名,对全县48万亩天然林开展常态化巡护,森林火灾受害率控制在0.9‰以内。",
            "数量 聘用护林员 = 120 人 20; 数量 管护天然林面积 ≥ 48 万亩 20; "
            "质量 护林员巡护考核合格率 ≥ 95 % 10; 时效 劳务补助按季度发放率 = 100 % 10; "
            "成本 护林员劳务补助标准 ≤ 2500 元/人·月 10; "
            "生态 森林火灾受害率 ≤ 0.9 ‰ 10; 满意度 护林员满意度 ≥ 90 % 10",
        ),
        (
            Fault(
                "period-over",
                "| 2500 | 元/人·月",
                "| 3000 | 元/人·月",
                "cost.exceeds-funds",
                "护林员劳务补助标准",
            ),
        ),
    ),
)

# A fifth round: the 2021 header (主管部门及代码, 项目期, funds split between 财政拨款 and
# 其他资金), an effect row in words the goal does not use, a 不适用 row in a
# self-evaluation, an output well over its target.
HERITAGE = """项目支出绩效目标表
(2025年度)
| 项目名称 | 非物质文化遗产保护传承 | | |
| 主管部门及代码 | [112]江口县文化和旅游局 | 实施单位 | 江口县文化馆 |
| 项目资金(万元) | 年度资金总额: | 150 | |
| | 其中:财政拨款 | 120 | |
| | 其他资金 | 30 | |
| 年度总体目标 | 资助10名县级非遗代表性传承人开展传习活动,举办非遗展演8场,完成2个非遗项目数字化记录。 | | |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 资助县级非遗代表性传承人 | 10人 |
| 产出指标 | 数量指标 | 举办非遗展演 | ≥8场 |
| 产出指标 | 数量指标 | 非遗项目数字化记录 | 2项 |
| 产出指标 | 质量指标 | 传承人年度传习活动考核合格率 | 100% |
| 产出指标 | 时效指标 | 数字化记录完成时间 | 2025年11月30日前 |
| 成本指标 | 经济成本指标 | 传承人传习补助标准 | ≤0.5万元/人 |
| 成本指标 | 经济成本指标 | 单项非遗数字化记录成本 | ≤30万元/项 |
| 效益指标 | 社会效益指标 | 参与非遗传习的青少年 | ≥300人次 |
| 满意度指标 | 服务对象满意度指标 | 展演观众满意度 | ≥90% |
"""

TABLES += (
    Table(
        "heritage-2021-header",
        HERITAGE,
        (
            Fault(
                "funds-sum",
                "| | 其他资金 | 30 | |",
                "| | 其他资金 | 60 | |",
                "funds.sum-mismatch",
                None,
            ),
        ),
    ),
    Table(
        "school-funds-target",
        target(
            "溪口县义务教育学校公用经费保障",
            "溪口县教育局",
            "溪口县教育局计财股",
            "1320",
            "按生均标准足额拨付全县义务教育学校公用经费,保障52所学校正常运转。",
            "数量 补助义务教育在校学生 ≥1.8万人; 数量 保障学校 52所; "
            "质量 公用经费足额拨付率 100%; 时效 春秋两季资金拨付时间 每学期开学后30日内; "
            "成本 小学生均公用经费标准 ≤720元/生·年; 社会 义务教育巩固率 ≥98%; "
            "社会 学生辍学率 ≤0.5%; 满意度 学生家长满意度 ≥90%",
        ),
        (
            Fault(
                "payout-low",
                "公用经费足额拨付率 | 100%",
                "公用经费足额拨付率 | ≥80%",
                "values.rate-too-low",
                "公用经费足额拨付率",
            ),
        ),
    ),
    Table(
        "sewage-plant-selfeval",
        selfeval(
            "河西镇污水处理厂运营补助",
            "河西县住房和城乡建设局",
            "河西镇污水处理厂",
            ("360", "360", "10"),
            "保障河西镇污水处理厂全年稳定运行,日处理污水0.8万吨,出水达到一级A标准。",
            "污水处理厂全年运行365天,处理污水298万吨,出水水质稳定达到一级A标准。",
            "数量 年污水处理量 ≥280万吨 298万吨 20 20; "
            "质量 出水水质达标率 100% 100% 20 20; "
            "时效 污水处理厂运行天数 ≥360天 365天 10 10; "
            "成本 污水处理运营成本 ≤1.2元/吨 1.15元/吨 10 10; "
            "经济 不适用 不适用 不适用 0 0; "
            "生态 化学需氧量削减量 ≥600吨 640吨 20 20; "
            "满意度 周边群众满意度 ≥90% 93% 10 10",
        ),
        (
            Fault(
                "over-ceiling",
                "1.15元/吨 | 10 | 10",
                "1.45元/吨 | 10 | 10",
                "selfeval.ceiling-exceeded",
                "污水处理运营成本",
            ),
        ),
    ),
    Table(
        "training-over-selfeval",
        selfeval(
            "高坪区农村实用人才培训",
            "高坪区农业农村局",
            "高坪区农业技术推广中心",
            ("50", "49.5", "9.9"),
            "培训高素质农民和农村实用人才500人次,提升农民生产技能。",
            "举办培训班12期,培训农民560人次,培训后考核合格率97%。",
            "数量 培训农民 ≥500人次 560人次 20 20; "
            "数量 举办培训班 ≥10期 12期 10 10; "
            "质量 培训考核合格率 ≥95% 97% 20 20; "
            "时效 培训完成时间 2024年10月底前 2024年10月25日 10 10; "
            "成本 人均培训成本 ≤900元/人次 880元/人次 10 10; "
            "社会 参训农民掌握实用技术比例 ≥85% 88% 10 10; "
            "满意度 参训农民满意度 ≥90% 96% 10 10",
        ),
        (
            Fault(
                "full-marks-short",
                "560人次 | 20 | 20",
                "420人次 | 20 | 20",
                "selfeval.score-mismatch",
                "培训农民",
            ),
        ),
    ),
)

# A sixth round: comparators in words (不低于, 不超过, 以上), a qualitative row graded
# 好/较好/一般 in a self-evaluation, a monitoring row short of target with its cause and
# measure, a 1-6月 table on course.
TABLES += (
    Table(
        "words-comparators-target",
        target(
            "桃源县农村危房改造",
            "桃源县住房和城乡建设局",
            "桃源县村镇建设服务站",
            "450",
            "完成300户农村低收入群体危房改造,消除住房安全隐患,保障农村低收入群体住房安全。",
            "数量 完成农村危房改造 不少于300户; 质量 改造房屋竣工验收合格率 100%; "
            "时效 改造任务完成时间 2025年10月底前; 成本 户均改造补助 不超过1.5万元/户; "
            "社会 改造户住房安全保障率 100%; 可持续 改造房屋安全使用年限 20年以上; "
            "满意度 改造户满意度 不低于95%",
        ),
        (
            Fault(
                "over-funds",
                "不超过1.5万元/户",
                "不超过2万元/户",
                "cost.exceeds-funds",
                "户均改造补助",
            ),
        ),
    ),
    Table(
        "ambulance-monitoring-cause",
        monitoring(
            "县急救站救护车购置",
            "宁远县卫生健康局",
            ("180", "150"),
            "数量 购置负压救护车 3辆 3辆 3辆 确定能; "
            "质量 车辆验收合格率 100% 100% 100% 确定能; "
            "时效 车辆投入使用时间 2025年6月底前 6月20日投入使用 已完成 确定能; "
            "成本 负压救护车购置单价 ≤60万元/辆 50万元/辆 50万元/辆 确定能; "
            "社会 急救平均反应时间 ≤15分钟 14分钟 13分钟 确定能; "
            "满意度 患者满意度 ≥90% — 93% 确定能",
        ),
        (
            Fault(
                "target-unlikely",
                "≤15分钟 | 14分钟 | 13分钟 | 确定能",
                "≤15分钟 | 19分钟 | 18分钟 | 确定能",
                "monitoring.target-unlikely",
                "急救平均反应时间",
            ),
        ),
    ),
)

# A seventh round: a header with no 实施单位 line (a template without it), 社会成本 and
# 生态环境成本 rows that are real burdens, values with a trailing 以上/以内.
NO_UNIT_HEADER = """项目支出绩效目标表
(2025年度)
| 项目名称 | 城区公共自行车系统运营维护 | | |
| 主管部门 | 永宁市交通运输局 | | |
| 项目资金(万元) | 年度资金总额 | 260 | |
| | 其中:财政拨款 | 260 | |
| 年度总体目标 | 保障城区120个公共自行车站点、3000辆自行车全年正常运营,日均租用量达到9000人次。 | | |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 运营维护站点 | 120个 |
| 产出指标 | 数量指标 | 运营维护自行车 | 3000辆 |
| 产出指标 | 质量指标 | 车辆完好率 | 95%以上 |
| 产出指标 | 时效指标 | 故障车辆修复时限 | 48小时以内 |
| 成本指标 | 经济成本指标 | 单车年运营维护成本 | ≤860元/辆 |
| 成本指标 | 社会成本指标 | 站点施工占用人行道 | 0处 |
| 成本指标 | 生态环境成本指标 | 站点建设新增占用绿地 | 0平方米 |
| 效益指标 | 社会效益指标 | 日均租用量 | ≥9000人次 |
| 满意度指标 | 服务对象满意度指标 | 市民满意度 | ≥90% |
"""

TABLES += (
    Table(
        "bikes-no-unit-header",
        NO_UNIT_HEADER,
        (
            Fault(
                "vague-quality",
                "| 车辆完好率 | 95%以上 |",
                "| 车辆完好率 | 良好 |",
                "values.vague",
                "车辆完好率",
            ),
        ),
    ),
)

# An eighth round: a Hubei self-evaluation with a shortfall scored in proportion and its
# reason, and a legacy target for a one-off purchase whose cost is the whole budget.
TABLES += (
    Table(
        "flood-hubei-short",
        hubei(
            "阳新县山洪灾害防治非工程措施运行维护",
            "阳新县水利和湖泊局",
            "阳新县防汛抗旱服务中心",
            ("85", "80.75"),
            "数量 维护自动雨量站 ≥60个 60个 15 15; "
            "数量 更新预警广播 ≥120套 108套 15 13.5 部分村组迁并,按实际需要安装; "
            "质量 监测站点数据到报率 ≥95% 97% 15 15; "
            "时效 汛前维护完成时间 2024年4月底前 2024年4月26日 10 10; "
            "成本 自动雨量站年维护单价 ≤0.6万元/个 0.58万元/个 10 10; "
            "社会 山洪灾害人员伤亡 0人 0人 5 5; "
            "满意度 受益群众满意度 ≥90% 94% 10 10",
        ),
        (
            Fault(
                "score-below-achieved",
                "60个 | 15 | 15",
                "60个 | 15 | 12",
                "selfeval.score-below-achieved",
                "维护自动雨量站",
            ),
        ),
    ),
    Table(
        "archives-purchase-target",
        target(
            "平江县档案馆数字化设备购置",
            "平江县档案局",
            "平江县档案馆",
            "96",
            "购置高速扫描仪等档案数字化设备12台,完成馆藏档案数字化20万页。",
            "数量 购置档案数字化设备 12台; 数量 完成馆藏档案数字化 ≥20万页; "
            "质量 设备验收合格率 100%; 时效 设备采购完成时间 2025年6月30日前; "
            "成本 设备购置总成本 ≤96万元; 社会 档案数字化率提高 ≥10个百分点; "
            "可持续 设备使用年限 ≥6年; 满意度 档案利用者满意度 ≥90%",
        ),
        (
            Fault(
                "cost-ge",
                "设备购置总成本 | ≤96万元",
                "设备购置总成本 | ≥96万元",
                "cost.wrong-comparator",
                "设备购置总成本",
            ),
        ),
    ),
)

# A ninth round: a bridge rebuilt under the 2021 tree and a farm monitoring table with a
# row that may miss its target, cause and measure given.
TABLES += (
    Table(
        "bridge-2021",
        target(
            "长坪乡危桥改造",
            "长坪县交通运输局",
            "长坪县农村公路建设中心",
            "420",
            "拆除重建长坪乡4座四类危桥,新建桥梁荷载等级达到公路-Ⅱ级,保障沿线群众安全出行。",
            "数量 改造危桥 4座; 数量 改造桥梁总长 ≥140延米; "
            "质量 桥梁交工验收质量等级 合格; 时效 主体工程完工时间 2025年11月30日前; "
            "经济成本 危桥改造单价 ≤3万元/延米; 社会成本 施工期间临时便道保通 4处; "
            "社会 受益群众 ≥1.2万人; 满意度 沿线群众满意度 ≥90%",
            tree="2021",
        ),
        (
            Fault(
                "not-a-cost",
                "危桥改造单价 | ≤3万元/延米",
                "资金使用效率 | ≥95%",
                "cost.not-a-cost",
                "资金使用效率",
            ),
        ),
    ),
    Table(
        "wheat-monitoring-maybe",
        monitoring(
            "小麦一喷三防统防统治",
            "汝南县农业农村局",
            ("300", "270"),
            "数量 统防统治作业面积 ≥60万亩 58万亩 60万亩 确定能; "
            "质量 病虫害防治效果 ≥85% 83% 85% 有可能 花期降雨影响药效 雨后及时补喷; "
            "时效 喷防作业完成时间 2025年5月15日前 5月12日完成 已完成 确定能; "
            "成本 统防统治补助标准 ≤5元/亩 5元/亩 5元/亩 确定能; "
            "经济 挽回小麦产量损失 ≥1.8万吨 1.7万吨 1.8万吨 确定能; "
            "满意度 种植户满意度 ≥90% — 92% 确定能",
        ),
        (
            Fault(
                "maybe-no-cause",
                "有可能 | 花期降雨影响药效 | 雨后及时补喷 |",
                "有可能 |  |  |",
                "monitoring.likelihood-no-cause",
                "病虫害防治效果",
            ),
        ),
    ),
)


def review(text: str) -> tuple[list[Finding], str | None]:
    """Given a table's text, return its warnings and errors and its grade."""
    result = read_text(text, "precision.txt")
    assert result.tables, "the table was not read"
    table = result.tables[0]
    assert table.indicators, "the table's indicators were not read"
    report = check_table(table)
    return [f for f in report.findings if f.severity in ("warning", "error")], report.grade


@pytest.mark.parametrize("table", TABLES, ids=[t.id for t in TABLES])
def test_clean_table_is_quiet_and_graded_well(table: Table) -> None:
    found, grade = review(table.text)
    assert [(f.code, f.indicator, f.message) for f in found] == []
    assert grade in ("优", "良")


FAULTS = [(t, f) for t in TABLES for f in t.faults]


@pytest.mark.parametrize(("table", "fault"), FAULTS, ids=[f"{t.id}:{f.id}" for t, f in FAULTS])
def test_fault_is_raised_on_its_row_and_lowers_the_grade(table: Table, fault: Fault) -> None:
    # One place, or the funds total and its 财政拨款 line changed together.
    assert 1 <= table.text.count(fault.old) <= 2, "the fault must change one row"
    bad = table.text.replace(fault.old, fault.new)
    found, grade = review(bad)
    hits = [
        f
        for f in found
        if f.code == fault.code and (fault.indicator is None or f.indicator == fault.indicator)
    ]
    assert hits, [(f.code, f.indicator, f.message) for f in found]
    _, clean_grade = review(table.text)
    assert grade in GRADES and clean_grade in GRADES
    assert GRADES.index(grade) > GRADES.index(clean_grade)


@pytest.mark.parametrize("table", TABLES, ids=[t.id for t in TABLES])
def test_clean_table_pasted_from_a_sheet_is_quiet(table: Table) -> None:
    found, grade = review(tabbed(table.text))
    assert [(f.code, f.indicator, f.message) for f in found] == []
    assert grade in ("优", "良")


def _full_width(text: str) -> str:
    """Given a table, return it as an office suite in Chinese input types it: full-width
    per cent, colon, brackets and comma, and ≥/≤ written as >=/<=."""
    for a, b in (("%", "％"), (":", "："), ("(", "（"), (")", "）"), (",", "，")):
        text = text.replace(a, b)
    return text.replace("≥", ">=").replace("≤", "<=")


@pytest.mark.parametrize("table", TABLES, ids=[t.id for t in TABLES])
def test_clean_table_typed_full_width_is_quiet(table: Table) -> None:
    found, grade = review(_full_width(table.text))
    assert [(f.code, f.indicator, f.message) for f in found] == []
    assert grade in ("优", "良")
