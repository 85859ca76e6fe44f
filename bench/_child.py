"""`discourse` CLI in a child process, recording the peak RSS of each pipeline stage.

    python bench/_child.py OUT.json run --corpus ... (the rest is the CLI's argv)

A thread samples this process's RSS every 20 ms; the pipeline's stage clock
(`pipeline._Clock.lap`, called at the end of each stage) is wrapped so each
stage gets the highest sample taken since the previous lap.
"""
from __future__ import annotations

import json
import sys
import threading
import time

import psutil

from discourse import pipeline
from discourse.cli import main

_proc = psutil.Process()
_peak = [0]
_stop = threading.Event()
_stages: dict[str, float] = {}


def _sample() -> None:
    while not _stop.is_set():
        _peak[0] = max(_peak[0], _proc.memory_info().rss)
        time.sleep(0.02)


_lap = pipeline._Clock.lap


def _lap_with_rss(self, stage: str) -> None:  # noqa: ANN001
    _lap(self, stage)
    rss = max(_peak[0], _proc.memory_info().rss)
    _stages[stage] = round(max(_stages.get(stage, 0.0), rss / 2**20), 1)
    _peak[0] = 0


if __name__ == "__main__":
    out = sys.argv[1]
    pipeline._Clock.lap = _lap_with_rss
    threading.Thread(target=_sample, daemon=True).start()
    code = main(sys.argv[2:])
    _stop.set()
    with open(out, "w") as fh:
        json.dump(_stages, fh)
    raise SystemExit(code)
