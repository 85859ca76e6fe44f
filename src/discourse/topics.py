"""The topics stage: group answers by what they talk about, and name the groups.

``cluster_topics`` runs, in order:

1. sort the answers by id, so that nothing below depends on input order;
2. pick the space to cluster in by corpus size: below ``SMALL_CORPUS`` answers
   the L2-normalized embeddings themselves (UMAP needs a neighbourhood graph,
   which eight points do not have); otherwise the exact cosine neighbours of
   every answer, computed once (``_neighbours``), and a seeded UMAP over them
   to ``UMAP_COMPONENTS`` dimensions;
3. k-means in that space, at the requested k or at the k with the best
   silhouette over a range scaled to the corpus (see ``_k_range``);
4. renumber topics by size, label each with class-based TF-IDF over
   ``discourse.tokens`` tokens (lexicon terms boosted);
5. 2-D coordinates for the report's map (seeded UMAP over the same
   neighbours, or PCA when small);
6. map everything back to the caller's order.

k-means gives every answer a topic; the residual group (-1) only holds answers
whose vector is zero (nothing to embed). HDBSCAN was measured on the CSL benchmark and left 25–45 % of titles as noise
with a lower V-measure after reassignment, so it is not used.
"""
from __future__ import annotations

import math
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn import config_context
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from .errors import ConfigError
from .records import Topic
from .tokens import tokenizer

# Below this many answers UMAP is skipped: with n_neighbors forced down to a
# handful the graph is mostly the kNN of every point with every other one.
SMALL_CORPUS = 15
# UMAP to 5-D with min_dist=0 is the BERTopic recipe; on CSL titles 5-D and
# 10-D were within 0.01 V-measure of each other and 5-D is faster.
UMAP_COMPONENTS = 5
# Neighbours grow with the corpus (n/10), clamped to [5, 30]; 30 beat 15 on
# CSL dev at n=1000 (0.420 vs 0.414 V-measure, query: prefix).
UMAP_NEIGHBORS = (5, 30)
# The report's 2-D map is for looking at, not for clustering: it stops after
# this many epochs (umap's own default for corpora above 10,000 points) where
# umap would run 500 below that size. At 10k answers this halves the map's time.
MAP_EPOCHS = 200
NEIGHBOUR_BLOCK_MB = 128
KMEANS_INIT = 10
# Silhouette decreases almost monotonically with k on sentence embeddings and
# picks k=2-3 when allowed to; a topic map of 1000 answers with 3 topics is of
# no use, so the search starts at sqrt(n)/3 and stops at 1.5*sqrt(n) (max 30).
K_MAX = 30
LABEL_TERMS = 3
KEYWORDS = 8
VOCABULARY_BOOST = 1.5


@dataclass(frozen=True, eq=False)
class TopicResult:
    """Topics for a set of answers, in the caller's order."""

    assignments: tuple[int, ...]  # topic id per input row; -1 = residual group
    topics: tuple[Topic, ...]  # ordered by id (largest topic first)
    coords: np.ndarray  # (n, 2) float map coordinates, read-only
    method: str  # "single", "kmeans", "umap+kmeans", "none"
    k: int
    reason: str  # one sentence for the report


def cluster_topics(
    vectors: np.ndarray,
    texts: Sequence[str],
    ids: Sequence[str],
    *,
    n_topics: int | None = None,
    seed: int = 42,
    vocabulary: Sequence[str] = (),
) -> TopicResult:
    """Cluster answer vectors into topics and label them.

    ``vectors`` are the answers' L2-normalized embeddings (one row per text),
    ``ids`` their content ids (used to make the result independent of input
    order), ``n_topics`` fixes k, ``vocabulary`` holds direction-lexicon terms
    that are kept whole and boosted in labels. The result is the same for the
    same (id, vector, text) rows given in any order.
    """
    X = np.asarray(vectors, dtype=np.float64)
    n = len(texts)
    if X.ndim != 2 or X.shape[0] != n or len(ids) != n:
        raise ValueError(
            f"cluster_topics needs one vector row and one id per text: got vectors "
            f"{X.shape}, {n} texts, {len(ids)} ids"
        )
    if n_topics is not None and n_topics < 1:
        raise ConfigError(f"topics must be a positive number or 'auto', got {n_topics}")
    if n == 0:
        return TopicResult((), (), _readonly(np.zeros((0, 2))), "none", 0, "No answers to cluster.")

    order = sorted(range(n), key=lambda i: (ids[i], texts[i]))
    X = X[order]
    sorted_texts = [texts[i] for i in order]

    # An answer with no embeddable text arrives as a zero row (see
    # pipeline._embed); it has no direction in the space, so it goes to the
    # residual group instead of pulling a centroid towards the origin.
    norms = np.linalg.norm(X, axis=1)
    usable = np.isfinite(norms) & (norms > 1e-6)
    if not usable.any():
        usable[:] = True
    kept = np.flatnonzero(usable)

    graph = _neighbours(X[kept]) if len(kept) >= SMALL_CORPUS else None
    labels, method, k, reason = _cluster(X[kept], n_topics, seed, graph)
    labels = _renumber_by_size(labels)
    topics = _label_topics([sorted_texts[i] for i in kept], labels, vocabulary)
    coords = _map_coords(X[kept], seed, graph)

    residual = n - len(kept)
    sorted_labels = np.full(n, -1, dtype=int)
    sorted_labels[kept] = labels
    sorted_coords = np.zeros((n, 2))
    sorted_coords[kept] = coords
    if residual:
        # Park residual answers at the map's centre rather than at a made-up position.
        sorted_coords[~usable] = coords.mean(axis=0)
        topics += (Topic(id=-1, label="residual (no embeddable text)", keywords=(), size=residual),)
        reason += f" {residual} answer{'s' if residual > 1 else ''} without embeddable text form the residual group."

    assignments = np.empty(n, dtype=int)
    assignments[order] = sorted_labels
    out_coords = np.empty((n, 2))
    out_coords[order] = sorted_coords
    return TopicResult(
        assignments=tuple(int(a) for a in assignments),
        topics=topics,
        coords=_readonly(out_coords),
        method=method,
        k=k,
        reason=reason,
    )


