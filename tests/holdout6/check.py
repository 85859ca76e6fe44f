#!/usr/bin/env python3
"""Check gold.json against the pages of holdout6.

Decodes every page with its real encoding (strictly) and asserts that every labelled
string occurs in it: authors, optional/not authors, question_contains, must_keep
(exactly once, raw and after normalisation), must_drop, and the first direction name
of every stance row.  Also checks the label shape, 6-8 stance rows per page, 4-8
authors per page, and that no page contains an e-mail address or phone-like number.
Normalisation follows shared/tools/score.py: NFKC, whitespace removal, lowercasing
(traditional->simplified is applied only when `opencc` is importable; labels on the
traditional pages are written in traditional characters, so it is not needed here).
"""
import json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENCODINGS = {"r03_e25a.txt": "gbk", "r08_0f4b.xml": "big5"}   # all others: utf-8, no BOM
LABELS = {"crowded", "promising", "mixed", "neutral"}

try:
    import opencc
    try:
        _cc = opencc.OpenCC("t2s")
    except Exception:
        _cc = opencc.OpenCC("t2s.json")
    t2s = _cc.convert
except ImportError:
    def t2s(s):
        return s

def norm(s):
    return re.sub(r"\s+", "", t2s(unicodedata.normalize("NFKC", str(s)))).lower()

def load(name):
    raw = (HERE / name).read_bytes()
    enc = ENCODINGS.get(name, "utf-8")
    if enc != "utf-8":
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{name}: expected non-UTF-8 ({enc}) but it decodes as UTF-8")
    else:
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: unexpected BOM"
    return raw.decode(enc)  # strict

def main():
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    errors = []
    def need(cond, msg):
        if not cond:
            errors.append(msg)
    texts = {}
    for page in gold["pages"]:
        src = page["source"]
        try:
            text = load(src)
        except Exception as exc:
            errors.append(f"{src}: cannot decode: {exc}")
            continue
        texts[src] = text
        nt = norm(text)
        def found(s):
            return s in text or norm(s) in nt
        need(found(page["question_contains"]), f"{src}: question_contains not found: {page['question_contains']}")
        need(4 <= len(page["authors"]) <= 8, f"{src}: {len(page['authors'])} authors")
        for kind in ("authors", "optional_authors", "not_authors"):
            for n in page.get(kind, []):
                need(found(n), f"{src}: {kind} name not found: {n}")
        overlap = set(page["authors"]) & (set(page.get("optional_authors", [])) | set(page.get("not_authors", [])))
        need(not overlap, f"{src}: names in two lists: {overlap}")
        for item in page["must_keep"]:
            t = item["text"]
            need(item["author"] in page["authors"], f"{src}: must_keep author not an author: {item['author']}")
            need(text.count(t) == 1, f"{src}: must_keep occurs {text.count(t)}x raw: {t}")
            need(nt.count(norm(t)) == 1, f"{src}: must_keep occurs {nt.count(norm(t))}x normalised: {t}")
        for d in page["must_drop"]:
            need(found(d), f"{src}: must_drop not found: {d}")
            for item in page["must_keep"]:
                need(norm(d) not in norm(item["text"]) and norm(item["text"]) not in norm(d),
                     f"{src}: must_drop overlaps must_keep: {d}")
        emails = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
        need(not emails, f"{src}: e-mail-like strings: {emails}")
        phones = re.findall(r"(?<!\d)(?:1[3-9]\d{9}|\d{3,4}[- ]\d{7,8}|\(\d{3}\) ?\d{3}-\d{4}|\+\d{1,3}[ -]\d{2,4}[ -]\d{3,4}[ -]?\d{3,4})(?!\d)", text)
        need(not phones, f"{src}: phone-like numbers: {phones}")
    per_page = Counter()
    by_page = {p["source"]: p for p in gold["pages"]}
    for row in gold["stances"]:
        src = row["source"]
        per_page[src] += 1
        page = by_page.get(src)
        need(page is not None, f"stance row for unknown page {src}")
        if page is None or src not in texts:
            continue
        need(row["author"] in page["authors"] + page.get("optional_authors", []),
             f"{src}: stance author not listed: {row['author']}")
        first = row["direction"][0]
        need(first in texts[src] or norm(first) in norm(texts[src]), f"{src}: first direction name not found: {first}")
        need(row["stance"] and set(row["stance"]) <= LABELS, f"{src}: bad stance labels {row['stance']}")
    for src in by_page:
        need(6 <= per_page[src] <= 8, f"{src}: {per_page[src]} stance rows")
    for e in errors:
        print("FAIL", e)
    print(f"{len(gold['pages'])} pages, {len(gold['stances'])} stance rows, "
          f"{sum(len(p['must_keep']) for p in gold['pages'])} must_keep, "
          f"{sum(len(p['must_drop']) for p in gold['pages'])} must_drop: "
          + ("FAILED" if errors else "all labelled strings found"))
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
