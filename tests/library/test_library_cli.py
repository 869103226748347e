"""``jixiao library`` on real SQLite and PostgreSQL: build, suggest, search, show,
the xlsx round trip and the entry review, with who may do what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from repo_files import EXAMPLE

RUN = CliRunner()


def _ok(*args: str) -> str:
    result = RUN.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def built(db_url: str) -> str:
    _ok("db", "load", str(EXAMPLE), "--db", db_url)
    report = json.loads(_ok("library", "build", "--all-tables", "--db", db_url, "--json"))
    assert report["projects"] == 6 and report["entries"] > 35
    return db_url


def test_suggest_json_ranks_the_similar_projects_indicators(built: str) -> None:
    out = json.loads(
        _ok(
            "library",
            "suggest",
            "--name",
            "2025年劳模表彰大会",
            "--goal",
            "表彰劳动模范和先进工作者,发放奖金",
            "--department",
            "508",
            "--db",
            built,
            "--json",
        )  # fmt: skip
    )
    names = [s["name"] for s in out["suggestions"]]
    assert len(names) == 10 and "奖励标准" in names and "表彰劳模和先进工作者" in names
    award = next(s for s in out["suggestions"] if s["name"] == "奖励标准")
    assert (award["typical"], award["unit"], award["projects"]) == ("5000元/人", "元/人", 1)
    similar = out["similar_projects"]
    assert similar[0]["project"] == "2023年劳模表彰大会经费"
    assert similar[0]["grade"] in ("优", "良", "中", "差") and "selfeval_score" in similar[0]


def test_search_and_show(built: str) -> None:
    found = json.loads(_ok("library", "search", "满意度", "--db", built, "--json"))
    assert found and all("满意度" in e["name"] for e in found)
    assert found[0]["usage"] >= found[-1]["usage"]
    shown = json.loads(_ok("library", "show", "服务对象满意度", "--db", built, "--json"))
    assert shown["origin"] == "starter" and "财预〔2021〕101号" in shown["source"]
    text = _ok("library", "show", "奖励标准", "--db", built)
    assert "中位数 5000" in text and "2023年劳模表彰大会经费" in text


def test_xlsx_round_trip_into_another_office(built: str, tmp_path: Path) -> None:
    book = tmp_path / "指标库.xlsx"
    _ok("library", "export", "-o", str(book), "--db", built)
    exported = json.loads(_ok("library", "search", "--db", built, "--json", "--limit", "1000"))
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    counts = json.loads(_ok("library", "import", str(book), "--approve", "--db", other, "--json"))
    assert counts == {"added": len(exported), "skipped": 0}
    imported = json.loads(_ok("library", "search", "--db", other, "--json", "--limit", "1000"))
    keep = ("key", "name", "level1", "level2", "unit", "typical", "usage", "departments", "years",
            "median", "p10", "p90", "origin", "source")  # fmt: skip
    assert [{k: e[k] for k in keep} for e in imported] == [
        {k: e[k] for k in keep} for e in exported
    ]
    # a second import adds nothing; without --approve new names wait for review
    again = json.loads(_ok("library", "import", str(book), "--db", other, "--json"))
    assert again["added"] == 0


def test_review_roles(built: str) -> None:
    from jixiao.store.auth import add_user
    from jixiao.store.db import make_engine, session_scope

    engine = make_engine(built)
    with session_scope(engine) as s:
        add_user(session=s, name="admin", role="admin", password="long-enough-1")
        add_user(session=s, name="rev1", role="dept-reviewer", password="long-enough-1",
                 department="508")  # fmt: skip
        add_user(
            session=s, name="clerk1", role="clerk", password="long-enough-1", unit="芜湖市总工会"
        )
    engine.dispose()
    args = ("--level1", "产出指标", "--level2", "数量指标", "--unit", "人次", "--db", built)
    refused = RUN.invoke(app, ["library", "propose", "劳模疗休养人次", *args, "--user", "clerk1"])
    assert refused.exit_code == 1 and "无权提议" in refused.output
    _ok("library", "propose", "劳模疗休养人次", *args, "--user", "rev1")
    refused = RUN.invoke(app, ["library", "approve", "劳模疗休养人次", "--db", built, "-u", "rev1"])
    assert refused.exit_code == 1 and "无权审批" in refused.output
    _ok("library", "approve", "劳模疗休养人次", "--db", built, "--user", "admin")
    _ok(
        "library",
        "retire",
        "劳模疗休养人次",
        "--reason",
        "合并到疗休养人数",
        "--db",
        built,
        "-u",
        "admin",
    )
    shown = json.loads(_ok("library", "show", "劳模疗休养人次", "--db", built, "--json"))
    assert shown["status"] == "retired"
    assert [h["action"] for h in shown["history"]] == [
        "library.propose", "library.approve", "library.retire",
    ]  # fmt: skip
    assert [h["actor"] for h in shown["history"]] == ["rev1", "admin", "admin"]
    active = json.loads(_ok("library", "search", "疗休养人次", "--db", built, "--json"))
    assert active == []
