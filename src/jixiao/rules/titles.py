"""Chinese titles of finding codes: what a reader sees in charts, reports and open data.

The titles live with the rules (every ``Rule`` carries its own); this lookup sits here,
in the rules layer, so that the analysis report and the dataset export (below the web)
name findings the same way the dashboard does.
"""

from __future__ import annotations

from functools import cache

from jixiao.rules import FINDINGS_CAPPED, INTERNAL_CRASH, PARTIAL_TABLE, REGISTRY

#: Codes of the engine itself, which no registered rule carries.
_ENGINE_TITLES = {
    INTERNAL_CRASH: "审核规则运行出错",
    PARTIAL_TABLE: "文件只读到部分表格",
    FINDINGS_CAPPED: "同类问题过多, 其余未逐条列出",
}


@cache
def _titles() -> dict[str, str]:
    titles = dict(_ENGINE_TITLES)
    for rule in REGISTRY:  # every family, self-evaluation and monitoring included
        titles[rule.code] = rule.title
        for alias in rule.aliases:
            titles.setdefault(alias, rule.title)
    return titles


def finding_title(code: str) -> str:
    """Given a finding code, return its rule's Chinese title (the code when none is known)."""
    return _titles().get(code, code)


def labelled(codes: list[str]) -> list[tuple[str, str]]:
    """Given finding codes, return (code, title) pairs in the order given."""
    return [(c, finding_title(c)) for c in codes]
