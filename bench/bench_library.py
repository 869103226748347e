"""Indicator library benchmark (issue 18): suggestion quality, benchmark rules, latency.

Prints, measured in one run:

1. **Leave-one-out**: the real corpus (tests/corpus) and the bundled example, loaded with
   5,000 synthetic tables (``jixiao synth``'s generator) into a SQLite file and built
   into the library through the product's path (``build_library``). Each real table, and
   a sample of synthetic ones, is held out (it neither votes nor counts in the usage of
   its indicators); the share with at least one of its own indicators (normalised name
   and unit) in the top 10 suggestions. The same measure with the similar projects found
   by SQLite FTS5 and by PostgreSQL full text instead of bm25s.
2. **Benchmark rules** on the synthetic tables: each carries its unit cost (funds ÷ its
   first counted output, 元 per unit); multiplied by 10 it must raise
   ``cost.unit-outlier``; its unmutated twin must not.
3. **Latency** of ``suggest`` (the app function: library generation query + ranking) with
   the library of 50,000 tables stored in SQLite and in PostgreSQL (a throw-away server
   from the Debian binaries), p50/p95 over warm queries, and the cold first answer; the
   similar-project query alone by FTS5 and PostgreSQL full text at the same size.

Usage: python bench/bench_library.py [--tables 50000] [--synthetic 5000] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from bench_store import postgres
from synthetic_db import store_by_department_year

from jixiao.app import library as app
from jixiao.ingest import read_path
from jixiao.library.benchmarks import PeerTable, benchmarks_for
from jixiao.library.build import ProjectDoc, build_entries, merge_starter, project_doc
from jixiao.library.rank import SimilarProject, SuggestIndex, query_words
from jixiao.library.starter import starter_entries
from jixiao.model import Indicator, TargetTable, parse_value
from jixiao.rules import RuleConfig, check_table
from jixiao.store import library as store
from jixiao.store.db import make_engine, session_scope
from jixiao.synth import generate

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
CORPUS = REPO / "tests" / "corpus"
SEED = 2026
SYNTH_HELD_OUT = 300
QUERIES = 200


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a benchmark prints its figures


def with_unit_cost(table: TargetTable) -> TargetTable:
    """Given a synthetic table, return it with its unit cost row: funds ÷ its first counted
    output, in 元 per that output's unit (what a 成本指标 ›单位成本 row says)."""
    funds = table.funds.total
    for ind in table.indicators:
        v = ind.value
        if v.number and v.unit and v.unit not in ("%", "‰") and "/" not in v.unit and funds:
            per = (funds * 10000 / v.number).quantize(Decimal("0.01"))
            row = Indicator(
                "产出指标", "成本指标", f"{ind.name}单位成本", parse_value(f"≤{per}元/{v.unit}")
            )
            return replace(table, indicators=(*table.indicators, row))
    return table


def synthetic(n: int, seed: int) -> list[TargetTable]:
    """Given a count, return clean synthetic tables with their unit cost rows."""
    return [with_unit_cost(s.table) for s in generate(n, seed=seed, defect_share=0.0)]


# --- 1. leave-one-out ------------------------------------------------------------------


def own_pairs(doc: ProjectDoc) -> set[tuple[str, str]]:
    """Given a document, return its indicators as (normalised name, unit)."""
    return {(i.key, i.unit) for i in doc.indicators}


def hit(answer_keys: Sequence[tuple[str, str]], doc: ProjectDoc) -> bool:
    """Whether any suggestion is one of the document's own indicators (name and unit)."""
    return bool(own_pairs(doc) & set(answer_keys))


SimilarFn = Callable[[ProjectDoc, Sequence[str]], list[SimilarProject]]


def loo(
    index: SuggestIndex,
    held: Sequence[ProjectDoc],
    similar: SimilarFn | None = None,
    *,
    boost: bool = True,
) -> float:
    """Given the index and held-out documents, return the share with a hit in the top 10."""
    hits = 0
    for doc in held:
        words = doc.tokens  # the name twice and the goals: what a new project would type
        if similar is None:
            department = doc.department if boost else None
            found = index.similar(words, department=department, exclude_ref=doc.ref)
        else:
            found = similar(doc, words)
        answer = index.vote(words, found, exclude_ref=doc.ref)
        hits += hit([(s.entry.key, s.entry.unit) for s in answer.suggestions], doc)
    return hits / len(held) if held else 0.0


