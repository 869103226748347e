"""Suggestions: rank library indicators for a new project by what similar projects used.

Lexical ranking (BM25, through bm25s) over jieba words, in two steps:

1. **Similar projects**: the query (the new project's name and goals) against every
   stored project's name and goals. The best ``SIMILAR_KEPT`` are kept, a project of
   the asker's own department weighed up (a department repeats its indicators).
2. **Indicators**: each similar project votes for its indicators with its similarity;
   an entry whose own name shares words with the query gains too (so a starter entry
   no table uses yet can still come up), and usage breaks ties.

bm25s was measured against SQLite FTS5 and PostgreSQL full text (docs/library.md):
it ranks the same on both databases and answers fastest once the index is in memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from jixiao.library.build import Entry, ProjectDoc
from jixiao.library.tokens import tokenise

#: How many similar projects vote for indicators.
SIMILAR_KEPT = 30
#: How much more a project of the asker's own department counts.
DEPARTMENT_BOOST = 1.5
#: Weight of the entry name's own match against the query, next to the projects' votes.
NAME_WEIGHT = 0.6


class Bm25:
    """A BM25 index over token lists (bm25s), answering scores for every document."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        import bm25s

        self.size = len(documents)
        self._model = bm25s.BM25()
        # bm25s refuses an empty corpus and empty documents: a placeholder word keeps
        # every position (the index is the caller's document number).
        corpus = [list(d) or ["\u2205"] for d in documents] or [["\u2205"]]
        self._model.index(corpus, show_progress=False)
        self._vocab: Mapping[str, int] = self._model.vocab_dict

    def scores(self, query: Iterable[str]) -> np.ndarray:
        """Given query words, return each document's BM25 score (zeros when none is known)."""
        known = [w for w in dict.fromkeys(query) if w in self._vocab]
        if not known or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known))[: self.size]


