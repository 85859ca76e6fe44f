"""Answer headers: the rules of `data/headers.toml` and the name checks.

A header line says where an answer starts and who wrote it ("Giant的回答:",
"Answer by X", "作者:Zhifeng"). This module loads the rules, matches one
line against them and decides whether a captured name looks like a person's
display name; `segment` decides what the matches mean for the page.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .datafiles import read_data
from .errors import ConfigError
from .posters import poster_line

_NAME_SPLIT = re.compile(r"\s*(?:[、,;/&]|\band\b|和)\s*")
_NAME_TRIM = " \t:|丨@#*\"'“”‘’「」『』【】[]()<>-–—·•"


@dataclass(frozen=True)
class HeaderRule:
    kind: str  # answer | repost | section | credit | weak | question
    pattern: re.Pattern[str]
    first_is_question: bool = False
    article: bool = False  # a credit that opens an answer before any other header
    quoted: bool = False  # the answer is the quotation under the line (a compiled article's contributor)


@dataclass(frozen=True)
class MailRules:
    """Mail and BBS post headers, forwarded blocks and quote intros (see mail.py)."""

    sender: re.Pattern[str] = re.compile("(?!)")
    field: re.Pattern[str] = re.compile("(?!)")
    subject: re.Pattern[str] = re.compile("(?!)")
    reply: re.Pattern[str] = re.compile("(?!)")
    forward: re.Pattern[str] = re.compile("(?!)")
    notice: re.Pattern[str] = re.compile("(?!)")
    quote_intro: re.Pattern[str] = re.compile("(?!)")
    quote_mark: re.Pattern[str] = re.compile("(?!)")


@dataclass(frozen=True)
class TurnRules:
    """Speaker turns of chat logs and interviews (see voices.py)."""

    stamp: re.Pattern[str] = re.compile("(?!)")
    turn: re.Pattern[str] = re.compile("(?!)")
    host: re.Pattern[str] = re.compile("(?!)")
    placeholder: re.Pattern[str] = re.compile("(?!)")
    quote_open: str = ""
    quote_close: str = ""


@dataclass(frozen=True)
class HeaderRules:
    rules: tuple[HeaderRule, ...]
    labels: frozenset[str]
    suffixes: tuple[str, ...]
    forbidden: tuple[str, ...]
    byline: re.Pattern[str] = re.compile("(?!)")
    roles: re.Pattern[str] = re.compile("(?!)")  # a role badge after a name ("X 作者")
    trailing: re.Pattern[str] = re.compile("(?!)")  # a byline time run into a name ("X Answered 2y")
    anonymous: frozenset[str] = frozenset()
    bot_names: re.Pattern[str] = re.compile("(?!)")
    bot_texts: re.Pattern[str] = re.compile("(?!)")
    mod_roles: re.Pattern[str] = re.compile("(?!)")  # a moderator's or an official account's badge
    agents: re.Pattern[str] = re.compile("(?!)")  # a browser badge glued to a name
    affiliated: re.Pattern[str] = re.compile("(?!)")  # "Company · handle": the handle is the name
    mail: MailRules = MailRules()
    turns: TurnRules = TurnRules()

    def is_anonymous(self, name: str) -> bool:
        return name.strip().lower() in self.anonymous


@dataclass(frozen=True)
class HeaderHit:
    kind: str
    author: str = ""
    text: str = ""
    first_is_question: bool = False
    names: tuple[str, ...] = ()  # all names of a credit ("作者丨A、B、C")
    body: bool = False  # the line opens an answer and is also its first line of text
    article: bool = False  # a credit of a reposted article (see HeaderRule)
    quoted: bool = False  # see HeaderRule
    joins: bool = False  # continues the answer above when it is by the same author (a chat's next message)
    notice: bool = False  # the post is a notice (a board's rules, a system mail): nobody's answer
    title: str = ""  # the thread's title this post carries (a mail's subject, the asker's first question)


def load_headers() -> HeaderRules:
    text = read_data("headers.toml")
    return _parse_headers(text)


@lru_cache(maxsize=2)
def _parse_headers(text: str) -> HeaderRules:
    data = tomllib.loads(text)
    rules = []
    for i, raw in enumerate(data.get("header", [])):
        try:
            rules.append(HeaderRule(kind=raw["kind"], pattern=re.compile(raw["pattern"], re.IGNORECASE),
                                    first_is_question=bool(raw.get("first_is_question", False)),
                                    article=bool(raw.get("article", False)), quoted=bool(raw.get("quoted", False))))
        except (KeyError, re.error) as exc:
            raise ConfigError(f"data/headers.toml: header #{i + 1} is invalid: {exc}") from exc
    names = data.get("names", {})
    roles = "|".join(re.escape(r) for r in names.get("roles", [])) or "(?!)"
    nonauthor = data.get("nonauthor", {})
    mail, turns = data.get("mail", {}), data.get("turns", {})

    def rx(table: dict, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile(table.get(key, "(?!)"), flags)

    try:
        extra = dict(
            roles=re.compile(rf"(?<=[\u4e00-\u9fff\w.])\s+({roles})$", re.IGNORECASE),
            trailing=rx(names, "trailing"),
            agents=rx(names, "agents"),
            affiliated=rx(names, "affiliated"),
            bot_names=rx(nonauthor, "names"),
            bot_texts=_with_first_chars(rx(nonauthor, "texts", re.IGNORECASE | re.MULTILINE)),
            mod_roles=rx(nonauthor, "roles"),
            mail=MailRules(**{k: rx(mail, k) for k in ("sender", "field", "subject", "reply", "forward", "notice",
                                                        "quote_intro", "quote_mark")}),
            turns=TurnRules(stamp=rx(turns, "stamp"), turn=rx(turns, "turn"), host=rx(turns, "host"), placeholder=rx(turns, "placeholder"),
                            quote_open=turns.get("quote_open", ""), quote_close=turns.get("quote_close", "")),
        )
    except re.error as exc:
        raise ConfigError(f"data/headers.toml: [names], [nonauthor], [mail] or [turns] is invalid: {exc}") from exc
    return HeaderRules(
        rules=tuple(rules),
        labels=frozenset(s.lower() for s in names.get("labels", [])),
        suffixes=tuple(names.get("suffixes", [])),
        forbidden=tuple(names.get("forbidden", [])),
        byline=re.compile(data.get("byline", {}).get("pattern", "(?!)"), re.IGNORECASE),
        anonymous=frozenset(a.lower() for a in names.get("anonymous", [])),
        **extra,
    )


def _with_first_chars(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern, led by a lookahead for the characters a match can start
    with: a search over a post's text then tries the many alternatives only
    where one of them can begin (ten times faster on a page of long posts).
    The pattern as it is when its first characters cannot be told."""
    chars = _first_chars(rx.pattern)
    if not chars:
        return rx
    return re.compile(f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])(?:{rx.pattern})", rx.flags)


