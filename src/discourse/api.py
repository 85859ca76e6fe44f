"""Read a finished run back into Python: `discourse.load(path)`.

    >>> s = discourse.load("reports")            # or "reports/summary.json"
    >>> s.directions.sort_values("score")[["name", "score", "label"]]
    >>> s.stances.query("direction == 'cv' and stance == 'crowded'")

The tables are built from `summary.json` (schema `discourse.summary/1`, see
docs/summary-schema.md), one row per record, columns named as in the JSON.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from discourse.errors import DiscourseError

SCHEMA = "discourse.summary/1"

# Columns every table has even when the summary holds no rows, so that code
# written against a big corpus does not break on an empty one.
COLUMNS: dict[str, tuple[str, ...]] = {
    "pages": ("id", "source", "question", "language", "traditional", "answers", "dropped_lines", "dropped"),
    "answers": ("id", "page_id", "source", "position", "author", "question", "text", "original", "topic", "x", "y"),
    "directions": (
        "id", "name", "aliases", "group", "discovered", "mentions", "authors", "pages",
        "crowded", "promising", "mixed", "neutral", "score", "uncertainty", "label", "evidence",
    ),
    "stances": ("answer_id", "source", "author", "direction", "stance", "confidence", "score", "quote", "cues"),
    "topics": ("id", "label", "keywords", "size", "stances"),
}


class SummaryError(DiscourseError):
    """A summary.json is missing, unreadable or not of schema discourse.summary/1."""

    exit_code = 2


@dataclass(frozen=True, eq=False)
class Summary:
    """A run's results: the raw JSON and one DataFrame per record type."""

    raw: dict = field(repr=False)
    pages: pd.DataFrame = field(repr=False)
    answers: pd.DataFrame = field(repr=False)
    directions: pd.DataFrame = field(repr=False)
    stances: pd.DataFrame = field(repr=False)
    topics: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"Summary(pages={len(self.pages)}, answers={len(self.answers)}, "
            f"directions={len(self.directions)}, stances={len(self.stances)}, topics={len(self.topics)})"
        )


def load(path: str | Path) -> Summary:
    """Load a `summary.json`, or the `summary.json` inside a reports folder."""
    path = Path(path)
    if path.is_dir():
        path = path / "summary.json"
    if not path.is_file():
        raise SummaryError(f"{path}: no summary.json here; run `python -m discourse run` first or pass its path")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SummaryError(f"{path}: cannot read it as JSON ({exc}); rerun `python -m discourse run`") from exc
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        found = raw.get("schema") if isinstance(raw, dict) else type(raw).__name__
        raise SummaryError(f"{path}: schema is {found!r}, expected {SCHEMA!r}; rerun with this version of discourse")
    return Summary(raw=raw, **frames(raw))


def frames(summary: Mapping) -> dict[str, pd.DataFrame]:
    """One DataFrame per record list of a summary, keyed like `COLUMNS`."""
    return {name: _frame(summary.get(name) or [], columns) for name, columns in COLUMNS.items()}


def _frame(records: list[Mapping[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Records as rows; the known columns first, any extra carried-through field after them."""
    df = pd.DataFrame.from_records([dict(r) for r in records])
    extra = [c for c in df.columns if c not in columns]
    return df.reindex(columns=[*columns, *extra])
