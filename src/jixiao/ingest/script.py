"""Names written back in the file's own script.

A table in traditional characters is recognised on its simplified form (labels,
level names, values), but the names it gives are the file's own: a reader of
"區級森林防火" expects that name back, not "区级森林防火". The reading is done on
simplified text, so each name is restored afterwards from the cells it came from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from jixiao.ingest.vocab import strip_ruby
from jixiao.model.hanzi import to_simplified
from jixiao.model.indicator import Indicator
from jixiao.model.project import ProjectHeader, TargetTable
from jixiao.model.values import TargetValue


class ScriptRestorer:
    """Given the original texts of a file, turn a simplified name back into their script."""

    def __init__(self, originals: Iterable[str]) -> None:
        self._pairs: list[tuple[str, str]] = []
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for raw in originals:
            original = strip_ruby(raw).strip()
            if not original:
                continue
            plain = to_simplified(original)
            # OpenCC almost always keeps the length; where a phrase changes it the
            # positions no longer line up, and that cell only helps by whole match.
            if len(plain) != len(original):
                continue
            self._pairs.append((plain, original))
            for simple, orig in zip(plain, original, strict=True):
                if simple != orig:
                    counts[simple][orig] += 1
        # One simplified character may stand for several (发: 發/髮); the file's usual one wins.
        self._chars = {simple: c.most_common(1)[0][0] for simple, c in counts.items()}

    def restore(self, name: str) -> str:
        """Given a name read on the simplified form, return it as the file writes it."""
        if not name:
            return name
        # The name as a stretch of one cell gives every character in its context;
        # a name cleaned or joined from several cells falls back to the characters.
        # A cell written in simplified (a label the template kept, "完成情况") is no
        # evidence against the file's script, so a differing stretch is preferred.
        for plain, original in self._pairs:
            at = plain.find(name)
            if at >= 0 and original[at : at + len(name)] != name:
                return original[at : at + len(name)]
        # Text found as written in a cell is the file's own already (a reader that kept
        # the raw cell); mapping it again could pick the wrong twin (系 → 繫).
        if any(name in original for _, original in self._pairs):
            return name
        return "".join(self._chars.get(ch, ch) for ch in name)

    def restore_optional(self, name: str | None) -> str | None:
        """Like restore, for a field that may be absent."""
        return None if name is None else self.restore(name)


def _restore_value(value: TargetValue | None, restorer: ScriptRestorer) -> TargetValue | None:
    return None if value is None else replace(value, raw=restorer.restore(value.raw))


def _restore_row(ind: Indicator, restorer: ScriptRestorer) -> Indicator:
    return replace(
        ind,
        name=restorer.restore(ind.name),
        value=_restore_value(ind.value, restorer) or ind.value,
        actual=_restore_value(ind.actual, restorer),
        progress=_restore_value(ind.progress, restorer),
        expected=_restore_value(ind.expected, restorer),
    )


def restore_table(table: TargetTable, restorer: ScriptRestorer) -> TargetTable:
    """Given a table read on simplified text, return it with names in the file's script.

    Level names stay the canonical simplified taxonomy names. Values keep their
    parsed reading (comparator, number, unit) but their ``raw`` text goes back to
    the file's script: the model promises ``raw`` exactly as the file had it
    (">=2個", not ">=2个"), and the rules read a simplified view of it anyway.
    """
    project: ProjectHeader = replace(
        table.project,
        name=restorer.restore_optional(table.project.name),
        department=restorer.restore_optional(table.project.department),
        implementing_unit=restorer.restore_optional(table.project.implementing_unit),
    )
    indicators = tuple(_restore_row(i, restorer) for i in table.indicators)
    return replace(
        table,
        project=project,
        indicators=indicators,
        goals=tuple(restorer.restore(g) for g in table.goals),
        goals_actual=tuple(restorer.restore(g) for g in table.goals_actual),
    )