def _first_chars(pattern: str) -> set[str] | None:
    """The characters any match of `pattern` starts with, or None when unsure."""
    out: set[str] = set()
    for alt in _top_level(pattern, "|"):
        alt = re.sub(r"^(\^|\\b)+", "", alt)
        if not alt:
            return None
        if alt[0] == "(":
            end = _closing(alt)
            if end is None or alt[end + 1:end + 2] in _OPTIONAL or (alt[1:2] == "?" and alt[2:3] != ":"):
                return None  # optional, or a lookaround: the match may start after it
            inner = _first_chars(alt[2 + (alt[1:3] == "?:"):end] if alt[1:3] == "?:" else alt[1:end])
            if inner is None:
                return None
            out |= inner
        elif alt[0] == "[":
            end = _class_end(alt)
            members = _class_members(alt[1:end]) if end is not None else None
            if members is None or alt[end + 1:end + 2] in _OPTIONAL:
                return None
            out |= members
        elif alt[0] == "\\":
            if len(alt) < 2 or alt[1].isalnum() or alt[2:3] in _OPTIONAL:
                return None  # "\w", "\d": a class of characters; or optional
            out.add(alt[1])
        elif alt[0] not in ".^$|?*+{}()[]" and alt[1:2] not in _OPTIONAL:
            out.add(alt[0])
        else:
            return None
    return out


_OPTIONAL = ("?", "*", "{")


def _class_end(alt: str) -> int | None:
    """The index of the "]" closing the class that opens `alt`."""
    i = 1
    while i < len(alt):
        if alt[i] == "\\":
            i += 2
            continue
        if alt[i] == "]" and i > 1:
            return i
        i += 1
    return None


def _class_members(body: str) -> set[str] | None:
    """The characters of a class's body, or None for ranges, negations and escapes like \\w."""
    if body.startswith("^"):
        return None
    out, i = set(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body) or body[i + 1].isalnum():
                return None
            out.add(body[i + 1])
            i += 2
            continue
        if ch == "-" and 0 < i < len(body) - 1:
            return None
        out.add(ch)
        i += 1
    return out


def _structure(pattern: str) -> Iterator[tuple[int, str, int, bool]]:
    """(index, character, group depth before it, inside a class) for each character
    of `pattern` that is not escaped."""
    depth, cls, i = 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        yield i, ch, depth, cls
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        i += 1


def _top_level(pattern: str, sep: str) -> list[str]:
    """`pattern` split at `sep` outside groups and classes."""
    cuts = [i for i, ch, depth, cls in _structure(pattern) if ch == sep and depth == 0 and not cls]
    return [pattern[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)])]


def _closing(pattern: str) -> int | None:
    """The index of the ")" closing the group that opens `pattern`."""
    return next((i for i, ch, depth, cls in _structure(pattern) if ch == ")" and depth == 1 and not cls), None)


