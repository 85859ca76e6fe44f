"""Stance scope: which directions of a sentence a cue word speaks of (step 3 of stance.py).

A cue counts for the directions named in its own clause; failing that, for an
earlier clause of the sentence, then the previous sentence (anaphora), the
paragraph's topic, a later clause, and at last the one direction the question
asks about. Inside a clause, a noun phrase's modifier ("AI晶片的编译器"), an
application ("GNNs for recommendation"), an example ("连硕士都…"), an
exception ("除了CV,…") and the standard of a comparison ("比NLP还卷") are not
what the cue describes; a trailing "not X" clause takes it reversed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from .stance_cues import CueMatch, CueSet

# Anaphora ("它们的上限…") reaches back one sentence, at this weight.
CARRY_WEIGHT = 0.6
# Weight of a negated cue: "不卷" says less than "蓝海".
NEGATED_WEIGHT = 0.7
# A cue with no direction anywhere near it, in an answer whose question names
# exactly one direction, is about that direction ("I disagree that it's saturated").
QUESTION_WEIGHT = CARRY_WEIGHT * 0.8

_CLAUSE_SPLIT = re.compile(r"[,:—]|——|\s-\s")
_PARENS = re.compile(r"\([^()]*\)")
# what may stand beside a direction's name in a clause that is only a list item or a topic
_LIST_FILLER = re.compile(r"(?i)\b(and|or|the|a|an|also|as well as)\b"
                          r"|和|或者?|及|以及|还有|这块|这一块|这个方向|这方面|方面|领域|这边|[\s\W_]")
_CJK = re.compile(r"[\u3400-\u9fff]")


class Hit(Protocol):
    direction: str
    start: int
    end: int


class Finder(Protocol):
    def find(self, text: str) -> Sequence[Hit]: ...


Subjects = Callable[[str], "str | None"]  # clause text up to a cue -> open-vocabulary subject
OPEN_PREFIX = "new:"  # ids of directions named by no lexicon entry


@dataclass(frozen=True)
class Context:
    """What surrounds a sentence: its neighbours and the directions in play."""

    previous: str = ""
    following: str = ""
    previous_dirs: tuple[str, ...] = ()
    topic_dirs: tuple[str, ...] = ()
    question_dirs: tuple[str, ...] = ()
    index: int = 0
    previous_weight: float = 0.0  # the strongest signed cue weight of the previous sentence


def clauses(sentence: str, cues: CueSet) -> list[tuple[int, int]]:
    """Clause spans: split at commas/colons/dashes and before a turn word.

    A parenthesis belongs to the clause around it ("the mainstream of CV
    (detection, segmentation) is saturated"), 、 joins list items rather than
    clauses, and a clause that elaborates ("尤其是…", "especially…") stays
    with the one before it.
    """
    masked = _PARENS.sub(lambda m: "(" + "_" * (len(m.group(0)) - 2) + ")", sentence)
    cuts = {0, len(sentence)}
    for m in _CLAUSE_SPLIT.finditer(masked):
        if not cues.join.match(masked[m.end():]):  # a slice: "^" in the pattern means the clause start
            cuts.add(m.end())
    for m in cues.turn.finditer(masked):
        cuts.add(m.start())
    edges = sorted(cuts)
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def join_list_items(spans: list[tuple[int, int]], sentence: str, hits: Sequence[Hit],
                     matches: Sequence[CueMatch], cues: CueSet) -> list[tuple[int, int]]:
    """A clause that is only a direction's name ("A, B, and C are wide open";
    "图文理解这块, …") is a list item or a topic: it joins the clause after it."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for k, (a, b) in enumerate(spans):
        if carry is not None:
            a, carry = carry, None
        inner = [h for h in hits if a <= h.start < b]
        rest = sentence[a:b]
        for h in sorted(inner, key=lambda h: -h.start):
            rest = rest[:h.start - a] + rest[h.end - a:]
        bare = (inner and not any(a <= c.start < b for c in matches)
                and len(_LIST_FILLER.sub("", rest)) <= 2 and k + 1 < len(spans)
                and not cues.turn.match(sentence, spans[k + 1][0]))
        if bare:
            carry = a
            continue
        out.append((a, b))
    return out


