"""Voices no post header names: speaker turns and quoted contributors.

- Speaker turns: "name: what they said" paragraphs. A chat export prints one
  message a line with its time ("[2024-03-01 21:04] 老K: …"); an interview or a
  transcript prints each turn as a paragraph ("周明远:要分层看。…", from
  "<strong>周明远:</strong>"). A speaker's turns in a row are one answer. The
  interviewer — the speaker whose turns ask, or who is labelled host — is not
  an answerer: the turns ask the question, and in an interview the article's
  byline credits the journalist, not a speaker.
- Quoted contributors of a compiled article ("网友@X 表示:" over a quotation
  “…”): the contributor's answer is the quotation; what follows its closing
  quote mark, up to the next contributor, is the compiler's.

Patterns live in the `[turns]` table of `data/headers.toml` and in the header
rule marked `quoted`.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from .headers import HeaderHit, HeaderRules, clean_name, plausible_name
from .records import DroppedLine
from .script import HAN as _CJK

# A chat log: at least this many time-stamped turns.
CHAT_MIN_TURNS = 3
# A transcript (no times): at least two speakers with this many turns each,
# whose turns are at least this share of the page's paragraphs.
TRANSCRIPT_MIN_TURNS = 2
TRANSCRIPT_SHARE = 1 / 3
PARAGRAPH_CHARS = 20
# a turn this short that reads as a notice or an ad (`[nonauthor] texts`) is nobody's words
TURN_NOTICE_MAX = 600
# A turn's name is a display name or a handle; CJK names are one word.
TURN_NAME_MAX = {"cjk": 12, "other": 24}
# A subheading between an interview's turns ("“EDA 不是红海,是没人”") is short and ends in no sentence.
SUBHEADING_MAX = 30
# "他说", "有人认为": reported speech, not a speaker's label
_REPORTING = re.compile(r"(说|表示|认为|写道|指出|问道|答道|提到|觉得)$")
_ORDINAL = re.compile(r"^(第[一二三四五六七八九十\d]+|\d+[.)、]?|[一二三四五六七八九十]+[、.]?)$")
_SENTENCE_END = re.compile(r"[。!?.…]$")


def _speaker(name: str, rules: HeaderRules, stamped: bool) -> bool:
    """Whether a turn's name looks like a speaker's."""
    cjk = bool(_CJK.search(name))
    if not name or len(name) > TURN_NAME_MAX["cjk" if cjk else "other"] or _ORDINAL.match(name):
        return False
    if cjk and " " in name and not stamped:
        return False
    words = name.split()
    if not cjk and len(words) > 1 and not all(w[:1].isupper() for w in words):
        return False  # "the main point": prose before a colon, not "Ana Ortiz"
    if _REPORTING.search(name) or rules.is_anonymous(name):
        return False
    return plausible_name(name, rules, suffixes=not stamped)


def speaker_turns(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules,
                  dropped: list[DroppedLine], *, chat: bool) -> set[int]:
    """Turns open answers, on a page no post header structures; returns the
    interviewer's turns, which close the answer above them.

    `chat=True` looks for time-stamped turns only (run before poster lines,
    which a chat message with a time and a name would pass for), `chat=False`
    for a transcript's turns (run after every other thread shape)."""
    if any(h.kind in ("answer", "repost", "section") for h in hits.values()):
        return set()
    tr = rules.turns
    found: list[tuple[int, str, str, bool]] = []  # (line, speaker, text, time-stamped)
    paragraphs = 0
    for i, line in enumerate(kept):
        if line is None or not line.strip():
            continue
        # "**Hana Ito:** …", a Markdown clip's bold speaker
        s = line.strip().replace("**", "").replace("__", "")
        paragraphs += len(s) >= PARAGRAPH_CHARS
        if i in hits:
            continue
        stamp = tr.stamp.match(s)
        stamped = bool(stamp and stamp.group().strip())
        turn = tr.turn.match(s[stamp.end():] if stamped else s)
        if turn is None:
            continue
        name = clean_name(turn.group("name"), rules)
        if _speaker(name, rules, stamped):
            found.append((i, name, turn.group("text").strip(), stamped))
    stamped = [t for t in found if t[3]]
    transcript = not chat
    if chat:
        if len(stamped) < CHAT_MIN_TURNS:
            return set()
        turns = stamped
    else:
        counts: dict[str, int] = {}
        for _, name, _, _ in found:
            counts[name] = counts.get(name, 0) + 1
        speakers = {n for n, c in counts.items() if c >= TRANSCRIPT_MIN_TURNS}
        turns = [t for t in found if t[1] in speakers]
        if len(speakers) < 2 or len(turns) < TRANSCRIPT_SHARE * paragraphs:
            return set()
    host = _interviewer(turns, rules)
    ends: set[int] = set()
    asked = False
    previous = None
    for i, name, text, _ in turns:
        if tr.placeholder.match(text):
            hits[i] = HeaderHit("meta")  # "[图片]": a message with no words
            dropped.append(DroppedLine(i, kept[i].strip(), "turn:placeholder"))
            continue
        if len(text) <= TURN_NOTICE_MAX and rules.bot_texts.search(text):
            # a sponsor's spot the host reads, a bot's line in a chat: one turn goes, not the
            # speaker's other turns (which join it into one answer)
            hits[i] = HeaderHit("meta")
            dropped.append(DroppedLine(i, kept[i].strip(), "turn:nonauthor"))
            previous = None
            continue
        if name == host:
            title = text if not asked and "?" in text else ""
            asked = asked or bool(title)
            hits[i] = HeaderHit("meta", title=title)
            dropped.append(DroppedLine(i, kept[i].strip(), "turn:interviewer"))
            ends.add(i)
        else:
            hits[i] = HeaderHit("answer", author=name, text=text, joins=previous == name)
        previous = name
    if transcript:
        _interview_furniture(kept, hits, turns, dropped)
    return ends


