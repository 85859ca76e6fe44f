"""Stance: what each author calls each direction they mention — crowded, promising, neutral or mixed.

Per answer, sentence by sentence:

1. find the directions a sentence names (the lexicon) and the cue words it
   uses (`data/cues.toml`), longest cue first, without overlaps;
2. give every cue a signed weight and adjust it for the language around it:
   negation flips it (不卷, 并不是蓝海), reported speech shrinks it (大家都说CV卷),
   a concession shrinks the clause before the turn and strengthens the one
   after it (虽然…但是…), a question that asks states nothing, a declarative
   echoed with "?" mocks the claim and flips it (NLP是一片蓝海?), first-person
   commitment strengthens it (我认为, 个人看好);
3. scope: a cue counts for the directions named in its own clause; failing
   that, for the nearest clause of the sentence that names one; failing that,
   for the previous sentence's directions ("它们的上限肉眼可见") at reduced weight;
4. framing: a heading that carries a cue ("1. 不适合的研究方向") lends its
   polarity to directions listed under it, and a direction offered as the
   answer to a problem ("数据不够怎么办——小样本学习") counts as promising;
5. per direction, the weights are summed on each side: both sides strong →
   mixed, one side → crowded or promising, none → neutral. An optional
   embedding classifier adds a small signal where cues are silent.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Protocol, Sequence

import numpy as np

from .errors import ConfigError
from .records import Answer, Mention, Stance, StanceLabel

STAGE_VERSION = 4
# Both sides present and the weaker at least this share of the stronger: mixed.
MIXED_RATIO = 0.5
# Below this total weight a direction's evidence is noise: neutral.
MIN_EVIDENCE = 0.2
# Anaphora ("它们的上限…") reaches back one sentence, at this weight.
CARRY_WEIGHT = 0.6
# Weight of a negated cue: "不卷" says less than "蓝海".
NEGATED_WEIGHT = 0.7
# Unconcessive contrast ("A, 但 B"): the clause before the turn.
PLAIN_TURN_BEFORE = 0.6
# The embedding classifier speaks only where cues are silent and it is sure.
CLASSIFIER_MIN_MARGIN = 0.35
CLASSIFIER_WEIGHT = 0.5

_SENTENCE = re.compile(r"[^。!?;\n]*(?:[。!?;]+|\n|$)")
_CLAUSE_SPLIT = re.compile(r"[,:—、()]|——|\s-\s")
_HEADING = re.compile(r"^\s*(\d{1,2}[.、)]|[一二三四五六七八九十]+[、.]|#+\s|[(（]?\d{1,2}[)）])")


class Hit(Protocol):
    direction: str
    start: int
    end: int


class Finder(Protocol):
    def find(self, text: str) -> Sequence[Hit]: ...


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    polarity: int
    weight: float


@dataclass(frozen=True)
class CueSet:
    cues: tuple[Cue, ...]
    near_negation: re.Pattern[str]
    clause_negation: re.Pattern[str]
    near_window: int
    clause_window: int
    reported: re.Pattern[str]
    reported_weight: float
    agree: re.Pattern[str]
    concessive: re.Pattern[str]
    turn: re.Pattern[str]
    before_weight: float
    after_weight: float
    interrogative: re.Pattern[str]
    mock: re.Pattern[str]
    affirm: re.Pattern[str]
    rhetorical_weight: float
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
    comparatives: tuple[re.Pattern[str], ...]
    comparative_weight: float


def load_cues() -> CueSet:
    text = resources.files("discourse").joinpath("data/cues.toml").read_text("utf-8")
    return _parse_cues(text)


@lru_cache(maxsize=2)
def _parse_cues(text: str) -> CueSet:
    d = tomllib.loads(text)
    try:
        rx = lambda s: re.compile(s, re.IGNORECASE)  # noqa: E731
        return CueSet(
            cues=tuple(Cue(rx(c["pattern"]), int(c["polarity"]), float(c.get("weight", 1.0)))
                       for c in d["cue"]),
            near_negation=rx(d["negation"]["near"]), clause_negation=rx(d["negation"]["clause"]),
            near_window=int(d["negation"]["near_window"]), clause_window=int(d["negation"]["clause_window"]),
            reported=rx(d["reported"]["pattern"]), reported_weight=float(d["reported"]["weight"]),
            agree=rx(d["reported"]["agree"]),
            concessive=rx(d["contrast"]["concessive"]), turn=rx(d["contrast"]["turn"]),
            before_weight=float(d["contrast"]["before_weight"]), after_weight=float(d["contrast"]["after_weight"]),
            interrogative=rx(d["question"]["interrogative"]), mock=rx(d["question"]["mock"]),
            affirm=rx(d["question"]["affirm"]), rhetorical_weight=float(d["question"]["rhetorical_weight"]),
            commitment=rx(d["commitment"]["pattern"]), commitment_weight=float(d["commitment"]["weight"]),
            solution=rx(d["framing"]["solution"]), solution_weight=float(d["framing"]["solution_weight"]),
            heading_weight=float(d["framing"]["heading_weight"]),
            heading_max_chars=int(d["framing"]["heading_max_chars"]),
            recommend_question=rx(d["framing"]["recommend_question"]),
            recommend_weight=float(d["framing"]["recommend_weight"]),
            past=rx(d["past"]["pattern"]), past_weight=float(d["past"]["weight"]),
            comparatives=tuple(rx(p) for p in d["comparative"]["patterns"]),
            comparative_weight=float(d["comparative"]["weight"]),
        )
    except (KeyError, re.error, ValueError, TypeError) as exc:
        raise ConfigError(f"data/cues.toml is invalid: {exc}") from exc


def split_sentences(text: str) -> list[str]:
    """Sentences with their closing punctuation (a trailing "?" matters)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


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


