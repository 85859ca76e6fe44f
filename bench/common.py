"""Shared helpers for the benchmarks: machine description, child runs with peak RSS, result files."""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
RESULTS = CACHE / "results"


def machine() -> dict:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem_gb = float("nan")
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": model, "mem_gb": round(mem_gb, 1),
            "python": platform.python_version(), "load": [round(x, 2) for x in os.getloadavg()],
            "omp": os.environ.get("OMP_NUM_THREADS", "unset"),
            "time": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def run_child(argv: list[str], env: dict | None = None) -> dict:
    """Run a command; wall seconds and the child's peak RSS (MB) from wait4's rusage."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env={**os.environ, **(env or {})}, cwd=ROOT)
        # wait4 instead of proc.wait(): it hands back this child's own rusage (peak RSS).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    rss = usage.ru_maxrss / 1024
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}): {stderr[-800:]}")
    return {"wall": wall, "rss_mb": rss, "stdout": stdout, "stderr": stderr}


def discourse_run(corpus: Path, out: Path, store: Path, env: dict | None = None, extra=()) -> dict:
    """One `discourse run` in a child process under bench/_child.py: wall, RSS, per-stage seconds and peaks."""
    probe = out / "stage_rss.json"
    out.mkdir(parents=True, exist_ok=True)
    res = run_child([sys.executable, str(ROOT / "bench" / "_child.py"), str(probe), "run", "--corpus",
                     str(corpus), "--out", str(out), "--store", str(store), "--quiet", *extra], env)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    run = summary["run"]
    stage_rss = json.loads(probe.read_text()) if probe.exists() else {}
    return {"wall": round(res["wall"], 2), "rss_mb": round(res["rss_mb"], 1),
            "seconds": run["seconds"], "stage_rss_mb": stage_rss,
            "embedded_new": run.get("embedded_new"), "embedded_cached": run.get("embedded_cached"),
            "answers": summary["corpus"]["answers"], "pages": summary["corpus"]["pages"]}


def scratch(prefix: str) -> Path:
    """A fresh working folder under bench/.cache (created on a clean clone too)."""
    import tempfile

    CACHE.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=CACHE))


def median(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def save(section: str, data: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"machine": machine(), **data}
    (RESULTS / f"{section}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load(section: str) -> dict | None:
    path = RESULTS / f"{section}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
