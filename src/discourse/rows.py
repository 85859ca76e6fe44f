"""Row files (.jsonl, .json, .csv, and RSS/Atom feeds in .xml): records of already-split answers.

`parse_rows` turns a decoded row file into `Row`s plus a `Rejected` record
per unusable row (with its line or record number). Scrapers and site APIs
name fields differently; which record fields fill a row's text, author and
question, where a .json file keeps its records, and which row types are page
furniture are listed in data/rows.toml.

Chat exports (Slack, Discord, Telegram JSON) are rows too: `_chat_context`
resolves sender ids to names (through each message's profile or the export's
users table, also in "<@U…>" mentions), gives a thread's replies the opening
message's question, and marks bots, apps and system senders as furniture.
"""
from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_data
from .errors import ConfigError
from .records import Rejected, Row

_ROW_SLOTS = ("text", "author", "question")


def parse_rows(text: str, suffix: str, source: str) -> tuple[list[Row], list[Rejected]]:
    """Parse a .jsonl/.json/.csv text into rows plus per-row rejections."""
    users: dict[str, str] = {}  # a chat export's users table, filled while its records are read
    if suffix == ".jsonl":
        records = list(_jsonl_records(text, source))
    elif suffix == ".json":
        records = list(_json_records(text, source, users))
    elif suffix == ".xml":
        records = list(_feed_records(text, source))
    else:
        records = list(_csv_records(text, source))
    context = _chat_context([r for _, r in records if not isinstance(r, Rejected)], users)
    rows: list[Row] = []
    problems: list[Rejected] = []
    for number, record in records:
        if isinstance(record, Rejected):
            problems.append(record)
            continue
        row = _make_row(number, context.apply(record))
        if isinstance(row, str) and _kind_is_furniture(record):
            continue  # a recommendation card with only a title: nobody's answer, nothing wrong
        if isinstance(row, str):
            problems.append(Rejected(source, "read", row, line=number))
        else:
            rows.append(row)
    return rows, problems


Record = tuple[int, "dict[str, object] | Rejected"]


def _jsonl_records(text: str, source: str) -> Iterable[Record]:
    # Split on '\n' only: str.splitlines would also split inside JSON strings
    # holding U+2028, which JSON allows unescaped.
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, Rejected(source, "read", f"malformed JSON: {err.msg} (column {err.colno})", line=number)
            continue
        if not isinstance(value, dict):
            yield number, Rejected(source, "read", f"line is a JSON {type(value).__name__}, expected an object", line=number)
            continue
        yield number, value


def _json_records(text: str, source: str, users: dict[str, str]) -> Iterable[Record]:
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        reason = f"malformed JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        yield 0, Rejected(source, "read", reason, line=err.lineno)
        return
    users.update(_users_table(value))
    value, defaults = _record_list(value)
    if not isinstance(value, list):
        lists = ", ".join(load_row_fields().lists)
        yield 0, Rejected(source, "read", "expected a JSON list of objects or an object with a list of "
                          f"them under one of: {lists}")
        return
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            reason = f"record {number} is a JSON {type(item).__name__}, expected an object"
            yield number, Rejected(source, "read", reason, line=number)
            continue
        yield number, {**defaults, **item}


# The XML declaration names the file's encoding, but the text is already decoded
# (read.py detects it); expat refuses a declared multi-byte encoding (Big5, GBK,
# Shift_JIS) in a str, so the declaration goes before parsing.
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.IGNORECASE)


def _local(tag: str) -> str:
    """`{http://purl.org/dc/elements/1.1/}creator` → `creator`."""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(node: ET.Element, names: Sequence[str]) -> str:
    """The text of the first child named one of `names` (local names, in order of preference)."""
    children = {}
    for child in node:
        children.setdefault(_local(child.tag), child)
    for name in names:
        child = children.get(name)
        if child is None:
            continue
        if name == "author" and len(child):  # Atom: <author><name>X</name></author>
            text = _child_text(child, ("name",))
        else:
            text = "".join(child.itertext()).strip()
        if text:
            return text
    return ""


