"""``jixiao library``: the indicator library (指标库), thin twins of :mod:`jixiao.app.library`.

build, search, show, export/import (xlsx), suggest, and the entry review (propose,
approve, return, retire). The database is ``--db`` as for ``jixiao db``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jixiao.cli.options import DbOpt, JsonOpt, UserOpt, actor_name, db_session

library_app = typer.Typer(
    name="library",
    help="指标库: 由已批复的表生成,检索、导出导入、为新项目推荐指标、条目审核。",
    no_args_is_help=True,
)
NameArg = Annotated[str, typer.Argument(help="指标名称(按规范化名称查找)")]


def _echo_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@library_app.command("build")
def build(
    db: DbOpt = None,
    user: UserOpt = None,
    all_tables: Annotated[
        bool, typer.Option("--all-tables", help="包括未批复的表(默认只用已批复的表)")
    ] = False,
    no_starter: Annotated[bool, typer.Option("--no-starter", help="不加入起步集")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Rebuild the library from the stored tables and the 101号 starter set.

    Example:
        jixiao library build --all-tables
    """
    from jixiao.app import library

    with db_session(db) as session:
        report = library.build_library(
            session=session, actor=actor_name(user), approved_only=not all_tables,
            starter=not no_starter,
        )  # fmt: skip
    if as_json:
        _echo_json(report.to_dict())
        return
    typer.echo(
        f"指标库: {report.entries} 条(新增 {report.new},起步集 {report.starter}),"
        f"来自 {report.projects} 个项目。"
    )