def _interviewer(turns: list[tuple[int, str, str, bool]], rules: HeaderRules) -> str:
    """The speaker who asks: labelled host, or whose first turn and most turns ask."""
    by_name: dict[str, list[str]] = {}
    for _, name, text, _ in turns:
        by_name.setdefault(name, []).append(text)
    for name in by_name:  # in order of first turn
        if rules.turns.host.match(name):
            return name
    for name, texts in by_name.items():
        asks = sum("?" in t for t in texts)
        if len(texts) >= 2 and "?" in texts[0] and 2 * asks >= len(texts):
            return name
    return ""


def _interview_furniture(kept: Sequence[str | None], hits: dict[int, HeaderHit],
                         turns: list[tuple[int, str, str, bool]], dropped: list[DroppedLine]) -> None:
    """An interview's byline credits its journalist, and its subheadings sit
    between turns: neither is a speaker's answer."""
    for i, h in list(hits.items()):
        if h.kind == "credit":
            hits[i] = HeaderHit("meta")
            dropped.append(DroppedLine(i, (kept[i] or "").strip(), "credit:journalist"))
    for (a, *_), (b, *_) in zip(turns, turns[1:]):
        for j in range(a + 1, b):
            s = (kept[j] or "").strip()
            if s and j not in hits and len(s) <= SUBHEADING_MAX and not _SENTENCE_END.search(s):
                hits[j] = HeaderHit("meta")
                dropped.append(DroppedLine(j, s, "turn:subheading"))


def quoted_contributors(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules) -> set[int]:
    """For each contributor's header whose text opens with a quote mark, the
    line after the one that closes the quotation: the compiler's words follow."""
    opening, closing = rules.turns.quote_open, rules.turns.quote_close
    ends: set[int] = set()
    starts = sorted(i for i, h in hits.items() if h.quoted)
    if not opening or not closing:
        return ends
    bounds = sorted(i for i, h in hits.items() if h.kind in ("answer", "repost", "section", "end"))
    for i in starts:
        k = bisect.bisect_right(bounds, i)
        nxt = bounds[k] if k < len(bounds) else len(kept)
        body = [j for j in range(i + 1, nxt) if kept[j] is not None and kept[j].strip() and j not in hits]
        if not body or not kept[body[0]].strip().startswith(tuple(opening)):
            continue
        close = next((j for j in body if kept[j].strip().rstrip("。.!?").endswith(tuple(closing))), None)
        if close is not None:
            ends.add(close + 1)
    return ends
