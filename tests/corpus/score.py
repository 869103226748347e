"""How well the reader reads the real corpus, measured against the golden readings.

Each ``golden/NNN.json`` is a person's reading of ``NNN_*.txt`` (see ``golden/README.md``).
This module reads every corpus file with :func:`jixiao.ingest.read_path`, puts the result
in its ``jixiao.parse/1`` shape (docs/contract.md) and counts, per layout family:

* indicator recall: golden indicators the reader found with the same name and value;
* indicator precision: of the indicators the reader produced, the share that are golden
  (a header word, a number or a placeholder read as an indicator counts against it);
* header recall: golden header fields read right (project name, department, total funds).

Run ``python tests/corpus/score.py [--detail]`` (with ``PYTHONPATH=src``) to see the figures.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.model.hanzi import to_simplified

CORPUS = Path(__file__).resolve().parent
GOLDEN = CORPUS / "golden"

# Pinyin that doc-sharing sites print after traditional characters: 區(qū) → 區.
_RUBY = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
# Ignored when comparing text: spacing, colons, the pipes and page markers of flattened files.
_NOISE = re.compile(r"[\s|:：,，、;；。.()（）\[\]【】<>《》“”\"'`*★☆_\-—~·]")
_NUMBERING = re.compile(r"^指标\d+")
# "100％" and "100%", "２０" and "20" are the same value written in another input width.
_WIDTH = str.maketrans({0xFF10 + d: 0x30 + d for d in range(10)} | {ord("％"): ord("%")})
_COMPARATORS = {
    ">=": "≥",
    "≧": "≥",
    "=>": "≥",
    "<=": "≤",
    "≦": "≤",
    "=<": "≤",
    "＝": "=",
    "﹦": "=",
}


def clean(text: str | None) -> str:
    """Given a name or a value as written, return it reduced to what a comparison should see.

    Golden readings keep traditional characters as the file wrote them, the reader may
    give simplified ones: both are compared in simplified form.
    """
    text = to_simplified(_RUBY.sub("", text or "")).translate(_WIDTH)
    return _NUMBERING.sub("", _NOISE.sub("", text))


def _decimal(text: object) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "")) if text not in (None, "") else None
    except InvalidOperation:
        return None


def _op(op: str | None) -> str | None:
    return _COMPARATORS.get(op or "", op) if op else None


def same_name(golden: str, read: str) -> bool:
    """Given two indicator names, say whether they name the same indicator."""
    g, r = clean(golden), clean(read)
    if not g or not r:
        return False
    if g == r:
        return True
    # A name with a word more or less (a unit in brackets, a ★ marker) is still the same
    # name, as long as the shorter one is long enough not to match by chance.
    short, long_ = sorted((g, r), key=len)
    return len(short) >= 4 and short in long_


def same_value(golden: Mapping[str, Any], read: Mapping[str, Any]) -> bool:
    """Given a golden indicator and a read one (parse/1 shape), say whether the targets agree."""
    value = read.get("value") or {}
    if clean(golden.get("target_raw")) and clean(golden.get("target_raw")) == clean(
        value.get("raw")
    ):
        return True
    number = _decimal(golden.get("number"))
    if number is None:
        return False
    return (
        number == _decimal(value.get("number"))
        and _op(golden.get("op")) == _op(value.get("op"))
        and clean(golden.get("unit")) == clean(value.get("unit"))
    )


def match_indicators(
    golden: Sequence[Mapping[str, Any]], read: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Given golden and read indicators, pair each golden one with at most one read one."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(golden):
        for ri, r in enumerate(read):
            if ri not in used and same_name(g["name"], r.get("name") or "") and same_value(g, r):
                pairs.append((gi, ri))
                used.add(ri)
                break
    return pairs


def header_fields(golden: Mapping[str, Any], table: Mapping[str, Any] | None) -> dict[str, bool]:
    """Given a golden reading and the read table, say for each golden header field if it was read right.

    A name counts when the read one contains the golden one (a code or a year around it
    does not make it wrong) or is a large part of it; the funds count when they are the
    same decimal in 万元.
    """
    project = (table or {}).get("project") or {}
    funds = (table or {}).get("funds") or {}
    out: dict[str, bool] = {}
    for key, read in (
        ("project_name", project.get("name")),
        ("department", project.get("department")),
    ):
        if golden.get(key):
            g, r = clean(golden[key]), clean(read)
            out[key] = bool(r) and (g in r or (r in g and len(r) >= max(4, len(g) // 2)))
    if golden.get("funds_total_wan") is not None:
        out["funds_total_wan"] = _decimal(golden["funds_total_wan"]) == _decimal(funds.get("total"))
    return out


def header_hits(golden: Mapping[str, Any], table: Mapping[str, Any] | None) -> tuple[int, int]:
    """Given a golden reading and the read table, return (header fields right, fields to find)."""
    fields = header_fields(golden, table)
    return sum(fields.values()), len(fields)


@dataclass
class FileScore:
    """One corpus file's figures."""

    number: str
    family: str
    crashed: str | None = None
    golden: int = 0
    read: int = 0
    matched: int = 0
    header_found: int = 0
    header_total: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _best_table(
    golden: Mapping[str, Any], tables: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    # A file may hold several tables while the golden reading describes one: compare with
    # the table that agrees best (indicators first, then header).
    def agreement(t: Mapping[str, Any]) -> tuple[int, int]:
        return len(match_indicators(golden["indicators"], t["indicators"])), header_hits(golden, t)[
            0
        ]

    return max(tables, key=agreement, default=None)


def score_file(path: Path, golden: Mapping[str, Any]) -> FileScore:
    """Given a corpus file and its golden reading, read the file and score the reading."""
    from jixiao.ingest import read_path
    from jixiao.model.serialize import result_to_dict

    score = FileScore(path.name[:3], golden["family"], golden=len(golden["indicators"]))
    try:
        tables = result_to_dict(read_path(path))["tables"]
    except Exception as exc:  # the measure must report a crash, not stop at it
        score.crashed = f"{type(exc).__name__}: {exc}"
        return score
    table = _best_table(golden, tables)
    read = table["indicators"] if table else []
    pairs = match_indicators(golden["indicators"], read)
    score.read, score.matched = len(read), len(pairs)
    fields = header_fields(golden, table)
    score.header_found, score.header_total = sum(fields.values()), len(fields)
    project, funds = (table or {}).get("project") or {}, (table or {}).get("funds") or {}
    read_header = {"project_name": project.get("name"), "department": project.get("department"),
                   "funds_total_wan": funds.get("total")}  # fmt: skip
    got_golden, got_read = {g for g, _ in pairs}, {r for _, r in pairs}
    score.missed = [
        _show(g, "target_raw") for i, g in enumerate(golden["indicators"]) if i not in got_golden
    ]
    score.extra = [_show(r, "value") for i, r in enumerate(read) if i not in got_read]
    score.missed += [
        f"header {k}: {golden[k]} (read {read_header[k]})" for k, ok in fields.items() if not ok
    ]
    return score


def _show(indicator: Mapping[str, Any], value_key: str) -> str:
    value = indicator.get(value_key)
    raw = value.get("raw") if isinstance(value, Mapping) else value
    return f"{indicator.get('name')} = {raw}"


@dataclass
class FamilyScore:
    """Figures summed over the files of one layout family (or over all files)."""

    family: str
    files: int = 0
    crashes: int = 0
    golden: int = 0
    read: int = 0
    matched: int = 0
    header_found: int = 0
    header_total: int = 0

    def add(self, s: FileScore) -> None:
        """Given one file's figures, add them to the family's."""
        self.files += 1
        self.crashes += s.crashed is not None
        self.golden += s.golden
        self.read += s.read
        self.matched += s.matched
        self.header_found += s.header_found
        self.header_total += s.header_total

    @property
    def recall(self) -> float:
        """Share of golden indicators read with the right name and value (1.0 when none)."""
        return self.matched / self.golden if self.golden else 1.0

    @property
    def precision(self) -> float:
        """Share of read indicators that are golden ones (1.0 when nothing was read)."""
        return self.matched / self.read if self.read else 1.0

    @property
    def header_recall(self) -> float:
        """Share of golden header fields read right (1.0 when there were none)."""
        return self.header_found / self.header_total if self.header_total else 1.0


def load_golden() -> dict[Path, dict[str, Any]]:
    """Return every golden reading, keyed by the corpus file it reads."""
    out: dict[Path, dict[str, Any]] = {}
    for path in sorted(GOLDEN.glob("[0-9][0-9][0-9].json")):
        golden = json.loads(path.read_text(encoding="utf-8"))
        out[CORPUS / golden["file"]] = golden
    return out


def measure(golden: Mapping[Path, Mapping[str, Any]] | None = None) -> list[FileScore]:
    """Read and score every corpus file that has a golden reading."""
    readings = load_golden() if golden is None else golden
    return [score_file(path, g) for path, g in readings.items()]


def by_family(scores: Iterable[FileScore]) -> dict[str, FamilyScore]:
    """Given file scores, return the figures per family plus an ``all`` row."""
    families: dict[str, FamilyScore] = {}
    total = FamilyScore("all")
    for s in scores:
        families.setdefault(s.family, FamilyScore(s.family)).add(s)
        total.add(s)
    return {**dict(sorted(families.items())), "all": total}


def report(families: Mapping[str, FamilyScore]) -> str:
    """Given the family figures, return them as an aligned text table."""
    lines = [
        f"{'family':<16}{'files':>6}{'crash':>6}{'golden':>8}{'read':>6}{'right':>7}"
        f"{'recall':>8}{'precis.':>9}{'header':>8}"
    ]
    for f in families.values():
        lines.append(
            f"{f.family:<16}{f.files:>6}{f.crashes:>6}{f.golden:>8}{f.read:>6}{f.matched:>7}"
            f"{f.recall:>8.1%}{f.precision:>9.1%}{f.header_recall:>8.1%}"
        )
    return "\n".join(lines)


def details(scores: Iterable[FileScore]) -> str:
    """Given file scores, list each file's misses and extra readings."""
    out: list[str] = []
    for s in scores:
        head = f"{s.number} [{s.family}] {s.matched}/{s.golden} right, {s.read} read, header {s.header_found}/{s.header_total}"
        out.append(head + (f"  CRASH {s.crashed}" if s.crashed else ""))
        out += [f"    missed: {m}" for m in s.missed] + [f"    extra:  {e}" for e in s.extra]
    return "\n".join(out)


def main(argv: Sequence[str]) -> int:
    """Print the figures per family (and every miss with ``--detail``)."""
    scores = measure()
    if "--detail" in argv:
        sys.stdout.write(details(scores) + "\n\n")
    sys.stdout.write(report(by_family(scores)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
