"""Findings on the printed form: the one way a finding is matched to its row or cell.

The web table page, the editor's live check and the printable check report all show a
table on its official form (:func:`jixiao.export.layouts.form_of`) with each finding
marked where the form prints what the finding is about:

- a finding naming an indicator goes on that indicator's 三级 name box; when several
  rows share the name (a 重名 the review itself reports), the row whose source cell or
  一级›二级›三级 path the finding gives is chosen, and all of them when it gives neither;
- a header finding goes on the label of the field it quotes (“项目名称”, “实施单位” …,
  the words of :data:`jixiao.rules.header.FIELD_LABELS`), a funds finding on
  年度资金总额, a goals finding on 年度目标, a budget-execution finding on the funds
  total row, the 分值合计 check on 总分 (:data:`PLACES`);
- anything else, or a place the form does not print (a 监控表 has no 总分), belongs to
  the table as a whole.

Marks go on label boxes, never on the value cells, so a value reads the same with or
without findings. Findings come as :class:`~jixiao.model.findings.Finding` values (a
check run) or as their docs/contract.md JSON objects (findings kept in the database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.export.form import Box, Form
from jixiao.model.findings import SEVERITIES
from jixiao.model.location import Location
from jixiao.rules.header import FIELD_LABELS

#: Where a finding without an indicator is marked, by its code or its family prefix
#: (``"funds."``): the key of a label box (:attr:`jixiao.export.form.Box.key`).
PLACES: dict[str, str] = {
    "funds.": "funds.total",
    "header.department-suspect": "project.department",
    "relevance.goal-uncovered": "goals",
    "selfeval.goals-actual-unsupported": "goals_actual",
    # 预算执行率 and its score are columns of the funds total row (财预〔2020〕10号 自评表).
    "selfeval.execution-low-no-reason": "funds.total",
    "selfeval.execution-score-missing": "funds.total",
    "monitoring.slow-spending": "funds.total",
    "selfeval.weights-total": "total",
}

_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding as the form shows it: numbered, with the box it is marked on.

    ``n`` counts the table's findings from 1 in the order given; ``subject`` says
    what it is about as the form words it (the indicator, 年度资金总额, 实施单位; "" for
    the table as a whole); ``place`` is the
    (row, col) of the first box marked (None: the table as a whole); ``indicators``
    the indexes of the rows it names; ``finding`` what was given, for the page that
    needs more of it.
    """

    n: int
    code: str
    severity: str
    message: str
    indicator: str | None
    subject: str
    where: str
    place: tuple[int, int] | None
    indicators: tuple[int, ...]
    finding: Any


@dataclass(frozen=True, slots=True)
class Cell:
    """A box of the form with the marks drawn in it; ``first`` holds the numbers of the
    marks whose anchor lives here (a mark on several rows is anchored once)."""

    box: Box
    marks: tuple[Mark, ...]
    first: frozenset[int]

    @property
    def tag(self) -> str:
        """The HTML element of the box: a header cell for labels and column heads."""
        return "th" if self.box.role in ("head", "label") else "td"


@dataclass(frozen=True, slots=True)
class Line:
    """One grid row: its cells, the indicator printed on it, and how it is flagged."""

    cells: tuple[Cell, ...]
    indicator: int | None
    worst: str | None
    not_applicable: bool

    @property
    def classes(self) -> str:
        """The row's CSS classes: ind, has-finding, flag-<worst severity>, na."""
        out = ["ind"] if self.indicator is not None else []
        if self.worst is not None:
            out += ["has-finding", f"flag-{self.worst}"]
        if self.not_applicable:
            out.append("na")
        return " ".join(out)


@dataclass(frozen=True, slots=True)
class MarkedForm:
    """A form and its findings, each attached to its place (or to the table).

    ``anchor`` prefixes the HTML ids (``row-N``, ``f-N``) so that a page showing
    several tables (the check report) keeps them unique.
    """

    form: Form
    marks: tuple[Mark, ...]
    anchor: str = ""

    @property
    def loose(self) -> tuple[Mark, ...]:
        """The findings about the table as a whole."""
        return tuple(m for m in self.marks if m.place is None)

    @property
    def counts(self) -> dict[str, int]:
        """How many findings of each severity (error, warning, info)."""
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for m in self.marks:
            out[m.severity] = out.get(m.severity, 0) + 1
        return out

    def on_indicator(self, index: int) -> tuple[Mark, ...]:
        """Given an indicator's index, return the findings marked on its row."""
        return tuple(m for m in self.marks if index in m.indicators)

    def lines(self) -> list[Line]:
        """Return the grid rows, each box with its marks, top to bottom."""
        keyed = _keyed(self.form)
        on_box: dict[tuple[int, int], list[Mark]] = {}
        for m in self.marks:
            for place in _places(keyed, m):
                on_box.setdefault(place, []).append(m)
        rows_of = _indicator_rows(self.form)
        inds = self.form.indicators
        out: list[Line] = []
        for r, boxes in enumerate(self.form.rows()):
            cells = tuple(_cell(b, on_box.get((b.row, b.col), [])) for b in boxes)
            marked = [m.severity for c in cells for m in c.marks]
            worst = min(marked, key=lambda s: _RANK.get(s, len(_RANK))) if marked else None
            index = rows_of.get(r)
            na = index is not None and inds[index].not_applicable
            out.append(Line(cells, index, worst, na))
        return out


