"""Topics: cluster answer vectors and label the clusters with bilingual keywords.

1. order the inputs by id, so that file order never changes the result;
2. reduce: seeded UMAP (cosine) to a few dimensions when there are enough
   answers for a neighbourhood graph to mean something; raw vectors otherwise;
3. cluster with k-means (n_init fixed); k is `n_topics` when given, else the k
   in a small range with the best silhouette — k-means assigns every answer, so
   no run ends with all answers as outliers (HDBSCAN's small-corpus failure);
4. label each cluster by class-based TF-IDF over jieba tokens and English words,
   stopwords removed and lexicon terms boosted;
5. a separate seeded 2-D UMAP (or PCA on tiny corpora) gives the report's map.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from .records import Topic

UMAP_MIN_ANSWERS = 30  # below this a k-NN graph is mostly noise: cluster the raw vectors
VOCAB_BOOST = 1.5
TOP_KEYWORDS = 8
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.-]*[A-Za-z0-9+#]|[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class TopicResult:
    assignments: tuple[int, ...]
    topics: tuple[Topic, ...]
    coords: np.ndarray
    method: str
    k: int
    reason: str


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords_zh.txt", "stopwords_en.txt"):
        text = resources.files("discourse").joinpath(f"data/{name}").read_text("utf-8")
        words.update(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(words)


@lru_cache(maxsize=4)
def _tokenizer(vocabulary: tuple[str, ...]):  # noqa: ANN202 - a jieba.Tokenizer
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word in vocabulary:
        if _CJK.search(word):
            tok.add_word(word, freq=2000)
    return tok


def tokenize(text: str, vocabulary: Sequence[str] = ()) -> list[str]:
    """Content words: jieba for Chinese, whole English words/acronyms; no stopwords."""
    stop = load_stopwords()
    vocab = tuple(sorted(set(vocabulary)))
    out = []
    for piece in _tokenizer(vocab).cut(text):
        piece = piece.strip()
        if not piece:
            continue
        if _CJK.search(piece):
            if len(piece) >= 2 and piece not in stop:
                out.append(piece)
        elif _EN_WORD.fullmatch(piece) and len(piece) >= 2 and piece.lower() not in stop \
                and not piece.isdigit():
            out.append(piece if piece.isupper() or any(c.isupper() for c in piece[1:]) else piece.lower())
    return out


def _reduce(vectors: np.ndarray, seed: int, dims: int) -> np.ndarray:
    import umap

    n = len(vectors)
    reducer = umap.UMAP(n_neighbors=max(5, min(30, n // 10)), n_components=dims, metric="cosine",
                        min_dist=0.0, random_state=seed, n_jobs=1)
    return reducer.fit_transform(vectors)


def _kmeans(space: np.ndarray, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(space)


def _choose_k(space: np.ndarray, seed: int) -> tuple[int, np.ndarray, str]:
    from sklearn.metrics import silhouette_score

    n = len(space)
    low = 2
    high = max(low, min(30, int(math.sqrt(n) * 1.5), n - 1))
    # silhouette favours k=2 on embeddings; start the range where topics are useful
    low = min(high, max(2, int(math.sqrt(n) / 2)))
    best = (-2.0, low, None)
    for k in range(low, high + 1):
        labels = _kmeans(space, k, seed)
        if len(set(labels)) < 2:
            continue
        s = float(silhouette_score(space, labels, metric="euclidean"))
        if s > best[0] + 1e-9:
            best = (s, k, labels)
    if best[2] is None:
        return 1, np.zeros(n, dtype=int), "too few distinct answers to split"
    return best[1], best[2], f"k-means with k={best[1]}, the best silhouette ({best[0]:.2f}) for k in {low}..{high}"


def _labels(texts: Sequence[str], assign: np.ndarray, k: int, vocabulary: Sequence[str]) -> list[list[str]]:
    """Class-based TF-IDF: term frequency in a cluster × log(1 + mean words per cluster / term count)."""
    counts = [Counter() for _ in range(k)]
    for text, t in zip(texts, assign):
        counts[t].update(tokenize(text, vocabulary))
    total = Counter()
    for c in counts:
        total.update(c)
    avg = sum(sum(c.values()) for c in counts) / max(k, 1)
    vocab = {v.lower() for v in vocabulary}
    out = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = []
        for term, n in c.items():
            w = (n / size) * math.log(1 + avg / total[term])
            if term.lower() in vocab:
                w *= VOCAB_BOOST
            scored.append((-w, term))
        out.append([term for _, term in sorted(scored)[:TOP_KEYWORDS]])
    return out


def _map(vectors: np.ndarray, seed: int) -> np.ndarray:
    n = len(vectors)
    if n >= UMAP_MIN_ANSWERS:
        return _reduce(vectors, seed, 2)
    if n >= 3:
        from sklearn.decomposition import PCA

        return PCA(n_components=2, random_state=seed).fit_transform(vectors)
    return np.array([[float(i), 0.0] for i in range(n)])


def cluster_topics(vectors: np.ndarray, texts: Sequence[str], ids: Sequence[str], *,
                   n_topics: int | None = None, seed: int = 42, vocabulary: Sequence[str] = ()) -> TopicResult:
    """Topics for answers (see the module docstring); deterministic for a given input set."""
    n = len(ids)
    if n == 0:
        return TopicResult((), (), np.zeros((0, 2)), "none", 0, "no answers")
    order = sorted(range(n), key=lambda i: ids[i])
    vecs = np.asarray(vectors, dtype=np.float32)[order]
    txts = [texts[i] for i in order]
    if n <= 2:
        assign, k, method, reason = np.zeros(n, dtype=int), 1, "single", "two answers or fewer form one topic"
    else:
        space = _reduce(vecs, seed, 5) if n >= UMAP_MIN_ANSWERS else vecs
        method = "umap+kmeans" if n >= UMAP_MIN_ANSWERS else "kmeans"
        if n_topics:
            k = max(1, min(n_topics, n))
            assign = _kmeans(space, k, seed) if k > 1 else np.zeros(n, dtype=int)
            reason = f"k-means with k={k}, as asked (--topics)"
        else:
            k, assign, reason = _choose_k(space, seed)
    # renumber topics by size (largest first, ties by first member) so ids are stable
    sizes = Counter(assign.tolist())
    first = {t: i for i, t in reversed(list(enumerate(assign.tolist())))}
    rank = {t: r for r, t in enumerate(sorted(sizes, key=lambda t: (-sizes[t], first[t])))}
    assign = np.array([rank[t] for t in assign.tolist()], dtype=int)
    k = len(sizes)
    keywords = _labels(txts, assign, k, vocabulary)
    topics = tuple(Topic(id=t, label=" / ".join(keywords[t][:3]) or f"topic {t}", keywords=tuple(keywords[t]),
                         size=int(sizes_t)) for t, sizes_t in sorted(Counter(assign.tolist()).items()))
    coords_sorted = _map(vecs, seed)
    back = np.empty(n, dtype=int)
    back[order] = np.arange(n)
    return TopicResult(
        assignments=tuple(int(assign[back[i]]) for i in range(n)), topics=topics,
        coords=np.asarray(coords_sorted)[back], method=method, k=k, reason=reason,
    )