def _cluster(X: np.ndarray, n_topics: int | None, seed: int, graph: Neighbours | None
             ) -> tuple[np.ndarray, str, int, str]:
    """Topic index per (sorted) row, plus the method, k and the reason in words."""
    n = len(X)
    distinct = len(np.unique(X.round(6), axis=0))
    if n_topics == 1 or n <= 2 or distinct < 2:
        why = {
            n_topics == 1: "one topic was requested",
            n <= 2: f"{n} answer{'s' if n > 1 else ''} are too few to split",
            distinct < 2: "all answers have the same embedding",
        }[True]
        return np.zeros(n, dtype=int), "single", 1, f"All answers form one topic: {why}."

    if graph is None:
        space, metric, method = X, "cosine", "kmeans"
        where = f"{n} answers are too few for UMAP, so k-means ran on the cosine-normalized embeddings"
    else:
        space = _umap(X, graph, UMAP_COMPONENTS, min_dist=0.0, seed=seed)
        metric, method = "euclidean", "umap+kmeans"
        where = (
            f"{n} answers were reduced with UMAP to {UMAP_COMPONENTS} dimensions "
            f"({graph.k} neighbours, cosine) and clustered with k-means"
        )

    if n_topics is not None:
        k = min(n_topics, distinct)
        labels = _kmeans(space, k, seed)
        asked = "as requested" if k == n_topics else f"(the most these answers allow; {n_topics} requested)"
        return labels, method, k, f"{where} at k={k} {asked}."

    best: tuple[float, int, np.ndarray] | None = None
    ks = _k_range(n, distinct)
    for k in ks:
        labels = _kmeans(space, k, seed)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(space, labels, metric=metric))
        # Strictly greater: ties keep the smaller k.
        if best is None or score > best[0]:
            best = (score, k, labels)
    if best is None:
        return np.zeros(n, dtype=int), "single", 1, "All answers form one topic: no split separated them."
    score, k, labels = best
    return labels, method, k, (
        f"{where}; k={k} had the best silhouette ({score:.2f}) among k={ks.start}–{ks.stop - 1}."
    )


def _k_range(n: int, distinct: int) -> range:
    """Candidate k for the automatic mode: about sqrt(n)/3 .. 1.5*sqrt(n)."""
    root = math.sqrt(n)
    high = min(K_MAX, int(root * 1.5), n - 1, distinct)
    low = min(max(2, int(root / 3)), high)
    return range(low, max(low, high) + 1)


def _kmeans(space: np.ndarray, k: int, seed: int) -> np.ndarray:
    # One thread: once umap has loaded numba's OpenMP layer, sklearn's own
    # OpenMP threads contend with it and k-means ran 30x slower on 2 cores
    # (18 s instead of 1 s for the k sweep on 1000 answers).
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # Duplicate answers can leave fewer distinct points than k in a subset.
        warnings.simplefilter("ignore", category=UserWarning)
        model = KMeans(n_clusters=k, n_init=KMEANS_INIT, random_state=seed)
        return model.fit_predict(space)


@dataclass(frozen=True, eq=False)
class Neighbours:
    """Each row's nearest rows by cosine distance, itself first (umap's `precomputed_knn`)."""

    indices: np.ndarray  # (n, k) int
    distances: np.ndarray  # (n, k) float, ascending; column 0 is the row itself at 0

    @property
    def k(self) -> int:
        return self.indices.shape[1]