@dataclass(frozen=True, slots=True)
class SimilarProject:
    """A past project like the new one, with its grade and self-evaluation score."""

    doc: ProjectDoc
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Return the project as JSON-ready data."""
        return {
            "ref": self.doc.ref,
            "project": self.doc.name,
            "department": self.doc.department,
            "year": self.doc.year,
            "grade": self.doc.grade,
            "selfeval_score": self.doc.score,
            "similarity": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed indicator: the entry, its rank score and the similar projects using it."""

    entry: Entry
    score: float
    used_by: int

    def to_dict(self) -> dict[str, Any]:
        """Return the suggestion as JSON-ready data (docs/library.md)."""
        e = self.entry
        main = e.main_stats
        return {
            "name": e.name,
            "key": e.key,
            "level1": e.level1,
            "level2": e.level2,
            "unit": e.unit,
            "typical": e.typical_value,
            "median": main.median if main else None,
            "p10": main.p10 if main else None,
            "p90": main.p90 if main else None,
            "projects": e.usage,
            "similar_using": self.used_by,
            "origin": e.origin,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """What ``suggest`` returns: ranked indicators and the similar projects behind them."""

    suggestions: tuple[Suggestion, ...]
    similar: tuple[SimilarProject, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the answer as JSON-ready data."""
        return {
            "suggestions": [s.to_dict() for s in self.suggestions],
            "similar_projects": [p.to_dict() for p in self.similar],
        }


def query_words(name: str, goals: Iterable[str] = ()) -> tuple[str, ...]:
    """Given the new project's name and goals, return the query words (the name twice,
    as :func:`jixiao.library.build.project_tokens` counts it)."""
    words = tokenise(name)
    out = list(words + words)
    for goal in goals:
        out.extend(tokenise(goal))
    return tuple(out)


class SuggestIndex:
    """Everything a suggestion needs, held in memory: the projects, the entries and both
    BM25 indexes. Built once per library state (the store caches it)."""

    def __init__(self, docs: Sequence[ProjectDoc], entries: Mapping[str, Entry]) -> None:
        self.docs = list(docs)
        self.entries = dict(entries)
        self._keys = list(self.entries)
        self._projects = Bm25([d.tokens for d in self.docs])
        self._names = Bm25([tokenise(self.entries[k].name) for k in self._keys])
        self._departments = np.array([d.department for d in self.docs], dtype=object)
        self._by_ref = {d.ref: i for i, d in enumerate(self.docs)}
        # When the words find too little (a project with no name yet), the indicators most
        # projects use fill the list: the common ones a new table needs anyway.
        self._popular = sorted(self.entries.values(), key=lambda e: (-e.usage, e.key))[:50]

    def similar(
        self,
        words: Sequence[str],
        *,
        department: str | None = None,
        exclude_ref: int | None = None,
        limit: int = SIMILAR_KEPT,
    ) -> list[SimilarProject]:
        """Given query words, return the most similar stored projects, best first."""
        scores = self._projects.scores(words).astype(np.float64)
        if not len(scores):
            return []
        if department:
            scores = np.where(self._departments == department, scores * DEPARTMENT_BOOST, scores)
        if exclude_ref is not None:
            scores = np.where(np.array([d.ref == exclude_ref for d in self.docs]), 0.0, scores)
        count = min(limit, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [SimilarProject(self.docs[i], float(scores[i])) for i in top if scores[i] > 0]

    def suggest(
        self,
        name: str,
        goals: Iterable[str] = (),
        *,
        department: str | None = None,
        limit: int = 10,
        exclude_ref: int | None = None,
        projects_shown: int = 5,
    ) -> Answer:
        """Given a new project's name and goals, return ranked indicators and similar projects.

        ``exclude_ref`` leaves one stored project out (leave-one-out measurement): it
        neither votes nor counts in the usage of the entries it uses.
        """
        words = query_words(name, goals)
        similar = self.similar(words, department=department, exclude_ref=exclude_ref)
        return self.vote(words, similar, limit=limit, exclude_ref=exclude_ref,
                         projects_shown=projects_shown)  # fmt: skip

    def vote(
        self,
        words: Sequence[str],
        similar: Sequence[SimilarProject],
        *,
        limit: int = 10,
        exclude_ref: int | None = None,
        projects_shown: int = 5,
    ) -> Answer:
        """Given the query words and the similar projects (found by any engine), return
        the indicators they vote for, with the entry names' own match added."""
        votes: dict[str, float] = {}
        voters: dict[str, int] = {}
        best = similar[0].score if similar else 1.0
        at = self._by_ref.get(exclude_ref) if exclude_ref is not None else None
        own = {i.key for i in self.docs[at].indicators} if at is not None else set()
        for project in similar:
            weight = project.score / best
            for key in {i.key for i in project.doc.indicators}:
                votes[key] = votes.get(key, 0.0) + weight
                voters[key] = voters.get(key, 0) + 1
        name_scores = self._names.scores(words)
        top_name = float(name_scores.max()) if len(name_scores) else 0.0
        if top_name > 0:
            for index in np.flatnonzero(name_scores):
                key = self._keys[index]
                votes[key] = (
                    votes.get(key, 0.0) + NAME_WEIGHT * float(name_scores[index]) / top_name
                )
        ranked: list[Suggestion] = []
        for key, vote in votes.items():
            entry = self.entries.get(key)
            if entry is None:
                continue
            usage = entry.usage - (1 if key in own else 0)
            if usage <= 0 and entry.origin == "built":
                continue  # only the left-out project used it: the library would not know it
            score = vote + 0.01 * math.log1p(max(usage, 0))
            ranked.append(Suggestion(entry, score, voters.get(key, 0)))
        ranked.sort(key=lambda s: (-s.score, -s.entry.usage, s.entry.key))
        if len(ranked) < limit:
            have = {s.entry.key for s in ranked}
            for entry in self._popular:
                usage = entry.usage - (1 if entry.key in own else 0)
                if entry.key not in have and usage > 0:
                    ranked.append(Suggestion(entry, 0.0, 0))
                if len(ranked) >= limit:
                    break
        return Answer(tuple(ranked[:limit]), tuple(similar[:projects_shown]))
