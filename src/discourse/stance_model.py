"""An embedding-based stance classifier, trained on labelled sentences we wrote.

`data/stance_examples.tsv` holds sentences labelled with the author's stance
(never the evaluation labels in shared/eval). A logistic regression over the
embedder's `query:` vectors (e5's prefix for symmetric tasks) gives p(crowded)
and p(promising) for a sentence; the stance stage consults it only where no
cue word speaks (see `stance.CLASSIFIER_MIN_MARGIN`). Vectors go through the
store, so training costs one embedding pass per model, ever.
"""
from __future__ import annotations

import csv
from typing import Any, Sequence

import numpy as np

from .datafiles import read_data

EXAMPLES = "stance_examples.tsv"


def load_examples() -> list[tuple[str, str]]:
    """(sentence, label) pairs from the packaged examples file."""
    text = read_data(EXAMPLES)
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return [(r["sentence"], r["label"]) for r in rows if r.get("sentence") and r.get("label")]


class StanceClassifier:
    """Callable: sentences -> float array (n, 2) of p(crowded), p(promising)."""

    def __init__(self, store: Any, embedder: Any) -> None:
        from sklearn.linear_model import LogisticRegression

        from .embed import embed_cached

        self._store, self._embedder = store, embedder
        examples = load_examples()
        X, _, _ = embed_cached(store, embedder, [s for s, _ in examples], kind="query")
        self._model = LogisticRegression(max_iter=2000, C=2.0).fit(X, [label for _, label in examples])
        classes = list(self._model.classes_)
        self._cols = [classes.index("crowded"), classes.index("promising")]

    def __call__(self, sentences: Sequence[str]) -> np.ndarray:
        from .embed import embed_cached

        if not sentences:
            return np.zeros((0, 2), dtype=np.float32)
        X, _, _ = embed_cached(self._store, self._embedder, list(sentences), kind="query")
        return self._model.predict_proba(X)[:, self._cols]