def fts5_similar(docs: Sequence[ProjectDoc]) -> tuple[SimilarFn, Callable[[Sequence[str]], None]]:
    """Given documents, return an FTS5-backed similar-project finder and a bare query timer."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE d USING fts5(tokens)")
    conn.executemany(
        "INSERT INTO d(rowid, tokens) VALUES (?, ?)",
        [(i, " ".join(d.tokens)) for i, d in enumerate(docs)],
    )
    by_ref = {d.ref: i for i, d in enumerate(docs)}

    def query(words: Sequence[str], skip: int = -1) -> list[tuple[int, float]]:
        terms = " OR ".join('"' + w.replace('"', "") + '"' for w in dict.fromkeys(words))
        if not terms:
            return []
        rows = conn.execute(
            "SELECT rowid, -bm25(d) FROM d WHERE d MATCH ? AND rowid != ? ORDER BY bm25(d) LIMIT 30",
            (terms, skip),
        ).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def similar(doc: ProjectDoc, words: Sequence[str]) -> list[SimilarProject]:
        return [SimilarProject(docs[i], s) for i, s in query(words, by_ref.get(doc.ref, -1))]

    return similar, lambda words: None if query(words) is None else None


def pg_similar(
    url: str, docs: Sequence[ProjectDoc]
) -> tuple[SimilarFn, Callable[[Sequence[str]], None]]:
    """Given a PostgreSQL URL and documents, return a full-text similar-project finder."""
    import psycopg

    conn = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
    conn.execute("DROP TABLE IF EXISTS fts_docs")
    conn.execute("CREATE TABLE fts_docs (id int primary key, tsv tsvector)")
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO fts_docs VALUES (%s, to_tsvector('simple', %s))",
            [(i, " ".join(d.tokens)) for i, d in enumerate(docs)],
        )
    conn.execute("CREATE INDEX ON fts_docs USING gin (tsv)")
    conn.execute("ANALYZE fts_docs")
    sample = conn.execute("SELECT tsv::text FROM fts_docs LIMIT 1").fetchone()
    _say(f"  (PostgreSQL 'simple' parser on jieba words, first document: {str(sample)[:80]}…)")
    by_ref = {d.ref: i for i, d in enumerate(docs)}

    def query(words: Sequence[str], skip: int = -1) -> list[tuple[int, float]]:
        terms = [w for w in dict.fromkeys(words) if w.strip()]
        if not terms:
            return []
        rows = conn.execute(
            "SELECT id, ts_rank(tsv, q) AS r FROM fts_docs, to_tsquery('simple', %s) q "
            "WHERE tsv @@ q AND id != %s ORDER BY r DESC LIMIT 30",
            (" | ".join("'" + w.replace("'", "") + "'" for w in terms), skip),
        ).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def similar(doc: ProjectDoc, words: Sequence[str]) -> list[SimilarProject]:
        return [SimilarProject(docs[i], s) for i, s in query(words, by_ref.get(doc.ref, -1))]

    return similar, lambda words: None if query(words) is None else None


def real_tables() -> list[TargetTable]:
    """Return the example's and the corpus's tables that have indicators."""
    out = []
    for path in [EXAMPLE, *sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt"))]:
        out.extend(t for t in read_path(path).tables if t.indicators)
    return out


def part_one(
    folder: Path, n_synth: int, pg_url: str | None
) -> tuple[list[ProjectDoc], list[TargetTable]]:
    """Load, build and measure leave-one-out; return the real tables' documents and the synthetic tables."""
    real = real_tables()
    synth = synthetic(n_synth, SEED)
    url = f"sqlite:///{folder / 'loo.sqlite'}"
    engine = make_engine(url)
    start = time.perf_counter()
    with session_scope(engine) as s:
        store_by_department_year(s, real)
    with session_scope(engine) as s:
        real_ids = {d.ref for d in store.docs_from_tables(s, approved_only=False)}
    with session_scope(engine) as s:
        store_by_department_year(s, synth)
    with session_scope(engine) as s:
        report = app.build_library(session=s, actor="bench", approved_only=False)
    with session_scope(engine) as s:
        docs = store.load_docs(s)
        entries = store.load_entries(s)
    _say(
        f"library: {report.projects} tables ({len(real_ids)} real + {report.projects - len(real_ids)} "
        f"synthetic) → {report.entries} entries, loaded and built in {time.perf_counter() - start:.0f} s"
    )
    index = SuggestIndex(docs, entries)
    rng = random.Random(SEED)
    held_real = [d for d in docs if d.ref in real_ids and d.indicators]
    held_synth = rng.sample(
        [d for d in docs if d.ref not in real_ids], min(SYNTH_HELD_OUT, len(docs))
    )
    engines: list[tuple[str, SimilarFn | None]] = [("bm25s + department", None), ("bm25s", None)]
    fts, _ = fts5_similar(docs)
    engines.append(("SQLite FTS5", fts))
    if pg_url:
        pg, _ = pg_similar(pg_url, docs)
        engines.append(("PostgreSQL full text", pg))
    _say("leave-one-out, share of held-out tables with ≥1 own indicator (name+unit) in the top 10:")
    for name, finder in engines:
        t0 = time.perf_counter()
        boost = name == "bm25s + department"
        real_share = loo(index, held_real, finder, boost=boost)
        synth_share = loo(index, held_synth, finder, boost=boost)
        _say(
            f"  {name:<22} real {real_share:6.1%} (n={len(held_real)})   synthetic "
            f"{synth_share:6.1%} (n={len(held_synth)})   [{time.perf_counter() - t0:.1f} s]"
        )
    engine.dispose()
    return held_real, synth


# --- 2. benchmark rules -------------------------------------------------------------------


