"""t2s throughput (MB/s) of the C++ `opencc` package; run with the interpreter of a venv that has it.

    bench/.cache/venv-opencc/bin/python bench/opencc_cpp.py TEXTS.json RUNS
"""
import json
import statistics
import sys
import time

import opencc

sets = json.load(open(sys.argv[1], encoding="utf-8"))
runs = int(sys.argv[2])
convert = opencc.OpenCC("t2s.json").convert
out = {}
for name, texts in sets.items():
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    secs = []
    for _ in range(runs):
        t = time.perf_counter()
        for x in texts:
            convert(x)
        secs.append(time.perf_counter() - t)
    out[name] = mb / statistics.median(secs)
print(json.dumps(out))