def _feed_records(text: str, source: str) -> Iterable[Record]:
    """RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: one record per <item> or <entry>.

    A comment feed (WordPress "Comments on: X", 「X」的留言) is a thread: the
    channel's title, without the feed's own wording, is the question of every item.
    """
    body = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:
        yield 0, Rejected(source, "read", f"malformed XML: {err}")
        return
    feed = load_row_fields().feed
    kind = _local(root.tag)
    channel = next((c for c in root if _local(c.tag) == "channel"), root)
    entries = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    if kind not in ("rss", "rdf", "feed") or not entries:
        yield 0, Rejected(source, "read", f"XML root <{kind}> is not an RSS or Atom feed with items: "
                          "only feeds are read from .xml files (save other pages as .html or .txt)")
        return
    question = _feed_question(_child_text(channel, ("title",)), feed)
    for number, entry in enumerate(entries, start=1):
        record: dict[str, object] = {
            "content": _child_text(entry, feed.text),
            "author": _child_text(entry, feed.author),
            "question": question,
            "item_title": _child_text(entry, ("title",)),
            "link": _child_text(entry, ("link", "id", "guid")) or next(
                (c.get("href", "") for c in entry if _local(c.tag) == "link"), ""),
            "date": _child_text(entry, ("pubdate", "published", "updated", "date")),
        }
        if any(p.search(str(record["content"])) for p in feed.pingback):
            record["type"] = "pingback"
        yield number, record


def _feed_question(title: str, feed: "FeedFields") -> str:
    """The channel title without a comment feed's wording around it."""
    for pattern in feed.title:
        m = pattern.fullmatch(title.strip())
        if m:
            return m.group("q").strip()
    return title.strip()


def _record_list(value: object, depth: int = 3) -> tuple[object, dict[str, object]]:
    """The list of records in a parsed .json file, and the page-level fields around it.

    Site APIs wrap the list: {"answers": [...]} (our export), {"data": [...]}
    (Zhihu), {"data": {"question": {...}, "answers": [...]}} (GraphQL-style
    responses). The list is looked for under the keys of data/rows.toml, a
    few levels down; the scalars beside it, and objects in a slot of their own
    ("question": {"title": ...}), become defaults of every row.
    """
    fields = load_row_fields()
    slots = {name for names in fields.slots.values() for name in names}
    defaults: dict[str, object] = {}
    while isinstance(value, dict) and depth > 0:
        key = next((k for k in value if _field_key(k) in fields.lists and isinstance(value[k], (list, dict))), None)
        if key is None:
            break
        defaults.update({k: v for k, v in value.items() if k != key and (
            _is_scalar(v) or (isinstance(v, Mapping) and _field_key(k) in slots))})
        value, depth = value[key], depth - 1
    return value, defaults


def _users_table(value: object) -> dict[str, str]:
    """A chat export's users table: {"users": [{"id": "U1", "real_name": "Ana"}, …]} → {id: name}."""
    chat = load_row_fields().chat
    found: dict[str, str] = {}
    if not isinstance(value, Mapping):
        return found
    for key, table in value.items():
        if _field_key(key) not in chat.users or not isinstance(table, list):
            continue
        for user in table:
            if not isinstance(user, Mapping):
                continue
            keys = {_field_key(k): k for k in user}
            uid = next((user[keys[k]] for k in chat.user_key if k in keys and _is_scalar(user[keys[k]])), None)
            name = _name_in(user)
            if uid is not None and name:
                found[str(uid)] = name
    return found


def _name_in(obj: Mapping[str, object]) -> str:
    """The display name in a profile object, by the `[nested]` keys of data/rows.toml."""
    for k in load_row_fields().nested:
        v = obj.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def _first(record: Mapping[str, object], names: Sequence[str]) -> object:
    keys = {_field_key(k): k for k in record}
    return next((record[keys[n]] for n in names if n in keys and record[keys[n]] not in (None, "")), None)


_MENTION = re.compile(r"<@([A-Za-z0-9_.-]+)(\|[^>]*)?>")


