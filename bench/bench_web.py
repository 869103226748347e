"""Web load test: p95 latency of the list, table and dashboard pages under concurrent users.

Builds (or reuses) a SQLite database, or with --postgres a PostgreSQL one, of N synthetic
tables with their rule findings, starts ``uvicorn`` with the application on loopback
(one worker per core), and lets
C concurrent users (async HTTP clients, each logged in as the finance reviewer, who
sees the whole region: the largest lists and aggregates) request each page kind for
at most S seconds or R requests, waiting a think time between pages as people do
(``--think 0`` floods the server instead). Prints p50 / p95 / p99 and requests per second.

Target (issue 9): p95 under 200 ms for 50 users over 50,000 tables. Issue 19 adds the
dashboard's drill-down (the synthetic departments are grouped into one region per city:
region → department → unit), its orders (every measure, both ways, the flat department
ranking) and its year comparisons (two years side by side) as page kinds of their own.

Usage: python bench/bench_web.py [--tables 50000] [--users 50] [--seconds 20] [--requests 3000]
       [--db sqlite:///path]  (reuse a database this script built before)
       [--postgres]           (a throw-away PostgreSQL server instead of a SQLite file)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bench_store import postgres
from sqlalchemy import func, insert, select, update
from synthetic_db import store_by_department_year

from jixiao.app.review import default_checker
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.store.tables import Department, TableRecord, Unit
from jixiao.synth import generate
from jixiao.web.auth import SESSION_COOKIE, sign

SECRET = "bench-secret"
TARGET_MS = 200.0


def build(url: str, n: int) -> None:
    """Given an empty database, load n synthetic tables (checked) and a finance user."""
    engine = make_engine(url)
    tables = [s.table for s in generate(n, seed=2026)]
    start = time.perf_counter()
    with session_scope(engine) as session:
        store_by_department_year(session, tables, default_checker())
        for status, modulo in (("已提交", 3), ("主管部门审核通过", 5), ("已批复", 7)):
            session.execute(
                update(TableRecord).where(TableRecord.id % modulo == 0).values(status=status)
            )
        repo.add_user(
            session=session, name="finance", role="finance-reviewer", password="bench-password"
        )
    add_regions(url)
    print(f"built {n} tables in {time.perf_counter() - start:.0f} s")


def add_regions(url: str) -> None:
    """Given a built database, put each city's departments under a region of their own.

    Synthetic codes are the department type's code with the city's number in front
    (``jixiao.synth.generate.make_departments``: 508, 001508, 002508, …); a province's
    finance bureau sees the cities as regions. Done once: a database whose departments
    already have parents is left as it is.
    """
    with session_scope(make_engine(url)) as session:
        if session.scalar(select(func.count()).where(Department.parent_id.is_not(None))):
            return
        departments = session.execute(select(Department.id, Department.code)).all()
        cities: dict[str, list[int]] = {}
        for dept_id, code in departments:
            cities.setdefault(code[:-3] or "000", []).append(dept_id)
        for city, ids in sorted(cities.items()):
            region = session.execute(
                insert(Department)
                .values(code=f"R{city}", name=f"第{int(city) + 1}市财政局")
                .returning(Department.id)
            ).scalar_one()
            session.execute(
                update(Department).where(Department.id.in_(ids)).values(parent_id=region)
            )


def dashboard_paths(url: str, rng: random.Random) -> dict[str, list[str]]:
    """Given the database, return the dashboard's drill-down, order and comparison URLs."""
    with session_scope(make_engine(url)) as session:
        regions = list(session.scalars(select(Department.code).where(Department.code.like("R%"))))
        departments = list(
            session.scalars(select(Department.code).where(Department.parent_id.is_not(None)))
        )
        units = session.execute(
            select(Department.code, Unit.id).join(Department, Department.id == Unit.department_id)
        ).all()
    keys = ["tables", "funds", "quant", "grade", "exec", "findings", "selfeval"]
    drill = ["/dashboard?year=2024"]
    drill += [f"/dashboard?department={rng.choice(regions)}&year=2024" for _ in range(20)]
    drill += [f"/dashboard?department={rng.choice(departments)}&year=2024" for _ in range(40)]
    for code, unit in rng.sample(units, min(40, len(units))):
        drill.append(f"/dashboard?department={code}&unit={unit}&year=2024")
    order = [f"/dashboard?view=departments&sort={s}{k}" for k in keys for s in ("", "-")]
    order += [
        f"/dashboard?department={rng.choice(regions)}&sort={s}{k}" for k in keys for s in ("", "-")
    ]
    years = [f"/dashboard?year={y}" for y in (2022, 2023, 2024)]
    years += [f"/dashboard?year=2024&compare={y}" for y in (2021, 2022, "none")]
    years += [f"/dashboard?view=departments&year=2024&sort=-d_{k}" for k in keys]
    years += [f"/dashboard?department={rng.choice(regions)}&year=2023" for _ in range(10)]
    return {"drill-down": drill, "order": order, "years": years}


def finance_cookie(url: str) -> str:
    """Given the database, open a stored browser session for the finance reviewer and
    return its signed cookie (a cookie is honoured only with a live session record)."""
    from jixiao.store.sessions import BROWSER, open_session

    with session_scope(make_engine(url)) as session:
        key = open_session(session=session, name="finance", kind=BROWSER, seconds=3600)
    return sign({"u": "finance", "s": key, "c": "x", "e": time.time() + 3600}, SECRET)


