"""Rich views of tables and problems for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from jixiao.model.money import money_str
from jixiao.model.problems import ParseResult
from jixiao.model.project import TargetTable

console = Console()
err_console = Console(stderr=True)

_KIND = {"target": "绩效目标表", "self_evaluation": "绩效自评表", "monitoring": "绩效监控表"}


def render_table(table: TargetTable) -> None:
    """Given a table, print its header, funds and indicator tree."""
    p, f = table.project, table.funds
    head = Table(show_header=False, box=None, padding=(0, 2))
    head.add_row("项目名称", p.name or "—", "年度", str(table.fiscal_year or "—"))
    head.add_row(
        "主管部门",
        f"{p.department or '—'}({p.department_code or '无代码'})",
        "实施单位",
        p.implementing_unit or "—",
    )
    head.add_row(
        "项目来源", p.source or "—", "项目期", f"{p.period_years}年" if p.period_years else "—"
    )
    head.add_row(
        "年度资金总额",
        f"{money_str(f.total) or '—'} 万元",
        "财政拨款",
        f"{money_str(f.fiscal) or '—'} 万元",
    )
    head.add_row(
        "上年结转",
        f"{money_str(f.carryover) or '—'} 万元",
        "其他资金",
        f"{money_str(f.other) or '—'} 万元",
    )
    console.rule(f"[bold]{_KIND[table.kind]}:{table.title}[/bold]  [dim]{table.source}[/dim]")
    console.print(head)
    for number, goal in enumerate(table.goals, start=1):
        console.print(f"[cyan]目标{number}[/cyan] {goal}")
    console.print(_tree(table))


def _tree(table: TargetTable) -> Tree:
    root = Tree(f"绩效指标({len(table.indicators)} 项)")
    branches: dict[str, Tree] = {}
    leaves: dict[tuple[str, str], Tree] = {}
    for ind in table.indicators:
        l1 = branches.get(ind.level1) or root.add(f"[bold]{ind.level1 or '(无一级)'}[/bold]")
        branches[ind.level1] = l1
        l2 = leaves.get((ind.level1, ind.level2)) or l1.add(ind.level2 or "(无二级)")
        leaves[(ind.level1, ind.level2)] = l2
        mark = " [yellow](一级由二级推断)[/yellow]" if ind.level1_inferred else ""
        na = " [dim](不适用)[/dim]" if ind.not_applicable else ""
        l2.add(f"{ind.name}  [green]{ind.value.raw}[/green]{na}{mark}")
    return root


def render_result(result: ParseResult) -> None:
    """Given a parse result, print every table, then the problems."""
    for table in result.tables:
        render_table(table)
    if result.problems:
        problems = Table("代码", "级别", "位置", "说明", title=f"问题 {len(result.problems)} 个")
        for p in result.problems:
            problems.add_row(p.code, p.severity, str(p.source), p.message)
        console.print(problems)
    console.print(
        f"共 {len(result.tables)} 张表,"
        f"{sum(len(t.indicators) for t in result.tables)} 项指标,"
        f"{len(result.problems)} 个问题"
    )
