"""Poster lines: a display name among post metadata, on sites we have never seen.

Forums, Q&A mirrors and comment threads print each post under a line like
"#1 · kkfocus · 2 天前 · ❤️ 12" or "▲ sbarre_dev 5 hours ago | next [–]". The
wording differs by site; the shape does not: a time, some markers and counters,
and one name. Patterns live in the `[poster]` table of `data/headers.toml`.

Stack Exchange and its mirrors split that line in two and print it *under*
the post, as a user card: "answered Mar 1, 2021 at 2:15" over "Helen Okafor
18.2k ●3 ●41 ●77" (`user_card`). Comment lists put the name before the
comment ("momo不吃香菜:端侧不卷吗") and the time on a line of its own under it
(`comment_line`, `meta_line`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_data
from .errors import ConfigError

MAX_LINE = 100
# between a poster line's fields: dots, bars, wide spaces, a dash or guillemet
# between spaces ("priya_k — Today at 10:21", "Post by X » Mon Mar 04")
_SEPARATORS = re.compile(r"\s*[·•|｜]\s*|\s{2,}|\u3000|\s+[—–»]\s+")
# badges in brackets ("(Java后端)", "[S]", "【吧主】") or in Markdown code spans
# ("`Maintainer`", GitHub's role badges clipped to Markdown)
_BADGE = re.compile(r"[(\[（【][^)\]）】]{0,30}[)\]）】]|`[^`]{1,30}`")
# A site handle ("sql_wrangler", "dev42", "jo-chen"): a display name is not
# written like this, so words after it on a poster line are the user's flair
# ("sql_wrangler Senior Data Engineer"), not part of the name.
HANDLE = re.compile(r"(?=[\w.-]*[_\d-])[A-Za-z0-9][\w.-]{1,29}")


@dataclass(frozen=True)
class PosterRules:
    time: re.Pattern[str]
    prefix: re.Pattern[str]
    asker: re.Pattern[str]
    noise: re.Pattern[str]
    card: re.Pattern[str] = re.compile("(?!)")
    reputation: re.Pattern[str] = re.compile("(?!)")
    comment: re.Pattern[str] = re.compile("(?!)")
    actions: re.Pattern[str] = re.compile("(?!)")
    quote: re.Pattern[str] = re.compile("(?!)")
    submitter: re.Pattern[str] = re.compile("(?!)")
    reply_to: re.Pattern[str] = re.compile("(?!)")


@dataclass(frozen=True)
class Poster:
    author: str
    asker: bool  # the post is the question ("楼主", "发问者", "N points by")


@dataclass(frozen=True)
class Card:
    author: str
    role: str  # asked | answered | edited | modified | posted


@lru_cache(maxsize=1)
def load_poster_rules() -> PosterRules:
    text = read_data("headers.toml")
    table = tomllib.loads(text).get("poster", {})
    try:
        rx = lambda key: re.compile(table[key], re.IGNORECASE)  # noqa: E731
        return PosterRules(rx("time"), rx("prefix"), rx("asker"), rx("noise"), rx("card"), rx("card_reputation"),
                           rx("comment"), rx("actions"), rx("quote"), rx("submitter"), rx("reply_to"))
    except (KeyError, re.error) as exc:
        raise ConfigError(f"data/headers.toml: [poster] is invalid: {exc}") from exc


def poster_line(line: str, plausible: "callable[[str], bool]", rules: PosterRules | None = None, *,
                anonymous: "callable[[str], bool]" = lambda _name: False) -> Poster | None:
    """The poster named by this line, or None when it is not a poster line.

    A post by an anonymous placeholder ("匿名用户", "[deleted]") is a post all
    the same: its line opens it, with an empty author."""
    rules = rules or load_poster_rules()
    s = line.replace("**", "").replace("__", "").strip()
    if not s or len(s) > MAX_LINE or not rules.time.search(s) or rules.quote.match(s):
        return None
    asker = bool(rules.asker.match(s) or rules.submitter.search(s))
    m = rules.prefix.match(s)
    if m:
        s = s[m.end():]
    # a placeholder in brackets ("[deleted]") names the poster, it is no badge
    s = _BADGE.sub(lambda b: b.group() if anonymous(b.group()) else " ", s)
    s = rules.time.sub(" ", s)
    s = rules.noise.sub(" ", s)
    s = re.sub(r"(?i)ip\s*属地\s*:?\s*\S{0,8}", " ", s)
    # a trailing full stop may belong to the name ("Priya N.")
    tokens = [t.strip(" -–—:,").lstrip(".") for t in _SEPARATORS.split(s)]
    tokens = [t for t in tokens if t and not re.fullmatch(r"[\W\d_]+", t)]
    if len(tokens) != 1:
        return None
    # "Mei Lin @meilin_ai" (X/Twitter, Mastodon): the display name, not the handle
    name = re.sub(r"(?<=\S)\s+@[\w.-]{1,30}$", "", tokens[0])
    name = re.sub(r"^(@|u/)", "", name).strip()  # "@name", Reddit's "u/name"
    if anonymous(name):
        return Poster("", asker)
    name = name.strip("[]")
    words = name.split()
    if len(words) > 1 and HANDLE.fullmatch(words[0]):
        name, words = words[0], words[:1]
    # a display name of several words is capitalized ("Meera Krishnan"); "would not
    # start there" is the end of a sentence whose last word is a time ("… today.")
    if len(words) > 1 and not re.search(r"[\u4e00-\u9fff]", name) and not all(
            w[:1].isupper() or not w[:1].isalpha() for w in words):
        return None
    if not plausible(name) or len(name) > 30:
        return None
    return Poster(name, asker)


def user_card(verb_line: str, name_line: str, plausible: "callable[[str], bool]",
              rules: PosterRules | None = None) -> Card | None:
    """The card formed by these two consecutive lines, or None.

    The first line holds a card verb and a time and nothing else; the second a
    plausible name, maybe followed by reputation and badge counts, and no time.
    """
    rules = rules or load_poster_rules()
    verb = verb_line.strip()
    m = rules.card.match(verb)
    if not m or len(verb) > MAX_LINE or not rules.time.search(verb):
        return None
    rest = rules.time.sub(" ", verb[m.end():])
    if re.sub(r"(?i)\bat\b|[\W\d_]", "", rest):
        return None  # more than a verb and a time: prose, or a one-line poster
    name = rules.reputation.sub("", name_line.replace("**", "").strip()).strip()
    if (not name or len(name) > 40 or rules.time.search(name_line) or re.search(r"[.!?。！？]$", name)
            or not plausible(name)):
        return None
    return Card(name, m.group("role").lower())


def meta_line(line: str, rules: PosterRules | None = None) -> bool:
    """A line of post metadata alone: a time, maybe places, actions and counts; no name."""
    rules = rules or load_poster_rules()
    s = line.strip()
    if not s or len(s) > MAX_LINE or not rules.time.search(s):
        return False
    s = rules.actions.sub(" ", rules.noise.sub(" ", rules.time.sub(" ", s)))
    return not re.sub(r"[\W_]", "", s)


def comment_line(line: str, plausible: "callable[[str], bool]", rules: PosterRules | None = None
                 ) -> tuple[str, str] | None:
    """(name, comment) of a "name:comment" line, or None."""
    rules = rules or load_poster_rules()
    m = rules.comment.match(line.strip())
    if not m:
        return None
    # "A 回复 @B:text", "A reply to B: text": A wrote it, to B
    name = rules.reply_to.sub("", m.group("author")).strip().lstrip("@")
    if not name or rules.time.search(name) or not plausible(name):
        return None
    return name, m.group("text").strip()
