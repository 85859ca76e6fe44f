"""Boilerplate: decide which lines of a pasted page are page furniture.

Scraped reposts arrive as plain text, so HTML extractors (which need tags and
link density) cannot help. Each line is judged by bilingual rules from
`data/boilerplate.toml`, combined with structural signals:

1. rule match on a line short enough to be furniture (`max_len`);
2. footer: a `tail` rule firing in the last part of the page opens the footer,
   and everything after it goes too, unless an answer header or a comment
   section's heading follows (a marker repeated under every post opens it
   only at its last occurrence);
3. repetition: a short line seen three or more times (share bars, image
   placeholders that repeat the title), but not a poster's name over a handle;
3b. a menu at the page's head: four or more short one-word lines in a row
   above the page's first line of prose (a left menu, tags, one a line);
4. title echo: a later line identical to the page's first line (image alt
   text of WeChat mirrors repeats the title), or a reply's subject line that
   repeats another line of the page ("Re: <title>").

Every dropped line is returned with its reason so a user can audit it.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from .datafiles import read_data
from .errors import ConfigError
from .records import DroppedLine
from .script import HAN as _CJK

STAGE_VERSION = 10
# A footer marker counts only in the last part of the page: measured in
# characters of text after it. A disclaimer in the middle of a page is quoted
# prose, not the start of a footer.
TAIL_FRACTION = 0.3
REPEAT_MIN = 3
REPEAT_MAX_LEN = 40
# a reply's subject line: "Re: <the thread's title>" (phpBB, mailing lists), "回复: …"
_REPLY_TITLE = re.compile(r"(?:re|回复|回覆)\s*[:]\s*(.+)$", re.IGNORECASE)
# The rules whose lines head a comment section: a footer never starts above one
# ("精选留言", or a comment count over a blog's comment box: "2 评论").
COMMENTS_HEADINGS = ("comments:heading", "comments:count")
# A menu at the head of a page: at least this many short lines in a row, each a
# word or two ("首页 / 会员 / 发现 / 等你来答", X's "Home / Explore / Notifications"),
# above the first line of prose; a title, a name with its badge, a time break the run.
MENU_RUN_MIN = 4
MENU_ITEM_MAX = {"cjk": 8, "other": 16}
HEAD_PROSE_CHARS = 20
_MENU_ITEM = re.compile(r"[^\W\d_][^\s\d?!。!?,,:;]*(\s[^\W\d_][^\s\d?!。!?,,:;]*)?")
_HANDLE = re.compile(r"@[\w.-]{1,30}")
# Items of a "related questions" list: short lines that ask something.
RELATED_ITEM_MAX = 80
# a card's line right under the heading: a title, a name, a counter
RELATED_CARD_MAX = 40


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    max_len: int = 80
    tail: bool = False
    strip: bool = False
    closes: bool = False  # the post above is over: what follows, up to the next post, goes too
    items: re.Pattern[str] | None = None  # a heading's list: the lines under it that match go too


@dataclass(frozen=True)
class MetaTokens:
    """A line made only of post metadata (dates, counters, social buttons) is furniture."""

    token: re.Pattern[str]
    separators: re.Pattern[str]
    leftover_max: int = 4
    number: re.Pattern[str] = re.compile("(?!)")

    def is_meta(self, line: str) -> bool:
        text = line.strip()
        # a sentence is a post, even made of button words ("感谢分享!")
        if not text or len(text) > 120 or text.endswith(("!", "。", "?")):
            return False
        rest, n = self.token.subn(" ", text)
        if n == 0:
            return False
        rest = self.separators.sub("", self.number.sub(" ", rest))
        return len(rest) <= self.leftover_max and not re.search(r"[a-z]{3,}", rest, re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    meta: MetaTokens


@dataclass(frozen=True)
class Furniture:
    """The outcome for one page: kept lines (None where dropped) and the audit."""

    kept: tuple[str | None, ...]
    dropped: tuple[DroppedLine, ...]
    # lines dropped by a `closes` rule (an end mark, an ad's heading): segment
    # drops what follows each, up to the next answer header
    closers: frozenset[int] = frozenset()


def load_rules(path: Path | None = None) -> Rules:
    """Read rules from a TOML file (default: the packaged data file)."""
    if path is None:
        text = read_data("boilerplate.toml")
        origin = "data/boilerplate.toml"
    else:
        text, origin = path.read_text("utf-8"), str(path)
    return _parse_rules(text, origin)


@lru_cache(maxsize=4)
def _parse_rules(text: str, origin: str) -> Rules:
    rules = []
    data = tomllib.loads(text)
    for i, raw in enumerate(data.get("rule", [])):
        try:
            rules.append(Rule(
                id=raw["id"], pattern=re.compile(raw.get("pattern", "(?!)"), re.IGNORECASE),
                max_len=int(raw.get("max_len", 80)), tail=bool(raw.get("tail", False)),
                strip=bool(raw.get("strip", False)), closes=bool(raw.get("closes", False)),
                items=re.compile(raw["items"], re.IGNORECASE) if "items" in raw else None,
            ))
        except (KeyError, re.error, ValueError) as exc:
            raise ConfigError(f"{origin}: rule #{i + 1} is invalid: {exc}") from exc
    meta = data.get("meta", {})
    try:
        tokens = MetaTokens(re.compile(meta.get("token", "(?!)"), re.IGNORECASE),
                            re.compile(meta.get("separators", r"\s+")), int(meta.get("leftover_max", 4)),
                            re.compile(meta.get("number", "(?!)"), re.IGNORECASE))
    except re.error as exc:
        raise ConfigError(f"{origin}: [meta] is invalid: {exc}") from exc
    return Rules(tuple(rules), tokens)


def _bare(line: str) -> str:
    """A line without Markdown emphasis, quotes and heading hashes ("## Related Topics")."""
    text = line.strip()
    return re.sub(r"^(#{1,6}\s+)?[>*_\s]+|^#{1,6}\s+|[*_\s]+$", "", text) or text


def match_rule(line: str, rules: Sequence[Rule]) -> Rule | None:
    """The first whole-line rule that marks this line as furniture."""
    text = _bare(line)
    if not text:
        return None
    for rule in rules:
        if not rule.strip and len(text) <= rule.max_len and rule.pattern.search(text):
            return rule
    return None


# what may follow a related question's "?": its answer or view count
# ("大模型算法岗是不是已经卷到头了? 211 个回答", "Is X worth it? · 12 answers")
_ITEM_COUNT = re.compile(r"[\s·|,]*(\d[\d,.]*\s*[kw万]?\s*(个回答|条回答|回答|条评论|浏览|answers?|replies|comments?|views?)?[\s·|,]*)*",
                         re.IGNORECASE)


def _asks(line: str) -> bool:
    """A list item that asks something: a question, maybe with its count after it."""
    at = line.rfind("?")
    return at >= 0 and _ITEM_COUNT.fullmatch(line[at + 1:]) is not None


def strip_boilerplate(lines: Sequence[str], ruleset: Rules | None = None, *,
                      protect: Callable[[str], bool] | None = None) -> Furniture:
    """Drop furniture lines of one page; `protect` marks lines never to drop (answer headers)."""
    ruleset = load_rules() if ruleset is None else ruleset
    rules = ruleset.rules
    protect = protect or (lambda _line: False)
    kept: list[str | None] = list(lines)
    reasons: dict[int, str] = {}
    protected = [bool(line.strip()) and protect(line) for line in lines]

    # 1. rules, line by line; spans of `strip` rules are cut out of kept lines
    for i, line in enumerate(lines):
        if protected[i] or not line.strip():
            continue
        rule = match_rule(line, rules)
        if rule is not None:
            reasons[i] = rule.id
            continue
        if ruleset.meta.is_meta(line):
            reasons[i] = "meta:tokens"
            continue
        for srule in (r for r in rules if r.strip):
            cut = srule.pattern.sub("", line).rstrip()
            if cut != line:
                kept[i] = cut
                if not cut.strip():
                    reasons[i] = srule.id

    # 2. footer: the first tail marker near the end with no answer header after it.
    # A marker repeated on the page ("Add a comment" under every post) is post
    # furniture; only its last occurrence, after the last post, can open the footer.
    sizes = [len(line.strip()) for line in lines]
    total = sum(sizes) or 1
    after = total
    last_at = {line.strip(): i for i, line in enumerate(lines) if i in reasons}
    last_comments = max((j for j, r in reasons.items() if r in COMMENTS_HEADINGS), default=-1)
    for i, line in enumerate(lines):
        after -= sizes[i]
        rid = reasons.get(i)
        if rid is not None and last_at.get(line.strip(), i) != i:
            continue
        tail_rule = rid is not None and next((r for r in rules if r.tail and not r.strip and len(
            _bare(lines[i])) <= r.max_len and r.pattern.search(_bare(lines[i]))), None)
        # a comment section's heading below ("精选留言", "Comments") means posts
        # follow the marker: it closes the article, not the page
        comments_below = i < last_comments
        if tail_rule and after / total <= TAIL_FRACTION and not any(protected[i + 1:]) and not comments_below:
            rid = tail_rule.id
            for j in range(i + 1, len(lines)):
                if lines[j].strip() and j not in reasons:
                    reasons[j] = f"tail:{rid}"
            break

    # 2b. a heading with a list of its own (a podcast's "Chapters" over "01:40 Sponsor" lines)
    # takes the lines under it that look like its items, up to the first that does not
    listing = {r.id: r.items for r in rules if r.items is not None}
    for i in [i for i, rid in reasons.items() if rid in listing]:
        for j in range(i + 1, len(lines)):
            s = lines[j].strip()
            if not s:
                continue
            # (an item may look like a poster line, "01:40 Sponsor": the heading says it is none)
            if j in reasons or not listing[reasons[i]].fullmatch(s):
                break
            reasons[j] = f"{reasons[i]}-item"

    # 2c. a "related questions" heading in mid-page takes the list under it along: the
    # questions it lists, and right under it (no blank line between) its cards of short
    # lines, a title over its author and its counter ("推荐阅读" / "…经验贴" / "上岸的小兔子" /
    # "阅读 22,013", 简书)
    for i, line in enumerate(lines):
        if not reasons.get(i, "").startswith("related:"):
            continue
        # (a box of people, "Relevant people", is left to segment: its cards are profile cards)
        adjacent = reasons[i] == "related:heading"
        for j in range(i + 1, len(lines)):
            s = lines[j].strip()
            if not s:
                adjacent = False
                continue
            if protected[j]:
                break
            if j in reasons:
                if adjacent:
                    continue
                break
            if len(s) <= RELATED_ITEM_MAX and (_asks(s) or (adjacent and len(s) <= RELATED_CARD_MAX)):
                reasons[j] = "related:item"
            else:
                break

    _menu_runs(lines, reasons, protected)

    # 3. repetition and 4. title echo ("Re: <title>" over every reply of a forum thread too)
    stripped = [line.strip() for line in lines]
    page_lines = set(stripped)
    counts = Counter(s for s in stripped if s and len(s) <= REPEAT_MAX_LEN)
    title = next((s for i, s in enumerate(stripped) if s and i not in reasons), "")
    seen_title = False
    below = ""  # the next non-empty line, read backwards once
    following = [""] * len(stripped)
    for i in range(len(stripped) - 1, -1, -1):
        following[i] = below
        below = stripped[i] or below
    for i, s in enumerate(stripped):
        if not s or i in reasons or protected[i]:
            continue
        if (s[0] == "@" and _HANDLE.fullmatch(s)) or (following[i][:1] == "@" and _HANDLE.fullmatch(following[i])):
            continue  # a display name over its handle ("Lena Hofmann" / "@lena"): a poster, however often
        reply = _REPLY_TITLE.match(s)
        if s == title:
            if seen_title:
                reasons[i] = "repeat:title-echo"
            seen_title = True
        elif reply and reply.group(1).strip() in page_lines:
            reasons[i] = "repeat:reply-title"
        elif counts[s] >= REPEAT_MIN:
            reasons[i] = "repeat:short-line"

    dropped = []
    for i in sorted(reasons):
        dropped.append(DroppedLine(line=i, text=lines[i].strip(), reason=reasons[i]))
        kept[i] = None
    closing = {r.id for r in rules if r.closes}
    return Furniture(kept=tuple(kept), dropped=tuple(dropped),
                     closers=frozenset(i for i, rid in reasons.items() if rid in closing))


def _menu_runs(lines: Sequence[str], reasons: dict[int, str], protected: Sequence[bool]) -> None:
    """Step 3b: runs of menu items above the page's first line of prose."""
    run: list[int] = []

    def close() -> None:
        if len(run) >= MENU_RUN_MIN:
            for j in run:
                reasons.setdefault(j, "nav:menu-run")
        run.clear()

    for i, line in enumerate(lines):
        s = line.strip()
        if len(s) >= HEAD_PROSE_CHARS:
            break
        if not s:
            close()
        elif i in reasons and not protected[i]:
            run.append(i)  # a menu entry another rule knew ("首页") belongs to the run
        elif not protected[i] and len(s) <= MENU_ITEM_MAX["cjk" if _CJK.search(s) else "other"] \
                and _MENU_ITEM.fullmatch(s):
            run.append(i)
        else:
            close()
    close()


def clean_text(text: str, ruleset: Rules | None = None) -> str:
    """Furniture removed from a block of text (JSONL/CSV answers carry it too)."""
    kept = strip_boilerplate(text.split("\n"), ruleset).kept
    return "\n".join(line for line in kept if line is not None).strip()
