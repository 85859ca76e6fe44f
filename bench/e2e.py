"""End to end on the seed corpus (cold, warm, one page added) and at scale on synthetic corpora.

Synthetic corpora (see `build_synthetic`): every answer is a recombination of
real sentences. The sentence pool is the answer text of the seed corpus and
of tests/pages (their label files, README.md and gold.json, left out), as the
pipeline itself extracts it (`pipeline.ingest`: boilerplate removed, simplified), split with `passages.split_sentences`, kept when 8–160
characters long, deduplicated. An answer draws 2–5 sentences at random (seeded)
from the pool; answers are grouped 50 to a question (a real question from the
same pages) and 500 to a `.jsonl` file, each with a synthetic author name.
"""
from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

from common import ROOT, discourse_run, median, scratch

LABEL_FILES = {"README.md", "gold.json"}  # tests/pages: labels, not pages

STAGES = ("ingest", "embed", "directions", "stance", "topics", "aggregate", "report")


def seed_e2e(runs: int = 3, env: dict | None = None) -> dict:
    """Cold (fresh store), warm re-runs, and a run after one page was added."""
    work = scratch("e2e_")
    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    try:
        out = {"cold": [], "warm": [], "added": []}
        out["cold"].append(discourse_run(corpus, work / "out", work / "store", env))
        print(f"  cold {out['cold'][-1]['wall']:.1f}s", flush=True)
        for _ in range(runs):
            out["warm"].append(discourse_run(corpus, work / "out", work / "store", env))
            print(f"  warm {out['warm'][-1]['wall']:.1f}s", flush=True)
        added = ROOT / "tests" / "pages" / "zhihu_mirror_nlp.txt"
        shutil.copy(added, corpus / added.name)
        out["added"].append(discourse_run(corpus, work / "out", work / "store", env))
        out["added_page"] = added.name
        print(f"  one page added {out['added'][-1]['wall']:.1f}s", flush=True)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sentence_pool() -> tuple[list[str], list[str]]:
    from discourse.config import Settings
    from discourse.passages import split_sentences
    from discourse.pipeline import ingest

    sentences, questions, seen = [], [], set()
    work = scratch("pool_")
    for folder in (ROOT / "corpus", ROOT / "tests" / "pages"):
        pages_dir = work / folder.name
        pages_dir.mkdir()
        for f in sorted(folder.iterdir()):
            if f.is_file() and f.name not in LABEL_FILES:
                shutil.copy2(f, pages_dir / f.name)
        pages, _ = ingest(Settings(corpus=pages_dir, out=work / "unused", store=work / "unused", quiet=True))
        for page in pages:
            if page.question and page.question not in questions:
                questions.append(page.question)
            for answer in page.answers:
                for s in split_sentences(answer.text):
                    s = s.strip()
                    if 8 <= len(s) <= 160 and s not in seen:
                        seen.add(s)
                        sentences.append(s)
    shutil.rmtree(work, ignore_errors=True)
    return sentences, questions


def build_synthetic(n_answers: int, folder: Path, seed: int = 0) -> dict:
    sentences, questions = sentence_pool()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for start in range(0, n_answers, 500):
        with (folder / f"synthetic_{start // 500:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(start, min(n_answers, start + 500)):
                text = "".join(rng.sample(sentences, rng.randint(2, 5)))
                chars += len(text)
                row = {"text": text, "author": f"用户{i % 997:03d}",
                       "question": questions[(i // 50) % len(questions)]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"answers": n_answers, "pool_sentences": len(sentences), "questions": len(questions),
            "mean_chars": round(chars / n_answers, 1)}


def scale(sizes: list[int], env: dict | None = None, model: str | None = None,
          embed_chars: int | None = None) -> dict:
    rows = []
    for n in sizes:
        work = scratch(f"scale{n}_")
        try:
            info = build_synthetic(n, work / "corpus")
            extra = (("--model", model) if model else ()) + (
                ("--embed-chars", str(embed_chars)) if embed_chars is not None else ())
            res = discourse_run(work / "corpus", work / "out", work / "store", env, extra)
            rows.append({**info, **res})
            print(f"  {n} answers: {res['wall']:.1f}s, {res['rss_mb']:.0f} MB, "
                  f"{res['embedded_new']} passages embedded", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for a, b in zip(rows, rows[1:]):
        b["exponent"] = round(math.log(b["wall"] / a["wall"]) / math.log(b["answers"] / a["answers"]), 2)
    return {"rows": rows, "model": model or "bundled", "embed_chars": embed_chars}


def summarize_seed(data: dict) -> dict:
    cold, warm, added = data["cold"], data["warm"], data["added"]
    med = {k: median([r["wall"] for r in v]) for k, v in (("cold", cold), ("warm", warm), ("added", added))}
    return {"wall": med, "ratio": med["cold"] / med["warm"] if med["warm"] else float("nan")}