def attach_findings(layout: Form, findings: Iterable[Any], anchor: str = "") -> MarkedForm:
    """Given a laid-out form and a table's findings, return them attached to the form.

    ``findings`` are Finding values or their JSON objects (``code``, ``severity``,
    ``message``, ``indicator``, ``source``, optionally ``path``).
    """
    keyed = _keyed(layout)
    marks: list[Mark] = []
    for n, f in enumerate(findings, start=1):
        code, severity, message, indicator, path, location = _facts(f)
        rows = _indicator_matches(layout, indicator, path, location)
        if rows:
            keys = [f"indicator.{i}" for i in rows]
        else:
            key = _place_key(code, message)
            keys = [key] if key else []
        found = [keyed[k] for k in keys if k in keyed]
        place = min(found) if found else None
        subject = indicator if rows else _label(layout, place)
        marks.append(
            Mark(
                n,
                code,
                severity,
                message,
                indicator,
                subject or "",
                location.describe() if location is not None else "",
                place,
                tuple(rows) if found else (),
                f,
            )
        )
    return MarkedForm(layout, tuple(marks), anchor)


def _facts(
    f: Any,
) -> tuple[str, str, str, str | None, str | None, Location | None]:
    if isinstance(f, Mapping):
        source = f.get("source") or f.get("location")
        location = Location.from_dict(dict(source)) if isinstance(source, Mapping) else None
        return (
            str(f.get("code", "")),
            str(f.get("severity", "info")),
            str(f.get("message", "")),
            f.get("indicator") or None,
            f.get("path") or None,
            location,
        )
    return (
        f.code,
        f.severity,
        f.message,
        f.indicator or None,
        getattr(f, "path", None) or None,
        getattr(f, "location", None),
    )


def _indicator_matches(
    form: Form, name: str | None, path: str | None, location: Location | None
) -> list[int]:
    if name is None:
        return []
    same = [i for i, ind in enumerate(form.indicators) if ind.name == name]
    exact = [
        i
        for i in same
        if (location is not None and form.indicators[i].source == location)
        or (path is not None and form.indicators[i].path == path)
    ]
    return exact or same


def _place_key(code: str, message: str) -> str | None:
    if code in PLACES:
        return PLACES[code]
    if code.startswith("header."):
        # header.missing-field names the field it misses in quotes (rules/header.py).
        for field, label in FIELD_LABELS.items():
            if f"“{label}”" in message:
                return "goals" if field == "goals" else f"project.{field}"
        return None
    family = code.split(".", 1)[0] + "."
    return PLACES.get(family)


def _label(form: Form, place: tuple[int, int] | None) -> str:
    box = next((b for b in form.boxes if (b.row, b.col) == place), None)
    return "" if box is None else box.text.replace("\n", "").rstrip(":：")


def _keyed(form: Form) -> dict[str, tuple[int, int]]:
    # A box cut into continuation rows (form_split) keeps its key on every piece:
    # the mark goes on the first.
    out: dict[str, tuple[int, int]] = {}
    for b in form.boxes:
        if b.key and (b.key not in out or (b.row, b.col) < out[b.key]):
            out[b.key] = (b.row, b.col)
    return out


def _indicator_rows(form: Form) -> dict[int, int]:
    out: dict[int, int] = {}
    for b in form.boxes:
        if b.key.startswith("indicator."):
            out.setdefault(b.row, int(b.key.removeprefix("indicator.")))
    return out


def _places(keyed: Mapping[str, tuple[int, int]], mark: Mark) -> Sequence[tuple[int, int]]:
    if mark.place is None:
        return ()
    if not mark.indicators:
        return (mark.place,)
    return tuple(keyed[k] for i in mark.indicators if (k := f"indicator.{i}") in keyed)


def _cell(box: Box, marks: Sequence[Mark]) -> Cell:
    here = (box.row, box.col)
    return Cell(box, tuple(marks), frozenset(m.n for m in marks if m.place == here))
