"""Mail-shaped posts: header blocks, forwarded messages, signatures, quote intros.

Mailing-list archives and BBS boards (水木社区, 北邮人, 未名) print every post
under a block of header fields — "From: Ana Ortiz <…>" / "Date: …" /
"Subject: Re: …", or "发信人: id (昵称), 信区: X" / "标  题: Re: …" /
"发信站: …". The sender field names the poster; the block is metadata. The
conventions around the text are shared too, and none of them is the poster's
own words:

- a forwarded message ("---------- Forwarded message ---------" and its own
  header block) up to a closing divider;
- the signature under a "-- " line at the end of a post;
- a quote of another post under an intro line ("On Tue, … X wrote:" over
  "> " lines, "【 在 X 的大作中提到: 】" over ": " lines) — `quote_blocks`,
  which forums without mail headers use as well ("Reply to [#2] Post by X",
  "引用 #2 X:").

Patterns live in the `[mail]` table of `data/headers.toml`. Like threads.py,
each function adds `HeaderHit`s to the page's `hits` and records the lines
it takes in the audit.
"""
from __future__ import annotations

import re
from collections import deque
from typing import Sequence

from .headers import HeaderHit, HeaderRules, clean_name, plausible_name
from .records import DroppedLine

# A mail thread has at least this many posts; one "From:" line is a newsletter's byline.
MIN_POSTS = 2
# Header fields sit right around the sender line, at most this many lines away.
BLOCK_MAX = 6
# A signature is short: more lines than this after a "-- " line are the post going on.
SIGNATURE_MAX_LINES = 4
_SIG_SEPARATOR = re.compile(r"--\s*")
_CLOSING_DIVIDER = re.compile(r"[-—_=]{3,}")
_LIST_TAG = re.compile(r"^\[[^\]]{1,30}\]\s*")
# An unmarked quote (NGA prints the quoted sentence bare) is told by repeating an
# earlier line: looked for among this many lines above, so a page stays linear.
QUOTE_WINDOW = 2000
QUOTE_MIN_CHARS = 8


def _sender_name(value: str, rules: HeaderRules) -> tuple[str, str]:
    """(name, nickname) in a sender field's value."""
    addr = re.search(r"<([^>]*)>", value)
    nick = ""
    if addr:  # "Hannah Okafor <hokafor@…>", "<a@b>"
        name = value[:addr.start()].strip().strip("\"'")
        if not name:
            name = addr.group(1).split("@")[0]
    else:  # "deliver (自动发信系统), 信区: Occupation", "ana@x.org (Ana Ortiz)"
        name, _, rest = value.partition("(")
        nick = rest.split(")")[0].strip()
        name = name.split(",")[0].strip()
        if "@" in name:
            name = nick or name.split("@")[0]
    return clean_name(name, rules), nick


def _block(lines: list[int], k: int, raw: Sequence[str], rules: HeaderRules) -> list[int]:
    """The header fields around the sender line lines[k]: consecutive lines that are fields."""
    field = rules.mail.field
    block = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(lines) and abs(j - k) <= BLOCK_MAX and lines[j] - lines[j - step] == step \
                and field.match(raw[lines[j]].strip()):
            block.append(lines[j])
            j += step
    return sorted(block)


def mail_posts(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
               dropped: list[DroppedLine]) -> None:
    """Sender lines open posts, once a page has two; their header fields, the
    messages forwarded inside them and their signatures are dropped."""
    mr = rules.mail
    lines = [i for i, line in enumerate(raw) if line.strip()]
    posts: list[tuple[int, HeaderHit, list[int]]] = []
    taken: dict[int, str] = {}  # line -> the reason it is not the poster's text
    forwarding = False
    for k, i in enumerate(lines):
        s = raw[i].strip()
        if forwarding:
            if _CLOSING_DIVIDER.fullmatch(s):
                taken[i] = "quote:forwarded"
                forwarding = False
                continue
            if mr.sender.match(s) and not (k and lines[k - 1] in taken and taken[lines[k - 1]] == "quote:forwarded"
                                           and mr.forward.match(raw[lines[k - 1]].strip())):
                forwarding = False  # the next post of the thread: the forward ran to its end
            else:
                taken[i] = "quote:forwarded"
                continue
        if mr.forward.match(s):
            taken[i] = "quote:forwarded"
            forwarding = True
            continue
        m = mr.sender.match(s)
        if m is None or i in taken:
            continue
        name, nick = _sender_name(m.group("author"), rules)
        if not plausible_name(name, rules, suffixes=False) and not rules.is_anonymous(name):
            continue
        block = _block(lines, k, raw, rules)
        subject = next((mr.subject.match(raw[b].strip()).group("text").strip() for b in block
                        if mr.subject.match(raw[b].strip())), "")
        opener = bool(subject) and not mr.reply.match(subject)
        notice = bool(mr.notice.search(subject) or (nick and (mr.notice.search(nick) or rules.bot_names.search(nick))))
        title = _LIST_TAG.sub("", subject) if opener and not notice else ""
        hit = HeaderHit("answer", author="" if rules.is_anonymous(name) else name, first_is_question=opener,
                        notice=notice, title=title)
        posts.append((i, hit, block))
        for b in block:
            taken[b] = "meta:mail-header"
    if len(posts) < MIN_POSTS:
        return
    for i, reason in taken.items():
        hits[i] = HeaderHit("meta")
        if kept[i] is not None:
            dropped.append(DroppedLine(i, kept[i].strip(), reason))
    ends = [i for i, _, _ in posts[1:]] + [len(raw)]
    for (i, hit, block), end in zip(posts, ends):
        hits[i] = hit
        if kept[i] is not None:
            dropped.append(DroppedLine(i, kept[i].strip(), "header:mail-sender"))
        _drop_signature(max([i] + block) + 1, end, kept, raw, hits, dropped)