def _clauses(sentence: str, cues: CueSet) -> list[tuple[int, int]]:
    """Clause spans: split at commas/colons/dashes and before a turn word."""
    cuts = {0, len(sentence)}
    for m in _CLAUSE_SPLIT.finditer(sentence):
        cuts.add(m.end())
    for m in cues.turn.finditer(sentence):
        cuts.add(m.start())
    edges = sorted(cuts)
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def _clause_of(pos: int, spans: Sequence[tuple[int, int]]) -> int:
    for k, (a, b) in enumerate(spans):
        if a <= pos < b:
            return k
    return len(spans) - 1


@dataclass(frozen=True)
class Evidence:
    direction: str
    weight: float  # signed: negative = crowded
    cue: str
    sentence: int


def _question_factor(sentence: str, previous: str, cues: CueSet) -> float:
    """1 for statements; 0 for genuine questions; negative for mocking echoes."""
    if not sentence.rstrip().endswith("?"):
        return 1.0
    if cues.affirm.search(sentence):
        return cues.rhetorical_weight  # "这不是做烂了吗?" affirms
    mocked = cues.mock.search(sentence) or cues.mock.search(previous)
    if mocked:
        return -cues.rhetorical_weight
    if cues.interrogative.search(sentence):
        return 0.0
    # a declarative echoed with "?" ("NLP是一片蓝海?"): disbelief
    return -cues.rhetorical_weight


Subjects = Callable[[str], "str | None"]  # clause text up to a cue -> open-vocabulary subject
OPEN_PREFIX = "new:"  # ids of directions named by no lexicon entry


