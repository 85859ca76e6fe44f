"""Crash safety and concurrency of `python -m discourse run`.

A run is killed with SIGKILL at several points (after ingest, once the first
vectors are committed, once stances are cached, and in the middle of writing
the report); the next run completes and publishes what an uninterrupted run
publishes. A second run on a store in use exits with a one-line message, or
waits with `--wait`; the store stays sound throughout.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.errors import StoreBusy
from discourse.store import STORE_FILE

from test_determinism import stable, write_small_corpus

POLL = 0.05
LIMIT = 600  # seconds any one run may take on a loaded CI machine


def cli(corpus: Path, out: Path, store: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "discourse", "run", "--corpus", str(corpus), "--out", str(out),
            "--store", str(store), "--quiet", *extra]


def count(store: Path, sql: str) -> int:
    """A count from the store, read while another process writes it (WAL allows that)."""
    path = store / STORE_FILE
    if not path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # tables not created yet
        return 0


INGESTED = "SELECT COUNT(*) FROM artifacts WHERE stage = 'ingest'"
VECTORS = "SELECT COUNT(*) FROM vectors"
STANCES = "SELECT COUNT(*) FROM artifacts WHERE stage = 'stance'"


def kill_when(args: list[str], store: Path, sql: str) -> bool:
    """Start a run and SIGKILL it as soon as `sql` counts something; False if it finished first."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + LIMIT
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if count(store, sql) > 0:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(POLL)
        assert proc.poll() is not None, "run did not finish in time"
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()


def integrity(store: Path) -> str:
    conn = sqlite3.connect(store / STORE_FILE)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """An uninterrupted run of the small corpus."""
    tmp = tmp_path_factory.mktemp("baseline")
    corpus = write_small_corpus(tmp / "corpus")
    proc = subprocess.run(cli(corpus, tmp / "reports", tmp / "store"), capture_output=True, text=True,
                          timeout=LIMIT)
    assert proc.returncode == 0, proc.stderr
    return corpus, json.loads((tmp / "reports" / "summary.json").read_text("utf-8"))


@pytest.mark.slow
def test_killed_runs_resume_to_the_uninterrupted_result(baseline, tmp_path):
    corpus, expected = baseline
    store, out = tmp_path / "store", tmp_path / "reports"
    args = cli(corpus, out, store)
    killed = []
    for stage, sql in (("ingest", INGESTED), ("embed", VECTORS), ("stance", STANCES)):
        if kill_when(args, store, sql):
            killed.append(stage)
            assert integrity(store) == "ok"
    # the kills must have landed mid-run, or this test proves nothing
    assert killed == ["ingest", "embed", "stance"]
    assert count(store, VECTORS) > 0
    proc = subprocess.run(args, capture_output=True, text=True, timeout=LIMIT)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert stable(summary) == stable(expected)
    assert summary["run"]["embedded_cached"] > 0  # the killed runs' vectors were kept
    assert integrity(store) == "ok"
    assert temp_files(out) == []


# A run that dies (SIGKILL, no cleanup) while renaming summary.json into place.
_DIES_WRITING_SUMMARY = textwrap.dedent("""
    import os, signal, sys
    real_replace = os.replace
    def replace(src, dst, **kw):
        if str(dst).endswith("summary.json"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst, **kw)
    os.replace = replace
    from discourse.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.slow
def test_a_run_killed_while_writing_the_report_leaves_whole_files(baseline, tmp_path):
    corpus, expected = baseline
    store, out = tmp_path / "store", tmp_path / "reports"
    args = cli(corpus, out, store)
    first = subprocess.run(args, capture_output=True, text=True, timeout=LIMIT)
    assert first.returncode == 0, first.stderr
    previous = (out / "summary.json").read_bytes()

    dying = subprocess.run([sys.executable, "-c", _DIES_WRITING_SUMMARY, *args[3:]], capture_output=True,
                           text=True, timeout=LIMIT)
    assert dying.returncode == -signal.SIGKILL, dying.stderr
    # the reader sees the previous summary, whole; the new one exists only as a hidden temp file
    assert (out / "summary.json").read_bytes() == previous
    json.loads(previous)
    assert (out / "index.html").read_text("utf-8").rstrip().endswith("</html>")
    assert [n for n in temp_files(out) if n.startswith(".summary.json.")]

    again = subprocess.run(args, capture_output=True, text=True, timeout=LIMIT)
    assert again.returncode == 0, again.stderr
    assert stable(json.loads((out / "summary.json").read_text("utf-8"))) == stable(expected)
    assert temp_files(out) == []  # the dead run's temp file was swept
    assert integrity(store) == "ok"


@pytest.mark.slow
def test_second_run_on_a_busy_store_exits_or_waits(baseline, tmp_path, capsys):
    corpus, expected = baseline
    store = tmp_path / "store"
    holder = subprocess.Popen(cli(corpus, tmp_path / "reports-a", store), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + LIMIT
        while count(store, INGESTED) == 0:  # written under the lock: the first run holds it now
            assert holder.poll() is None, holder.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(POLL)
        code = main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "reports-b"),
                     "--store", str(store), "--quiet"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == StoreBusy.exit_code
        assert len(err) == 1 and "another discourse run is using" in err[0]
        assert not (tmp_path / "reports-b" / "summary.json").exists()
        # with --wait the second run waits for the first and then completes
        waiter = subprocess.run(cli(corpus, tmp_path / "reports-c", store, "--wait", str(LIMIT)),
                                capture_output=True, text=True, timeout=2 * LIMIT)
        assert waiter.returncode == 0, waiter.stderr
        assert holder.wait(timeout=LIMIT) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()
        holder.stderr.close()
    assert integrity(store) == "ok"
    for name in ("reports-a", "reports-c"):
        assert stable(json.loads((tmp_path / name / "summary.json").read_text("utf-8"))) == stable(expected)
