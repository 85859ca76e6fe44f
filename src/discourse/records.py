"""Typed, frozen records that cross stage boundaries.

Every stage takes records from this module and returns records from this
module (plus `Rejected` entries for what it could not use). Nothing here
does work; ids are content-derived so that the store can key on them.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Literal, Mapping

StanceLabel = Literal["crowded", "promising", "neutral", "mixed"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("crowded", "promising", "neutral", "mixed")


def content_hash(*parts: str, size: int = 16) -> str:
    """Stable hex digest of the given strings (joined with a separator)."""
    h = hashlib.blake2b(digest_size=size)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Rejected:
    """Something that could not be used: a file, a row, or a stage result."""

    source: str  # path relative to the corpus folder
    stage: str  # "read", "normalize", "segment", ...
    reason: str  # one line a user can act on
    line: int | None = None  # 1-based line (JSONL/CSV row) when it applies


@dataclass(frozen=True)
class Row:
    """One already-split answer from a .jsonl/.csv file."""

    line: int  # 1-based line (JSONL) or record number (CSV)
    text: str
    author: str = ""
    question: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)  # source_url, date, label, anything else


@dataclass(frozen=True)
class RawDoc:
    """A decoded corpus file, before any cleaning."""

    source: str  # path relative to the corpus folder, POSIX separators
    text: str  # decoded text ('' for row files)
    encoding: str  # what the detector settled on, e.g. "utf_8", "gb18030", "big5"
    fmt: Literal["text", "html", "markdown", "rows"]
    digest: str  # hash of the raw bytes
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class CleanDoc:
    """A document after normalization: line-aligned simplified and original text."""

    source: str
    lines: tuple[str, ...]  # simplified, cleaned; one entry per original line
    original: tuple[str, ...]  # same lines before traditional→simplified (for quotes)
    traditional: bool  # the text was converted from traditional script
    language: Literal["zh", "en"]
    digest: str
    rows: tuple[Row, ...] = ()  # normalized rows for row files


@dataclass(frozen=True)
class DroppedLine:
    """A line removed as page furniture, kept for the audit."""

    line: int  # 0-based index into CleanDoc.lines; for a row file, the row's line or record number
    text: str
    reason: str  # rule id or structural signal, e.g. "promo:follow-account", "tail-block"


@dataclass(frozen=True)
class Answer:
    """One answer (or post) with its author, as published."""

    id: str
    page_id: str
    source: str
    position: int  # 0-based order within the page
    author: str  # '' when the page names nobody
    question: str
    text: str  # clean, simplified, contact details redacted
    original: str  # same text in the original script (redacted too)
    extra: Mapping[str, object] = field(default_factory=dict)  # carried-through row fields (label, date, ...)


@dataclass(frozen=True)
class Page:
    """A question and its answers, from one file (or one question of a row file)."""

    id: str
    source: str
    question: str
    language: Literal["zh", "en"]
    traditional: bool
    answers: tuple[Answer, ...]
    dropped: tuple[DroppedLine, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A window of an answer small enough for the embedding model."""

    answer_id: str
    index: int
    text: str


@dataclass(frozen=True)
class Direction:
    """A research or career direction from the lexicon (or discovered)."""

    id: str  # slug, e.g. "diffusion"
    name: str  # canonical display name
    aliases: tuple[str, ...] = ()
    group: str = ""  # e.g. "field", "method", "career"
    discovered: bool = False  # proposed by discovery, not in the lexicon


@dataclass(frozen=True)
class Mention:
    """A sentence of an answer that names a direction."""

    answer_id: str
    direction: str  # Direction.id
    sentence: str  # simplified
    original: str  # original script
    index: int  # sentence index within the answer


@dataclass(frozen=True)
class Stance:
    """An author's stance on a direction within one answer."""

    answer_id: str
    source: str
    author: str
    direction: str  # Direction.id
    stance: StanceLabel
    confidence: float  # 0..1
    score: float  # -1 (crowded) .. +1 (promising)
    quote: str  # original script
    cues: tuple[str, ...] = ()  # the words that decided it


@dataclass(frozen=True)
class Topic:
    id: int  # -1 for the residual group
    label: str
    keywords: tuple[str, ...]
    size: int


def page_to_dict(page: Page) -> dict:
    """JSON-ready form of a page, for the store."""
    return dataclasses.asdict(page)


def page_from_dict(data: Mapping) -> Page:
    answers = tuple(Answer(**{**a, "extra": dict(a.get("extra") or {})}) for a in data["answers"])
    dropped = tuple(DroppedLine(**d) for d in data.get("dropped", ()))
    return Page(**{**data, "answers": answers, "dropped": dropped})


def stance_from_dict(data: Mapping) -> Stance:
    return Stance(**{**data, "cues": tuple(data.get("cues", ()))})


def mention_from_dict(data: Mapping) -> Mention:
    return Mention(**data)
