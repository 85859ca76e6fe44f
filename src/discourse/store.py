"""The content-addressed store: a SQLite file the pipeline caches work in.

One folder (by default `<corpus>/../.discourse/`) holds `store.sqlite` and
`run.lock`. Tables:

- `vectors`   (model, hash) -> float32 blob: embeddings by model key and text hash;
- `artifacts` key -> JSON: a stage's output, keyed by `stage_key(...)`, a hash
  of the stage name, the stage version, the input's key and the settings;
- `files`     corpus source -> (raw digest, mtime_ns, size), so unchanged files
  need not be read again;
- `meta`      schema_version.

Every write runs in one transaction (`BEGIN IMMEDIATE ... COMMIT`) in WAL
mode, so a process killed at any point leaves a file the next run opens with
all committed writes and none of the half-done one. The store is a cache:
when it is unreadable or from another version, deleting the folder is always
safe, and the error messages say so.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from .errors import StoreBusy, StoreError
from .records import content_hash

SCHEMA_VERSION = 1
STORE_FILE = "store.sqlite"
LOCK_FILE = "run.lock"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    hash  TEXT NOT NULL,
    dim   INTEGER NOT NULL,
    data  BLOB NOT NULL,
    PRIMARY KEY (model, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS artifacts (
    key   TEXT PRIMARY KEY,
    stage TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS artifacts_stage ON artifacts (stage);
CREATE TABLE IF NOT EXISTS files (
    source   TEXT PRIMARY KEY,
    digest   TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size     INTEGER NOT NULL
);
"""

# SQLite builds before 3.32 allow at most 999 host parameters per statement.
_MAX_PARAMS = 900


@dataclass(frozen=True)
class FileStamp:
    """What the store remembers about a corpus file from the last run."""

    source: str
    digest: str
    mtime_ns: int
    size: int


