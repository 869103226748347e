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
from jixiao.model.hanzi import to_simplified
from jixiao.model.project import TargetTable
from jixiao.rules.helpers import applicable

#: Peers named in a finding.
PEERS_NAMED = 5
#: Projects are of a comparable size within this factor of each other's funds.
FUNDS_BAND = 2.0
#: Below this many projects of a comparable size, every project with the indicator counts.
MIN_COMPARABLE = 5


@dataclass(frozen=True, slots=True)
class Observation:
    """One project's numeric target for an indicator, in the library unit."""

    ref: int
    project: str
    number: float
    raw: str
    funds: float | None = None


class PeerTable:
    """Every numeric target of the library, by (normalised name, library unit)."""

    def __init__(self, docs: Iterable[ProjectDoc]) -> None:
        self._seen: dict[tuple[str, str], list[Observation]] = {}
        for doc in docs:
            for ind in doc.indicators:
                if ind.number is not None:
                    self._seen.setdefault((ind.key, ind.unit), []).append(
                        Observation(doc.ref, doc.name, ind.number, ind.raw, doc.funds)
                    )

    def peers(
        self, key: str, unit: str, exclude_ref: int | None = None, funds: float | None = None
    ) -> list[Observation]:
        """Given a key and a library unit, return the peers' targets (one per project).

        Given the project's funds too, the peers are the projects of a comparable size
        (half to twice the funds) when there are at least ``MIN_COMPARABLE`` of them: a
        unit cost or a head count depends on a project's scale.
        """
        out: dict[int, Observation] = {}
        for obs in self._seen.get((key, unit), ()):
            if obs.ref != exclude_ref:
                out.setdefault(obs.ref, obs)
        found = list(out.values())
        if funds is None or funds <= 0:
            return found
        low, high = funds / FUNDS_BAND, funds * FUNDS_BAND
        close = [o for o in found if o.funds is not None and low <= o.funds <= high]
        return close if len(close) >= MIN_COMPARABLE else found


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
        funds = float(table.funds.total) if table.funds.total is not None else None
        found = peers.peers(normalise_name(ind.name), unit, exclude_ref, funds)
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
