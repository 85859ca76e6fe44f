"""Stance scope: which directions of a sentence a cue word speaks of (step 3 of stance.py).

A cue counts for the directions named in its own clause; failing that, for an
earlier clause of the sentence (or the subject an earlier cue took), then the
previous sentence (anaphora; "这个方向" also past a paragraph break), the
paragraph's topic, a later clause, and at last the one direction the question
asks about. A clause ending in a colon announces the next one. Inside a
clause, a noun phrase's modifier ("AI晶片的编译器"), an application ("GNNs for
recommendation"), an example ("连硕士都…"), an exception ("除了CV,…"), a time
frame ("在大模型出来之后"), an audience ("对博士生来说", "for a new PhD", "…的人"
after the cue), an aside ("— which is where …") and the standard of a
comparison ("比NLP还卷") are not what the cue describes; a pronoun right before
the cue points back, not forward ("It's underrated because … ML work"); a
cleft ("卷的是切图", "the crowded part is X") speaks only of what follows it;
a trailing "not X" clause takes the cue reversed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from .script import HAN as _CJK
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


class Hit(Protocol):
    direction: str
    start: int
    end: int


class Finder(Protocol):
    def find(self, text: str) -> Sequence[Hit]: ...


Subjects = Callable[[str], "str | None"]  # clause text up to a cue -> open-vocabulary subject
OPEN_PREFIX = "new:"  # ids of directions named by no lexicon entry
HELD = "\x00held"  # a target that takes no evidence: the clause's topic is something no direction names


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
    last_dirs: tuple[str, ...] = ()  # the directions named last, past paragraph breaks


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
                and not cues.turn.match(sentence, spans[k + 1][0])
                and not cues.parenthetical.match(sentence[spans[k + 1][0]:]))  # "X — which …, — is …"
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
               or is_excepted(sentence, h, cues) or in_frame(sentence, h, cues)}
    for i, (h, nxt) in enumerate(zip(ordered, ordered[1:])):
        gap = sentence[h.end:nxt.start]
        if cues.modifier_gap.match(gap):
            dropped.add(i)
        elif cues.application_gap.match(gap):
            dropped.add(i if cues.umbrella_method.fullmatch(sentence[h.start:h.end]) else i + 1)
    return [h for i, h in enumerate(ordered) if i not in dropped]


def in_frame(sentence: str, h: Hit, cues: CueSet) -> bool:
    """A time frame ("在大模型出来之后", "since LLMs") or an audience ("对博士生来说")
    holds the direction: it dates or addresses the claim, the claim is not about it."""
    before, after = sentence[max(0, h.start - 12):h.start], sentence[h.end:h.end + 12]
    if cues.temporal_before.search(before) or cues.temporal_after.match(after):
        return True
    return bool(cues.audience_before.search(before) and cues.audience_after.match(after))


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
            hits: Sequence[Hit] = (), said: dict[int, list[str]] | None = None) -> list[tuple[str, float, bool]]:
    """Which directions a cue speaks of (step 3).

    Each target is (direction, factor on the cue's weight, whether it takes the
    cue without the clause's negation — the standard of "没有B那么卷").
    `said` holds, per clause, the directions earlier cues of the sentence spoke
    of (open-vocabulary subjects included): a later clause without a subject
    goes on about them ("复合型工程师现在是真缺人,我们组招了半年都没招满").
    """
    k = clause_of(c.start, spans)
    clause_start = spans[k][0]
    if c.scope == "own":  # a list mark speaks of its own line only
        return [(h.direction, 1.0, False) for h in heads if not c.start <= h.start < c.end]
    anaphor = bool(cues.anaphor.search(sentence, clause_start, spans[k][1]))
    if c.scope == "subject":
        # "(这个方向)适合能读博的人,不适合想拿大厂offer的人": the subject is named
        # before the cue in its clause, or it is the topic carried from before
        own = [h.direction for h in heads if clause_start <= h.start < c.start]
        if own:
            return [(d, 1.0, False) for d in dict.fromkeys(own)]
        chosen, factor = _fallback(k, {}, ctx, anaphor=anaphor)
        return [(d, factor, False) for d in dict.fromkeys(chosen)]
    cleft = cues.cleft.match(sentence[c.end:])
    if cleft:
        # "卷的是切图,不是前端": the cue is about what follows 的是, and a
        # trailing "not X" clause takes it reversed; nothing else takes it
        told = [(h.direction, 1.0, False) for h in heads if c.end <= h.start < spans[k][1]]
        nots = [(h.direction, -NEGATED_WEIGHT, False) for h in heads
                if k + 1 < len(spans) and spans[k + 1][0] <= h.start < spans[k + 1][1]
                and cues.not_clause.match(sentence[spans[k + 1][0]:spans[k + 1][1]])]
        # what follows 的是 is the topic now, named by the lexicon or not: later
        # clauses ("…,那个确实是红海") do not go back past it
        return (told or [(HELD, 0.0, False)]) + nots
    # the excepted ("除了CV,其他方向都卷") take the cue reversed, unless it adds
    # to them ("除了CV,NLP也卷": CV is crowded too)
    sign = 1.0 if cues.inclusive.search(sentence[clause_start:c.start]) else -NEGATED_WEIGHT
    excepted = [(h.direction, sign, False) for h in hits
                if is_excepted(sentence, h, cues) and clause_of(h.start, spans) in (k - 1, k) and h.start < c.start]
    std, inverted = comparison_standard(sentence, c, spans[k], cues)
    # a direction inside the cue's own words is its agent or object, not what it
    # describes ("被大模型干掉", "缺懂ML的人", "replaced by LLMs")
    inside = {h.direction for h in heads if c.start <= h.start < c.end}
    heads = [h for h in heads if not c.start <= h.start < c.end]
    # after the cue, an audience or a source ("saturated for a new PhD", "demand from industry")
    # and the people it is for ("不适合想拿大厂offer的人")
    heads = [h for h in heads if not (h.start >= c.end and (cues.aside_after.match(sentence[c.end:h.start])
                                                          or cues.person_after.match(sentence[h.end:])))]
    # a background ("电气和化学背景的都要") describes applicants, before the cue or after it
    heads = [h for h in heads if not cues.background_after.match(sentence[h.end:])]
    if cues.pronoun_subject.search(sentence[clause_start:c.start]) and not any(
            clause_start <= h.start < c.start for h in heads):
        # "It's underrated because it sounds like … ML work": the pronoun's antecedent
        heads = [h for h in heads if clause_of(h.start, spans) != k]
    in_std = [h for h in heads if std and std[0] <= h.start < std[1]]
    # the standard of a comparison in another clause ("智能驾驶比新能源还卷,别以为…就是蓝海")
    # is not what this cue falls back to
    heads = [h for h in heads if h in in_std or clause_of(h.start, spans) == k
             or not cues.standard_mark.search(sentence, spans[clause_of(h.start, spans)][0], h.start)]
    by_clause: dict[int, list[str]] = {}
    for h in heads:
        j = clause_of(h.start, spans)
        # an aside ("— which is where …") lends no direction to a cue outside it, nor
        # does a "not X" clause beyond the cue's neighbours (it reverses its own neighbour)
        aside = cues.parenthetical.match(sentence[spans[j][0]:]) or (
            abs(j - k) > 1 and cues.not_clause.match(sentence[spans[j][0]:spans[j][1]]))
        if h not in in_std and (j == k or not aside):
            by_clause.setdefault(j, []).append(h.direction)
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
    held = any(clause_start <= h.start < c.start for h in hits) or bool(
        cues.pronoun_subject.search(sentence[clause_start:c.start]))
    if not held and cues.people_subject.search(sentence[clause_start:c.start]):
        return out  # "干湿结合的人现在很吃香": the cue is about those people
    if subjects is not None and not held:
        # a direction no lexicon lists, as the subject of the cue's clause; a
        # subject that is itself a cue word ("前景", "a mixed bag") is none
        subjects = _no_cue_words(subjects, cues)
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
        if k > 0 and not any(j < k for j in by_clause) and not (said or {}).get(k - 1):
            # "if you pick a niche like tactile sensing, there's still plenty of room"
            subject = subjects(sentence[spans[k - 1][0]:spans[k - 1][1]])
            if subject and cues.turn.match(sentence, clause_start):
                # "复合型工程师倒是非常缺人": only the turn word split subject from cue
                return out + [(OPEN_PREFIX + subject, 1.0, False)]
            if subject:
                out.append((OPEN_PREFIX + subject, 1.0, False))
    # a clause that ends in a colon announces what follows ("What I think is
    # underexplored: compilers for …")
    announces = sentence[:spans[k][1]].rstrip().endswith(":")
    spoken = {j: d for j, d in (said or {}).items() if d and j < k and j not in by_clause} | by_clause
    chosen, factor = _fallback(k, spoken, ctx, announces, anaphor)
    # the standard of a comparison ("…比做Agent的有前景") is not what the cue
    # describes, even when the subject it is set against goes unnamed and an
    # earlier clause or sentence names the same direction
    # nor is a direction inside the cue's own words ("竞争远没到单细胞那个地步")
    compared = ({h.direction for h in in_std} if std and not inverted else set()) | inside
    return out + [(d, factor, False) for d in dict.fromkeys(chosen) if d not in compared]


def _no_cue_words(subjects: Subjects, cues: CueSet) -> Subjects:
    """`subjects`, refusing a phrase that holds a cue word."""
    def pick(text: str) -> str | None:
        found = subjects(text)
        return None if found and any(c.pattern.search(found) for c in cues.cues) else found
    return pick


def _fallback(k: int, by_clause: dict[int, list[str]], ctx: Context,
              announces: bool = False, anaphor: bool = False) -> tuple[Sequence[str], float]:
    """Directions for a cue whose clause names none, and the weight they get."""
    earlier = [j for j in by_clause if j < k]
    later = [j for j in by_clause if j > k]
    if announces and k + 1 in by_clause:
        return by_clause[k + 1], 1.0
    if earlier:
        return [d for d in by_clause[max(earlier)] if d != HELD], 1.0
    if ctx.previous_dirs:
        return ctx.previous_dirs, CARRY_WEIGHT
    if ctx.topic_dirs:
        return ctx.topic_dirs, CARRY_WEIGHT * 0.8
    if anaphor and ctx.last_dirs:  # "这个方向…", with the direction named a paragraph before
        return ctx.last_dirs, CARRY_WEIGHT * 0.8
    if later:
        return by_clause[min(later)], 1.0
    if ctx.question_dirs:
        return ctx.question_dirs, QUESTION_WEIGHT
    return (), 1.0


def elliptic(sentence: str, spans: Sequence[tuple[int, int]], heads: Sequence[Hit],
             matches: Sequence[CueMatch], cues: CueSet) -> list[tuple[int, list[str], float, str]]:
    """Clauses that name directions and no cue but echo the cue before them:
    (clause index, directions, ±ellipsis weight, kind) — "same" for "so is X" /
    "X也是", "reversed" for "X, less so" / "X则不然" / "X就不是", "copula" for
    "…, X is." (the cue again, without the negation it had)."""
    out = []
    for j, (a, b) in enumerate(spans):
        inner = [h for h in heads if a <= h.start < b]
        if not inner or any(a <= c.start < b for c in matches):
            continue
        dirs = [h.direction for h in inner]
        text = sentence[a:b]
        bare = text
        for h in sorted(inner, key=lambda h: -h.start):
            bare = bare[:h.start - a] + bare[h.end - a:]
        if cues.ellipsis_reversed.search(text):
            out.append((j, dirs, -cues.ellipsis_weight, "reversed"))
        elif cues.ellipsis_same.search(text):
            out.append((j, dirs, cues.ellipsis_weight, "same"))
        elif j > 0 and cues.ellipsis_copula.match(bare):
            out.append((j, dirs, cues.ellipsis_weight, "copula"))
    return out