def part_two(synth: list[TargetTable]) -> None:
    """Mutate unit costs ×10 and count what the benchmark rules flag, mutants and twins."""
    docs = [
        project_doc(t, ref=i, department=t.project.department_code or "")
        for i, t in enumerate(synth)
    ]
    peers = PeerTable(docs)
    rng = random.Random(SEED + 1)
    sample = rng.sample(range(len(synth)), min(500, len(synth)))
    flagged = twin_flagged = twin_target = eligible = 0
    for i in sample:
        table = synth[i]
        cost = next((r for r in table.indicators if r.name.endswith("单位成本")), None)
        if cost is None or cost.value.number is None:
            continue
        mutated = replace(
            table,
            indicators=tuple(
                replace(r, value=parse_value(f"≤{cost.value.number * 10}{cost.value.unit}"))
                if r is cost
                else r
                for r in table.indicators
            ),
        )
        bench_twin = benchmarks_for(table, peers, exclude_ref=i)
        if bench_twin.get(cost.name, {}).get("count", 0) < 5:
            continue
        eligible += 1
        codes_twin = _codes(table, bench_twin)
        codes_mut = _codes(mutated, benchmarks_for(mutated, peers, exclude_ref=i))
        flagged += "cost.unit-outlier" in codes_mut
        twin_flagged += "cost.unit-outlier" in codes_twin
        twin_target += "values.target-outlier" in codes_twin
    _say(
        f"benchmark rules on {eligible} synthetic tables with ≥5 peers: 10× unit cost flagged "
        f"{flagged}/{eligible}; unmutated twins flagged {twin_flagged}/{eligible} "
        f"(values.target-outlier on twins: {twin_target})"
    )


def _codes(table: TargetTable, bench: dict) -> set[str]:
    config = replace(RuleConfig(), thresholds={"benchmarks": bench})
    return {f.code for f in check_table(table, config).findings}


# --- 3. latency -----------------------------------------------------------------------------


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_suggest(url: str, docs: list[ProjectDoc], queries: list[ProjectDoc], label: str) -> None:
    engine = make_engine(url)
    start = time.perf_counter()
    entries = merge_starter(build_entries(docs), starter_entries())
    with session_scope(engine) as s:
        store.save_build(s, docs=docs, entries=entries, actor="bench")
    stored = time.perf_counter() - start
    runs = []
    cold = 0.0
    with session_scope(engine) as s:
        for n, q in enumerate(queries):
            t0 = time.perf_counter()
            app.suggest(session=s, name=q.name, goals=(), department=q.department)
            took = (time.perf_counter() - t0) * 1000
            if n == 0:
                cold = took
            else:
                runs.append(took)
    _say(
        f"  {label:<11} suggest p50 {statistics.median(runs):5.1f} ms  p95 {_p(runs, 0.95):5.1f} ms  "
        f"(cold first answer {cold / 1000:.1f} s; library stored in {stored:.0f} s)"
    )
    engine.dispose()


def time_engine(label: str, fn: Callable[[Sequence[str]], None], queries: list[ProjectDoc]) -> None:
    runs = []
    for q in queries:
        t0 = time.perf_counter()
        fn(query_words(q.name))
        runs.append((time.perf_counter() - t0) * 1000)
    _say(
        f"  {label:<22} similar-project query p50 {statistics.median(runs):5.1f} ms  p95 {_p(runs, 0.95):5.1f} ms"
    )


def part_three(folder: Path, n: int, pg_url: str | None, real: list[ProjectDoc]) -> None:
    """Time suggest on a library of n synthetic tables plus the real ones, both databases."""
    t0 = time.perf_counter()
    tables = synthetic(n, SEED + 7)
    # No target tables in this database: the documents are the library's own (ref < 0).
    real = [replace(d, ref=-(i + 1)) for i, d in enumerate(real)]
    docs = [*real, *(project_doc(t, ref=-(10_000_000 + i), department=t.project.department_code or "")
                     for i, t in enumerate(tables))]  # fmt: skip
    _say(
        f"latency with a library of {len(docs)} tables (documents made in {time.perf_counter() - t0:.0f} s):"
    )
    rng = random.Random(SEED + 2)
    queries = rng.sample(docs, min(QUERIES, len(docs)))
    time_suggest(f"sqlite:///{folder / 'big.sqlite'}", docs, queries, "SQLite")
    if pg_url:
        time_suggest(pg_url, docs, queries, "PostgreSQL")
    index = SuggestIndex(docs, {})
    time_engine("bm25s (in memory)", lambda w: None if index.similar(w) is None else None, queries)
    _, fts = fts5_similar(docs)
    time_engine("SQLite FTS5", fts, queries)
    if pg_url:
        _, pg = pg_similar(pg_url, docs)
        time_engine("PostgreSQL full text", pg, queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--synthetic", type=int, default=5_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-lib-") as tmp:
        folder = Path(tmp)
        if args.skip_postgres:
            real, synth = part_one(folder, args.synthetic, None)
            part_two(synth)
            part_three(folder, args.tables, None, real)
            return
        with postgres() as pg_base:
            real, synth = part_one(folder, args.synthetic, pg_base + "bench")
            part_two(synth)
            part_three(folder, args.tables, pg_base + "bench_store", real)


if __name__ == "__main__":
    sys.exit(main())