def clause_of(pos: int, spans: Sequence[tuple[int, int]]) -> int:
    """The index of the clause holding position `pos`."""
    for k, (a, b) in enumerate(spans):
        if a <= pos < b:
            return k
    return len(spans) - 1


def heads_of(sentence: str, hits: Sequence[Hit], cues: CueSet) -> list[Hit]:
    """Hits that head their noun phrase: "AI晶片的编译器" is about compilers,
    "GNNs for recommendation" about GNNs, "连硕士都…" uses 硕士 as an example;
    the others take no cue."""
    ordered = sorted(hits, key=lambda h: h.start)
    dropped = {i for i, h in enumerate(ordered)
               if cues.even_before.search(sentence[:h.start]) and cues.even_after.match(sentence[h.end:])
               or is_excepted(sentence, h, cues)}
    for i, (h, nxt) in enumerate(zip(ordered, ordered[1:])):
        gap = sentence[h.end:nxt.start]
        if cues.modifier_gap.match(gap):
            dropped.add(i)
        elif cues.application_gap.match(gap):
            dropped.add(i + 1)
    return [h for i, h in enumerate(ordered) if i not in dropped]


def is_excepted(sentence: str, h: Hit, cues: CueSet) -> bool:
    """"除了CV, …" / "apart from LLMs, …": the direction is set apart from the cue."""
    return bool(cues.exclusion.search(sentence[max(0, h.start - 12):h.start]))


def comparison_standard(sentence: str, c: CueMatch, clause: tuple[int, int],
                        cues: CueSet) -> tuple[tuple[int, int] | None, bool]:
    """The span naming the standard of a comparison the cue makes, and whether
    the cue fits the standard rather than the subject ("less crowded than B")."""
    a, _ = clause
    m = cues.than_after.match(sentence[c.end:])
    if m:
        inverted = bool(cues.inverted_before.search(sentence[a:c.start]))
        return (c.end + m.start("std"), c.end + m.end("std")), inverted
    for rx, inverted in ((cues.inverted_standard_before, True), (cues.standard_before, False)):
        m = rx.search(sentence[a:c.start])
        if m:
            return (a + m.start("std"), a + m.end("std")), inverted
    return None, False