def _neighbours(X: np.ndarray) -> Neighbours:
    """Exact cosine neighbours, once for both UMAP fits (clustering space and map).

    umap would search them on every fit: with NN-descent from 4096 points on,
    and below that by calling its numba cosine once per pair from Python (4 s
    per fit at n=1000). scikit-learn's brute-force search is one blocked
    matrix product, exact, and independent of the seed.
    """
    from sklearn.neighbors import NearestNeighbors

    n = len(X)
    k = min(n, UMAP_NEIGHBORS[1], max(UMAP_NEIGHBORS[0], n // 10))  # umap counts the row itself
    search = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(X)
    # Distances are computed a block of rows at a time; scikit-learn's default
    # block (1 GB) held the whole 10k x 10k matrix and raised the run's peak
    # memory by 0.7 GB. Smaller blocks cost no measurable time.
    with config_context(working_memory=NEIGHBOUR_BLOCK_MB):
        distances, indices = search.kneighbors(X)
    # Duplicate answers tie with the row itself at distance 0 and may come
    # first, or push it out of the list; umap expects the row first.
    rows = np.arange(n)
    own = indices == rows[:, None]
    missing = ~own.any(axis=1)
    indices[missing, -1] = rows[missing]
    own[missing, -1] = True
    order = np.argsort(np.where(own, -1.0, distances), axis=1, kind="stable")
    indices = np.take_along_axis(indices, order, axis=1)
    distances = np.take_along_axis(distances, order, axis=1)
    distances[:, 0] = 0.0
    return Neighbours(indices=indices.astype(np.int64), distances=np.clip(distances, 0.0, None).astype(np.float32))


def _umap(X: np.ndarray, graph: Neighbours, components: int, *, min_dist: float, seed: int,
          epochs: int | None = None) -> np.ndarray:
    """Seeded UMAP (single-threaded, hence reproducible) over precomputed cosine neighbours."""
    # Imported here: umap pulls in numba, several seconds that small corpora never need.
    import umap

    with warnings.catch_warnings():
        # random_state forces n_jobs=1, which is what we want; umap warns about
        # it, and about precomputed neighbours not allowing `transform` later.
        warnings.simplefilter("ignore")
        reducer = umap.UMAP(
            n_neighbors=graph.k,
            n_components=components,
            metric="cosine",
            min_dist=min_dist,
            n_epochs=epochs,
            random_state=seed,
            precomputed_knn=(graph.indices, graph.distances),
        )
        return np.asarray(reducer.fit_transform(X), dtype=np.float64)


def _map_coords(X: np.ndarray, seed: int, graph: Neighbours | None) -> np.ndarray:
    """2-D layout for the topic map: UMAP when there is a neighbourhood to keep, else PCA."""
    n = len(X)
    if graph is not None:
        return _umap(X, graph, 2, min_dist=0.1, seed=seed, epochs=MAP_EPOCHS)
    coords = np.zeros((n, 2))
    if n >= 2:
        parts = min(2, n - 1, X.shape[1])
        projected = PCA(n_components=parts, random_state=seed).fit_transform(X)
        # PCA's component signs are arbitrary; fix them so the map does not mirror between runs.
        for j in range(parts):
            column = projected[:, j]
            pivot = column[np.argmax(np.abs(column))]
            coords[:, j] = column if pivot >= 0 else -column
    return coords


def _renumber_by_size(labels: np.ndarray) -> np.ndarray:
    """Topic ids 0..k-1, largest first; ties go to the topic holding the smallest id."""
    first: dict[int, int] = {}
    for position, label in enumerate(labels.tolist()):
        first.setdefault(label, position)
    sizes = Counter(labels.tolist())
    ranked = sorted(sizes, key=lambda lab: (-sizes[lab], first[lab]))
    mapping = {old: new for new, old in enumerate(ranked)}
    return np.array([mapping[label] for label in labels.tolist()], dtype=int)


def _label_topics(texts: Sequence[str], labels: np.ndarray, vocabulary: Sequence[str]) -> tuple[Topic, ...]:
    """Keywords per topic by class-based TF-IDF (BERTopic's c-TF-IDF)."""
    k = int(labels.max()) + 1
    counts: list[Counter[str]] = [Counter() for _ in range(k)]
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    tokenize = tokenizer(vocabulary)
    for text, label in zip(texts, labels.tolist()):
        for token in tokenize(text):
            key = token.lower()
            counts[label][key] += 1
            surfaces[key][token] += 1

    boosted = {term.strip().lower() for term in vocabulary}
    boosted |= {" ".join(term.split()).lower() for term in vocabulary}
    across = Counter[str]()
    for c in counts:
        across.update(c)
    average_words = sum(across.values()) / k if k else 0.0

    topics = []
    for topic_id, c in enumerate(counts):
        # tf(t, c) * log(1 + A / tf(t, all topics)): frequent here, rare elsewhere.
        scored = [
            (tf * math.log(1 + average_words / across[term]) * (VOCABULARY_BOOST if term in boosted else 1.0), term)
            for term, tf in c.items()
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        keywords = tuple(_display(surfaces[term]) for _, term in scored[:KEYWORDS])
        label = " / ".join(keywords[:LABEL_TERMS]) or f"topic {topic_id}"
        size = int((labels == topic_id).sum())
        topics.append(Topic(id=topic_id, label=label, keywords=keywords, size=size))
    return tuple(topics)


def _display(forms: Counter[str]) -> str:
    """The most used spelling of a term (BYOL over byol when authors mostly write BYOL)."""
    return min(forms, key=lambda form: (-forms[form], form))


def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array
