"""The workflow and users from the command line (thin twins of the repo functions)."""

from __future__ import annotations

import json
from pathlib import Path

from storehelp import EXAMPLE, example_text
from typer.testing import CliRunner

from jixiao.cli import app


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_users_roles_and_a_full_round(db_url: str, tmp_path: Path) -> None:
    db = ("--db", db_url)
    assert (
        _run(
            "users",
            "add",
            "clerk1",
            "--role",
            "clerk",
            "--unit",
            "芜湖市总工会",
            "--password-stdin",
            *db,
            stdin="s3cret-pass\n",
        )[0]
        == 0
    )
    assert (
        _run(
            "users",
            "add",
            "dept1",
            "--role",
            "dept-reviewer",
            "--department",
            "508",
            "--password-stdin",
            *db,
            stdin="s3cret-pass\n",
        )[0]
        == 0
    )
    assert (
        _run(
            "users",
            "add",
            "fin1",
            "--role",
            "finance-reviewer",
            "--password-stdin",
            *db,
            stdin="s3cret-pass\n",
        )[0]
        == 0
    )
    assert _run("users", "check", "clerk1", *db, stdin="s3cret-pass\n")[0] == 0
    assert _run("users", "check", "clerk1", *db, stdin="wrong-pass\n")[0] == 1
    assert _run("db", "load", str(EXAMPLE), "--user", "clerk1", *db)[0] == 0
    code, out = _run("db", "grade", "1", "优", "--user", "fin1", *db)
    assert code == 1 and "不能执行“财政审核评级”" in out
    for args in (
        ("submit", "1", "--user", "clerk1"),
        ("review", "1", "--user", "dept1"),
        ("grade", "1", "良", "--user", "fin1"),
        ("approve", "1", "--user", "fin1"),
    ):
        code, out = _run("db", *args, *db)
        assert code == 0, out
    revised = tmp_path / "revised.txt"
    revised.write_text(example_text().split("\n## ")[0].replace("149人", "160人"), encoding="utf-8")
    code, out = _run(
        "db", "adjust", "1", str(revised), "--reason", "追加表彰名额", "--user", "clerk1", *db
    )
    assert code == 0 and "调整申请中" in out, out
    code, out = _run("db", "adjust", "1", "--approve", "--user", "fin1", *db)
    assert code == 0 and "已批复" in out, out
    shown = json.loads(_run("db", "show", "1", "--json", *db)[1])
    history = json.loads(_run("db", "history", "1", "--json", *db)[1])
    assert (shown["version"], shown["status"], shown["grade"]) == (2, "已批复", "良")
    assert [i["value"]["raw"] for i in shown["table"]["indicators"]][0] == "160人"
    assert [(h["action"], h["actor"]) for h in history][-2:] == [
        ("request-adjustment", "clerk1"),
        ("approve-adjustment", "fin1"),
    ]
    assert history[-2]["reason"] == "追加表彰名额"