@dataclass(frozen=True)
class _ChatContext:
    """What a chat export says about its messages as a whole (see `_chat_context`)."""

    names: Mapping[str, str]  # sender id -> display name
    threads: Mapping[str, str]  # message id of a thread's opening message -> the question it asks

    def apply(self, record: dict[str, object]) -> dict[str, object]:
        """The record with its sender and mentions named and its thread's question filled in."""
        if not self.names and not self.threads:
            return record
        chat = load_row_fields().chat
        out = dict(record)
        keys = {_field_key(k): k for k in out}
        field = next((keys[k] for k in chat.user_id if k in keys and out[keys[k]] not in (None, "")), None)
        if field is not None and _is_scalar(out[field]) and str(out[field]) in self.names:
            out[field] = self.names[str(out[field])]
        for k in load_row_fields().slots["text"]:
            if k in keys and isinstance(out[keys[k]], str):
                out[keys[k]] = _MENTION.sub(lambda m: "@" + self.names.get(m.group(1), m.group(1)), out[keys[k]])
        parent = _first(out, chat.parent)
        own = _first(out, chat.message_id)
        root = next((str(x) for x in (parent, own) if _is_scalar(x) and str(x) in self.threads), None)
        if root is not None and not any(k in keys for k in load_row_fields().slots["question"]):
            out["question"] = self.threads[root]
        return out


def _chat_context(records: Sequence[Mapping[str, object]], users: Mapping[str, str]) -> _ChatContext:
    """Sender names and thread questions of a chat export; empty for other row files.

    A sender's name comes from the export's users table, else from the profile
    any of its messages carries. A thread opens with the message whose id the
    others name as their parent; its first asking sentence is the thread's question."""
    chat = load_row_fields().chat
    names = dict(users)
    for record in records:
        uid, profile = _first(record, chat.user_id), _first(record, chat.profile)
        if uid is not None and _is_scalar(uid) and isinstance(profile, Mapping) and _name_in(profile):
            names.setdefault(str(uid), _name_in(profile))
    parents = {str(p) for r in records if _is_scalar(p := _first(r, chat.parent)) and p is not None}
    threads: dict[str, str] = {}
    for record in records:
        own = _first(record, chat.message_id)
        text = _first(record, load_row_fields().slots["text"])
        if _is_scalar(own) and str(own) in parents and isinstance(text, str) and text.strip():
            threads[str(own)] = _asking_line(text)
    return _ChatContext(names, threads)


def _asking_line(text: str) -> str:
    """A message's first line, up to its first question mark when it asks one."""
    line = text.strip().split("\n", 1)[0].strip()
    mark = re.search(r"[?？]", line)
    return line[:mark.end()] if mark else line


def _csv_records(text: str, source: str) -> Iterable[Record]:
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = "\t" if header.count("\t") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if None in record:
                yield number, Rejected(source, "read", f"record {number} has more fields than the header", line=number)
                continue
            # A short record leaves None; an empty cell says nothing either.
            yield number, {k: v for k, v in record.items() if v not in (None, "")}
    except csv.Error as err:
        reason = f"malformed CSV: {err}; the rest of the file was skipped"
        yield reader.line_num, Rejected(source, "read", reason, line=reader.line_num)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


@dataclass(frozen=True)
class RowFields:
    """data/rows.toml: the names each Row slot is read from, and what a row of furniture looks like."""

    slots: Mapping[str, tuple[str, ...]]  # slot -> field names, normalized by _field_key
    nested: tuple[str, ...]  # name keys inside a nested object
    lists: tuple[str, ...]  # keys of a .json object that hold the records
    kind_fields: tuple[str, ...]
    kind_flags: tuple[str, ...]
    furniture: frozenset[str]
    chat: "ChatFields"
    feed: "FeedFields"


@dataclass(frozen=True)
class FeedFields:
    """data/rows.toml [feed]: where an RSS/Atom item keeps its text and author, and a
    comment feed's title wording."""

    text: tuple[str, ...]
    author: tuple[str, ...]
    title: tuple[re.Pattern[str], ...]
    pingback: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class ChatFields:
    """data/rows.toml [chat]: how a chat export names senders, threads and bots."""

    user_id: tuple[str, ...]
    profile: tuple[str, ...]
    users: tuple[str, ...]
    user_key: tuple[str, ...]
    message_id: tuple[str, ...]
    parent: tuple[str, ...]
    bot_flags: tuple[str, ...]
    system_senders: frozenset[str]


