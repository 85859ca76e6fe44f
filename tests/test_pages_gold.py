"""Consistency of the held-out test pages (tests/pages) with their hand labels (gold.json).

These tests check the labels, not the pipeline: every labelled text must really be in its
page, so that a low score on tests/pages means the pipeline missed something and never that
the gold file drifted from the pages. Texts are compared the way shared/tools/score.py
compares them (NFKC, traditional->simplified, whitespace removed, lower case).
"""
import html
import json
import re
import unicodedata
from pathlib import Path

import opencc
import pytest

PAGES = Path(__file__).parent / "pages"
GOLD = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
LABELS = {"crowded", "promising", "neutral", "mixed"}
# Pages deliberately stored in a legacy encoding: the reader must detect these.
ENCODINGS = {
    "ptt_softjob_big5.txt": "big5",
    "tw_forum_chips_utf16.txt": "utf-16",
    "nowcoder_campus_gbk.txt": "gbk",
}
NOT_PAGES = {"gold.json", "README.md"}

try:
    _t2s = opencc.OpenCC("t2s").convert
except Exception:  # the C++ binding wants the config file name
    _t2s = opencc.OpenCC("t2s.json").convert


def norm(text):
    # same folding as score.py, so a label that passes here is comparable there
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", _t2s(text)).lower()


def page_text(source):
    raw = (PAGES / source).read_text(encoding=ENCODINGS.get(source, "utf-8"))
    if source.endswith((".html", ".htm")):
        # labels are written as a reader sees the page, i.e. with entities decoded
        raw = raw + "\n" + html.unescape(raw)
    return raw


def jsonl_records(source):
    good, bad = [], 0
    for line in (PAGES / source).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            good.append(json.loads(line))
        except ValueError:
            bad += 1
    return good, bad


PAGE_IDS = [p["source"] for p in GOLD["pages"]]


def test_every_file_is_labelled_and_every_label_has_a_file():
    files = {p.name for p in PAGES.iterdir() if p.is_file() and p.name not in NOT_PAGES}
    assert files == set(PAGE_IDS)
    assert len(PAGE_IDS) == len(set(PAGE_IDS)), "a page is labelled twice"


@pytest.mark.parametrize("page", GOLD["pages"], ids=PAGE_IDS)
def test_question_and_authors_occur_in_page(page):
    text = norm(page_text(page["source"]))
    assert norm(page["question_contains"]) in text
    names = page["authors"] + page.get("optional_authors", []) + page.get("not_authors", [])
    for name in names:
        assert norm(name) in text, name
    assert not set(page["authors"]) & set(page.get("not_authors", []))
    assert not set(page["authors"]) & set(page.get("optional_authors", []))


@pytest.mark.parametrize("page", GOLD["pages"], ids=PAGE_IDS)
def test_must_keep_occurs_after_its_author(page):
    source = page["source"]
    assert 2 <= len(page["must_keep"]) <= 4
    if source.endswith(".jsonl"):
        records, _ = jsonl_records(source)
        for item in page["must_keep"]:
            texts = [norm(r["text"]) for r in records if r["author"] == item["author"]]
            assert any(norm(item["text"]) in t for t in texts), item
        return
    text = norm(page_text(source))
    for item in page["must_keep"]:
        at = text.find(norm(item["text"]))
        assert at >= 0, item
        if item["author"] is None:
            assert not page["authors"], "an unattributed keep on a page that names its authors"
        else:
            assert item["author"] in page["authors"], item
            assert 0 <= text.find(norm(item["author"])) < at, item


@pytest.mark.parametrize("page", GOLD["pages"], ids=PAGE_IDS)
def test_must_drop_occurs_and_never_overlaps_kept_text(page):
    text = norm(page_text(page["source"]))
    assert 4 <= len(page["must_drop"]) <= 6
    kept = [norm(k["text"]) for k in page["must_keep"]]
    for drop in page["must_drop"]:
        d = norm(drop)
        assert d in text, drop
        # a drop string inside a kept sentence would make the two labels contradict
        assert not any(d in k or k in d for k in kept), drop
        assert d not in norm(page["question_contains"]), drop


def test_stances_refer_to_labelled_pages_and_authors():
    pages = {p["source"]: p for p in GOLD["pages"]}
    per_page = {}
    for item in GOLD["stances"]:
        page = pages[item["source"]]
        assert set(item["stance"]) <= LABELS and item["stance"], item
        if page["authors"]:
            assert item["author"] in page["authors"], item
        else:
            assert item["author"] is None, item
        text = norm(page_text(item["source"]))
        assert any(norm(d) in text for d in item["direction"]), item
        key = (item["source"], item["author"], norm(item["direction"][0]))
        assert key not in per_page, f"duplicate stance label {key}"
        per_page[key] = item
    counts = {}
    for source, _, _ in per_page:
        counts[source] = counts.get(source, 0) + 1
    assert set(counts) == set(pages)
    assert all(3 <= n <= 8 for n in counts.values()), counts


def test_both_polarities_are_labelled():
    labels = [tuple(s["stance"]) for s in GOLD["stances"]]
    assert sum(lab == ("crowded",) for lab in labels) >= 10
    assert sum(lab == ("promising",) for lab in labels) >= 10


@pytest.mark.parametrize("source", sorted(ENCODINGS))
def test_legacy_encodings_are_real(source):
    data = (PAGES / source).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    if ENCODINGS[source] == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff"), "UTF-16 page must carry a BOM"
    assert "\ufffd" not in data.decode(ENCODINGS[source])


def test_jsonl_page_has_one_malformed_line_and_one_question():
    sources = [s for s in PAGE_IDS if s.endswith(".jsonl")]
    assert sources
    for source in sources:
        records, bad = jsonl_records(source)
        assert bad == 1
        assert len(records) >= 3
        assert len({r["question"] for r in records}) == 1
        for r in records:
            assert {"text", "author", "question", "source_url", "date"} <= set(r)
