"""Stage 1, read: find corpus files and decode them (row files are parsed by rows.py).

`read_corpus` walks the corpus folder and returns one `RawDoc` per usable
file plus a `Rejected` record for every file (or row of a row file) it could
not use. One bad file never stops the run: the reason says what to do.

Decoding (see `decode_bytes`) runs this cascade, in order:

1. a byte-order mark: UTF-8-sig, UTF-16 LE/BE (UTF-32 too);
2. NUL bytes: UTF-16 without a BOM when they sit on one parity, else binary
   when control bytes are more than 1% of the file (a stray NUL is not);
3. strict UTF-8 (most scraped pages); then a mixed file, whose lines are
   each strict UTF-8 or a plausible Chinese legacy encoding (a UTF-8 page
   with an answer pasted in from a GBK one); then UTF-8 with under 1% broken
   sequences replaced by U+FFFD (a page cut mid-character);
4. strict GB18030 and strict Big5/CP950, ranked by how much each decoding
   reads like real Chinese: a frequency table of common characters
   (data/hanzi_frequency.txt) decides, charset-normalizer's order breaks
   ties, because detectors alone mistake a short GBK line for Korean;
5. charset-normalizer's best guess for anything else (Latin-1 pages...);
6. otherwise the file is rejected with the encodings tried.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import CorpusNotFound
from .records import RawDoc, Rejected
from .rows import parse_rows

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".xml"})
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# charset-normalizer names → the codec we decode with. GB18030 is a superset of
# GBK and GB2312, CP950 of Big5 (it adds the euro sign and vendor characters).
_CHINESE_CODECS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030",
    "big5": "big5", "cp950": "cp950", "big5hkscs": "big5hkscs",
}
_UTF16 = ("utf_16", "utf_16_le", "utf_16_be")
# Score a decoding on at most this many non-ASCII characters: enough to decide,
# cheap on 50 MB.
_SAMPLE_CHARS = 20000
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A Chinese decoding that reads worse than this loses to a confident non-Chinese guess.
_MIN_PLAUSIBLE = 0.35
# The legacy lines of a mixed file must read at least this well: real Chinese
# scores above 0.9, UTF-8 bytes misread as GB18030 about 0.4.
_MIN_MIXED = 0.7
_HAN_CHAR = re.compile("[\u3400-\u9fff]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and the codec that produced it."""

    text: str
    encoding: str


class DecodeFailure(ValueError):
    """Bytes that no candidate encoding turns into text (message = user-facing reason)."""


# --------------------------------------------------------------------------- discovery


def discover(corpus: Path) -> list[Path]:
    """Corpus files with a supported suffix, sorted by relative POSIX path."""
    files, _ = _walk(corpus)
    return files


def _walk(corpus: Path) -> tuple[list[Path], list[Rejected]]:
    """Files to read plus rejections for folders that could not be listed.

    Symlinked folders are followed (users link datasets in) but each real folder
    is entered once, so a link loop ends. Hidden names are skipped: the store may
    live inside the corpus as `.discourse/`.
    """
    corpus = Path(corpus)
    problems: list[Rejected] = []

    def onerror(err: OSError) -> None:
        where = _relative(Path(err.filename or corpus), corpus)
        problems.append(Rejected(where, "read", f"cannot list folder: {_os_reason(err)}"))

    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    found: list[tuple[str, Path]] = []
    for top, dirs, names in os.walk(corpus, followlinks=True, onerror=onerror):
        real = os.path.realpath(top)
        if real in seen_dirs:
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            path = Path(top, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            real_file = os.path.realpath(path)
            if real_file in seen_files:  # the same file reached through a link
                continue
            seen_files.add(real_file)
            found.append((_relative(path, corpus), path))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found], problems


def _relative(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus).as_posix()
    except ValueError:
        return path.as_posix()


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    return err.strerror or type(err).__name__


# --------------------------------------------------------------------------- reading


def read_corpus(
    corpus: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[RawDoc], list[Rejected]]:
    """Read every supported file under `corpus`.

    Returns the decoded documents (sorted by source) and every rejection: whole
    files, single rows of row files, and folders that could not be listed.
    Raises `CorpusNotFound` only when the folder is missing or holds no file with
    a supported suffix; files that exist but cannot be used are rejections.
    """
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {corpus} (pass --corpus DIR)")
    paths, rejected = _walk(corpus)
    if not paths and not rejected:
        wanted = " ".join(sorted(SUFFIXES))
        raise CorpusNotFound(f"no corpus files under {corpus}: add files ending in {wanted}")
    docs: list[RawDoc] = []
    for path in paths:
        doc, problems = read_file(path, corpus, max_bytes=max_bytes)
        rejected.extend(problems)
        if doc is not None:
            docs.append(doc)
    return docs, rejected


