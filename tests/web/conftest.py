"""Web fixtures: an application on a fresh SQLite file with users and the example of two units."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webhelp import Site, build_site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """Return an application on a SQLite file with the example of two units."""
    return build_site(f"sqlite:///{tmp_path / 'web.sqlite'}")


@pytest.fixture
def empty_site(tmp_path: Path) -> Site:
    """Return an application with the users but no tables."""
    return build_site(f"sqlite:///{tmp_path / 'empty.sqlite'}", example=False)


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    """Return an anonymous client of the site."""
    with site.client() as c:
        yield c
