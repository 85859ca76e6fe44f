"""Stance: what each author calls each direction they mention — crowded, promising, neutral or mixed.

Per answer, sentence by sentence (Chinese punctuation, and English full stops
between sentences, end one; hard-wrapped English lines and lines ending on a
comma are joined first, BBS-quoted lines of the parent post are skipped, and
a reply's addressee — "回复 X:", "@X" — is masked):

1. find the directions a sentence names (the lexicon) and the cue words it
   uses (`data/cues.toml`, loaded by stance_cues.py), longest cue first,
   without overlaps;
2. give every cue a signed weight and adjust it for the language around it:
   negation flips it (不卷, 并不是蓝海, 蓝海个锤子, 唔系饱和), two negations
   cancel (不是没有机会), a partial one makes it mixed (不是全都卷), a denied
   reason says nothing (不是因为岗位少), a negated word corrected by a
   stronger one stays (不能说是红海,应该说是死海); reported speech shrinks it
   (大家都说CV卷, …的说法) and the author's disagreement with a report reverses
   it (…,我不这么看; 说X不卷的,估计…; 我觉得卷的是八股), a concession shrinks
   the clause before the turn and strengthens the one after it (虽然…但是…),
   a question that asks states nothing unless the next sentence answers it
   (…吗? 是的 / 卷,但… / 梗系有), a declarative echoed with "?" mocks the claim
   and flips it (NLP是一片蓝海?), "isn't it…?" affirms it, a past state counts
   little and reversed when "now…" follows (曾经是蓝海, 现在呢?), and the past
   holds over later clauses until a "now"; a hedge halves it (看起来很卷),
   first-person commitment strengthens it (我认为, 个人看好); a mixed cue
   (好坏参半, a mixed bag) counts on both sides;
3. scope (stance_scope.py): a cue counts for the directions named in its own
   clause; failing that, for an earlier clause, the previous sentence
   ("它们的上限肉眼可见") at reduced weight, the paragraph's topic, a later
   clause, or the one direction the question asks about; modifiers, examples,
   exceptions, time frames, audiences and the standard of a comparison are
   set aside; a cleft ("卷的是切图") speaks only of what follows it, and a
   clause that echoes a cue ("so is X", "X就不是", "…, X is.") takes it again;
4. framing: a heading or a list mark that carries a cue ("1. 不适合的研究方向",
   "❌ 产品经理") lends its polarity to directions listed under it, a label line
   puts its directions in play for the lines below, and a direction offered as
   the answer to a problem ("数据不够怎么办——小样本学习") counts as promising;
5. per direction, the weights are summed on each side: both sides strong →
   mixed, one side → crowded or promising, none → neutral. An optional
   embedding classifier adds a small signal where cues are silent.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .records import Answer, Mention, Stance, StanceLabel
from .stance_cues import (Cue, CueMatch, CueSet, affirmed, corrected, cues_fingerprint, find_cues, load_cues,
                          negator)
from .stance_scope import (CARRY_WEIGHT, HELD, NEGATED_WEIGHT, OPEN_PREFIX, QUESTION_WEIGHT, Context, Finder, Hit,
                           Subjects, clause_of, clauses, comparison_standard, elliptic, heads_of, join_list_items,
                           targets)

__all__ = ["CARRY_WEIGHT", "NEGATED_WEIGHT", "OPEN_PREFIX", "QUESTION_WEIGHT", "Cue", "CueMatch", "CueSet",
           "Evidence", "Finder", "Hit", "collect", "cues_fingerprint", "decide", "find_cues", "load_cues",
           "sentence_evidence", "split_sentences", "stance_for"]

STAGE_VERSION = 10
# Both sides present and the weaker at least this share of the stronger: mixed.
MIXED_RATIO = 0.5
# Below this total weight a direction's evidence is noise: neutral.
MIN_EVIDENCE = 0.2
# Unconcessive contrast ("A, 但 B"): the clause before the turn.
PLAIN_TURN_BEFORE = 0.6
# The embedding classifier speaks only where cues are silent and it is sure.
CLASSIFIER_MIN_MARGIN = 0.35
CLASSIFIER_WEIGHT = 0.5

_SENTENCE = re.compile(r"[^。!?;\n]*(?:[。!?;]+|\n|$)")
# an English full stop ends a sentence where a capital, digit, quote or Chinese follows
_FULL_STOP = re.compile(r"(?<=[A-Za-z0-9%)\]\"'”’])\.\s+(?=[\"“'‘(\[]?[A-Z0-9\u4e00-\u9fff])")
_ABBREVIATIONS = {"e.g", "i.e", "eg", "ie", "vs", "etc", "dr", "mr", "mrs", "ms", "prof", "al", "fig", "no",
                  "st", "jr", "sr", "u.s", "approx", "cf", "inc", "ltd", "co"}
_CLOSED = re.compile(r"[.!?;:。!?;…\"”』」)\]】]\s*$")
_HEADING = re.compile(r"^\s*(\d{1,2}[.、)]|[一二三四五六七八九十]+[、.]|#+\s|[(（]?\d{1,2}[)）])")


def split_sentences(text: str) -> list[str]:
    """Sentences with their closing punctuation (a trailing "?" matters).

    Chinese and "!?;" end a sentence anywhere; an English full stop only before
    a new sentence's first character, and not after an abbreviation, an
    initial ("Priya N.") or a list number ("1. CV").
    """
    out: list[str] = []
    for piece in _SENTENCE.findall(text):
        piece = piece.strip()
        start = 0
        for m in _FULL_STOP.finditer(piece):
            head = piece[start:m.start()]
            last = re.search(r"[\w.]*$", head).group(0).lower()
            if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last) or head.strip().isdigit():
                continue
            out.append(piece[start:m.start() + 1].strip())
            start = m.end()
        if piece[start:].strip():
            out.append(piece[start:].strip())
    return [s for s in out if s]


@dataclass(frozen=True)
class Evidence:
    direction: str
    weight: float  # signed: negative = crowded
    cue: str
    sentence: int


def _question_factor(sentence: str, previous: str, cues: CueSet) -> float:
    """1 for statements; 0 for genuine questions; negative for mocking echoes."""
    if not sentence.rstrip().endswith("?") or cues.now_tag.search(sentence):
        return 1.0  # "曾经是蓝海,现在呢?" states the past and marks the change
    if cues.deny.search(sentence):
        return cues.rhetorical_weight  # "还有什么机会?" says there is none
    if cues.affirm.search(sentence):
        return cues.rhetorical_weight  # "这不是做烂了吗?" affirms
    mocked = cues.mock.search(sentence) or cues.mock.search(previous)
    if mocked:
        return -cues.rhetorical_weight
    if cues.interrogative.search(sentence):
        return 0.0
    # a declarative echoed with "?" ("NLP是一片蓝海?"): disbelief
    return -cues.rhetorical_weight


def _answer_sign(following: str, cues: CueSet, asked: Sequence[CueMatch] = ()) -> int:
    """+1 when the next sentence opens with "yes" or with the cue asked about
    ("前端卷吗? 卷,但…"), -1 with "no", else 0."""
    if cues.answer_no.match(following):
        return -1
    for c in asked:
        if following.lstrip().startswith(c.text):
            # "前端卷吗? 卷,但…" says yes; "MLE卷吗? 卷的是只会调包的new grad" says: not MLE as such
            rest = following.lstrip()[len(c.text):]
            return -1 if cues.cleft.match(rest) else 1
    return 1 if cues.answer_yes.match(following) else 0


def _opening(text: str) -> str:
    """The first clause of a sentence."""
    return re.split(r"[,:—]", text, maxsplit=1)[0]


def sentence_evidence(sentence: str, hits: Sequence[Hit], cues: CueSet, *, previous: str = "",
                      previous_dirs: Sequence[str] = (), topic_dirs: Sequence[str] = (),
                      index: int = 0, subjects: Subjects | None = None, following: str = "",
                      question_dirs: Sequence[str] = (), previous_weight: float = 0.0,
                      last_dirs: Sequence[str] = ()) -> list[Evidence]:
    """Signed evidence for the directions of one sentence (steps 2 and 3)."""
    ctx = Context(previous, following, tuple(previous_dirs), tuple(topic_dirs), tuple(question_dirs), index,
                  previous_weight, tuple(last_dirs))
    matches = find_cues(sentence, cues)
    if previous.rstrip().endswith("?") and _question_factor(previous, "", cues) < 0:
        # the sentence after a mocked claim quotes its words ("NLP是蓝海? 你对蓝海有误解")
        mocked = {c.text for c in find_cues(previous, cues)}
        matches = [c for c in matches if c.text not in mocked]
    # a cue inside a direction's own name ("推荐系统") is not a cue, nor one that
    # describes some other noun ("有潜力的超参数组合")
    # ("Beyond the hype, …" sets the cue itself apart)
    matches = [c for c in matches if not any(h.start <= c.start < h.end for h in hits)
               and not cues.exclusion.search(sentence[max(0, c.start - 12):c.start])
               and not (cues.attributive.match(sentence[c.end:])
                        and not any(h.start - c.end in (1, 2) for h in hits))]  # "…的<direction>" is kept
    if not matches:
        # "Recsys is crowded; RL, less so." — the sentence echoes the one before
        spans = join_list_items(clauses(sentence, cues), sentence, hits, [], cues)
        echoes = elliptic(sentence, spans, heads_of(sentence, hits, cues), [], cues)
        return [Evidence(d, sign * ctx.previous_weight, "(ellipsis)", index)
                for _, dirs, sign, kind in echoes for d in dirs if kind != "copula"] if ctx.previous_weight else []
    spans = join_list_items(clauses(sentence, cues), sentence, hits, matches, cues)
    heads = heads_of(sentence, hits, cues)
    qf = _question_factor(sentence, previous, cues)
    if qf == 0.0:
        # a genuine question says nothing, unless the next sentence answers it
        qf = _answer_sign(following, cues, matches) * cues.answer_weight
    out: list[Evidence] = []
    # (cue position, weight, the claim as worded: negation kept, reporting not; the bare cue)
    weights: list[tuple[int, float, float, float]] = []
    overruled = corrected(sentence, matches, spans, cues)
    said: dict[int, list[str]] = {}  # clause -> directions its cues spoke of
    for c in matches:
        w, negated, mixed = _cue_weight(sentence, c, spans, cues, ctx, qf, matches)
        if c in overruled:
            w = 0.0  # "不能说是红海,应该说是死海": the stronger word speaks
        raw = c.polarity * c.weight
        weights.append((c.start, w, raw * (-NEGATED_WEIGHT if negated else 1.0), raw))
        if w == 0.0:
            continue
        told = targets(sentence, c, spans, heads, cues, ctx, subjects, hits, said)
        said.setdefault(clause_of(c.start, spans), []).extend(d for d, f, _ in told if f == 1.0 or d == HELD)
        for d, factor, unnegated in told:
            if d == HELD:
                continue
            weight = w * factor
            if mixed:  # 好坏参半, "不是全都卷": both sides at once
                out += [Evidence(d, abs(weight), c.text, index), Evidence(d, -abs(weight), c.text, index)]
                continue
            if unnegated and negated:
                weight = weight / -NEGATED_WEIGHT  # the standard of "没有B那么卷" is the crowded one
            out.append(Evidence(d, weight, c.text, index))
    for j, dirs, sign, kind in elliptic(sentence, spans, heads, matches, cues):
        # "CV is saturated, and so is NLP": the nearest cue before the clause
        before = [(w, claim, raw) for pos, w, claim, raw in weights if pos < spans[j][0]]
        if not before or not before[-1][0]:
            continue
        w, claim, raw = before[-1]
        if kind == "reversed":
            w = -claim  # "大家都说材料是天坑,但半导体材料就不是": the reverse of the claim, reported or not
        elif kind == "copula":
            # "Data engineering isn't saturated, data science is": the cue again, in
            # full, without its negation
            out += [Evidence(d, raw, "(ellipsis)", index) for d in dirs]
            continue
        out += [Evidence(d, abs(sign) * w, "(ellipsis)", index) for d in dirs]
    # one cue word counts once per direction, sentence and side
    unique: dict[tuple[str, str, bool], Evidence] = {}
    for e in out:
        key = (e.direction, e.cue.lower(), e.weight > 0)
        if key not in unique or abs(e.weight) > abs(unique[key].weight):
            unique[key] = e
    return list(unique.values())


def _cue_weight(sentence: str, c: CueMatch, spans: Sequence[tuple[int, int]], cues: CueSet,
                ctx: Context, qf: float, matches: Sequence[CueMatch] = ()) -> tuple[float, bool, bool]:
    """The cue's signed weight in its sentence (step 2), whether it was negated,
    and whether it says both sides (好坏参半, "不是全都卷"): then the weight is a size."""
    k = clause_of(c.start, spans)
    echo = max((clause_of(m.start, spans) for m in matches), default=k)
    last = spans[-1]
    if echo < len(spans) - 1 and len(sentence[last[0]:last[1]].strip(" ,?")) > 2:
        # "早就饱和了,还在推?": the question is the last clause; the cue's clause is a statement
        echo = len(spans)
    if qf < 0 and k < echo and not cues.mock.search(sentence, 0, spans[k][1]):
        # a mocking echo is the last clause with a cue ("…,裁员一轮又一轮,还算是风口吗?");
        # the clauses before it state facts, unless the mockery opens on them ("谁说CV卷,…?")
        qf = 1.0
    in_affirm, qf = affirmed(sentence, c, cues, qf)
    if qf == 0.0:
        return 0.0, False, False
    if cues.reason.search(sentence, spans[k][0], c.start):
        return 0.0, False, False  # "不是因为岗位少,而是…": a denied reason, no verdict
    mixed = c.polarity == 0 or bool(cues.partial_negation.search(sentence, spans[k][0], c.start))
    w = c.weight * (c.polarity or 1)
    neg_at = -1 if in_affirm or mixed else negator(sentence, c, spans[k][0], cues, matches)
    negated = neg_at >= 0
    if negated and c.polarity < 0 and cues.reframed.match(sentence[spans[k][1]:].lstrip(",，;:")) and not any(
            m.polarity > 0 for m in find_cues(sentence[spans[k][1]:spans[min(k + 1, len(spans) - 1)][1]], cues)):
        return 0.0, False, False  # "不是卷,是被大厂做完了": another trouble, not praise
    if negated:
        w = -w * NEGATED_WEIGHT
    turn = cues.turn.search(sentence)
    concessive = cues.concessive.search(sentence)
    pivot = turn.start() if turn is not None else None
    if pivot is None and concessive is not None:
        # "虽然SLAM很卷,还是值得做": without 但, the clause after the concession turns
        end = spans[clause_of(concessive.start(), spans)][1]
        pivot = end if end < len(sentence) else None
    if pivot is not None:
        if c.start < pivot:
            w *= cues.before_weight if concessive is not None else PLAIN_TURN_BEFORE
        else:
            w *= cues.after_weight
    report = _reported(sentence, c, spans, k, cues)
    # denying a report ("没有传说中那么多机会") is the author's own view, and so is
    # a report echoed with "?" (the question already says what the author thinks);
    # a negation inside the report is part of it ("回答说3D视觉还没饱和")
    if report >= 0 and (not negated or neg_at >= report) and qf > 0:
        w *= _report_factor(sentence, c, spans, k, cues, ctx)
    if report < 0:
        w *= _tense_factor(sentence, c, spans, k, cues, ctx)
    if cues.hedge.search(sentence[spans[k][0]:c.start]):
        w *= cues.hedge_weight  # "looks crowded from the outside"
        if cues.belied.search(sentence, spans[k][1]):
            w = -w  # "…,其实…": the look is what it is not
    if cues.commitment.search(sentence):
        w *= cues.commitment_weight
    w *= qf
    return (abs(w) if mixed else w), negated, mixed


def _reported(sentence: str, c: CueMatch, spans: Sequence[tuple[int, int]], k: int, cues: CueSet) -> int:
    """Where the report holding the cue ends (-1: the author's own words): quoted,
    named as a claim ("…是红海的说法"), or under "大家都说" in its clause or the one before."""
    for m in cues.quote.finditer(sentence):
        if m.start() < c.start < m.end():
            return m.start()
    if cues.claim_after.match(sentence[c.end:]):
        return spans[k][0]
    lead = sentence[spans[k][0]:c.start]
    said = list(cues.reported.finditer(lead))
    if said:
        return spans[k][0] + said[-1].end()
    # "媒体都在吹X是风口,实际上全是PPT" and "…,我觉得已经是红海了": the second
    # clause is the author's own voice
    # ("别听那些人说NLP已死,现在缺人缺得要命": after a rejected report, too)
    before = sentence[spans[k - 1][0]:spans[k - 1][1]] if k > 0 else ""
    if k > 0 and not cues.disagree.search(lead) and not cues.own_voice.search(lead) and \
            cues.reported.search(before) and not cues.disagree.search(before):
        return spans[k][0]
    return -1


def _report_factor(sentence: str, c: CueMatch, spans: Sequence[tuple[int, int]], k: int, cues: CueSet,
                   ctx: Context) -> float:
    """Reported speech: reversed if the author disagrees nearby, kept if they agree, else small."""
    if (cues.disagree.search(sentence) or cues.disagree.search(ctx.previous)
            or cues.disagree.search(_opening(ctx.following))):
        return -cues.disagree_weight  # "大家都说具身卷,我不这么看"
    if cues.dismissed.match(sentence[spans[k][0]:]):
        return -cues.disagree_weight  # "说计算机不卷的,估计还停留在2018年"
    if k + 1 < len(spans) and cues.contrary.match(sentence[spans[k + 1][0]:].lstrip(",，;")) and not any(
            m.polarity == c.polarity for m in find_cues(sentence[spans[k + 1][0]:], cues)):
        return -cues.disagree_weight  # "大家都说X是风口,可身边的人都转行了": facts against the report
    # "大家都说Java后端卷,我觉得卷的是八股": the same word, said of something else
    again = sentence.find(c.text, spans[k][1])
    if again >= 0 and cues.cleft.match(sentence[again + len(c.text):]):
        return -cues.disagree_weight
    # agreement counts in the report's clause or the next ("大家都说CV卷,这是实情"),
    # not in a later clause about something else
    if cues.agree.search(sentence, c.end, spans[min(k + 1, len(spans) - 1)][1]):
        return 1.0
    return cues.reported_weight


def _tense_factor(sentence: str, c: CueMatch, spans: Sequence[tuple[int, int]], k: int, cues: CueSet,
                  ctx: Context) -> float:
    """What a direction used to be ("曾经是蓝海") counts little; followed by "now…", it has changed."""
    clause_start = spans[k][0]
    std, _ = comparison_standard(sentence, c, spans[k], cues)
    lead = sentence[clause_start:c.start]
    if std and std[0] < c.start:  # "没有以前那么火": 以前 is the standard, not the tense
        lead = sentence[clause_start:std[0]] + sentence[std[1]:c.start]
    # a past marked earlier in the sentence holds until a "now" ("曾经是风口,2021
    # 年那会儿投资人追着跑,…"); English copulas (was, were) only in their own clause
    held = [m for m in cues.past.finditer(sentence, 0, clause_start)
            if m.group(0).lower() not in ("was", "were", "had been")]
    if held and not cues.now.search(sentence, held[-1].end(), c.start):
        lead = held[-1].group(0) + lead
    if not cues.past.search(lead):
        return 1.0
    now = cues.now.search(sentence, spans[k][1]) or cues.now.search(_opening(ctx.following))
    if now is None:
        # "SLAM used to be a growing area. … it's saturated": the next sentence says
        # the opposite without a "now": the change is implied all the same
        found = find_cues(ctx.following, cues)
        if c.polarity and any(m.polarity == -c.polarity and negator(ctx.following, m, 0, cues, found) < 0
                              for m in found):
            return -cues.past_contrast_weight
        return cues.past_weight
    present = now.string[now.end():]
    # "过去没人做,现在正是好时候": a present that says the same is no change
    same = any(m.polarity == c.polarity for m in find_cues(present, cues))
    if same or cues.continuity.match(present):
        return cues.past_weight
    return -cues.past_contrast_weight


def _framing(sentence: str, hits: Sequence[Hit], cues: CueSet, index: int) -> list[Evidence]:
    """Directions offered as a solution, or compared ("与其A,不如B"), without cue words."""
    out = []
    m = cues.solution.search(sentence)
    if m:
        out += [Evidence(h.direction, cues.solution_weight, "——", index) for h in hits if h.start >= m.end()]
    for rx in cues.comparatives:
        c = rx.search(sentence)
        if not c:
            continue
        for h in hits:
            if c.start("worse") <= h.start < c.end("worse"):
                out.append(Evidence(h.direction, -cues.comparative_weight, "不如", index))
            elif c.start("better") <= h.start < c.end("better"):
                out.append(Evidence(h.direction, cues.comparative_weight, "不如", index))
        break
    return out


def _is_heading(line: str, cues: CueSet) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= cues.heading_max_chars and (
        bool(_HEADING.match(s)) or s.endswith(":") or bool(cues.marks.match(s)))


def _is_label(line: str, hits: Sequence[Hit], cues: CueSet) -> bool:
    """A line that only names directions, perhaps after a list mark ("❌ 用户运营",
    "2. Robotics"): the lines under it speak of them."""
    if not hits:
        return False
    rest = line
    for h in sorted(hits, key=lambda h: -h.start):
        rest = rest[:h.start] + rest[h.end:]
    rest = cues.marks.sub("", _HEADING.sub("", rest.strip()))
    return len(re.sub(r"[\W_]+", "", rest)) <= 2


def _unwrap(text: str, original: str, cues: CueSet) -> tuple[list[str], list[str]]:
    """Paragraphs with hard-wrapped English lines joined ("…saturated for a" +
    "new PhD."): a line that ends without closing punctuation joins the next
    when that opens in lower case or this one ends on a function word. The
    original script's lines are joined where the simplified ones are."""
    lines, olines = text.split("\n"), original.split("\n")
    if len(olines) != len(lines):
        olines = lines
    out, oout = [lines[0]], [olines[0]]
    for line, oline in zip(lines[1:], olines[1:]):
        last = out[-1].rstrip()
        nxt = line.lstrip()
        joins = (last and nxt and not _CLOSED.search(last) and re.match(r"[A-Za-z]", last[-1])
                 and (nxt[0].islower() and nxt[0].isascii() or cues.wrap_end.search(last)))
        # no paragraph ends on a comma: "但精细化工、电子化学品这块," + "虽然辛苦,…"
        comma = last and nxt and last[-1] in ",、" and not cues.tags_only.match(nxt)
        if joins or comma:
            glue = "" if comma and not (last[-2:-1].isascii() and nxt[0].isascii()) else " "
            out[-1], oout[-1] = last + glue + nxt, oout[-1].rstrip() + glue + oline.lstrip()
        else:
            out.append(line)
            oout.append(oline)
    return out, oout


def _question_subject(question: str, finder: Finder) -> tuple[str, ...]:
    """The one direction a question asks about, if it names one: a field rather
    than a career step ("Is recsys saturated, or still worth a PhD?" → recsys)."""
    asked = list(dict.fromkeys(h.direction for h in finder.find(question))) if question else []
    get = getattr(finder, "get", None)  # a Lexicon knows each direction's group; a bare finder does not
    if len(asked) > 1 and get is not None:
        asked = [d for d in asked if get(d).group not in ("career", "practice")]
    return tuple(asked) if len(asked) == 1 else ()


@dataclass(frozen=True)
class AnswerEvidence:
    mentions: tuple[Mention, ...]
    evidence: tuple[Evidence, ...]
    sentences: tuple[str, ...]
    originals: tuple[str, ...]


def collect(answer: Answer, finder: Finder, cues: CueSet,  # noqa: C901
            subjects: Subjects | None = None) -> AnswerEvidence:
    """Mentions and signed evidence for one answer (steps 1–4)."""
    sentences: list[str] = []
    paragraphs, original_paragraphs = _unwrap(answer.text, answer.original, cues)
    para_of: list[int] = []
    for p, para in enumerate(paragraphs):
        if cues.quoted_line.match(para):
            continue  # the post replied to, quoted on a BBS
        for s in split_sentences(para):
            sentences.append(s)
            para_of.append(p)
    originals = [s for para, simple in zip(original_paragraphs, paragraphs)
                 if not cues.quoted_line.match(simple) for s in split_sentences(para)]
    if len(originals) != len(sentences):
        originals = sentences
    mentions: list[Mention] = []
    evidence: list[Evidence] = []
    previous, previous_dirs, previous_weight = "", (), 0.0
    topic_dirs: list[str] = []
    label_dirs: list[str] = []  # the directions a label line ("❌ 用户运营") puts in play
    last_dirs: Sequence[str] = ()  # the directions named last, for "这个方向" after a paragraph break
    last_weight = 0.0  # the last verdict, for "但X不一样" after a paragraph break
    heading_polarity = 0.0
    heading_para = -1
    # an answer's opening sentences reply to the question ("I disagree that it's saturated")
    question_dirs = _question_subject(answer.question, finder)
    for i, s in enumerate(sentences):
        if i == 0 or para_of[i] != para_of[i - 1]:
            topic_dirs = list(label_dirs)
        # the addressee of a reply is a name: neither a cue nor a direction
        text = cues.mask.sub(lambda m: " " * len(m.group(0)), s)
        # a space between Chinese clauses is their comma (same length: offsets hold)
        text = cues.clause_space.sub(lambda m: "," + m.group(0)[1:], text)
        hits = list(finder.find(text))
        dirs = list(dict.fromkeys(h.direction for h in hits))
        for d in dirs:
            mentions.append(Mention(answer.id, d, s, originals[i], i))
        if cues.tags_only.match(text):
            continue  # "#秋招 #产品经理" tags the post
        ev = sentence_evidence(text, hits, cues, previous=previous, previous_dirs=previous_dirs,
                               topic_dirs=topic_dirs, index=i, subjects=subjects,
                               following=sentences[i + 1] if i + 1 < len(sentences) else "",
                               question_dirs=question_dirs if i < 2 else (),
                               previous_weight=previous_weight, last_dirs=last_dirs)
        ev += _framing(text, hits, cues, i)
        para_text = paragraphs[para_of[i]]
        label = _is_label(para_text, hits if para_text.strip() == s.strip() else [], cues)
        if label or _is_heading(para_text, cues):
            label_dirs = [h.direction for h in heads_of(text, hits, cues)] if label else []
        if para_of[i] != heading_para and _is_heading(para_text, cues):
            # a heading with a cue ("1. 不适合的研究方向") frames the list below it,
            # until the next heading
            heading_para = para_of[i]
            signed = sum(e.weight for e in sentence_evidence(para_text, [], cues, previous_dirs=["_"]))
            heading_polarity = math.copysign(1.0, signed) if abs(signed) >= 0.5 else 0.0
        if heading_polarity and not ev:
            ev = [Evidence(d, heading_polarity * cues.heading_weight, "(heading)", i) for d in dirs]
        evidence.extend(ev)
        previous = text
        # a sentence without a verdict leaves the last one standing ("CV很卷。这点我认同。但NLP不一样。")
        previous_weight = max((e.weight for e in ev), key=abs, default=0.0) or previous_weight
        last_weight = previous_weight or last_weight
        # anaphora reaches only into the next sentence of the same paragraph
        # (or the paragraph under a label line), and only to what heads its noun phrase
        previous_dirs = [h.direction for h in heads_of(text, hits, cues)] if dirs else ()
        last_dirs = previous_dirs or last_dirs
        if not topic_dirs and dirs:
            topic_dirs = dirs
        if i + 1 < len(para_of) and para_of[i + 1] != para_of[i] and not label:
            previous_dirs, previous_weight = (), 0.0
            if cues.turn.match(sentences[i + 1]):
                previous_weight = last_weight  # "但射频不一样。" after a paragraph about 无线通信
    return AnswerEvidence(tuple(mentions), tuple(evidence), tuple(sentences), tuple(originals))


Classifier = Callable[[Sequence[str]], np.ndarray]  # sentences -> (n, 2): p(crowded), p(promising)


def decide(answer: Answer, finder: Finder, cues: CueSet | None = None, *,
           classifier: Classifier | None = None,
           subjects: Subjects | None = None) -> tuple[list[Stance], list[Mention]]:
    """The author's stance on every direction the answer mentions (step 5)."""
    cues = cues or load_cues()
    found = collect(answer, finder, cues, subjects)
    by_dir: dict[str, list[Evidence]] = {}
    for e in found.evidence:
        by_dir.setdefault(e.direction, []).append(e)
    mentions = list(found.mentions)
    # open-vocabulary directions, and the question's direction an answer speaks
    # of without naming it, are mentioned where their cue is
    for e in found.evidence:
        if not any(m.direction == e.direction and (m.index == e.sentence or not e.direction.startswith(OPEN_PREFIX))
                   for m in mentions):
            mentions.append(Mention(answer.id, e.direction, found.sentences[e.sentence],
                                    found.originals[e.sentence], e.sentence))
    first_mention: dict[str, Mention] = {}
    for m in mentions:
        first_mention.setdefault(m.direction, m)
    silent = [d for d in first_mention if not by_dir.get(d)]
    if silent and answer.question and cues.recommend_question.search(answer.question):
        asked = {h.direction for h in finder.find(answer.question)}
        for d in silent:
            if d not in asked:
                by_dir[d] = [Evidence(d, cues.recommend_weight, "(question)", first_mention[d].index)]
        silent = [d for d in silent if not by_dir.get(d)]
    if classifier is not None and silent:
        sents = [first_mention[d].sentence for d in silent]
        probs = classifier(sents)
        for d, (p_crowd, p_prom) in zip(silent, probs):
            margin = float(p_prom - p_crowd)
            if abs(margin) >= CLASSIFIER_MIN_MARGIN:
                by_dir[d] = [Evidence(d, margin * CLASSIFIER_WEIGHT, "(classifier)", first_mention[d].index)]
    stances = []
    for d, mention in first_mention.items():
        ev = by_dir.get(d, [])
        pos = sum(e.weight for e in ev if e.weight > 0)
        neg = -sum(e.weight for e in ev if e.weight < 0)
        label, score, conf = _label(pos, neg)
        if ev:
            best = max(ev, key=lambda e: (abs(e.weight), -e.sentence))
            if label == "mixed":
                best = max(ev, key=lambda e: (e.sentence, abs(e.weight)))
            idx = best.sentence
            cue_words = tuple(dict.fromkeys(e.cue for e in ev if not e.cue.startswith("(")))
        else:
            idx, cue_words = mention.index, ()
        stances.append(Stance(
            answer_id=answer.id, source=answer.source, author=answer.author, direction=d,
            stance=label, confidence=round(conf, 3), score=round(score, 3),
            quote=found.originals[idx], cues=cue_words,
        ))
    return stances, mentions


def _label(pos: float, neg: float) -> tuple[StanceLabel, float, float]:
    total = pos + neg
    if total < MIN_EVIDENCE:
        return "neutral", 0.0, 0.5
    score = (pos - neg) / total * (1 - math.exp(-total))
    conf = 1 - math.exp(-1.5 * total)
    if pos and neg and min(pos, neg) / max(pos, neg) >= MIXED_RATIO:
        return "mixed", score, conf * (1 - min(pos, neg) / max(pos, neg) / 2)
    return ("promising" if pos > neg else "crowded"), score, conf * abs(pos - neg) / total


def stance_for(text: str, direction: str, finder: Finder, *, cues: CueSet | None = None,
               question: str = "", subjects: Subjects | None = None) -> StanceLabel | None:
    """Convenience for tests and notebooks: the stance of `text` on one direction id."""
    from .normalize import clean_line, t2s_converter

    convert = t2s_converter()
    simple = convert("\n".join(clean_line(line) for line in text.split("\n")))
    answer = Answer(id="t", page_id="t", source="t", position=0, author="", question=convert(clean_line(question)),
                    text=simple, original="\n".join(clean_line(line) for line in text.split("\n")))
    stances, _ = decide(answer, finder, cues, subjects=subjects)
    return next((s.stance for s in stances if s.direction == direction), None)