def read_file(
    path: Path, corpus: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[RawDoc | None, list[Rejected]]:
    """Decode one file; never raises for a bad file.

    Returns `(doc, rejections)`. `doc` is None when the whole file is unusable
    (one rejection says why). For row files `doc` holds the good rows and the
    rejections list the bad ones with their line or record number.
    """
    path, corpus = Path(path), Path(corpus)
    source = _relative(path, corpus)

    def reject(reason: str) -> tuple[None, list[Rejected]]:
        return None, [Rejected(source, "read", reason)]

    try:
        size = path.stat().st_size
        if size > max_bytes:
            return reject(
                f"file larger than {max_bytes / 2**20:g} MB ({size / 2**20:.1f} MB): "
                "split it or raise max_bytes"
            )
        raw = path.read_bytes()
    except OSError as err:
        return reject(_os_reason(err))
    if not raw.strip():
        return reject("empty file")
    try:
        decoded = decode_bytes(raw)
    except DecodeFailure as err:
        return reject(str(err))
    if not decoded.text.strip():
        return reject("empty file (only whitespace after decoding)")
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".csv", ".xml"):
        rows, problems = parse_rows(decoded.text, suffix, source)
        if not rows:
            if suffix not in (".json", ".xml") or not problems:  # the file's own problem already says why
                problems.append(Rejected(source, "read", "no usable rows: no row has answer text "
                                         "(see data/rows.toml for the field names read)"))
            return None, problems
        doc = RawDoc(source, "", decoded.encoding, "rows", digest, tuple(rows))
        return doc, problems
    return RawDoc(source, decoded.text, decoded.encoding, _text_format(suffix, decoded.text), digest), []


def _text_format(suffix: str, text: str) -> str:
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".md":
        return "markdown"
    # Scrapers often save whole pages as .txt; only a real document start counts.
    head = text.lstrip("\ufeff \t\r\n")[:20].lower()
    if head.startswith("<!doctype html") or head.startswith("<html"):
        return "html"
    return "text"


# --------------------------------------------------------------------------- decoding


