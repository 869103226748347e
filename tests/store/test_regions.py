"""Regions: a department and every department below it, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.orm import Session
from storehelp import session_for

from jixiao.store.regions import department_path, region_codes
from jixiao.store.tables import Department


def _tree(session: Session) -> dict[str, Department]:
    """Given a session, add 500 → 550 → 508, 500 → 560 and an unrelated 600; return them."""
    made: dict[str, Department] = {}
    for code, parent in (
        ("500", None),
        ("550", "500"),
        ("508", "550"),
        ("560", "500"),
        ("600", None),
    ):
        dept = Department(
            code=code, name=f"部门{code}", parent_id=made[parent].id if parent else None
        )
        session.add(dept)
        session.flush()
        made[code] = dept
    return made


def test_region_covers_every_level_below(db_url: str) -> None:
    with session_for(db_url) as session:
        made = _tree(session)
        assert region_codes(session=session, code="500") == {"500", "550", "508", "560"}
        assert region_codes(session=session, code="550") == {"550", "508"}
        assert region_codes(session=session, code="600") == {"600"}
        assert region_codes(session=session, code="999") == frozenset()
        assert department_path(session, made["508"].id) == ("508", "550", "500")


def test_a_parent_cycle_ends(db_url: str) -> None:
    # A parent loop entered by mistake must not hang a page: both walks stop.
    with session_for(db_url) as session:
        made = _tree(session)
        made["500"].parent_id = made["508"].id
        session.flush()
        assert region_codes(session=session, code="550") == {"500", "550", "508", "560"}
        assert department_path(session, made["508"].id) == ("508", "550", "500")
