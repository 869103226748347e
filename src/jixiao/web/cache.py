"""A small time-limited cache for figures that may be a few seconds old (dashboards, filter lists).

One computation per key at a time: when fifty readers ask for the same expired
dashboard at once, one computes it and the others wait for that result instead of
each running the same aggregate over every table. Once a value exists, an expired
one is still served while a background thread computes its successor, so no reader
waits for an aggregate over 50,000 tables (``compute`` must open its own session).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

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
    """Values per key, recomputed when older than ``ttl`` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Given a key and how to compute its value, return a fresh enough value."""
        hit = self._values.get(key)
        if hit is not None and time.monotonic() - hit[0] < self.ttl:
            return hit[1]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if hit is not None:
            if lock.acquire(blocking=False):
                threading.Thread(
                    target=self._refresh, args=(key, compute, lock), daemon=True
                ).start()
            return hit[1]  # type: ignore[no-any-return]
        with lock:
            hit = self._values.get(key)
            if hit is not None and time.monotonic() - hit[0] < self.ttl:
                return hit[1]  # type: ignore[no-any-return]
            value = compute()
            if len(self._values) > MAX_KEYS:
                self._values.clear()
            self._values[key] = (time.monotonic(), value)
            return value

    def _refresh(self, key: Hashable, compute: Callable[[], Any], lock: threading.Lock) -> None:
        _lower_priority()
        try:
            self._values[key] = (time.monotonic(), compute())
        except Exception:  # noqa: BLE001 - the stale value stays; the next reader retries
            pass
        finally:
            lock.release()

    def clear(self) -> None:
        """Forget every value (after a change the reader must see at once)."""
        self._values.clear()