def decode_bytes(raw: bytes) -> Decoded:
    """Decode file bytes with the cascade in the module docstring.

    Raises `DecodeFailure` (a ValueError) with a user-facing reason.
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf_8_sig"),
        (b"\xff\xfe\x00\x00", "utf_32"),
        (b"\x00\x00\xfe\xff", "utf_32"),
        (b"\xff\xfe", "utf_16"),
        (b"\xfe\xff", "utf_16"),
    ):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), codec)
            except UnicodeDecodeError:
                raise DecodeFailure(f"cannot decode: the file starts with a {codec} byte-order mark but is not {codec}") from None
    if b"\x00" in raw:
        utf16 = _bomless_utf16(raw)
        if utf16 is not None:
            return utf16
        if _looks_binary(raw):
            raise DecodeFailure("binary file (NUL bytes)")
        # A few stray NULs in text (one corrupted JSONL line, a scraper's
        # padding) go on: the row parser rejects that line, normalize drops them.
    try:
        return Decoded(raw.decode("utf_8"), "utf_8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(raw)
    if mixed is not None:
        return mixed
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return damaged
    return _decode_legacy(raw)


def _damaged_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with a few broken sequences (a scraper cut a character in half).

    Decoding such a page as GB18030 would garble all of it; replacing the few
    bad bytes with U+FFFD loses one character. Legacy-encoded Chinese fails
    UTF-8 on nearly every character, so 1% is far from both.
    """
    text = raw.decode("utf_8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good >= 20 and bad * 100 <= good:
        return Decoded(text, "utf_8")
    return None


# C0 control bytes that text files do not contain (tab, newlines, form feed and
# escape excluded); executables, images and archives are full of them.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
BINARY_CONTROL_SHARE = 0.01


def _looks_binary(raw: bytes) -> bool:
    """More than 1% control bytes: a binary file, whatever its name says."""
    controls = sum(raw.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > BINARY_CONTROL_SHARE * len(raw)


def _mixed_lines(raw: bytes) -> Decoded | None:
    """A file whose lines are UTF-8 or GB18030/Big5, line by line.

    Pages stitched together from several sources keep each source's encoding.
    UTF-8 lines (with Chinese in them) are taken as they are; the other lines
    are decoded together with the legacy cascade and must read like real
    Chinese, so a UTF-8 page with a character cut in half (whose broken line
    turns into mojibake scoring about 0.4) goes to `_damaged_utf8` instead.
    """
    lines = raw.split(b"\n")
    utf8_han = False
    legacy: list[int] = []
    decoded: list[str | None] = []
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf_8")
        except UnicodeDecodeError:
            legacy.append(i)
            decoded.append(None)
            continue
        utf8_han = utf8_han or _HAN_CHAR.search(text) is not None
        decoded.append(text)
    if not utf8_han or not legacy:
        return None
    try:
        rest = _decode_legacy(b"\n".join(lines[i] for i in legacy))
    except DecodeFailure:
        return None
    if rest.encoding not in _CHINESE_CODECS.values() or plausibility(rest.text, _frequency_table()) < _MIN_MIXED:
        return None
    parts = rest.text.split("\n")
    if len(parts) != len(legacy):  # a legacy codec would not add or eat newlines; be safe
        return None
    for i, text in zip(legacy, parts):
        decoded[i] = text
    return Decoded("\n".join(t or "" for t in decoded), f"utf_8+{rest.encoding}")


def _bomless_utf16(raw: bytes) -> Decoded | None:
    """UTF-16 without a BOM: the NULs sit mostly on odd (LE) or even (BE) offsets.

    ASCII puts its NUL on one side; a Han character such as 一 (U+4E00) puts
    one on the other, hence "mostly" rather than "all".
    """
    if len(raw) % 2:
        return None
    odd, even = raw[1::2].count(0), raw[0::2].count(0)
    if odd > 4 * even:
        codec = "utf_16_le"
    elif even > 4 * odd:
        codec = "utf_16_be"
    else:
        return None
    try:
        return Decoded(raw.decode(codec), codec)
    except UnicodeDecodeError:
        return None


def _decode_legacy(raw: bytes) -> Decoded:
    """Steps 4-6: Chinese legacy encodings ranked by plausibility, then the detector."""
    guesses = from_bytes(raw[:200_000])
    best = guesses.best()
    candidates: dict[str, str] = {}
    # One GB candidate and one Big5-family candidate: plain Big5 first, then its
    # supersets, so a file that only CP950 or HKSCS can decode still gets a chance.
    for family in (("gb18030",), ("big5", "cp950", "big5hkscs")):
        for codec in family:
            try:
                candidates[codec] = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    # The detector's order breaks ties between equally plausible decodings.
    order = [_CHINESE_CODECS.get(m.encoding, m.encoding) for m in guesses]
    order += [c for c in ("gb18030", "big5", "cp950", "big5hkscs") if c not in order]
    if candidates:
        table = _frequency_table()
        ranked = sorted(
            candidates,
            key=lambda c: (-round(plausibility(candidates[c], table), 3), order.index(c)),
        )
        choice = ranked[0]
        score = plausibility(candidates[choice], table)
        foreign = best is not None and _CHINESE_CODECS.get(best.encoding) is None and best.encoding not in _UTF16
        if score >= _MIN_PLAUSIBLE or not foreign:
            return Decoded(candidates[choice], choice)
    if best is not None:
        try:
            return Decoded(raw.decode(best.encoding), best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise DecodeFailure(
        "cannot decode: tried utf-8, utf-16, gb18030, big5/cp950 and charset detection; "
        "re-save the file as UTF-8"
    )


@lru_cache(maxsize=1)
def _frequency_table() -> Mapping[str, float]:
    """Character → weight in (0, 1]: 1 for the most common, falling with rank."""
    path = Path(__file__).with_name("data") / "hanzi_frequency.txt"
    weights: dict[str, float] = {}
    rank = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # Top 500 characters cover most running text; below that the weight falls
        # linearly so a decoding full of rare characters loses to a common one.
        weight = 1.0 if rank < 500 else max(0.2, 1.0 - 0.8 * (rank - 500) / 4500)
        for char in line:
            weights.setdefault(char, weight)
        rank += 1
    return weights


def plausibility(text: str, table: Mapping[str, float]) -> float:
    """How much `text` reads like Chinese: mean weight over its non-ASCII characters.

    Common characters score up to 1, rare Han characters 0, and characters that
    a wrong Chinese decoding produces (kana, hangul, bopomofo, box drawing,
    private use, control) -1. ASCII does not count either way.
    """
    total = 0.0
    counted = 0
    for match in islice(_NON_ASCII.finditer(text), _SAMPLE_CHARS):
        char = match.group(0)
        counted += 1
        if char in table:
            total += table[char]
        elif _is_suspicious(char):
            total -= 1.0
    return total / counted if counted else 0.0


def _is_suspicious(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3100 <= code <= 0x312F  # bopomofo
        or 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF  # hangul
        or 0x2500 <= code <= 0x259F  # box drawing, blocks
        or 0xE000 <= code <= 0xF8FF  # private use
        or 0xFF61 <= code <= 0xFF9F  # half-width katakana
        or 0x80 <= code < 0xA0
    )