def stage_key(stage: str, version: str | int, input_key: str, settings: Mapping[str, Any]) -> str:
    """The cache key of a stage's output: changes with any of the four parts.

    Settings are serialized canonically (sorted keys, no spacing) so that the
    same settings always give the same key; they must be JSON-serializable.
    """
    try:
        canonical = json.dumps(dict(settings), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except TypeError as exc:
        raise TypeError(f"settings of stage {stage!r} are not JSON-serializable: {exc}") from exc
    return content_hash("stage", stage, str(version), input_key, canonical)


class Store:
    """A handle on the store folder. Use `Store.open(folder)` as a context manager."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = folder
        self.path = folder / STORE_FILE
        self._conn = conn

    # The pipeline calls it through the store it holds: `store.stage_key(...)`.
    stage_key = staticmethod(stage_key)

    # -- opening and closing ------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str) -> Store:
        """Open (creating if needed) the store in `folder`."""
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {folder}: {exc.strerror}; "
                             "pass --store with a writable folder") from exc
        path = folder / STORE_FILE
        try:
            # autocommit mode: transactions are explicit, see `_write`.
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from exc
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a power cut may lose the last commits, never
            # consistency - fine for a cache, and much faster than FULL.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            store = cls(folder, conn)
            store._check_schema()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"the store {path} is damaged or not a discourse store ({exc}); "
                f"delete the folder {folder} to rebuild it (it is only a cache)"
            ) from exc
        except StoreError:
            conn.close()
            raise
        return store

    def _check_schema(self) -> None:
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if tables:
                raise StoreError(
                    f"{self.path} holds tables discourse did not write; "
                    f"delete the folder {self.folder} or pass --store with another folder"
                )
            # Statement by statement: executescript would commit on its own,
            # and the tables and the version must appear together or not at all.
            with self._write() as conn:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        row = self._conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        found = row[0] if row else None
        if found != str(SCHEMA_VERSION):
            raise StoreError(
                f"the store {self.path} has schema version {found}, this discourse uses "
                f"{SCHEMA_VERSION}; delete the folder {self.folder} to rebuild it (it is only a cache)"
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the run lock -------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float | None = 0) -> Iterator[None]:
        """Hold the folder's run lock; `StoreBusy` if another process keeps it.

        `timeout` seconds to wait: 0 fails at once, None waits as long as it
        takes. The lock is an OS file lock, so a killed run releases it.
        """
        lock = FileLock(str(self.folder / LOCK_FILE), timeout=-1 if timeout is None else timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreBusy(
                f"another discourse run is using {self.folder}; wait for it to finish "
                "or pass --store to use another folder"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole on any error."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error("start a write", exc) from exc
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise self._error("commit a write", exc) from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error("read", exc) from exc

    def _error(self, doing: str, exc: sqlite3.Error) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return StoreBusy(f"another process holds {self.path} (could not {doing}: {exc}); "
                             "wait for it to finish or pass --store to use another folder")
        return StoreError(f"could not {doing} in the store {self.path}: {exc}; "
                          f"if it persists, delete the folder {self.folder} to rebuild it")

    def check(self) -> str:
        """SQLite's integrity check: 'ok' when the file is sound."""
        return "\n".join(r[0] for r in self._read("PRAGMA integrity_check"))

    # -- vectors ------------------------------------------------------------

    def get_vectors(self, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of `hashes` under `model_id` (missing ones are absent)."""
        hashes = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), _MAX_PARAMS):
            chunk = hashes[start:start + _MAX_PARAMS]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT hash, dim, data FROM vectors WHERE model = ? AND hash IN ({marks})",
                [model_id, *chunk],
            )
            for h, dim, data in rows:
                vec = np.frombuffer(data, dtype=np.float32)
                if vec.shape == (dim,):  # a row that disagrees with itself is a miss
                    found[h] = vec.copy()
        return found

    def put_vectors(self, model_id: str, items: Iterable[tuple[str, np.ndarray]]) -> int:
        """Store (hash, vector) pairs under `model_id` in one transaction; returns the count."""
        rows = []
        for h, vec in items:
            arr = np.ascontiguousarray(vec, dtype=np.float32).reshape(-1)
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"vector for {h} has NaN or infinite values; not caching it")
            rows.append((model_id, h, arr.shape[0], arr.tobytes()))
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (model, hash, dim, data) VALUES (?, ?, ?, ?)", rows
            )
        return len(rows)

    def prune_vectors(self, model_id: str, keep_hashes: Iterable[str]) -> int:
        """Drop the vectors of `model_id` not in `keep_hashes`; returns how many went."""
        return self._prune("vectors", "hash", "model", model_id, keep_hashes)

    # -- stage artifacts ----------------------------------------------------

    def get_artifact(self, key: str) -> Any | None:
        """The stored value of `key`, or None when there is none."""
        rows = self._read("SELECT value FROM artifacts WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def put_artifact(self, key: str, stage: str, value: Any) -> None:
        """Store a JSON-serializable value (convert dataclasses first) under `key`."""
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except TypeError as exc:
            raise TypeError(f"artifact of stage {stage!r} is not JSON-serializable: {exc}") from exc
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO artifacts (key, stage, value) VALUES (?, ?, ?)",
                (key, stage, text),
            )

    def prune(self, stage: str, keep_keys: Iterable[str]) -> int:
        """Drop the artifacts of `stage` not in `keep_keys`; returns how many went."""
        return self._prune("artifacts", "key", "stage", stage, keep_keys)

    # -- corpus files -------------------------------------------------------

    def get_file(self, source: str) -> FileStamp | None:
        rows = self._read("SELECT source, digest, mtime_ns, size FROM files WHERE source = ?", (source,))
        return FileStamp(*rows[0]) if rows else None

    def put_file(self, source: str, digest: str, mtime_ns: int, size: int) -> None:
        """Remember a corpus file as read (its raw digest, `st_mtime_ns` and size)."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO files (source, digest, mtime_ns, size) VALUES (?, ?, ?, ?)",
                (source, digest, int(mtime_ns), int(size)),
            )

    def forget_files(self, keep_sources: Iterable[str]) -> int:
        """Forget every file not in `keep_sources` (deleted from the corpus); returns how many."""
        return self._prune("files", "source", None, None, keep_sources)

    def _prune(
        self, table: str, key_col: str, group_col: str | None, group: str | None, keep: Iterable[str]
    ) -> int:
        """Delete the rows of `table` (within `group`) whose key is not kept."""
        # Table and column names come from this module only, never from input.
        # The kept keys go through a temp table: a NOT IN list of parameters
        # would hit SQLite's parameter limit on a large corpus.
        where = f"{group_col} = ? AND " if group_col else ""
        with self._write() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_set (k TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM keep_set")
            conn.executemany("INSERT OR IGNORE INTO keep_set (k) VALUES (?)", ((k,) for k in keep))
            cur = conn.execute(
                f"DELETE FROM {table} WHERE {where}{key_col} NOT IN (SELECT k FROM keep_set)",
                (group,) if group_col else (),
            )
            conn.execute("DELETE FROM keep_set")
            return cur.rowcount