def count_tables(url: str) -> int:
    with session_scope(make_engine(url)) as session:
        return int(session.scalar(select(func.count(TableRecord.id))) or 0)


def serve(url: str, port: int) -> subprocess.Popen[bytes]:
    """Start ``jixiao serve`` with one worker process per core; return it once it answers."""
    env = {**os.environ, "JIXIAO_SECRET_KEY": SECRET}
    cmd = [
        sys.executable,
        "-m",
        "jixiao",
        "serve",
        "--database",
        url,
        "--port",
        str(port),
        "--workers",
        str(os.cpu_count() or 1),
    ]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start")


async def hammer(
    base: str,
    cookie: str,
    paths: list[str],
    users: int,
    seconds: float,
    limit: int,
    think: float,
) -> tuple[list[float], int]:
    """Given URLs to pick from, return the latencies (ms) and the number of failures.

    The users share one client with a connection each, opened before the clock starts:
    creating fifty HTTP clients (each builds a TLS context) took the load generator's
    own event loop a second and showed up as server latency.
    """
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)

    async def user(client: httpx.AsyncClient, rng: random.Random, stop: float) -> None:
        nonlocal failures
        # People do not all click at the same instant: each user starts within one
        # think time, instead of fifty requests arriving in the same millisecond.
        await asyncio.sleep(think * rng.random())
        while time.monotonic() < stop and len(latencies) + failures < limit:
            t0 = time.perf_counter()
            try:
                r = await client.get(rng.choice(paths))
            except httpx.HTTPError:
                # A connection the server dropped (a worker restarted under load) is a
                # failed request, not the end of the measurement.
                failures += 1
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status_code == 200:
                latencies.append(elapsed)
            else:
                failures += 1
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    async with httpx.AsyncClient(
        base_url=base, cookies={SESSION_COOKIE: cookie}, timeout=30, limits=limits
    ) as client:
        await asyncio.gather(*(client.get("/static/app.css") for _ in range(users)))
        stop = time.monotonic() + seconds
        await asyncio.gather(*(user(client, random.Random(i), stop) for i in range(users)))
    return latencies, failures


def warm_up(base: str, cookie: str, kinds: dict[str, list[str]], users: int) -> None:
    """Request every page kind and filter, sequentially and then concurrently, so that each
    worker has compiled its templates, opened its connections and filled its caches, as on
    a server that has been running for a while. Nothing here is measured."""
    paths = [
        p for name, ps in kinds.items() for p in (ps if name == "dashboard" else ps[-4:] + ps[:4])
    ]
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, cookies={SESSION_COOKIE: cookie}, timeout=120) as client:
        for _ in range(4):
            for path in paths:
                client.get(path)
    everything = [p for ps in kinds.values() for p in ps]
    asyncio.run(hammer(base, cookie, everything, users, 10.0, 4 * users, 0.0))
    print(f"warm-up: {4 * len(paths) + 4 * users} requests in {time.perf_counter() - t0:.1f} s")


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds a user waits between pages (0: flood)",
    )
    parser.add_argument("--db")
    parser.add_argument(
        "--postgres", action="store_true", help="build the database in a throw-away PostgreSQL"
    )
    args = parser.parse_args()
    if args.postgres:
        with postgres() as base:
            run(args, base + "bench")
        return
    run(
        args,
        args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='jixiao-bench-web-')) / 'web.sqlite'}",
    )


def run(args: argparse.Namespace, url: str) -> None:
    """Given the options and a database URL, build it if empty, serve it and load-test it."""
    if count_tables(url) == 0:
        build(url, args.tables)
    add_regions(url)  # a database built before issue 19
    n = count_tables(url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = serve(url, port)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(1)
    kinds = {
        "list": [f"/tables?page={rng.randint(1, 200)}" for _ in range(200)]
        + [
            "/tables?status=已提交",
            "/tables?grade=中",
            "/tables?q=项目",
            "/tables?finding=values.vague",
        ],
        "table": [f"/tables/{rng.randint(1, n)}" for _ in range(500)],
        "dashboard": ["/dashboard", "/dashboard?year=2023", "/dashboard?year=2024"],
        **dashboard_paths(url, rng),
    }
    cookie = finance_cookie(url)
    warm_up(base, cookie, kinds, args.users)
    print(
        f"{n} tables, {args.users} concurrent users (think time {args.think} s), "
        f"≤{args.seconds:.0f} s or ≤{args.requests} requests per page kind"
    )
    print(
        f"{'page':<10} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  target p95 < {TARGET_MS:.0f} ms"
    )
    try:
        for name, paths in kinds.items():
            t0 = time.perf_counter()
            lat, fail = asyncio.run(
                hammer(base, cookie, paths, args.users, args.seconds, args.requests, args.think)
            )
            wall = time.perf_counter() - t0
            p95 = pct(lat, 95)
            mark = "ok" if p95 < TARGET_MS and not fail else "MISSED"
            print(
                f"{name:<10} {len(lat):>8} {fail:>5} {len(lat) / wall:>7.0f} {pct(lat, 50):>8.0f} {p95:>8.0f} {pct(lat, 99):>8.0f}  {mark}"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
