"""How far the automatic review agrees with the reviewer's judgement of the corpus tables.

The reviewer's files (``review/NNN.json``, format in ``review/README.md``) say which problems
must be raised, which rows and areas are clean, the grade and the correct self-evaluation
total. This module runs the project's own ``check`` and ``score`` in-process on each corpus
file and counts, the same way the reviewer's measure does:

- recall: must-flag items hit by a warning/error naming the row (or, for a table-level
  item, a table-level finding whose code starts with the item's area);
- false alarms: warnings/errors on clean rows or in clean areas;
- grade agreement: exact and within one level; self-evaluation totals within 1 point.

``python tests/corpus/review_measure.py [--detail]`` prints the figures;
``--calibrate`` fits the grade's deductions and bands on the reviewer's grades and prints
the best simple setting with its leave-one-out agreement (docs/rules.md, 校准).
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
from jixiao.model.hanzi import to_simplified
from jixiao.model.problems import mark_read_in_part
from jixiao.report.run import check_result, run_to_dict
from jixiao.rules.config import Grading
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
    return str(to_simplified(_NOISE.sub("", str(text or ""))))


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


@dataclass(frozen=True)
class GradedTable:
    """What the grade of one reviewer-graded table is computed from."""

    want: str
    findings: tuple[tuple[str, str], ...]
    partial: bool
    #: the grade the measure falls back to when the review gives none (score sheet's), or None
    fallback: str | None
    graded: bool
    #: indicator rows read, and how many of them carry a warning or error (the share cap)
    rows: int = 0
    faulty: int = 0


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
    #: per graded table: the reviewer's grade, our findings, and the grade used when the
    #: review gave none (the score sheet's), for --calibrate
    graded_tables: list[GradedTable] = field(default_factory=list)

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
    # Tables cut off in the file are marked as `check` and `score` mark them.
    result = mark_read_in_part(read_path(path))
    run = check_result(result)
    check = run_to_dict(run)["tables"]
    for out, item in zip(check, run.tables, strict=True):
        # The rows the share cap counts (not part of check --json): for --calibrate.
        out["_rows"] = [i.name for i in item.table.indicators if not i.not_applicable]
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
        checked = match(check, g.get("project_name"))
        head = checked[0] if checked else {}
        names = {n for n in head.get("_rows", []) if n.strip()}
        faulty = {
            f.get("indicator")
            for f in head.get("findings", [])
            if f["severity"] in ("warning", "error") and f["code"] != "internal.rule-crashed"
        }
        fig.graded_tables.append(
            GradedTable(
                want,
                tuple((f["code"], f["severity"]) for f in head.get("findings", [])),
                any(f["code"] == "internal.table-truncated" for f in head.get("findings", [])),
                next((t.get("grade") for t in match(score, g.get("project_name"))), None),
                head.get("grade") in GRADES,
                len(names),
                len(faulty & names),
            )
        )
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


# --- calibration of the grade (docs/rules.md, 校准) -----------------------------------

#: What is tried: points per warning of form (``minor``), per other warning and per error,
#: findings of one code counted at most, and the lowest score of 优, 良 and 中 (round
#: steps: a simple setting generalises better than a finely fitted one).
MINOR_POINTS = (0, 2, 4, 6)
WARNING_POINTS = range(4, 16, 2)
ERROR_POINTS = range(8, 32, 4)
PER_CODE_CAPS = (1, 2, 3)
BANDS = [
    (top, good, mid)
    for top in range(84, 101, 2)
    for good in range(50, top, 4)
    for mid in range(0, good, 10)
]
#: (minor, warning, error, per-code cap, (优, 良, 中))
Params = tuple[int, int, int, int, tuple[int, int, int]]


def _counts(t: GradedTable, cap: int) -> tuple[int, int, int]:
    """Given a table and a per-code cap, return how many minor, other and error findings count."""
    minor = Grading().is_minor
    taken: dict[str, int] = {}
    out = [0, 0, 0]
    for code, severity in t.findings:
        if code == "internal.rule-crashed" or severity == "info":
            continue
        if taken.get(code, 0) < cap:
            taken[code] = taken.get(code, 0) + 1
            out[2 if severity == "error" else 0 if minor(code) else 1] += 1
    return out[0], out[1], out[2]


def _ceiling(t: GradedTable) -> int:
    # The best level (index in GRADES, 差 0 … 优 3) the table may get: an error caps the
    # grade at 中, a table read in part at 良 (rules.review).
    best = GRADES.index("优")
    if any(sev == "error" for code, sev in t.findings if code != "internal.rule-crashed"):
        best = min(best, GRADES.index("中"))
    if t.partial:
        best = min(best, GRADES.index("良"))
    return best


def _share_ceiling(t: GradedTable) -> int:
    # The best level the share of faulty rows allows (rules.grade.share_cap); it lowers
    # the score's level by one level at most (rules.grade.grade).
    best = GRADES.index("优")
    g = Grading()
    if t.rows >= g.share_min_rows:
        for level, lowest in g.share_caps:
            if t.faulty / t.rows >= lowest:
                best = min(best, GRADES.index(level))
    return best


def _level(score: int, bands: tuple[int, int, int]) -> int:
    # GRADES runs 差 (0) … 优 (3); the best level whose band the score reaches.
    top, good, mid = bands
    return 3 if score >= top else 2 if score >= good else 1 if score >= mid else 0


Row = tuple[int, int, int, int]


def _rows(tables: list[GradedTable], minor: int, warning: int, error: int, cap: int) -> list[Row]:
    """(score or -1 when the grade is the score sheet's, best level allowed, best level the
    share of faulty rows allows, reviewer's level)."""
    rows = []
    for t in tables:
        want = GRADES.index(t.want)
        if t.graded:
            a, b, c = _counts(t, cap)
            score = max(100 - minor * a - warning * b - error * c, 0)
            rows.append((score, _ceiling(t), _share_ceiling(t), want))
        elif t.fallback in GRADES:
            rows.append((-1, GRADES.index(t.fallback), GRADES.index("优"), want))
    return rows


def _agree(rows: list[Row], band: tuple[int, int, int]) -> tuple[int, int]:
    exact = within = 0
    for score, ceiling, share, want in rows:
        if score < 0:
            got = ceiling
        else:
            by_score = _level(score, band)
            got = min(by_score, ceiling, max(share, by_score - 1))
        exact += got == want
        within += abs(got - want) <= 1
    return exact, within


def fit(tables: list[GradedTable]) -> tuple[Params, int, int]:
    """Given graded tables, return the best setting and its exact and within-one agreement.

    Best: most tables within one level and exactly right together (within counted
    twice: a grade two levels off is what a reviewer cannot trust); ties go to the
    first tried: the smallest per-code cap and deductions, the lowest bands.
    """
    best: tuple[Params, int, int] | None = None
    for cap in PER_CODE_CAPS:
        for warning in WARNING_POINTS:
            for minor in (m for m in MINOR_POINTS if m <= warning):
                for error in (e for e in ERROR_POINTS if e >= warning):
                    rows = _rows(tables, minor, warning, error, cap)
                    for band in BANDS:
                        exact, within = _agree(rows, band)
                        if best is None or 2 * within + exact > 2 * best[2] + best[1]:
                            best = ((minor, warning, error, cap, band), exact, within)
    assert best is not None
    return best


def agreement(tables: list[GradedTable], params: Params) -> tuple[int, int]:
    """Given graded tables and a setting, return exact and within-one agreement."""
    minor, warning, error, cap, band = params
    return _agree(_rows(tables, minor, warning, error, cap), band)


def leave_one_out(tables: list[GradedTable]) -> tuple[int, int]:
    """Given graded tables, return exact and within-one agreement when each is held out."""
    exact = within = 0
    for n, held in enumerate(tables):
        params, _, _ = fit(tables[:n] + tables[n + 1 :])
        e, w = agreement([held], params)
        exact, within = exact + e, within + w
    return exact, within


def calibrate(fig: Figures) -> str:
    """Given the measured figures, return the calibration report: the configured setting's
    agreement, the best fit and the fit's leave-one-out agreement."""
    tables = fig.graded_tables
    g = Grading()
    bands = dict(g.bands)
    current: Params = (
        g.deduction.get("minor", 0),
        g.deduction.get("warning", 0),
        g.deduction.get("error", 0),
        g.per_code_cap,
        (bands["优"], bands["良"], bands["中"]),
    )
    now = agreement(tables, current)
    (minor, warning, error, cap, (top, good, mid)), exact, within = fit(tables)
    loo_exact, loo_within = leave_one_out(tables)
    return (
        f"calibration on {len(tables)} graded tables: configured {current}: exact {now[0]}, "
        f"within-one {now[1]}; best fit minor {minor}, warning {warning}, error {error}, "
        f"per-code cap {cap}, bands 优≥{top} 良≥{good} 中≥{mid}: exact {exact}, "
        f"within-one {within}; leave-one-out of the fit: exact {loo_exact}, "
        f"within-one {loo_within}"
    )


def main(argv: list[str]) -> int:
    """Print the figures (and, with ``--detail``, every miss and false alarm)."""
    fig = measure(Path(argv[0]) if argv and not argv[0].startswith("-") else CORPUS)
    out = []
    if "--detail" in argv:
        out += sorted(fig.lines)
        out += [
            f"  code  {c}: hits {h}, false alarms {f}" for c, (h, f) in sorted(fig.by_code.items())
        ]
    if "--calibrate" in argv:
        out.append(calibrate(fig))
    sys.stdout.write("\n".join([*out, fig.summary()]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