@library_app.command("search")
def search(
    words: Annotated[str, typer.Argument(help="名称中的词,空格分隔")] = "",
    db: DbOpt = None,
    level1: Annotated[str | None, typer.Option("--level1", help="一级指标,如 产出指标")] = None,
    include_retired: Annotated[
        bool, typer.Option("--all", help="包括待审核、已退回和已停用的条目")
    ] = False,
    limit: Annotated[int, typer.Option(help="最多显示条数")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """Find library entries by words of their name, most used first.

    Example:
        jixiao library search 满意度 --json
    """
    from jixiao.app import library

    with db_session(db) as session:
        found = library.search(
            session=session, text=words, level1=level1, include_retired=include_retired,
            limit=limit,
        )  # fmt: skip
    if as_json:
        _echo_json(found)
        return
    for e in found:
        typer.echo(
            f"{e['usage']:>6}  {e['level1']}›{e['level2']}›{e['name']}  "
            f"{e['typical'] or '-'}  [{e['status_label']}]"
        )


@library_app.command("show")
def show(name: NameArg, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Show one entry: values per unit, where it is used, examples and review history.

    Example:
        jixiao library show 奖励标准
    """
    from jixiao.app import library

    with db_session(db) as session:
        e = library.show(session=session, name=name)
    if as_json:
        _echo_json(e)
        return
    typer.echo(f"{e['level1']}›{e['level2']}›{e['name']}  [{e['status_label']}]")
    typer.echo(f"  使用项目数 {e['usage']}; 部门 {'、'.join(e['departments']) or '-'}; "
               f"年度 {'、'.join(map(str, e['years'])) or '-'}")  # fmt: skip
    for s in e["stats"]:
        typer.echo(f"  {s['unit'] or '(无单位)'}: {s['count']} 个数值, 中位数 {s['median']}, "
                   f"p10 {s['p10']}, p90 {s['p90']}")  # fmt: skip
    for x in e["examples"]:
        typer.echo(f"  示例: {x['project']}({x['year'] or '-'}): {x['value']}")
    if e["source"]:
        typer.echo(f"  出处: {e['source']}")
    for h in e["history"]:
        why = f"  理由: {h['reason']}" if h["reason"] else ""
        typer.echo(
            f"  {h['at']}  {h['actor']}  {h['action']}  {h['from'] or ''}→{h['to'] or ''}{why}"
        )


@library_app.command("export")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出的 .xlsx 文件")],
    db: DbOpt = None,
    active_only: Annotated[bool, typer.Option("--active-only", help="只导出在用条目")] = False,
) -> None:
    """Write the library to an xlsx workbook other offices can import.

    Example:
        jixiao library export -o 指标库.xlsx
    """
    from jixiao.app import library

    with db_session(db) as session:
        rows = library.export_xlsx(session=session, path=output, include_retired=not active_only)
    typer.echo(f"已导出 {rows} 条到 {output}")


@library_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="jixiao library export 写出的 .xlsx")],
    db: DbOpt = None,
    user: UserOpt = None,
    approve: Annotated[
        bool, typer.Option("--approve", help="管理员: 直接按工作簿中的状态入库,不经审核")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add another office's entries; new names wait for an administrator's approval.

    Example:
        jixiao library import 指标库.xlsx --user rev1
    """
    from jixiao.app import library

    with db_session(db) as session:
        counts = library.import_xlsx(
            session=session, path=path, actor=actor_name(user), approve=approve
        )
    if as_json:
        _echo_json(counts)
        return
    typer.echo(f"新增 {counts['added']} 条,已有而跳过 {counts['skipped']} 条。")


@library_app.command("suggest")
def suggest(
    name: Annotated[str, typer.Option("--name", help="新项目名称")],
    goal: Annotated[list[str] | None, typer.Option("--goal", help="年度目标(可多次)")] = None,
    department: Annotated[str | None, typer.Option("--department", help="部门代码")] = None,
    limit: Annotated[int, typer.Option(help="推荐条数")] = 10,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Suggest indicators for a new project from similar past projects.

    Example:
        jixiao library suggest --name 2025年劳模表彰大会 --goal 表彰劳模 --json
    """
    from jixiao.app import library

    with db_session(db) as session:
        answer = library.suggest(
            session=session, name=name, goals=goal or (), department=department, limit=limit
        )
    if as_json:
        _echo_json(answer.to_dict())
        return
    for n, s in enumerate(answer.suggestions, 1):
        d = s.to_dict()
        typer.echo(f"{n:>2}. {d['level1']}›{d['level2']}›{d['name']}  {d['typical'] or '-'}  "
                   f"({d['projects']} 个项目使用)")  # fmt: skip
    if answer.similar:
        typer.echo("相似项目:")
    for p in answer.similar:
        d = p.to_dict()
        score = "-" if d["selfeval_score"] is None else d["selfeval_score"]
        typer.echo(f"  {d['project']}({d['department']}, {d['year']}) 评级 {d['grade'] or '-'} "
                   f"自评 {score}")  # fmt: skip


@library_app.command("check")
def check(
    path: Annotated[Path, typer.Argument(help="表格文件")],
    db: DbOpt = None,
    only_benchmarks: Annotated[
        bool, typer.Option("--benchmarks", help="只显示与同类项目比较的发现")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Review a file's tables against the library: cost.unit-outlier and values.target-outlier
    get the peers' values (jixiao check alone has no library and leaves them silent).

    Example:
        jixiao library check 新项目.xlsx --benchmarks
    """
    from jixiao.app import library

    with db_session(db) as session:
        results = library.check_against_library(session=session, path=path)
    if only_benchmarks:
        codes = ("cost.unit-outlier", "values.target-outlier")
        for r in results:
            r["findings"] = [f for f in r["findings"] if f["code"] in codes]
    if as_json:
        _echo_json(results)
        return
    for r in results:
        typer.echo(f"{r['project']}  建议评级 {r['grade']}")
        for f in r["findings"]:
            where = f"{f['indicator']}: " if f.get("indicator") else ""
            typer.echo(f"  {f['severity']:<7} {f['code']:<28} {where}{f['message']}")


@library_app.command("propose")
def propose(
    name: NameArg,
    level1: Annotated[str, typer.Option("--level1", help="一级指标")],
    level2: Annotated[str, typer.Option("--level2", help="二级指标")],
    unit: Annotated[str, typer.Option(help="计量单位")] = "",
    typical: Annotated[str | None, typer.Option(help="典型值,如 ≥95%")] = None,
    note: Annotated[str | None, typer.Option(help="说明")] = None,
    db: DbOpt = None,
    user: UserOpt = None,
) -> None:
    """A reviewer proposes an indicator; an administrator approves or returns it.

    Example:
        jixiao library propose 劳模疗休养人次 --level1 产出指标 --level2 数量指标 --unit 人次 --user rev1
    """
    from jixiao.app import library

    with db_session(db) as session:
        e = library.propose(
            session=session, actor=actor_name(user), name=name, level1=level1, level2=level2,
            unit=unit, typical=typical, note=note,
        )  # fmt: skip
    typer.echo(f"已提议“{e['name']}”,待管理员审核。")


@library_app.command("approve")
def approve(name: NameArg, db: DbOpt = None, user: UserOpt = None) -> None:
    """An administrator approves a proposed entry.

    Example:
        jixiao library approve 劳模疗休养人次 --user admin
    """
    from jixiao.app import library

    with db_session(db) as session:
        e = library.decide(session=session, actor=actor_name(user), name=name, approve=True)
    typer.echo(f"“{e['name']}”已入库。")


@library_app.command("return")
def return_(
    name: NameArg,
    reason: Annotated[str, typer.Option("--reason", help="退回理由")],
    db: DbOpt = None,
    user: UserOpt = None,
) -> None:
    """An administrator returns a proposed entry with the reason.

    Example:
        jixiao library return 劳模疗休养人次 --reason 与已有指标重复 --user admin
    """
    from jixiao.app import library

    with db_session(db) as session:
        e = library.decide(
            session=session, actor=actor_name(user), name=name, approve=False, reason=reason
        )
    typer.echo(f"“{e['name']}”已退回。")


@library_app.command("retire")
def retire(
    name: NameArg,
    reason: Annotated[str, typer.Option("--reason", help="停用理由")],
    db: DbOpt = None,
    user: UserOpt = None,
) -> None:
    """An administrator retires an entry: no longer suggested, kept in the history.

    Example:
        jixiao library retire 奖励标准 --reason 改用人均奖励标准 --user admin
    """
    from jixiao.app import library

    with db_session(db) as session:
        e = library.retire(session=session, actor=actor_name(user), name=name, reason=reason)
    typer.echo(f"“{e['name']}”已停用(历史中仍可查)。")


def register(app: typer.Typer) -> None:
    """Add ``jixiao library`` to the application."""
    app.add_typer(library_app)
