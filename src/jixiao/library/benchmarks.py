"""Peers' values for the review: the benchmark table the rules ``cost.unit-outlier`` and
``values.target-outlier`` read.

Rules are pure and know nothing of the library; the application builds, for the table
under review, a mapping from each of its indicator names to what comparable projects
wrote (same normalised name, same unit), *converted into the row's own unit*, and
passes it in the rule settings under ``benchmarks``. Without a library there is no
mapping and the rules stay silent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jixiao.library.build import ProjectDoc
from jixiao.library.names import normalise_name, normalise_unit, unit_factor
from jixiao.library.stats import quantile
from jixiao.model.project import TargetTable
from jixiao.model.script import to_simplified
from jixiao.rules.helpers import applicable

#: Peers named in a finding.
PEERS_NAMED = 5


@dataclass(frozen=True, slots=True)
class Observation:
    """One project's numeric target for an indicator, in the library unit."""

    ref: int
    project: str
    number: float
    raw: str


class PeerTable:
    """Every numeric target of the library, by (normalised name, library unit)."""

    def __init__(self, docs: Iterable[ProjectDoc]) -> None:
        self._seen: dict[tuple[str, str], list[Observation]] = {}
        for doc in docs:
            for ind in doc.indicators:
                if ind.number is not None:
                    self._seen.setdefault((ind.key, ind.unit), []).append(
                        Observation(doc.ref, doc.name, ind.number, ind.raw)
                    )

    def peers(self, key: str, unit: str, exclude_ref: int | None = None) -> list[Observation]:
        """Given a key and a library unit, return the peers' targets (one per project)."""
        out: dict[int, Observation] = {}
        for obs in self._seen.get((key, unit), ()):
            if obs.ref != exclude_ref:
                out.setdefault(obs.ref, obs)
        return list(out.values())


def benchmarks_for(
    table: TargetTable, peers: PeerTable, *, exclude_ref: int | None = None
) -> dict[str, dict[str, Any]]:
    """Given a table and the peer table, return the ``benchmarks`` rule setting.

    Keys are the table's indicator names in simplified characters (the rules run on
    the simplified view); values give the peers' count, p10, median and p90 in the
    row's own unit as written, and a few peers by name with the value they wrote.
    ``exclude_ref`` leaves the table's own stored copy out of its peers.
    """
    out: dict[str, dict[str, Any]] = {}
    for ind in applicable(table):
        value = ind.value
        if not value.is_quantitative or value.number is None:
            continue
        unit = normalise_unit(value.unit)
        found = peers.peers(normalise_name(ind.name), unit, exclude_ref)
        if not found:
            continue
        factor = float(unit_factor(value.unit)) or 1.0
        numbers = sorted(o.number / factor for o in found)
        median = quantile(numbers, 0.5)
        named = sorted(found, key=lambda o: abs(o.number / factor - median))[:PEERS_NAMED]
        out[to_simplified(ind.name)] = {
            "unit": (value.unit or "").strip(),
            "count": len(numbers),
            "p10": round(quantile(numbers, 0.1), 6),
            "median": round(median, 6),
            "p90": round(quantile(numbers, 0.9), 6),
            "peers": [[o.project, o.raw] for o in named],
        }
    return out