def sentence_evidence(sentence: str, hits: Sequence[Hit], cues: CueSet, *, previous: str = "",
                      previous_dirs: Sequence[str] = (), topic_dirs: Sequence[str] = (),
                      index: int = 0, subjects: Subjects | None = None) -> list[Evidence]:
    """Signed evidence for the directions of one sentence (steps 2 and 3)."""
    matches = find_cues(sentence, cues)
    if previous.rstrip().endswith("?") and _question_factor(previous, "", cues) < 0:
        # the sentence after a mocked claim quotes its words ("NLP是蓝海? 你对蓝海有误解")
        mocked = {c.text for c in find_cues(previous, cues)}
        matches = [c for c in matches if c.text not in mocked]
    if not matches:
        return []
    spans = _clauses(sentence, cues)
    dir_clause: dict[int, list[str]] = {}
    for h in hits:
        dir_clause.setdefault(_clause_of(h.start, spans), []).append(h.direction)
    qf = _question_factor(sentence, previous, cues)
    if qf == 0.0:
        return []
    affirm = cues.affirm.search(sentence) if sentence.rstrip().endswith("?") else None
    turn = cues.turn.search(sentence)
    concessive = cues.concessive.search(sentence)
    committed = cues.commitment.search(sentence)
    out: list[Evidence] = []
    for c in matches:
        # a cue inside a direction's own name ("推荐系统") is not a cue
        if any(h.start <= c.start < h.end for h in hits):
            continue
        w = c.weight * c.polarity
        head = sentence[max(0, c.start - cues.near_window):c.start]
        k = _clause_of(c.start, spans)
        clause_start = spans[k][0]
        before = sentence[max(clause_start, c.start - cues.clause_window):c.start]
        in_affirm = affirm is not None and affirm.start() <= c.start <= affirm.end()
        negated = not in_affirm and bool(cues.near_negation.search(head) or cues.clause_negation.search(before))
        if negated:
            w = -w * NEGATED_WEIGHT
        if turn is not None:
            if c.start < turn.start():
                w *= cues.before_weight if concessive is not None else PLAIN_TURN_BEFORE
            else:
                w *= cues.after_weight
        reported = cues.reported.search(sentence[clause_start:c.start]) or (
            k > 0 and cues.reported.search(sentence[spans[k - 1][0]:spans[k - 1][1]]))
        # denying a report ("没有传说中那么多机会") is the author's own view
        if reported and not negated and not cues.agree.search(sentence[c.end:]):
            w *= cues.reported_weight
        if cues.past.search(sentence[clause_start:c.start]):
            w *= cues.past_weight  # what it used to be ("曾经是蓝海")
        if committed is not None:
            w *= cues.commitment_weight
        w *= qf
        # scope: own clause, then an earlier clause, then the previous sentence
        # (anaphora: "这条路…卷了"), then the paragraph's topic, then a later clause
        factor = 1.0
        targets = dir_clause.get(k)
        extra: list[str] = []
        if not targets and subjects is not None:
            # a direction no lexicon lists, as the subject of the cue's clause;
            # it adds to the fallbacks below rather than replacing them
            subject = subjects(sentence[clause_start:c.start])
            if not subject and k > 0 and not any(j < k for j in dir_clause):
                # "if you pick a niche like tactile sensing, there's still plenty of room"
                subject = subjects(sentence[spans[k - 1][0]:spans[k - 1][1]])
            if subject:
                extra = [OPEN_PREFIX + subject]
        if not targets:
            earlier = [j for j in dir_clause if j < k]
            later = [j for j in dir_clause if j > k]
            if earlier:
                targets = dir_clause[max(earlier)]
            elif previous_dirs:
                targets, factor = list(previous_dirs), CARRY_WEIGHT
            elif topic_dirs:
                targets, factor = list(topic_dirs), CARRY_WEIGHT * 0.8
            elif later:
                targets = dir_clause[min(later)]
        for d in dict.fromkeys(targets or ()):
            out.append(Evidence(d, w * factor, c.text, index))
        for d in extra:
            out.append(Evidence(d, w, c.text, index))
    # one cue word counts once per direction and sentence
    unique: dict[tuple[str, str], Evidence] = {}
    for e in out:
        key = (e.direction, e.cue)
        if key not in unique or abs(e.weight) > abs(unique[key].weight):
            unique[key] = e
    return list(unique.values())


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
        bool(_HEADING.match(s)) or s.endswith(":"))


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
    paragraphs = answer.text.split("\n")
    para_of: list[int] = []
    for p, para in enumerate(paragraphs):
        for s in split_sentences(para):
            sentences.append(s)
            para_of.append(p)
    originals = [s for para in answer.original.split("\n") for s in split_sentences(para)]
    if len(originals) != len(sentences):
        originals = sentences
    mentions: list[Mention] = []
    evidence: list[Evidence] = []
    previous, previous_dirs = "", ()
    topic_dirs: list[str] = []
    heading_polarity = 0.0
    heading_para = -1
    for i, s in enumerate(sentences):
        if i == 0 or para_of[i] != para_of[i - 1]:
            topic_dirs = []
        hits = list(finder.find(s))
        dirs = list(dict.fromkeys(h.direction for h in hits))
        for d in dirs:
            mentions.append(Mention(answer.id, d, s, originals[i], i))
        ev = sentence_evidence(s, hits, cues, previous=previous, previous_dirs=previous_dirs,
                               topic_dirs=topic_dirs, index=i, subjects=subjects)
        ev += _framing(s, hits, cues, i)
        para_text = paragraphs[para_of[i]]
        if para_of[i] != heading_para and _is_heading(para_text, cues):
            # a heading with a cue ("1. 不适合的研究方向") frames the list below it,
            # until the next heading
            heading_para = para_of[i]
            signed = sum(e.weight for e in sentence_evidence(para_text, [], cues, previous_dirs=["_"]))
            heading_polarity = math.copysign(1.0, signed) if abs(signed) >= 0.5 else 0.0
        if heading_polarity and not ev:
            ev = [Evidence(d, heading_polarity * cues.heading_weight, "(heading)", i) for d in dirs]
        evidence.extend(ev)
        previous = s
        # anaphora reaches only into the next sentence of the same paragraph
        previous_dirs = dirs if dirs else ()
        if not topic_dirs and dirs:
            topic_dirs = dirs
        if i + 1 < len(para_of) and para_of[i + 1] != para_of[i]:
            previous_dirs = ()
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
    for e in found.evidence:  # open-vocabulary directions are mentioned where their cue is
        if e.direction.startswith(OPEN_PREFIX) and not any(
                m.direction == e.direction and m.index == e.sentence for m in mentions):
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
    simple = convert(clean_line(text))
    answer = Answer(id="t", page_id="t", source="t", position=0, author="", question=convert(clean_line(question)),
                    text=simple, original=text)
    stances, _ = decide(answer, finder, cues, subjects=subjects)
    return next((s.stance for s in stances if s.direction == direction), None)
