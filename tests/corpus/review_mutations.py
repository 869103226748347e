"""The review of the corpus texts mutated within their family, against the same reviewer labels.

``mutate_text.py`` checks that the *reader* holds when a corpus text is written another way;
this module checks the same for the *review*: each mutation of that module that keeps the
reviewer's judgement true (the same rows, names and values, written with other line ends,
punctuation width, script, cell separators, row order or header labels) is applied to every
reviewed file, and the review of the copy is scored with ``review_measure`` against the
unchanged ``review/NNN.json``. A finding or a grade that the original earns but its copy
loses is a rule keyed on the layout, not on the table.

Mutations that change what the reviewer judged (``numbers``, ``renamed``, ``comparators``,
``yuan`` …) are left out: the labels would no longer describe the copy. ``numbered``
(指标N: before a name) and ``spaced-values`` (≥ 95 %) keep them: the reader drops the
numbering and reads the spaced value as the same one. The
traditional copy is matched because ``review_measure.norm`` compares names simplified.

Run ``python tests/corpus/review_mutations.py [--detail] [--variants a,b]`` with
``PYTHONPATH=src``; it prints, per mutation, the original files it changed (``base``) and
their copies (``mut.``): must-flag hits, false alarms, grades exact and within one level.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mutate_text  # noqa: E402
import review_measure  # noqa: E402
import score  # noqa: E402

#: The mutations whose copies the reviewer's labels still describe.
VARIANTS: tuple[str, ...] = (
    "crlf",
    "blank-lines",
    "halfwidth",
    "fullwidth",
    "traditional",
    "reordered",
    "labels",
    "tabs",
    "bare-pipes",
    "cell-lines",
    "pipe-cells",
    "spaces",
    "glued",
    "numbered",
    "level-scores",
    "chunked",
    "spaced-values",
)

#: Mutations that rewrite comparators inside names ("(≥**人)" → "(>=**人)"): the reader
#: keeps a name's comparator as written, so the reviewer's names are written the same way,
#: as a reviewer reading the copy would quote them (width of ％ and brackets the reader and
#: ``review_measure.norm`` already even out).
RENAMING: dict[str, tuple[tuple[str, str], ...]] = {
    "halfwidth": (("≥", ">="), ("≤", "<=")),
    "fullwidth": ((">=", "≥"), ("<=", "≤")),
}

Pair = tuple[review_measure.Figures, review_measure.Figures]


def relabelled(review: dict[str, Any], variant: str) -> dict[str, Any]:
    """Given a reviewer file and a mutation, return the file with names written as the copy's."""
    if variant not in RENAMING:
        return review

    def name(text: str | None) -> str | None:
        for a, b in RENAMING[variant]:
            text = text.replace(a, b) if text else text
        return text

    out = deepcopy(review)
    for g in out["tables"]:
        g["project_name"] = name(g.get("project_name"))
        g["clean"] = [name(c) for c in g.get("clean", [])]
        for item in g.get("must_flag", []):
            item["indicator"] = name(item.get("indicator"))
    return out


def _figures(judged: Iterable[tuple[dict[str, Any], Path]]) -> review_measure.Figures:
    """Given reviewer files with the text each judges, return the review's agreement."""
    fig = review_measure.Figures()
    for review, path in judged:
        check, sheets = review_measure.outputs(path)
        for g in review["tables"]:
            tag = f"{review['file'][:3]} {(g.get('project_name') or '(no name)')[:20]}"
            review_measure._judge(fig, tag, g, check, sheets)
    return fig


def measure(variants: Iterable[str], out: Path) -> dict[str, Pair]:
    """Return, per variant, the figures of the reviewed files it changes and of their copies."""
    golden = score.load_golden()
    reviewed = [(review, path, golden.get(path)) for review, path in review_measure.reviews()]
    result: dict[str, Pair] = {}
    for variant in variants:
        folder = out / variant
        folder.mkdir(parents=True, exist_ok=True)
        base: list[tuple[dict[str, Any], Path]] = []
        copies: list[tuple[dict[str, Any], Path]] = []
        for review, path, g in reviewed:
            if g is None:
                continue
            text = path.read_text(encoding="utf-8")
            rng = random.Random(f"{variant}:{path.name}")
            new_text, _ = mutate_text.VARIANTS[variant](text, g, rng)
            if new_text == text:
                continue
            target = folder / path.name
            target.write_bytes(new_text.encode("utf-8"))
            base.append((review, path))
            copies.append((relabelled(review, variant), target))
        result[variant] = (_figures(base), _figures(copies))
    return result


def row(name: str, fig: review_measure.Figures) -> str:
    """Return one line of the report: hits, false alarms, grades exact and within one."""
    return (
        f"{name:<20} hits {fig.hits:>3}/{fig.items:<3} false {fig.false:>2}  "
        f"exact {fig.exact:>2}/{fig.graded:<2} within {fig.within:>2}/{fig.graded:<2}"
    )


def report(measured: Mapping[str, Pair]) -> str:
    """Return the base and the mutated figures, a pair of lines per variant."""
    lines = []
    for variant, (base, mut) in measured.items():
        lines += [row(f"{variant} base", base), row(f"{variant} mut.", mut)]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Print the figures per variant (and, with ``--detail``, what the copies lose or gain)."""
    only = argv[argv.index("--variants") + 1].split(",") if "--variants" in argv else VARIANTS
    with tempfile.TemporaryDirectory(prefix="jixiao-review-mutate-") as tmp:
        measured = measure(only, Path(tmp))
    if "--detail" in argv:
        for variant, (base, mut) in measured.items():
            for line in sorted(set(mut.lines) - set(base.lines)):
                sys.stdout.write(f"[{variant}] +{line.strip()}\n")
            for line in sorted(set(base.lines) - set(mut.lines)):
                sys.stdout.write(f"[{variant}] -{line.strip()}\n")
    sys.stdout.write(report(measured) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
