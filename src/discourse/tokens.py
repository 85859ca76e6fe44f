"""Word tokens for topic labels and term discovery, Chinese and English alike.

Text is split into three kinds of spans before anything is segmented:

0. links (``https://…``, ``www.…``), skipped;
1. vocabulary terms written with Latin letters or spaces (``BYOL``,
   ``diffusion model``), matched case-insensitively and emitted in the
   vocabulary's own spelling, so that a lexicon term is one token however
   the author capitalised it;
2. English words, acronyms and hyphenated compounds (``ViT``, ``GPT-3``,
   ``self-supervised``), kept whole;
3. runs of CJK text, cut by a private jieba tokenizer that has the
   vocabulary's Chinese terms added (``自监督``, ``对比学习``), so they are
   never split into their characters.

English words are lower-cased unless they carry a capital after the first
letter (``BYOL``, ``ViT``, ``ResNet``): those are names, and their spelling is
what a reader expects in a label. Stopwords (``data/stopwords_*.txt``),
single characters and tokens without a letter are dropped.

``tokenize(text, vocabulary)`` for one text; ``tokenizer(vocabulary)`` returns
the same function with the vocabulary prepared once, for many texts.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Callable, Sequence

import jieba

from .datafiles import read_data

# jieba logs "Building prefix dict ..." at DEBUG on stderr each time a
# tokenizer loads its dictionary; that is noise in a command-line run.
jieba.setLogLevel(logging.WARNING)

_STOPWORD_FILES = ("stopwords_zh.txt", "stopwords_en.txt")
LEXICON_WORD_FREQ = 2000  # above most dictionary words, so lexicon terms stay whole


def pos_tagger(words: Sequence[str]):  # noqa: ANN201 - a jieba.posseg.POSTokenizer
    """A part-of-speech tagger on a private jieba dictionary (the global one stays
    untouched) holding `words` as proper nouns, so they are never cut apart."""
    import jieba.posseg

    tok = jieba.Tokenizer()
    for w in words:
        # a fixed frequency: jieba's suggest_freq segments every word and is slow
        tok.add_word(w, freq=LEXICON_WORD_FREQ, tag="nz")
    return jieba.posseg.POSTokenizer(tok)

# A word with at least one Latin letter, digits allowed (3D, ResNet50), and
# hyphen/apostrophe joints (self-supervised, GPT-3, don't). Accented letters
# belong to the word so that pinyin ruby left in a page (學(xué)) is one token,
# dropped whole, rather than an "xu" fragment.
_LETTERS = "A-Za-z\u00c0-\u024f"
_LATIN_WORD = rf"[{_LETTERS}0-9]*[{_LETTERS}][{_LETTERS}0-9]*(?:['\-][{_LETTERS}0-9]+)*"
# Links are addresses, not words: www / com / https would label a topic.
_URL = r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef]+"
# CJK Unified Ideographs with extension A and compatibility ideographs.
_CJK_RUN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
_HAS_LETTER = re.compile(r"[A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_CHAR = re.compile(_CJK_RUN)


def load_stopwords() -> frozenset[str]:
    """The bilingual stopword list shipped in ``discourse/data`` (lower case)."""
    return _stopwords()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in _STOPWORD_FILES:
        for line in read_data(name).splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word.lower())
    return frozenset(words)


def _is_cjk(term: str) -> bool:
    return _CJK_CHAR.fullmatch(term) is not None


@lru_cache(maxsize=8)
def _jieba(cjk_terms: tuple[str, ...]) -> jieba.Tokenizer:
    """A private jieba tokenizer with the given terms added (the global one stays untouched)."""
    tokenizer = jieba.Tokenizer()
    for term in cjk_terms:
        tokenizer.add_word(term)
    return tokenizer


@lru_cache(maxsize=8)
def _splitter(latin_terms: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex that finds Latin vocabulary terms, English words and CJK runs, in that priority."""
    # Longest terms first so that "diffusion model" wins over "diffusion".
    ordered = sorted(latin_terms, key=lambda t: (-len(t), t))
    # Term boundaries: not inside a longer Latin word (BYOL must not match in BYOLX).
    # Any run of whitespace inside a term matches ("diffusion  model" across a line break).
    escaped = (r"\s+".join(re.escape(part) for part in t.split()) for t in ordered)
    alternatives = [
        rf"(?P<vocab>(?<![A-Za-z0-9])(?:{'|'.join(escaped)})(?![A-Za-z0-9]))"
    ] if ordered else []
    alternatives = [rf"(?P<url>{_URL})", *alternatives,
                    rf"(?P<latin>{_LATIN_WORD})", rf"(?P<cjk>{_CJK_RUN})"]
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    canonical = {_term_key(t): t for t in ordered}
    return pattern, canonical


def _term_key(term: str) -> str:
    """Case- and spacing-insensitive form of a Latin vocabulary term."""
    return " ".join(term.split()).lower()


def _split_vocabulary(vocabulary: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Vocabulary terms split into (pure CJK terms for jieba, Latin/mixed terms for the regex)."""
    terms = sorted({t.strip() for t in vocabulary if len(t.strip()) > 1})
    cjk = tuple(t for t in terms if _is_cjk(t))
    latin = tuple(t for t in terms if not _is_cjk(t))
    return cjk, latin


def _english_form(word: str) -> str:
    """Lower-case ordinary words; keep names with inner capitals (BYOL, ViT, ResNet)."""
    if any(c.isupper() for c in word[1:]):
        return word
    return word.lower()


def _keep(token: str, stopwords: frozenset[str]) -> bool:
    if len(token) < 2 or not _HAS_LETTER.search(token):
        return False
    return token.lower() not in stopwords


def tokenizer(vocabulary: Sequence[str] = ()) -> Callable[[str], list[str]]:
    """``tokenize`` with the vocabulary prepared once, for tokenizing many texts."""
    return _prepared(tuple(vocabulary))


def tokenize(text: str, vocabulary: Sequence[str] = ()) -> list[str]:
    """Content tokens of ``text`` in reading order; vocabulary terms are kept whole."""
    return _prepared(tuple(vocabulary))(text)


@lru_cache(maxsize=8)
def _prepared(vocabulary: tuple[str, ...]) -> Callable[[str], list[str]]:
    # Splitting a lexicon of thousands of aliases costs ~40 ms; done per text
    # it dominated the topics stage, so it happens once per vocabulary.
    cjk_terms, latin_terms = _split_vocabulary(vocabulary)
    segmenter = _jieba(cjk_terms)
    pattern, canonical = _splitter(latin_terms)
    stopwords = _stopwords()

    def run(text: str) -> list[str]:
        tokens: list[str] = []
        for match in pattern.finditer(text):
            kind = match.lastgroup
            span = match.group()
            if kind == "vocab":
                tokens.append(canonical.get(_term_key(span), span))
            elif kind == "latin":
                if span.isascii():
                    tokens.append(_english_form(span))
            elif kind == "cjk":
                tokens.extend(segmenter.lcut(span))
        return [t for t in tokens if _keep(t, stopwords)]

    return run
