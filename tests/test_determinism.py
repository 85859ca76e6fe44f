"""Two runs on the same corpus, each with a fresh store, publish the same summary.json.

Only `generated` (a timestamp) and `run` (timings, cache counts) may differ;
everything else must match byte for byte, so a user can diff two reports.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.pipeline import run

# Three short pages: pasted Chinese answers, a second site's header style, an English thread.
SMALL_CORPUS = {
    "cv_nlp.txt": """现在读博选CV还是NLP?

谢凌曦:

CV这几年确实很卷,顶会论文数量暴涨,做检测分割的人太多了,我不推荐新人再进这个方向。

相比之下,多模态和具身智能还处在上升期,我比较看好,值得投入。

张三:

NLP也不是蓝海,大模型出来以后,做传统NLP任务的空间被压缩得很厉害,劝退。

但是强化学习和大模型结合的方向很有潜力,机会很多。有问题可以发邮件到 zhangsan.phd@example.com 或者打 13812345678。
""",
    "algo_jobs.txt": """算法岗还值得去吗?

Giant的回答:

算法岗已经是红海了,每年秋招投递的人数都在翻倍,岗位却没有增加多少,饱和得很严重。

如果你对工程感兴趣,开发岗反而机会更多,我更推荐。QQ:78799268

桔了个仔回答:

推荐系统方向现在很卷,但自动驾驶感知还有不少机会,尤其是数据闭环相关的岗位。
""",
    "en_thread.md": """# Is diffusion research still worth starting a PhD in?

Answer by Maria Chen

Diffusion models are crowded now: every lab has a paper on faster sampling, and it is hard to stand out.

I think robotics and embodied AI are far more promising for a new student. Write to maria.chen@example.org.

Answer by Tom Baker

Self-supervised learning feels saturated to me, but I would still recommend reinforcement learning for planning.
""",
}

VOLATILE = ("generated", "run")


def write_small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SMALL_CORPUS.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def stable(summary: dict) -> dict:
    """The summary without the keys allowed to change between runs."""
    return {k: v for k, v in summary.items() if k not in VOLATILE}


def stable_bytes(path: Path) -> bytes:
    """summary.json's bytes with the volatile top-level members cut out of the text itself."""
    text = path.read_text("utf-8")
    data = json.loads(text)
    for key in VOLATILE:
        # top-level members are indented by two spaces in the written file
        rendered = json.dumps(data[key], ensure_ascii=False, indent=2).replace("\n", "\n  ")
        member = f'  "{key}": {rendered},\n'
        assert member in text, f"{key} is not a top-level member written as expected"
        text = text.replace(member, "", 1)
    return text.encode("utf-8")


def settings_for(corpus: Path, tmp: Path, name: str):
    return load_settings(None, {"corpus": str(corpus), "out": str(tmp / f"reports-{name}"),
                                "store": str(tmp / f"store-{name}"), "quiet": True})


@pytest.mark.slow
def test_two_fresh_runs_publish_identical_summaries(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    first = run(settings_for(corpus, tmp_path, "a"))
    second = run(settings_for(corpus, tmp_path, "b"))
    a, b = tmp_path / "reports-a" / "summary.json", tmp_path / "reports-b" / "summary.json"
    assert stable(json.loads(a.read_text("utf-8"))) == stable(json.loads(b.read_text("utf-8")))
    assert stable_bytes(a) == stable_bytes(b)
    # the comparison is not vacuous: both runs found the pages, answers and stances
    s = first.summary
    assert s["corpus"]["pages"] == 3 and s["corpus"]["answers"] == 6
    assert s["stances"] and s["topics"]
    assert first.summary["run"]["embedded_new"] == second.summary["run"]["embedded_new"] > 0
    # the CSV exports follow the summary, so they match too
    for name in ("answers.csv", "stances.csv", "directions.csv"):
        assert (tmp_path / "reports-a" / name).read_bytes() == (tmp_path / "reports-b" / name).read_bytes(), name
    # and the HTML report differs at most in the generation time and the stage timings
    html = [re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "T", (tmp_path / f"reports-{n}" / "index.html").read_text("utf-8"))
            for n in ("a", "b")]
    seconds = re.compile(r'<span class="setting">[a-z]+ \d+(?:\.\d+)?</span>')
    assert seconds.sub("", html[0]) == seconds.sub("", html[1])
