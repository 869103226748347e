"""The scoring formulas of :mod:`jixiao.scoring.formulas` in Excel syntax, for the template.

Columns of a template row: D 年度指标值 (text), E 实际完成值, G 分值, K 目标值, L 上限.
Kept beside the Python formulas so that a change to one is seen in the other; the
round-trip test scores the same rows both ways.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.values import TargetValue
from jixiao.scoring.tiers import ACHIEVED, MISSED, PARTLY


def _more(r: int, k: str) -> str:
    """Excel for "≥K": weight × min(B/K, 1), nothing below a zero target (formulas.at_least)."""
    return f"IF(E{r}>={k}{r},G{r},IF({k}{r}<=0,0,ROUND(G{r}*MAX(E{r},0)/{k}{r},2)))"


def _less(r: int, k: str) -> str:
    """Excel for "≤K": weight × K/B above the ceiling (formulas.at_most)."""
    return f"IF(E{r}<={k}{r},G{r},IF({k}{r}<=0,0,ROUND(G{r}*{k}{r}/E{r},2)))"


def score_formula(r: int, value: TargetValue, cost: bool, tolerance: Decimal) -> str:
    """Given a row, its target value, whether it is a cost and the "=" tolerance, return the 得分 formula."""
    if not value.is_quantitative or value.number is None:
        tiers = f'IF(E{r}="{PARTLY.name}",ROUND(G{r}*{PARTLY.high},2),IF(E{r}="{MISSED.name}",ROUND(G{r}*{MISSED.high},2),""))'
        return f'=IF(OR(E{r}="{ACHIEVED.name}",AND(E{r}<>"",E{r}=D{r})),G{r},{tiers})'
    if value.upper is not None:
        body = f"IF(AND(E{r}>=K{r},E{r}<=L{r}),G{r},IF(E{r}<K{r},{_more(r, 'K')},{_less(r, 'L')}))"
    elif value.op in ("≥", ">"):
        body = _more(r, "K")
    elif value.op in ("≤", "<"):
        body = _less(r, "K")
    else:
        body = f"IF(ABS(E{r}-K{r})<={tolerance}*ABS(K{r}),G{r},{_less(r, 'K') if cost else _more(r, 'K')})"
    return f'=IF(ISNUMBER(E{r}),{body},"")'


def execution_formulas(r: int) -> tuple[str, str]:
    """Given the execution row (D 全年预算数, E 全年执行数, G 分值), return 执行率 and 得分 formulas."""
    ok = f"AND(ISNUMBER(E{r}),D{r}>0)"
    return f'=IF({ok},E{r}/D{r},"")', f'=IF({ok},ROUND(G{r}*MIN(E{r}/D{r},1),2),"")'


def total_formula(r: int, exec_row: int, first: int) -> tuple[str, str]:
    """Given the total row, return the applicable weights and the total rescaled to 100 (formulas.rescale)."""
    scores = f"H{exec_row},H{first}:H{r - 1}"
    return (
        f"=G{exec_row}+SUM(G{first}:G{r - 1})",
        f'=IF(COUNT({scores})=0,"",ROUND(SUM({scores})*100/G{r},2))',
    )


def grade_formula(cell: str) -> str:
    """Given the total's cell, return the grade formula: 优 ≥90, 良 ≥80, 中 ≥60, else 差."""
    return f'=IF({cell}="","",IF({cell}>=90,"优",IF({cell}>=80,"良",IF({cell}>=60,"中","差"))))'