def _drop_signature(start: int, end: int, kept: Sequence[str | None], raw: Sequence[str],
                    hits: dict[int, HeaderHit], dropped: list[DroppedLine]) -> None:
    """The lines under a post's "-- " line are its signature when only a few follow."""
    sep = next((j for j in range(start, end) if _SIG_SEPARATOR.fullmatch(raw[j].strip())), None)
    if sep is None:
        return
    tail = [j for j in range(sep + 1, end) if kept[j] is not None and kept[j].strip() and j not in hits]
    if len(tail) > SIGNATURE_MAX_LINES:
        return  # "--" as a divider inside a long post, not a signature
    for j in tail:
        hits[j] = HeaderHit("meta")
        dropped.append(DroppedLine(j, kept[j].strip(), "meta:signature"))


# A quote's intro may be the quoted poster's name alone and a colon (Discourse's
# "tactile_tanya:" over the quoted sentence, Discuz, Flarum): taken as one only when
# the line under it repeats an earlier line of the page. The same name and colon
# with the repeated words on its own line is 豆瓣's inline quote.
_BARE_INTRO = re.compile(r"^[\w.\-]{2,30}\s*:$")
_INLINE_QUOTE = re.compile(r"^([\w.\-]{2,24})\s*:\s+(.+)$")
INLINE_QUOTE_MIN_CHARS = 12
# labels that put a line's own content after a colon ("作者: X" repeated in a credit, "Subject: …")
_LABEL_NAME = re.compile(r"^(作者|来源|原文|标题|主题|subject|author|source|title|re|fwd?)$", re.IGNORECASE)


def _repeats(line: str, window: "deque[str]") -> bool:
    return len(line) >= QUOTE_MIN_CHARS and any(line in e for e in window)


def quote_blocks(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules,
                 dropped: list[DroppedLine]) -> None:
    """A quote intro line and the quoted lines under it are the quoted post's
    words, not the replier's: lines with a quote mark ("> ", ": "), or, where
    the site prints none, lines that repeat an earlier line of the page."""
    mr = rules.mail
    window: deque[str] = deque(maxlen=QUOTE_WINDOW)
    lines = [i for i, line in enumerate(kept) if line is not None and line.strip()]
    k = 0
    while k < len(lines):
        i = lines[k]
        s = kept[i].strip()
        inline = _INLINE_QUOTE.match(s)
        if inline and i not in hits and not mr.field.match(s) and not mr.sender.match(s) \
                and not _LABEL_NAME.match(inline.group(1)) \
                and len(inline.group(2)) >= INLINE_QUOTE_MIN_CHARS and any(inline.group(2) in e for e in window):
            # "南方有乔木: <a sentence of hers>" (豆瓣's inline quote): a name, a colon and
            # words that repeat an earlier line of the page are a quote, not the replier's
            hits[i] = HeaderHit("meta")
            dropped.append(DroppedLine(i, s, "quote:quoted"))
            k += 1
            continue
        bare = _BARE_INTRO.match(s) and k + 1 < len(lines) and _repeats(kept[lines[k + 1]].strip(), window)
        if not (mr.quote_intro.match(s) or bare):
            window.append(s)
            k += 1
            continue
        hits[i] = HeaderHit("meta")
        dropped.append(DroppedLine(i, s, "quote:intro"))
        k += 1
        marked = None  # whether this quote marks its lines; decided by its first line
        while k < len(lines):
            j = lines[k]
            q = kept[j].strip()
            has_mark = bool(mr.quote_mark.match(q))
            if marked is None:
                marked = has_mark
            if marked and not has_mark:
                break
            if not marked and (len(q) < QUOTE_MIN_CHARS or not any(q in e for e in window)):
                break
            hits[j] = HeaderHit("meta")
            dropped.append(DroppedLine(j, q, "quote:quoted"))
            k += 1
