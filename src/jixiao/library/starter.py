"""The starter set: common indicators following 财预〔2021〕101号, in the project's own wording.

A new office has no approved tables yet; the starter set gives the suggestion panel
something to propose from day one. The file is ``jixiao/data/library/starter-2021.json``:
the framework (four first levels and their second levels) is the regulation's, the
names, typical values and notes are written by this project, and every entry cites
the regulation as its source.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jixiao.library.build import Entry
from jixiao.library.names import normalise_name, normalise_unit

STARTER_FILE = "data/library/starter-2021.json"


@lru_cache(maxsize=1)
def starter_data() -> dict[str, Any]:
    """Return the starter file's data (title, source, entries)."""
    text = resources.files("jixiao").joinpath(STARTER_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def starter_entries() -> tuple[Entry, ...]:
    """Return the starter set as library entries (origin ``starter``, source cited)."""
    data = starter_data()
    return tuple(
        Entry(
            key=normalise_name(item["name"]),
            name=item["name"],
            level1=item["level1"],
            level2=item["level2"],
            unit=normalise_unit(item.get("unit")),
            origin="starter",
            source=data["source"],
            typical=item.get("typical"),
            note=item.get("note"),
        )
        for item in data["entries"]
    )
