"""Shared fixtures: a real PostgreSQL server started from the Debian binaries.

The server is initialised in a temporary folder, listens on a free loopback port
with its socket in that folder, and is stopped at the end of the session. Tests ask
for ``postgres_url`` (a fresh, empty database each) or ``postgres_server``. When the
binaries are missing the tests are skipped, except under CI=true where that is a
failure: CI must test the real thing.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_SUPERUSER = "jixiao"


@dataclass
class PostgresServer:
    """A running throw-away PostgreSQL server."""

    bindir: Path
    datadir: Path
    port: int
    run_as: str | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, dbname: str) -> str:
        """Given a database name, return its SQLAlchemy URL (psycopg 3 driver)."""
        return f"postgresql+psycopg://{PG_SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "test") -> str:
        """Create a new empty database and return its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(found[0]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> str | None:
    # PostgreSQL refuses to run as root; the Debian package creates ``postgres``.
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def _pg(server_bin: Path, run_as: str | None, *args: str) -> None:
    subprocess.run(
        [str(server_bin), *args],
        check=True,
        user=run_as,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd="/",
    )


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start a PostgreSQL server for the test session and stop it at the end."""
    bindir = _pg_bindir()
    if bindir is None:
        _missing(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql"
        )
    assert bindir is not None
    base = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    run_as = _run_as()
    if run_as:
        shutil.chown(base, user=run_as)
    data = base / "data"
    _pg(
        bindir / "initdb",
        run_as,
        "-D",
        str(data),
        "-U",
        PG_SUPERUSER,
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
    )
    port = _free_port()
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    _pg(
        bindir / "pg_ctl",
        run_as,
        "-D",
        str(data),
        "-o",
        opts,
        "-l",
        str(base / "log"),
        "-w",
        "start",
    )
    try:
        yield PostgresServer(bindir, data, port, run_as)
    finally:
        _pg(bindir / "pg_ctl", run_as, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """Return the URL of a fresh, empty PostgreSQL database."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, then a real PostgreSQL one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jixiao.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))
