"""A cache for figures computed from many tables (dashboards, list counts, filter lists).

A value belongs to the data generation it was computed under
(:mod:`jixiao.store.generation`): once any process has committed a change, the
next reader computes afresh, so a count never lags behind a write. While nothing
is written a value is reused; one older than ``ttl`` seconds (a change made
behind the application's back) is still served while a background thread
computes its successor, so no reader waits for an aggregate over 50,000 tables
(``compute`` must open its own session).

One computation per key at a time: when fifty readers ask for the same dashboard
at once, one computes it and the others wait for that result instead of each
running the same aggregate over every table.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request

from jixiao.store.generation import generation_of

T = TypeVar("T")
MAX_KEYS = 2000


def _lower_priority() -> None:
    # A refresh is background work: on Linux a thread's nice value is its own, so the
    # aggregate yields the cores to the requests being served meanwhile.
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


class TTLCache:
    """Values per key and data generation, refreshed in the background after ``ttl`` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, Hashable, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T], generation: Hashable = None) -> T:
        """Given a key, how to compute its value and the current data generation, return it."""
        hit = self._values.get(key)
        current = hit is not None and hit[1] == generation
        if hit is not None and current and time.monotonic() - hit[0] < self.ttl:
            return hit[2]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if hit is not None and current:
            if lock.acquire(blocking=False):
                threading.Thread(
                    target=self._refresh, args=(key, compute, generation, lock), daemon=True
                ).start()
            return hit[2]  # type: ignore[no-any-return]
        with lock:
            hit = self._values.get(key)
            if hit is not None and hit[1] == generation:
                return hit[2]  # type: ignore[no-any-return]
            value = compute()
            if len(self._values) > MAX_KEYS:
                self._values.clear()
            self._values[key] = (time.monotonic(), generation, value)
            return value

    def _refresh(
        self, key: Hashable, compute: Callable[[], Any], generation: Hashable, lock: threading.Lock
    ) -> None:
        _lower_priority()
        try:
            value = compute()
            hit = self._values.get(key)
            # A reader may meanwhile have stored the value of a newer generation.
            if hit is None or hit[1] == generation:
                self._values[key] = (time.monotonic(), generation, value)
        except Exception:  # noqa: BLE001 - the stale value stays; the next reader retries
            pass
        finally:
            lock.release()

    def clear(self) -> None:
        """Forget every value (after a change the reader must see at once)."""
        self._values.clear()


def data_generation(request: Request) -> str:
    """Given a request, return the data generation, read once per request."""
    found: str | None = getattr(request.state, "data_generation", None)
    if found is None:
        found = generation_of(request.app.state.engine)
        request.state.data_generation = found
    return found


def cached(request: Request, key: Hashable, compute: Callable[[], T]) -> T:
    """Given a request, a key and how to compute the value, return it from the app's cache."""
    cache: TTLCache = request.app.state.dashboard_cache
    return cache.get(key, compute, data_generation(request))