def clean_name(name: str, rules: HeaderRules | None = None) -> str:
    """The handle in a captured name, without badges, roles and run-in times."""
    rules = rules or load_headers()
    name = re.sub(r"\s+", " ", name).strip(_NAME_TRIM)
    # "abc (昵称)" and "X(认证:…)": the handle is what identifies the author
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", name).strip(_NAME_TRIM)
    # "Quora User Answered 2y": the byline's time, run into the name by the scrape
    name = rules.trailing.sub("", name).strip(_NAME_TRIM)
    name = rules.agents.sub("", name).strip(_NAME_TRIM)
    # "版主 职场小帮手": a role badge printed before the name
    name = _LEADING_ROLE.sub("", name)
    # "星辰大海2024 山东": the place a comment was posted from, after the name
    place = _TRAILING_WORD.search(name)
    if place and place.group(1) in rules.labels:
        name = name[:place.start()]
    # a verified badge after a Chinese handle ("硅谷钱博士 V") or role badges
    # after a commenter's name ("AI科技情报局 作者", "Kevin 楼主", "小鱼 UP主 置顶")
    while True:
        shorter = rules.roles.sub("", name)
        if shorter == name:
            return name
        name = shorter


def plausible_name(name: str, rules: HeaderRules, *, suffixes: bool = True) -> bool:
    """A display name, not a section label or a fragment of prose.

    `suffixes=False` skips the prose-suffix check ("…代码", "…方向"), for names
    that sit among post metadata, where a handle like 老韩不写代码 is common
    and prose is not."""
    if not name or len(name) > 40 or name.lower() in rules.labels:
        return False
    if re.search(r"[。,!?;:]|https?:|www\.", name) or re.fullmatch(r"[\d\s.%-]+", name):
        return False
    if _POST_COUNTER.match(name):
        return False  # "2/3 Overcrowded": a thread's post counter and a heading
    if any(f in name for f in rules.forbidden):
        return False
    if _COUNTER.search(name):  # "点赞 402", "浏览 2.3万": a counter, not a name
        return False
    cjk = re.fullmatch(r"[\u4e00-\u9fff]+", name)
    if cjk and suffixes and name.endswith(rules.suffixes):
        return False
    # English: at most four words, the way display names look
    return len(name.split()) <= 4


_LEADING_ROLE = re.compile(r"^(版主|吧主|小吧主|管理员|楼主|官方|moderator|mod|admin)\s+(?=\S)", re.IGNORECASE)
_TRAILING_WORD = re.compile(r"(?<=\S)\s+([\u4e00-\u9fff]{2,3})$")
_POST_COUNTER = re.compile(r"\(?\d+/\d+\)?(\s|$)")
_COUNTER = re.compile(r"(点赞|赞同|赞|浏览|阅读|回复|评论|收藏|views?|likes?|upvotes?|points?)\s*[\d.]+\s*[万kw]?",
                      re.IGNORECASE)
# quote marks, emphasis, and a Markdown heading's hashes ("## Answered by X")
_MARKUP = re.compile(r"^(#{1,6}\s+)?[>*_\s]+|^#{1,6}\s+|[*_\s]+$")


def undecorate(line: str) -> str:
    """A line without Markdown emphasis and quote marks ("**答者:X**" → "答者:X")."""
    return _MARKUP.sub("", line.strip())


def match_header(line: str, rules: HeaderRules) -> HeaderHit | None:
    """The first header rule matching this line, with its author checked."""
    text = undecorate(line)
    if not text or len(text) > 160:
        return None
    for rule in rules.rules:
        m = rule.pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        raw_author = groups.get("author") or groups.get("author2") or ""
        same_line = (groups.get("text") or "").strip()
        if rule.kind in ("section", "question"):
            # a front matter's quoted value: title: "Q?"
            return HeaderHit(rule.kind, text=same_line.strip('"\'“”') if rule.kind == "question" else same_line)
        if rule.kind == "credit":
            parts = [clean_name(p, rules) for p in _NAME_SPLIT.split(raw_author)]
            names = tuple(n for n in parts if plausible_name(n, rules))
            if not names and parts and all(rules.is_anonymous(n) for n in parts):
                return HeaderHit("credit")  # "作者:匿名用户": structure, crediting nobody
            if not names:
                continue
            return HeaderHit("credit", author=names[0], names=names, article=rule.article)
        author = clean_name(raw_author, rules)
        if rule.kind == "answer" and rules.is_anonymous(author):
            # "匿名用户的头像": a post all the same, by nobody the page names
            return HeaderHit(rule.kind, text=same_line, first_is_question=rule.first_is_question, quoted=rule.quoted)
        if not plausible_name(author, rules):
            continue
        return HeaderHit(rule.kind, author=author, text=same_line,
                         first_is_question=rule.first_is_question, quoted=rule.quoted)
    return None


def is_structural(line: str, rules: HeaderRules | None = None) -> bool:
    """True for lines the boilerplate stage must never drop (answer structure)."""
    rules = rules or load_headers()
    hit = match_header(line, rules)
    if hit is None:
        return poster_line(line, lambda name: plausible_name(name, rules), anonymous=rules.is_anonymous) is not None
    # weak headers ("X:" alone) only count once the page has been looked at whole
    return hit.kind not in ("question", "weak")
