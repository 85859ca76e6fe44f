"""Stance cues: the words and patterns of `data/cues.toml`, loaded once into a frozen set.

The stance stage (stance.py) reads what they mean; this module only parses the
file, validates it and finds cue words in a sentence.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_data
from .errors import ConfigError


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    polarity: int
    weight: float


@dataclass(frozen=True)
class CueSet:
    """Every table of data/cues.toml, compiled; the file says what each pattern is for."""

    cues: tuple[Cue, ...]
    near_negation: re.Pattern[str]
    clause_negation: re.Pattern[str]
    after_negation: re.Pattern[str]
    condition: re.Pattern[str]
    modifier_gap: re.Pattern[str]
    application_gap: re.Pattern[str]
    even_before: re.Pattern[str]
    even_after: re.Pattern[str]
    object_max_chars: int
    ellipsis_same: re.Pattern[str]
    ellipsis_reversed: re.Pattern[str]
    ellipsis_weight: float
    exclusion: re.Pattern[str]
    inclusive: re.Pattern[str]
    attributive: re.Pattern[str]
    hedge: re.Pattern[str]
    hedge_weight: float
    near_window: int
    clause_window: int
    clause_window_en: int
    reported: re.Pattern[str]
    reported_weight: float
    agree: re.Pattern[str]
    quote: re.Pattern[str]
    disagree: re.Pattern[str]
    disagree_weight: float
    concessive: re.Pattern[str]
    turn: re.Pattern[str]
    join: re.Pattern[str]
    not_clause: re.Pattern[str]
    before_weight: float
    after_weight: float
    interrogative: re.Pattern[str]
    mock: re.Pattern[str]
    deny: re.Pattern[str]
    affirm: re.Pattern[str]
    negated_tail: re.Pattern[str]
    rhetorical_weight: float
    answer_yes: re.Pattern[str]
    answer_no: re.Pattern[str]
    answer_weight: float
    commitment: re.Pattern[str]
    commitment_weight: float
    solution: re.Pattern[str]
    solution_weight: float
    heading_weight: float
    heading_max_chars: int
    recommend_question: re.Pattern[str]
    recommend_weight: float
    past: re.Pattern[str]
    past_weight: float
    now: re.Pattern[str]
    continuity: re.Pattern[str]
    past_contrast_weight: float
    comparatives: tuple[re.Pattern[str], ...]
    comparative_weight: float
    than_after: re.Pattern[str]
    standard_before: re.Pattern[str]
    inverted_standard_before: re.Pattern[str]
    inverted_before: re.Pattern[str]


def load_cues() -> CueSet:
    text = read_data("cues.toml")
    return _parse_cues(text)


@lru_cache(maxsize=2)
def _parse_cues(text: str) -> CueSet:
    d = tomllib.loads(text)
    try:
        rx = lambda s: re.compile(s, re.IGNORECASE)  # noqa: E731
        neg, rep, con, q, past, cmp_ = (d["negation"], d["reported"], d["contrast"], d["question"],
                                        d["past"], d["comparative"])
        sc, ell, fr = d["scope"], d["ellipsis"], d["framing"]
        return CueSet(
            cues=tuple(Cue(rx(c["pattern"]), int(c["polarity"]), float(c.get("weight", 1.0)))
                       for c in d["cue"]),
            # negation
            near_negation=rx(neg["near"]), clause_negation=rx(neg["clause"]),
            after_negation=rx(neg["after"]), condition=rx(neg["condition"]),
            near_window=int(neg["near_window"]), clause_window=int(neg["clause_window"]),
            clause_window_en=int(neg["clause_window_en"]),
            # scope inside a clause
            modifier_gap=rx(sc["modifier_gap"]), application_gap=rx(sc["application_gap"]),
            even_before=rx(sc["even_before"]), even_after=rx(sc["even_after"]),
            object_max_chars=int(sc["object_max_chars"]), attributive=rx(sc["attributive"]),
            exclusion=rx(sc["exclusion"]), inclusive=rx(sc["inclusive"]),
            ellipsis_same=rx(ell["same"]), ellipsis_reversed=rx(ell["reversed"]),
            ellipsis_weight=float(ell["weight"]),
            hedge=rx(d["hedge"]["pattern"]), hedge_weight=float(d["hedge"]["weight"]),
            # reported speech
            reported=rx(rep["pattern"]), reported_weight=float(rep["weight"]), agree=rx(rep["agree"]),
            quote=rx(rep["quote"]), disagree=rx(rep["disagree"]), disagree_weight=float(rep["disagree_weight"]),
            # contrast
            concessive=rx(con["concessive"]), turn=rx(con["turn"]), join=rx(con["join"]),
            not_clause=rx(con["not_clause"]),
            before_weight=float(con["before_weight"]), after_weight=float(con["after_weight"]),
            # questions
            interrogative=rx(q["interrogative"]), mock=rx(q["mock"]), deny=rx(q["deny"]), affirm=rx(q["affirm"]),
            negated_tail=rx(q["negated_tail"]), rhetorical_weight=float(q["rhetorical_weight"]),
            answer_yes=rx(q["answer_yes"]), answer_no=rx(q["answer_no"]), answer_weight=float(q["answer_weight"]),
            commitment=rx(d["commitment"]["pattern"]), commitment_weight=float(d["commitment"]["weight"]),
            # framing
            solution=rx(fr["solution"]), solution_weight=float(fr["solution_weight"]),
            heading_weight=float(fr["heading_weight"]), heading_max_chars=int(fr["heading_max_chars"]),
            recommend_question=rx(fr["recommend_question"]), recommend_weight=float(fr["recommend_weight"]),
            # tense and comparison
            past=rx(past["pattern"]), past_weight=float(past["weight"]), now=rx(past["now"]),
            continuity=rx(past["continuity"]), past_contrast_weight=float(past["contrast_weight"]),
            comparatives=tuple(rx(p) for p in cmp_["patterns"]), comparative_weight=float(cmp_["weight"]),
            than_after=rx(cmp_["than_after"]), standard_before=rx(cmp_["standard_before"]),
            inverted_standard_before=rx(cmp_["inverted_standard_before"]),
            inverted_before=rx(cmp_["inverted_before"]),
        )
    except (KeyError, re.error, ValueError, TypeError) as exc:
        raise ConfigError(f"data/cues.toml is invalid: {exc}") from exc


@dataclass(frozen=True)
class CueMatch:
    start: int
    end: int
    text: str
    polarity: int
    weight: float


def find_cues(sentence: str, cues: CueSet) -> list[CueMatch]:
    """All cue matches, longest first where they overlap."""
    found = []
    for cue in cues.cues:
        for m in cue.pattern.finditer(sentence):
            if m.end() > m.start():
                found.append(CueMatch(m.start(), m.end(), m.group(0), cue.polarity, cue.weight))
    # where matches overlap the longer wins ("潜力已经被挖得差不多" over "的潜力")
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    kept: list[CueMatch] = []
    for c in found:
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)
