"""Stance cues: the words and patterns of `data/cues.toml`, loaded once into a frozen set.

This module parses the file, validates it, finds cue words in a sentence and
tells whether the words around a cue negate it (with parity: "不是没有机会"),
affirm it in a question ("这不是做烂了吗?") or correct it ("不能说是红海,应该说是
死海"); the stance stage (stance.py) weighs what the cues mean.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from .datafiles import fingerprint, read_data
from .errors import ConfigError


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    polarity: int  # -1 crowded, +1 promising, 0 mixed (both at once: 好坏参半)
    weight: float
    # "any"; "own": only the directions of its own sentence (a list mark, "❌ 产品经理");
    # "subject": only its clause's subject or the topic carried from before (适合…的人)
    scope: str = "any"
    # the pattern's top-level alternatives, each with the characters of which
    # every match holds one (None: unknown): a sentence holding none of them is
    # not searched, which spares most alternatives most sentences
    parts: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = ()


@dataclass(frozen=True)
class CueSet:
    """Every table of data/cues.toml, compiled; the file says what each pattern is for."""

    cues: tuple[Cue, ...]
    mask: re.Pattern[str]
    clause_space: re.Pattern[str]
    quoted_line: re.Pattern[str]
    wrap_end: re.Pattern[str]
    near_negation: re.Pattern[str]
    clause_negation: re.Pattern[str]
    over_condition: re.Pattern[str]
    after_negation: re.Pattern[str]
    partial_negation: re.Pattern[str]
    coordination: re.Pattern[str]
    condition: re.Pattern[str]
    modifier_gap: re.Pattern[str]
    application_gap: re.Pattern[str]
    even_before: re.Pattern[str]
    even_after: re.Pattern[str]
    aside_after: re.Pattern[str]
    temporal_before: re.Pattern[str]
    temporal_after: re.Pattern[str]
    audience_before: re.Pattern[str]
    person_after: re.Pattern[str]
    background_after: re.Pattern[str]
    audience_after: re.Pattern[str]
    cleft: re.Pattern[str]
    pronoun_subject: re.Pattern[str]
    anaphor: re.Pattern[str]
    people_subject: re.Pattern[str]
    parenthetical: re.Pattern[str]
    object_max_chars: int
    ellipsis_same: re.Pattern[str]
    ellipsis_reversed: re.Pattern[str]
    ellipsis_copula: re.Pattern[str]
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
    claim_after: re.Pattern[str]
    dismissed: re.Pattern[str]
    reason: re.Pattern[str]
    own_voice: re.Pattern[str]
    agree: re.Pattern[str]
    quote: re.Pattern[str]
    disagree: re.Pattern[str]
    disagree_weight: float
    concessive: re.Pattern[str]
    turn: re.Pattern[str]
    join: re.Pattern[str]
    not_clause: re.Pattern[str]
    correction: re.Pattern[str]
    reframed: re.Pattern[str]
    belied: re.Pattern[str]
    umbrella_method: re.Pattern[str]
    contrary: re.Pattern[str]
    before_weight: float
    after_weight: float
    interrogative: re.Pattern[str]
    mock: re.Pattern[str]
    deny: re.Pattern[str]
    affirm: re.Pattern[str]
    negated_tail: re.Pattern[str]
    now_tag: re.Pattern[str]
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
    marks: re.Pattern[str]
    tags_only: re.Pattern[str]
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
    standard_mark: re.Pattern[str]
    inverted_before: re.Pattern[str]


def load_cues() -> CueSet:
    text = read_data("cues.toml")
    return _parse_cues(text)


def cues_fingerprint() -> str:
    """Digest of the cue file: a stance cache key changes when it does."""
    return fingerprint("cues.toml")


@lru_cache(maxsize=2)
def _parse_cues(text: str) -> CueSet:
    d = tomllib.loads(text)
    try:
        rx = lambda s: re.compile(s, re.IGNORECASE)  # noqa: E731
        neg, rep, con, q, past, cmp_ = (d["negation"], d["reported"], d["contrast"], d["question"],
                                        d["past"], d["comparative"])
        sc, ell, fr = d["scope"], d["ellipsis"], d["framing"]
        return CueSet(
            cues=tuple(_cue(c, rx) for c in d["cue"]),
            mask=rx(d["text"]["mask"]), clause_space=rx(d["text"]["clause_space"]), wrap_end=rx(d["text"]["wrap_end"]),
            quoted_line=rx(d["text"]["quoted_line"]),
            # negation
            near_negation=rx(neg["near"]), clause_negation=rx(neg["clause"]), over_condition=rx(neg["over_condition"]),
            after_negation=rx(neg["after"]), condition=rx(neg["condition"]),
            partial_negation=rx(neg["partial"]), coordination=rx(neg["coordination"]),
            near_window=int(neg["near_window"]), clause_window=int(neg["clause_window"]),
            clause_window_en=int(neg["clause_window_en"]),
            # scope inside a clause
            modifier_gap=rx(sc["modifier_gap"]), application_gap=rx(sc["application_gap"]), umbrella_method=rx(sc["umbrella_method"]),
            even_before=rx(sc["even_before"]), even_after=rx(sc["even_after"]),
            aside_after=rx(sc["aside_after"]), temporal_before=rx(sc["temporal_before"]),
            temporal_after=rx(sc["temporal_after"]), cleft=rx(sc["cleft"]),
            audience_before=rx(sc["audience_before"]), audience_after=rx(sc["audience_after"]),
            person_after=rx(sc["person_after"]), background_after=rx(sc["background_after"]),
            pronoun_subject=rx(sc["pronoun_subject"]), anaphor=rx(sc["anaphor"]),
            people_subject=rx(sc["people_subject"]), parenthetical=rx(sc["parenthetical"]),
            object_max_chars=int(sc["object_max_chars"]), attributive=rx(sc["attributive"]),
            exclusion=rx(sc["exclusion"]), inclusive=rx(sc["inclusive"]),
            ellipsis_same=rx(ell["same"]), ellipsis_reversed=rx(ell["reversed"]),
            ellipsis_copula=rx(ell["copula"]),
            ellipsis_weight=float(ell["weight"]),
            hedge=rx(d["hedge"]["pattern"]), belied=rx(d["hedge"]["belied"]), hedge_weight=float(d["hedge"]["weight"]),
            # reported speech
            reported=rx(rep["pattern"]), reported_weight=float(rep["weight"]), agree=rx(rep["agree"]),
            claim_after=rx(rep["claim_after"]), own_voice=rx(rep["own_voice"]), reason=rx(rep["reason"]),
            dismissed=rx(rep["dismissed"]),
            quote=rx(rep["quote"]), disagree=rx(rep["disagree"]), disagree_weight=float(rep["disagree_weight"]),
            # contrast
            concessive=rx(con["concessive"]), turn=rx(con["turn"]), join=rx(con["join"]),
            not_clause=rx(con["not_clause"]), correction=rx(con["correction"]), reframed=rx(con["reframed"]), contrary=rx(rep["contrary"]),
            before_weight=float(con["before_weight"]), after_weight=float(con["after_weight"]),
            # questions
            interrogative=rx(q["interrogative"]), mock=rx(q["mock"]), deny=rx(q["deny"]), affirm=rx(q["affirm"]),
            negated_tail=rx(q["negated_tail"]), now_tag=rx(q["now_tag"]),
            rhetorical_weight=float(q["rhetorical_weight"]),
            answer_yes=rx(q["answer_yes"]), answer_no=rx(q["answer_no"]), answer_weight=float(q["answer_weight"]),
            commitment=rx(d["commitment"]["pattern"]), commitment_weight=float(d["commitment"]["weight"]),
            # framing
            solution=rx(fr["solution"]), solution_weight=float(fr["solution_weight"]),
            heading_weight=float(fr["heading_weight"]), heading_max_chars=int(fr["heading_max_chars"]),
            marks=rx(fr["marks"]), tags_only=rx(fr["tags_only"]),
            recommend_question=rx(fr["recommend_question"]), recommend_weight=float(fr["recommend_weight"]),
            # tense and comparison
            past=rx(past["pattern"]), past_weight=float(past["weight"]), now=rx(past["now"]),
            continuity=rx(past["continuity"]), past_contrast_weight=float(past["contrast_weight"]),
            comparatives=tuple(rx(p) for p in cmp_["patterns"]), comparative_weight=float(cmp_["weight"]),
            than_after=rx(cmp_["than_after"]), standard_before=rx(cmp_["standard_before"]),
            inverted_standard_before=rx(cmp_["inverted_standard_before"]), standard_mark=rx(cmp_["standard_mark"]),
            inverted_before=rx(cmp_["inverted_before"]),
        )
    except (KeyError, re.error, ValueError, TypeError) as exc:
        raise ConfigError(f"data/cues.toml is invalid: {exc}") from exc


def _cue(entry: dict, rx: Callable[[str], re.Pattern[str]]) -> Cue:
    scope = entry.get("scope", "any")
    polarity = int(entry["polarity"])
    if scope not in ("any", "own", "subject") or polarity not in (-1, 0, 1):
        raise ValueError(f"cue {entry['pattern']!r}: scope must be any, own or subject; polarity -1, 0 or 1")
    pattern = rx(entry["pattern"])
    parts = tuple((p, _needed_chars(p, _char_rank())) for p in map(rx, _alternatives(entry["pattern"])))
    return Cue(pattern, polarity, float(entry.get("weight", 1.0)), scope, parts)


def _alternatives(source: str) -> list[str]:
    """The top-level "|" alternatives of a regex source (a leading "(?i)" goes to each)."""
    flags = ""
    if source.startswith("(?i)"):
        flags, source = "(?i)", source[4:]
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":
                i += 2 if source[i + 1] == "]" else 3  # "[]…]" and "[^]…]" hold a "]"
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return [flags + part for part in out if part]


def _needed_chars(pattern: re.Pattern[str], rank: dict[str, int]) -> frozenset[str] | None:
    """Characters of which every non-empty match of `pattern` holds at least one,
    or None when that cannot be bounded (a wildcard, a negated class, \\w). Of
    the parts a match cannot skip, the one with the rarest characters is chosen
    (`rank`: character frequency rank, rarer is higher), so that the gate rarely opens."""
    try:
        from re import _parser as parser  # the standard library's own regex parser
        from re._constants import (ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH, IN, LITERAL, MAX_REPEAT,
                                   MIN_REPEAT, POSSESSIVE_REPEAT, RANGE, SUBPATTERN)
    except ImportError:
        return None
    fold = bool(pattern.flags & re.IGNORECASE)
    skip = object()  # a part that may match nothing

    def chars(code: int) -> set[str]:
        ch = chr(code)
        return {ch, ch.lower(), ch.upper()} if fold else {ch}

    def rarity(found: set[str]) -> tuple[int, int]:
        # ASCII is common (letters less so than spaces and punctuation); a
        # character missing from the frequency list is rarer than all of them
        return min(rank.get(ch, (1 if ch.isalnum() else 0) if ch.isascii() else len(rank) + 1)
                   for ch in found), -len(found)

    def seq(items) -> set[str] | None | object:  # noqa: ANN001 - a parsed subpattern
        best = skip
        for op, av in items:
            found = item(op, av)
            if found is skip or found is None:
                continue
            if best is skip or rarity(found) > rarity(best):
                best = found
        if best is skip and any(item(op, av) is None for op, av in items):
            return None
        return best

    def item(op, av) -> set[str] | None | object:  # noqa: ANN001 - an opcode and its argument
        if op is LITERAL:
            return chars(av)
        if op is IN:
            out: set[str] = set()
            for kind, arg in av:
                if kind is LITERAL:
                    out |= chars(arg)
                elif kind is RANGE and arg[1] - arg[0] < 256:
                    for code in range(arg[0], arg[1] + 1):
                        out |= chars(code)
                else:
                    return None
            return out
        if op is BRANCH:
            out = set()
            for alt in av[1]:
                found = seq(alt)
                if found is skip:
                    return skip  # one way through matches nothing
                if found is None:
                    return None
                out |= found
            return out
        if op is SUBPATTERN:
            return seq(av[3])
        if op is ATOMIC_GROUP:
            return seq(av)
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            return skip if av[0] == 0 else seq(av[2])
        if op in (AT, ASSERT, ASSERT_NOT):
            return skip  # zero width
        return None

    try:
        found = seq(parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unusual pattern is searched everywhere
        return None
    return frozenset(found) if isinstance(found, set) and found else None


@lru_cache(maxsize=1)
def _char_rank() -> dict[str, int]:
    """Frequency rank of common Chinese characters (data/hanzi_frequency.txt, most frequent first)."""
    out: dict[str, int] = {}
    lines = [ln for ln in read_data("hanzi_frequency.txt").splitlines() if ln and not ln.startswith("#")]
    for i, line in enumerate(lines):
        for ch in line.split():
            out.setdefault(ch, len(lines) - i)
    # rarer is higher: a character missing from the list is rarer than all of them
    return {ch: len(lines) + 1 - r for ch, r in out.items()}


@dataclass(frozen=True)
class CueMatch:
    start: int
    end: int
    text: str
    polarity: int
    weight: float
    scope: str = "any"


def find_cues(sentence: str, cues: CueSet) -> list[CueMatch]:
    """All cue matches, longest first where they overlap."""
    found = []
    present = set(sentence)
    for cue in cues.cues:
        for pattern, needed in cue.parts:
            if needed is not None and needed.isdisjoint(present):
                continue
            for m in pattern.finditer(sentence):
                if m.end() > m.start():
                    found.append(CueMatch(m.start(), m.end(), m.group(0), cue.polarity, cue.weight, cue.scope))
    # where matches overlap the longer wins ("潜力已经被挖得差不多" over "的潜力")
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    kept: list[CueMatch] = []
    for c in found:
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def corrected(sentence: str, matches: Sequence[CueMatch], spans: Sequence[tuple[int, int]],
               cues: CueSet) -> set[CueMatch]:
    """Negated cues that the next clause corrects with another word of the same side:
    "不能说是红海,应该说是死海" is worse than a red ocean, not better."""
    out = set()
    for c in matches:
        k = next((j for j, (a, b) in enumerate(spans) if a <= c.start < b), len(spans) - 1)
        if k + 1 >= len(spans) or not cues.correction.match(sentence[spans[k + 1][0]:spans[k + 1][1]]):
            continue
        a, b = spans[k + 1]
        if any(a <= m.start < b and m.polarity == c.polarity and m.text != c.text for m in matches) \
                and negator(sentence, c, spans[k][0], cues, matches) >= 0:
            out.add(c)
    return out


def affirmed(sentence: str, c: CueMatch, cues: CueSet, qf: float) -> tuple[bool, float]:
    """Whether a rhetorical question affirms this cue ("这不是做烂了吗?"), and the question factor."""
    if not sentence.rstrip().endswith("?"):
        return False, qf
    affirm = cues.affirm.search(sentence)
    if affirm is not None and affirm.start() <= c.start <= affirm.end():
        return True, qf
    head = sentence[max(0, c.start - cues.near_window):c.start]
    if cues.near_negation.search(head) and cues.negated_tail.match(sentence[c.end:]):
        return True, cues.rhetorical_weight  # "端侧不卷吗?" asks "isn't it crowded?"
    return False, qf


def negator(sentence: str, c: CueMatch, clause_start: int, cues: CueSet,
             matches: Sequence[CueMatch] = ()) -> int:
    """Where the negation of a cue starts (-1: none): a negator right before the cue,
    earlier in its clause, or mockery right after it. Negators that another cue
    already holds ("far from done" is one cue) and an even number of them
    ("不是没有机会") do not negate."""
    near = cues.near_negation.search(sentence[max(0, c.start - cues.near_window):c.start])
    reach = sentence[max(clause_start, c.start - cues.clause_window_en):c.start]
    window = cues.clause_window_en if reach.isascii() else cues.clause_window
    lo = max(clause_start, c.start - window)
    before = sentence[lo:c.start]
    negators = [m for m in cues.clause_negation.finditer(before)
                if (not cues.condition.search(before, m.end())  # "没有背景进去就是打杂"
                    or cues.over_condition.fullmatch(m.group(0)))  # "别以为换个名字就是蓝海"
                and not any(o.start <= lo + m.start() < o.end for o in matches if o is not c)]
    # "not glamorous and not overcrowded": a negator before a coordinated predicate is that one's
    negators = [m for m, nxt in zip(negators, negators[1:] + [None])
                if nxt is None or not cues.coordination.search(before, m.end(), nxt.start())]
    found = sorted({lo + m.start() for m in negators} | ({c.start - len(near.group(0))} if near else set()))
    # one negation spoken twice ("没有那么") is one: count negators that do not overlap
    spots: list[int] = []
    for pos in found:
        if not spots or pos >= spots[-1] + 2:
            spots.append(pos)
    if cues.after_negation.match(sentence[c.end:]):  # "蓝海个锤子"
        return c.start
    if near and len(spots) <= 1:
        return c.start - len(near.group(0))
    if len(spots) % 2 == 1:
        return spots[-1]
    return -1
