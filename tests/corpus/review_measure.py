"""How far the automatic review agrees with the reviewer's judgement of the corpus tables.

The reviewer's files (``review/NNN.json``, format in ``review/README.md``) say which problems
must be raised, which rows and areas are clean, the grade and the correct self-evaluation
total. This module runs the project's own ``check`` and ``score`` in-process on each corpus
file and counts, the same way the reviewer's measure does:

- recall: must-flag items hit by a warning/error naming the row (or, for a table-level
  item, a table-level finding whose code starts with the item's area);
- false alarms: warnings/errors on clean rows or in clean areas;
- grade agreement: exact and within one level; self-evaluation totals within 1 point.

``python tests/corpus/review_measure.py [--detail]`` prints the figures.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.ingest import read_path
from jixiao.model.script import to_simplified
from jixiao.report.run import check_result, run_to_dict
from jixiao.scoring import score_table, sheets_to_dict
from jixiao.scoring.crossyear import attach_crossyear

CORPUS = Path(__file__).resolve().parent
GRADES = ("差", "中", "良", "优")
AREA_CODES: dict[str, tuple[str, ...]] = {
    "selfeval": ("selfeval.", "consistency.", "crossyear."),
    "completeness": ("completeness.", "structure.no-satisfaction", "structure.too-few"),
    "header": ("header.",),
    "funds": ("funds.",),
}
_NOISE = re.compile(r"[\s:：\"“”'‘’()（）]")


def norm(text: object) -> str:
    """Given a name, return it without spaces and quotes, in simplified characters."""
    return to_simplified(_NOISE.sub("", str(text or "")))


def _project(table: dict[str, Any]) -> str:
    p = table.get("project")
    return str(p.get("name", "")) if isinstance(p, dict) else str(p or "")


def match(tables: list[dict[str, Any]], name: str | None) -> list[dict[str, Any]]:
    """Given output tables and the reviewer's project name, return the tables it is about."""
    n = norm(name)
    if not n:
        return tables[:1] if len(tables) == 1 else []
    out = []
    for t in tables:
        p = norm(_project(t))
        if n in p or (p and p in n):
            out.append(t)
    return out


def in_area(code: str, area: str) -> bool:
    """Whether a finding code belongs to a reviewer's area."""
    return code.startswith(AREA_CODES.get(area, (area + ".",)))


@dataclass
class Figures:
    """The agreement counts over the reviewed tables, and the misses for ``--detail``."""

    hits: int = 0
    items: int = 0
    false: int = 0
    exact: int = 0
    within: int = 0
    graded: int = 0
    totals_ok: int = 0
    totals: int = 0
    lines: list[str] = field(default_factory=list)
    #: per finding code: [must-flag items it hit, false alarms it raised]
    by_code: dict[str, list[int]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.hits / self.items if self.items else 0.0

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.false) if self.hits + self.false else 0.0

    def summary(self) -> str:
        """Given the figures, return the one-line summary."""
        return (
            f"review vs reviewer: recall {self.hits}/{self.items} = {self.recall:.0%}, "
            f"false alarms {self.false}, precision {self.precision:.0%}, grade exact "
            f"{self.exact}/{self.graded} within-one {self.within}/{self.graded}, "
            f"self-eval totals {self.totals_ok}/{self.totals}"
        )


def outputs(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Given a corpus file, return what ``jixiao check --json`` and ``score --json`` give."""
    result = read_path(path)
    check = run_to_dict(check_result(result))["tables"]
    evals = [t for t in result.tables if t.kind == "self_evaluation"]
    sheets = attach_crossyear([score_table(t) for t in evals], ())
    return check, sheets_to_dict(sheets)["tables"]


def _judge(fig: Figures, tag: str, g: dict[str, Any], check: list[Any], score: list[Any]) -> None:
    found = match(check, g.get("project_name")) + match(score, g.get("project_name"))
    findings = [
        f for t in found for f in t.get("findings", []) if f.get("severity") in ("warning", "error")
    ]
    clean = {norm(c) for c in g.get("clean", [])}
    for item in g.get("must_flag", []):
        fig.items += 1
        ind = norm(item.get("indicator"))
        hitting = [
            f["code"]
            for f in findings
            if (ind and norm(f.get("indicator")) == ind)
            or (not ind and not f.get("indicator") and in_area(f["code"], item.get("area", "")))
        ]
        hit = bool(hitting)
        for code in set(hitting):
            fig.by_code.setdefault(code, [0, 0])[0] += 1
        fig.hits += hit
        if not hit:
            fig.lines.append(f"  miss  {tag}: {item.get('indicator') or '(table)'} — {item['why']}")
    for f in findings:
        ind = norm(f.get("indicator"))
        areas = g.get("clean_areas", [])
        if (ind and ind in clean) or (not ind and any(in_area(f["code"], a) for a in areas)):
            fig.false += 1
            fig.by_code.setdefault(f["code"], [0, 0])[1] += 1
            fig.lines.append(
                f"  false {tag}: {f['code']} {f.get('indicator') or '(table)'} — "
                f"{f.get('message', '')[:60]}"
            )
    want = g.get("expert_grade")
    if want in GRADES:
        fig.graded += 1
        got = next((t.get("grade") for t in found if t.get("grade") in GRADES), None)
        fig.exact += got == want
        fig.within += got in GRADES and abs(GRADES.index(got) - GRADES.index(want)) <= 1
        if got != want:
            fig.lines.append(f"  grade {tag}: {got} (reviewer {want})")
    if g.get("self_eval_total") is not None:
        fig.totals += 1
        got_total = next(
            (t.get("total") for t in match(score, g.get("project_name")) if t.get("total")), None
        )
        ok = got_total is not None and abs(float(got_total) - float(g["self_eval_total"])) <= 1.0
        fig.totals_ok += ok
        if not ok:
            fig.lines.append(f"  score {tag}: {got_total} (reviewer {g['self_eval_total']})")


def reviews(corpus: Path = CORPUS) -> Iterable[tuple[dict[str, Any], Path]]:
    """Given the corpus folder, yield each reviewer file with the table file it judges."""
    for rpath in sorted((corpus / "review").glob("[0-9]*.json")):
        review = json.loads(rpath.read_text("utf-8"))
        files = sorted(corpus.glob(review["file"])) or sorted(corpus.glob(rpath.name[:3] + "_*"))
        if files:
            yield review, files[0]


def measure(corpus: Path = CORPUS) -> Figures:
    """Given the corpus folder, return the agreement figures of the review with the reviewer."""
    fig = Figures()
    for review, path in reviews(corpus):
        check, score = outputs(path)
        for g in review["tables"]:
            tag = f"{path.name[:3]} {(g.get('project_name') or '(no name)')[:20]}"
            _judge(fig, tag, g, check, score)
    return fig


def main(argv: list[str]) -> int:
    """Print the figures (and, with ``--detail``, every miss and false alarm)."""
    fig = measure(Path(argv[0]) if argv and not argv[0].startswith("-") else CORPUS)
    out = []
    if "--detail" in argv:
        out += sorted(fig.lines)
        out += [
            f"  code  {c}: hits {h}, false alarms {f}" for c, (h, f) in sorted(fig.by_code.items())
        ]
    sys.stdout.write("\n".join([*out, fig.summary()]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