def targets(sentence: str, c: CueMatch, spans: Sequence[tuple[int, int]], heads: Sequence[Hit],
            cues: CueSet, ctx: Context, subjects: Subjects | None,
            hits: Sequence[Hit] = ()) -> list[tuple[str, float, bool]]:
    """Which directions a cue speaks of (step 3).

    Each target is (direction, factor on the cue's weight, whether it takes the
    cue without the clause's negation — the standard of "没有B那么卷").
    """
    k = clause_of(c.start, spans)
    clause_start = spans[k][0]
    # the excepted ("除了CV,其他方向都卷") take the cue reversed, unless it adds
    # to them ("除了CV,NLP也卷": CV is crowded too)
    sign = 1.0 if cues.inclusive.search(sentence[clause_start:c.start]) else -NEGATED_WEIGHT
    excepted = [(h.direction, sign, False) for h in hits
                if is_excepted(sentence, h, cues) and clause_of(h.start, spans) in (k - 1, k) and h.start < c.start]
    std, inverted = comparison_standard(sentence, c, spans[k], cues)
    # a direction inside the cue's own words is its agent or object, not what it
    # describes ("被大模型干掉", "缺懂ML的人", "replaced by LLMs")
    heads = [h for h in heads if not c.start <= h.start < c.end]
    in_std = [h for h in heads if std and std[0] <= h.start < std[1]]
    by_clause: dict[int, list[str]] = {}
    for h in heads:
        if h not in in_std:
            by_clause.setdefault(clause_of(h.start, spans), []).append(h.direction)
    out = ([(h.direction, 1.0, True) for h in in_std] if inverted else []) + excepted
    # scope: own clause, then an earlier clause, then the previous sentence
    # (anaphora: "这条路…卷了"), then the paragraph's topic, then a later clause,
    # then the one direction the question asks about
    for j in (k - 1, k + 1):
        # "Robotics is where the opportunities are, not CV": the "not" clause
        # takes the cue reversed
        if 0 <= j < len(spans) and by_clause.get(j) and cues.not_clause.match(sentence[spans[j][0]:spans[j][1]]):
            out += [(d, -NEGATED_WEIGHT, False) for d in by_clause.pop(j)]
    own = by_clause.get(k, [])
    if own or (excepted and sign < 0):  # with an exception named, the cue is about "the others"
        return out + [(d, 1.0, False) for d in dict.fromkeys(own)]
    # a lexicon direction set aside in the clause ("连硕士都…") holds the subject
    # position: no open-vocabulary subject is looked for there
    held = any(clause_start <= h.start < c.start for h in hits)
    if subjects is not None and not held:
        # a direction no lexicon lists, as the subject of the cue's clause
        upto = std[0] if std and std[0] < c.start else c.start
        subject = subjects(sentence[clause_start:upto])
        if subject:
            # ("量化这两年确实卷"): it is what the cue is about; only an earlier
            # clause of the same sentence may share the cue, not a neighbour
            earlier = [j for j in by_clause if j < k]
            shared = by_clause[max(earlier)] if earlier else []
            return out + [(OPEN_PREFIX + subject, 1.0, False)] + [(d, 1.0, False) for d in dict.fromkeys(shared)]
        rest = sentence[c.end:spans[k][1]].strip(" ,.;:!?。了吧啊")
        # Chinese only: an English cue word is often an adjective before its noun ("untapped problems")
        obj = subjects(rest) if rest and len(rest) <= cues.object_max_chars and _CJK.search(rest) else None
        if obj and obj == rest:  # the rest of the clause is just the object ("我看好量化")
            return out + [(OPEN_PREFIX + obj, 1.0, False)]
        if k > 0 and not any(j < k for j in by_clause):
            # "if you pick a niche like tactile sensing, there's still plenty of room"
            subject = subjects(sentence[spans[k - 1][0]:spans[k - 1][1]])
            if subject and cues.turn.match(sentence, clause_start):
                # "复合型工程师倒是非常缺人": only the turn word split subject from cue
                return out + [(OPEN_PREFIX + subject, 1.0, False)]
            if subject:
                out.append((OPEN_PREFIX + subject, 1.0, False))
    chosen, factor = _fallback(k, by_clause, ctx)
    return out + [(d, factor, False) for d in dict.fromkeys(chosen)]


def _fallback(k: int, by_clause: dict[int, list[str]], ctx: Context) -> tuple[Sequence[str], float]:
    """Directions for a cue whose clause names none, and the weight they get."""
    earlier = [j for j in by_clause if j < k]
    later = [j for j in by_clause if j > k]
    if earlier:
        return by_clause[max(earlier)], 1.0
    if ctx.previous_dirs:
        return ctx.previous_dirs, CARRY_WEIGHT
    if ctx.topic_dirs:
        return ctx.topic_dirs, CARRY_WEIGHT * 0.8
    if later:
        return by_clause[min(later)], 1.0
    if ctx.question_dirs:
        return ctx.question_dirs, QUESTION_WEIGHT
    return (), 1.0


def elliptic(sentence: str, spans: Sequence[tuple[int, int]], heads: Sequence[Hit],
             matches: Sequence[CueMatch], cues: CueSet) -> list[tuple[int, list[str], float]]:
    """Clauses that name directions and no cue but echo the cue before them:
    (clause index, directions, +ellipsis weight for "so is X" / "X也是",
    -ellipsis weight for "X, less so" / "X则不然")."""
    out = []
    for j, (a, b) in enumerate(spans):
        dirs = [h.direction for h in heads if a <= h.start < b]
        if not dirs or any(a <= c.start < b for c in matches):
            continue
        text = sentence[a:b]
        if cues.ellipsis_reversed.search(text):
            out.append((j, dirs, -cues.ellipsis_weight))
        elif cues.ellipsis_same.search(text):
            out.append((j, dirs, cues.ellipsis_weight))
    return out
