"""``jixiao synth``: write a synthetic corpus of target tables for benchmarks and load tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.export.formats import FORMATS
from jixiao.synth.text import LAYOUTS


def synth(
    tables: Annotated[int, typer.Option("--tables", "-n", help="表的数量", min=1)],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹")],
    formats: Annotated[
        str, typer.Option("--formats", help="逗号分隔: " + ",".join(("txt", *FORMATS)))
    ] = "txt",
    seed: Annotated[int, typer.Option("--seed", help="随机种子;相同种子生成相同的表")] = 0,
    defects: Annotated[
        float, typer.Option("--defects", help="含缺陷的表所占比例", min=0.0, max=1.0)
    ] = 0.15,
    labels: Annotated[
        Path | None, typer.Option("--labels", help="把每张表埋入的缺陷写成 JSON lines")
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout", help="txt 的版式: " + ", ".join(LAYOUTS) + " (见 docs/reading.md)"
        ),
    ] = "tab",
) -> None:
    """Generate realistic target tables over several years, one file per department and year.

    Example:
        jixiao synth --tables 1000 -o corpus/ --formats txt,xlsx --seed 7
    """
    from jixiao.synth import generate, write_corpus

    if layout not in LAYOUTS:
        typer.echo(f"未知版式 {layout},可选: {', '.join(LAYOUTS)}", err=True)
        raise typer.Exit(2)
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    made = generate(tables, seed=seed, defect_share=defects)
    paths = write_corpus(made, output, chosen, labels=labels, layout=layout)
    typer.echo(f"已生成 {len(made)} 张表,写出 {len(paths)} 个文件到 {output}")


def register(app: typer.Typer) -> None:
    """Add ``synth`` to the command line."""
    app.command(
        "synth",
        help=(
            "生成多年度的仿真绩效目标表(按部门和年度各一个文件),用于基准和压力测试;同一种子结果相同。"
            "\n\n示例: jixiao synth --tables 1000 -o corpus/ --formats txt,xlsx --seed 7"
        ),
    )(synth)