@lru_cache(maxsize=1)
def load_row_fields() -> RowFields:
    data = tomllib.loads(read_data("rows.toml"))
    try:
        slots = {slot: tuple(_field_key(f) for f in data["fields"][slot]) for slot in _ROW_SLOTS}
        return RowFields(slots=slots, nested=tuple(data["nested"]["keys"]),
                         lists=tuple(_field_key(k) for k in data["records"]["lists"]),
                         kind_fields=tuple(_field_key(k) for k in data["kind"]["fields"]),
                         kind_flags=tuple(_field_key(k) for k in data["kind"].get("flags", ())),
                         furniture=frozenset(k.lower() for k in data["kind"]["furniture"]),
                         chat=ChatFields(**{k: tuple(_field_key(f) for f in data["chat"][k])
                                            for k in ("user_id", "profile", "users", "user_key", "message_id",
                                                      "parent", "bot_flags")},
                                         system_senders=frozenset(s.lower() for s in data["chat"]["system_senders"])),
                         feed=FeedFields(text=tuple(data["feed"]["text"]), author=tuple(data["feed"]["author"]),
                                         title=tuple(re.compile(p, re.IGNORECASE) for p in data["feed"]["title"]),
                                         pingback=tuple(re.compile(p, re.IGNORECASE) for p in data["feed"]["pingback"])))
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"data/rows.toml is missing {exc}") from exc


def _field_key(name: object) -> str:
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def _slot(record: Mapping[str, object], names: Sequence[str], nested: Sequence[str], *,
          numbers: bool = False) -> tuple[str | None, str, str | None]:
    """(field, value, problem): the first of `names` the record fills with text.

    When none does, `problem` says what was wrong with the first one present
    (an empty string, a number), for the rejection message. `numbers` takes a
    number as its text (a numeric user id as the author)."""
    keys = {_field_key(k): k for k in record}
    problem = None
    for name in names:
        key = keys.get(name)
        if key is None:
            continue
        value = record[key]
        if isinstance(value, Mapping):  # "author": {"name": ...}
            value = next((value[k] for k in nested if isinstance(value.get(k), str) and value[k].strip()), "")
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return key, value, None
        if problem is None:
            problem = (f"empty '{key}'" if isinstance(value, str) or value is None
                       else f"'{key}' is a {type(value).__name__}, expected a string")
    return None, "", problem


def _make_row(number: int, record: Mapping[str, object]) -> Row | str:
    """A Row, or the reason the record cannot be one."""
    fields = load_row_fields()
    used = {slot: _slot(record, fields.slots[slot], fields.nested, numbers=slot != "text") for slot in _ROW_SLOTS}
    text_key, text, problem = used["text"]
    if text_key is None:
        names = ", ".join(sorted(str(k) for k in record)[:8]) or "none"
        return problem or (f"no text field (fields: {names}; text is read from "
                           f"{', '.join(fields.slots['text'][:4])} ..., see data/rows.toml)")
    taken = {key for key, _, _ in used.values() if key is not None}
    return Row(
        line=number,
        text=text,
        author=used["author"][1],
        question=used["question"][1],
        extra={str(k): v for k, v in record.items() if k not in taken},
    )


def _kind_is_furniture(record: Mapping[str, object]) -> bool:
    fields = load_row_fields()
    kinds = {_field_key(k): v for k, v in record.items()}
    return any(isinstance(kinds.get(f), str) and _field_key(kinds[f]) in fields.furniture
               for f in fields.kind_fields)


def row_kind_is_furniture(row: Row) -> bool:
    """The row's type/kind column names page furniture (an ad, a related-posts card, a
    chat's join event), or a bot, an app or the platform itself sent it."""
    fields = load_row_fields()
    kinds = {_field_key(k): v for k, v in row.extra.items()}
    if any(isinstance(kinds.get(f), str) and _field_key(kinds[f]) in fields.furniture
           for f in fields.kind_fields):
        return True
    if any(kinds.get(f) not in (None, "", False, 0) for f in fields.chat.bot_flags + fields.kind_flags):
        return True
    return row.author.strip().lower() in fields.chat.system_senders
