"""The library's pure logic: names, units, words, statistics, entries, ranking, peers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.ingest import read_path
from jixiao.library.benchmarks import PeerTable, benchmarks_for
from jixiao.library.build import build_entries, merge_starter, project_doc
from jixiao.library.names import normalise_name, normalise_unit, unit_factor
from jixiao.library.rank import SuggestIndex
from jixiao.library.starter import starter_data, starter_entries
from jixiao.library.stats import numeric_target, quantile, value_stats
from jixiao.library.tokens import tokenise
from jixiao.model import parse_value
from repo_files import EXAMPLE


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("指标1:奖金发放准确率", "奖金发放准确率"),
        ("指标 2: 奖金发放准确率", "奖金发放准确率"),
        ("1、奖金发放准确率（%）", "奖金发放准确率"),
        ("(2)培训 人次", "培训人次"),
        ("（二）培训人次(必填)", "培训人次"),
        ("①劳模满意度", "劳模满意度"),
        ("★ 劳模满意度:", "劳模满意度"),
        ("一、项目完成时间：", "项目完成时间"),
        ("第3项 项目完成时间", "项目完成时间"),
        ("區級森林防火巡查次數", "区级森林防火巡查次数"),
        ("ＰＭ２.５浓度", "pm2.5浓度"),
        ("“两卡制”覆盖率", "两卡制覆盖率"),
        ("(人次)", "人次"),
    ],
)
def test_name_normalisation_family(written: str, key: str) -> None:
    assert normalise_name(written) == key


def test_a_number_inside_a_name_stays() -> None:
    # Only *leading* numbering goes: "5G基站" and "2024年度" keep their figures.
    assert normalise_name("5G基站建设数量") == "5g基站建设数量"
    assert normalise_name("1.5米以上苗木成活率") == "1.5米以上苗木成活率"


def test_units() -> None:
    assert normalise_unit("万元/人") == normalise_unit("元／人") == "元/人"
    assert normalise_unit("元") == normalise_unit("万元") == "万元"
    assert normalise_unit("％") == "%"
    assert normalise_unit("人次") == "人次"
    assert unit_factor("万元/人") == 10000 and unit_factor("元") * 10000 == 1
    assert numeric_target(parse_value("≤0.5万元/人")) == (5000.0, "元/人")
    assert numeric_target(parse_value("90%-95%")) == (92.5, "%")
    assert numeric_target(parse_value("成效明显")) is None


def test_words_drop_stopwords_numbers_and_lone_characters() -> None:
    words = tokenise("给予2023年评选出的市劳动模范每人5000元奖金")
    assert "劳动模范" in words and "奖金" in words
    assert not {"2023", "5000", "的", "市", "元", "年"} & set(words)
    assert tokenise("區級森林防火") == tokenise("区级森林防火")


def test_quantiles_and_stats() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert quantile([0.0, 10.0], 0.1) == pytest.approx(1.0)
    stats = value_stats([(100.0, "%"), (95.0, "%"), (90.0, "%"), (5000.0, "元/人")])
    assert list(stats) == ["%", "元/人"]
    assert stats["%"].count == 3 and stats["%"].median == 95.0
    assert stats["%"].p10 == pytest.approx(91.0) and stats["%"].p90 == pytest.approx(99.0)
    assert stats["元/人"].typical == "5000元/人"


def _example_docs() -> list:
    result = read_path(EXAMPLE)
    return [project_doc(t, ref=n, department="508") for n, t in enumerate(result.tables, 1)]


def test_entries_from_the_real_example() -> None:
    docs = _example_docs()
    entries = build_entries(docs)
    assert len(docs) == 6
    satisfied = [e for e in entries.values() if e.key.endswith("满意度")]
    assert satisfied and all(e.level1 == "满意度指标" for e in satisfied)
    award = entries["奖励标准"]
    assert (award.unit, award.usage, award.departments) == ("元/人", 1, ("508",))
    assert award.main_stats is not None and award.main_stats.median == 5000.0
    assert award.examples[0].project == "2023年劳模表彰大会经费"
    assert all(e.usage >= 1 and e.years == (2024,) for e in entries.values())
    # "指标1:" numbering never reaches a key
    assert not [k for k in entries if k.startswith("指标")]


def test_starter_set_cites_its_source_and_merges() -> None:
    data = starter_data()
    assert "财预〔2021〕101号" in data["source"]
    starter = starter_entries()
    assert {e.level1 for e in starter} == {"成本指标", "产出指标", "效益指标", "满意度指标"}
    assert all(e.origin == "starter" and e.source == data["source"] for e in starter)
    merged = merge_starter(build_entries(_example_docs()), starter)
    assert set(merged) >= {e.key for e in starter}


def test_suggestions_rank_the_similar_projects_indicators() -> None:
    docs = _example_docs()
    index = SuggestIndex(docs, merge_starter(build_entries(docs), starter_entries()))
    answer = index.suggest("2025年劳模表彰大会", ["表彰劳动模范和先进工作者,发放奖金"])
    assert answer.similar[0].doc.name == "2023年劳模表彰大会经费"
    keys = [s.entry.key for s in answer.suggestions]
    assert "奖励标准" in keys[:10] and "表彰劳模和先进工作者" in keys[:10]
    award = next(s for s in answer.suggestions if s.entry.key == "奖励标准")
    assert award.to_dict()["typical"] == "5000元/人"
    # left out, the project neither votes nor keeps the entries only it uses
    out = index.suggest("2025年劳模表彰大会", ["发放奖金"], exclude_ref=answer.similar[0].doc.ref)
    assert all(p.doc.ref != answer.similar[0].doc.ref for p in out.similar)
    assert "奖励标准" not in [s.entry.key for s in out.suggestions]


def test_peer_table_gives_stats_in_the_rows_own_unit() -> None:
    docs = _example_docs()
    table = read_path(EXAMPLE).tables[0]
    peers_docs = []
    for n, cost in enumerate((4000, 4500, 5000, 5500, 6000), 100):
        rows = tuple(
            replace(i, value=parse_value(f"{cost}元/人")) if "奖励标准" in i.name else i
            for i in table.indicators
        )
        peers_docs.append(project_doc(replace(table, indicators=rows), ref=n))
    bench = benchmarks_for(table, PeerTable([*docs, *peers_docs]), exclude_ref=1)
    award = bench["奖励标准"]
    assert award["count"] == 5 and award["median"] == 5000 and award["unit"] == "元/人"
    assert len(award["peers"]) == 5
    in_wan = replace(
        table,
        indicators=tuple(
            replace(i, value=parse_value("0.5万元/人")) if "奖励标准" in i.name else i
            for i in table.indicators
        ),
    )
    converted = benchmarks_for(in_wan, PeerTable(peers_docs))["奖励标准"]
    assert converted["unit"] == "万元/人" and converted["median"] == pytest.approx(0.5)


def test_a_project_without_words_gets_the_most_used_indicators() -> None:
    docs = _example_docs()
    index = SuggestIndex(docs, build_entries(docs))
    answer = index.suggest("", [])
    usages = [s.entry.usage for s in answer.suggestions]
    assert len(usages) == 10 and usages == sorted(usages, reverse=True)
    assert answer.suggestions[0].entry.key == "项目完成质量"  # all six tables use it
