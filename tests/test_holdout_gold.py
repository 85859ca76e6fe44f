"""Consistency of the held-out labels in tests/holdout/ (pages, gold.json, stance_sentences.tsv).

These tests check the labels against the pages they describe, not the product:
a label that names text the page does not contain can never be scored fairly.
Texts are compared the way shared/tools/score.py compares them (NFKC,
traditional->simplified, no whitespace, lower case).
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import opencc
import pytest

HOLDOUT = Path(__file__).resolve().parent / "holdout"
LABEL_FILES = {"gold.json", "README.md", "stance_sentences.tsv"}
LABELS = {"crowded", "promising", "neutral", "mixed"}
_T2S = opencc.OpenCC("t2s").convert


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _T2S(text)).lower()


def name_key(text: str) -> str:
    return re.sub(r"[-_.·]", "", norm(text))


def names_match(a: str, b: str) -> bool:
    """The scorer's rule: equal keys, or a key of 3+ characters inside the other."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 3 and short in long_)


GOLD = json.loads((HOLDOUT / "gold.json").read_text(encoding="utf-8"))
PAGES = {p["source"]: p for p in GOLD["pages"]}


def page_text(source: str) -> str:
    # utf-8-sig: one page is saved with a byte-order mark on purpose
    return norm((HOLDOUT / source).read_text(encoding="utf-8-sig"))


def test_every_page_file_is_labelled_and_every_label_has_a_file():
    files = {f.name for f in HOLDOUT.iterdir() if f.is_file() and f.name not in LABEL_FILES}
    assert files == set(PAGES)
    assert len(files) == 8


def test_one_page_is_utf8_with_bom_and_in_traditional_script():
    bom = [s for s in PAGES if (HOLDOUT / s).read_bytes().startswith(b"\xef\xbb\xbf")]
    assert len(bom) == 1
    raw = (HOLDOUT / bom[0]).read_text(encoding="utf-8-sig")
    assert _T2S(raw) != raw  # conversion changes it: the page is really traditional


@pytest.mark.parametrize("source", sorted(PAGES))
def test_labelled_strings_occur_in_their_page(source):
    page, text = PAGES[source], page_text(source)
    names = page["authors"] + page.get("optional_authors", []) + page.get("not_authors", [])
    strings = names + [k["text"] for k in page["must_keep"]] + page["must_drop"]
    if "question_contains" in page:
        strings.append(page["question_contains"])
    missing = [s for s in strings if norm(s) not in text]
    assert not missing, f"{source}: not in the page: {missing}"


@pytest.mark.parametrize("source", sorted(PAGES))
def test_page_labels_are_well_formed(source):
    page = PAGES[source]
    assert 3 <= len(page["authors"]) + len(page.get("optional_authors", [])) <= 7
    assert 2 <= len(page["must_keep"]) <= 3
    assert 4 <= len(page["must_drop"]) <= 6
    kept = [norm(k["text"]) for k in page["must_keep"]]
    inside = [d for d in page["must_drop"] if any(norm(d) in k or k in norm(d) for k in kept)]
    assert not inside, f"{source}: furniture overlaps kept text: {inside}"
    assert all(k["author"] in page["authors"] for k in page["must_keep"])
    # an editor or reposting account must not be confusable with an author under the scorer's matching
    clash = [(n, a) for n in page.get("not_authors", [])
             for a in page["authors"] + page.get("optional_authors", []) if names_match(n, a)]
    assert not clash
    assert not set(page["authors"]) & set(page.get("optional_authors", []))


def test_stances_name_labelled_authors_and_directions_in_the_page():
    counts: dict[str, int] = {}
    seen = set()
    for item in GOLD["stances"]:
        page = PAGES[item["source"]]
        assert item["author"] in page["authors"], item
        assert item["stance"] and set(item["stance"]) <= LABELS, item
        text = page_text(item["source"])
        assert any(norm(d) in text for d in item["direction"]), item
        key = (item["source"], item["author"], norm(item["direction"][0]))
        assert key not in seen, f"duplicate stance {key}"
        seen.add(key)
        counts[item["source"]] = counts.get(item["source"], 0) + 1
    assert set(counts) == set(PAGES)
    assert all(4 <= n <= 8 for n in counts.values()), counts


def _tsv_rows() -> list[dict[str, str]]:
    with (HOLDOUT / "stance_sentences.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_stance_sentences_are_well_formed():
    rows = _tsv_rows()
    assert len(rows) == 80
    for row in rows:
        assert list(row) == ["label", "direction_names", "sentence", "case"]
        assert set(row["label"].split("|")) <= LABELS, row
        assert row["case"], row
        names = row["direction_names"].split("|")
        assert any(norm(n) in norm(row["sentence"]) for n in names), row
    pairs = [(r["sentence"], norm(r["direction_names"].split("|")[0])) for r in rows]
    assert len(pairs) == len(set(pairs))


def test_stance_sentences_language_mix():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    rows = _tsv_rows()
    trad = [r for r in rows if _T2S(r["sentence"]) != r["sentence"]]
    english = [r for r in rows if not cjk.search(r["sentence"])]
    simplified = len(rows) - len(trad) - len(english)
    assert 0.08 <= len(trad) / len(rows) <= 0.12
    assert 0.22 <= len(english) / len(rows) <= 0.28
    assert 0.60 <= simplified / len(rows) <= 0.70
