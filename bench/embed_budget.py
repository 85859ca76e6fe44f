"""How much of each answer to embed: tokens read against how well answers group.

The labelled set: every page of the seed corpus, tests/pages and tests/holdout
(read by `pipeline.ingest`, as a run reads them). An answer's label is the page
it came from, i.e. the question it answers. For each budget (the `embed_chars`
setting; 0 = the whole answer) the answers are embedded with the bundled model
exactly as the embed stage does it (`passages.leading_passages`, then the
length-weighted mean), clustered with k-means at k = number of pages, and
scored by V-measure against the pages, over several k-means seeds.

Answers to one question do not all say the same thing, so V-measure here is a
proxy for topic quality, not topic quality itself; it is the labelled signal
we have for answer-length text (the CSL set is titles only).
"""
from __future__ import annotations

import shutil
import statistics
import time

import numpy as np

from common import ROOT, scratch

BUDGETS = (0, 100, 160, 250, 400, 800)
FOLDERS = ("corpus", "tests/pages", "tests/holdout")


def labelled_answers() -> tuple[list[str], list[str]]:
    """(answer texts, page labels) of every page we have."""
    from discourse.config import Settings
    from discourse.pipeline import ingest

    work = scratch("budget_")
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for folder in FOLDERS:
            for f in sorted((ROOT / folder).iterdir()):
                if f.is_file() and f.name not in ("gold.json", "README.md") and f.suffix != ".tsv":
                    shutil.copy(f, corpus / f"{folder.replace('/', '_')}_{f.name}")
        pages, _ = ingest(Settings(corpus=corpus, out=work / "out", store=work / "store", quiet=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    texts = [a.text for p in pages for a in p.answers]
    labels = [p.source for p in pages for _ in p.answers]
    return texts, labels


def budgets(seeds: int = 5) -> dict:
    from sklearn.cluster import KMeans
    from sklearn.metrics import v_measure_score

    from discourse.embed import BundledE5
    from discourse.passages import answer_vector, leading_passages

    texts, labels = labelled_answers()
    k = len(set(labels))
    e5 = BundledE5()
    rows = []
    for budget in BUDGETS:
        passages = [leading_passages("a", t, budget=budget) for t in texts]
        flat = [p.text for ps in passages for p in ps]
        tokens = sum(e5.token_count(t) for t in flat)
        started = time.perf_counter()
        matrix = e5.encode(flat)
        seconds = time.perf_counter() - started
        vectors, at = [], 0
        for ps in passages:
            vectors.append(answer_vector(matrix[at:at + len(ps)], np.array([len(p.text) for p in ps], np.float32)))
            at += len(ps)
        v = np.array(vectors)
        scores = [v_measure_score(labels, KMeans(k, n_init=10, random_state=s).fit_predict(v)) for s in range(seeds)]
        rows.append({"budget": budget, "chars": sum(map(len, flat)), "tokens": tokens, "seconds": round(seconds, 2),
                     "v": round(statistics.mean(scores), 3), "v_sd": round(statistics.pstdev(scores), 3)})
        print(f"  embed_chars={budget}: {tokens} tokens, {seconds:.1f}s, V={rows[-1]['v']}±{rows[-1]['v_sd']}",
              flush=True)
    return {"answers": len(texts), "pages": k, "seeds": seeds, "rows": rows,
            "mean_chars": round(statistics.mean(map(len, texts)), 1),
            "median_chars": statistics.median(map(len, texts))}
