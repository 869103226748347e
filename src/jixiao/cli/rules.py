"""``jixiao rules``: list the review rules with their codes."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


def rules(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """List every review rule: code, severity, review criterion and title.

    Example:
        jixiao rules --json
    """
    from jixiao.rules import REGISTRY

    if as_json:
        items = [
            {"code": r.code, "severity": r.severity, "criterion": r.criterion, "title": r.title,
             "why": r.why, "bad": r.bad, "good": r.good}
            for r in REGISTRY
        ]  # fmt: skip
        sys.stdout.write(json.dumps({"rules": items}, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("代码", "级别", "维度", "说明", title=f"审核规则 {len(REGISTRY)} 条")
    for r in REGISTRY:
        table.add_row(r.code, r.severity, r.criterion, r.title)
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``rules`` to the command line."""
    app.command(
        "rules", help="列出全部审核规则: 代码、级别、审核要点和标题。\n\n示例: jixiao rules --json"
    )(rules)
