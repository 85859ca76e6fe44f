"""Contact details never reach a published file by default; `--keep-contacts` keeps them.

The contacts sit everywhere a scraped page puts them: in answer text (and so
in stance quotes), in the question, in a footer the boilerplate stage drops
(dropped lines are published for the audit), and in extra JSONL fields.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.cli import main

CONTACTS = {
    "email_answer": "li.wei.phd@example.com",
    "phone_answer": "13912345678",
    "qq_answer": "QQ:78799268",
    "wechat_footer": "cvmart4",
    "email_footer": "biz@example.org",
    "phone_question": "13598765432",
    "email_row": "rowuser@example.net",
    "phone_extra": "18611112222",
}

PAGE = f"""导师电话{CONTACTS['phone_question']}打不通,读博选CV还是NLP?

李伟:

CV这几年确实很卷,顶会论文数量暴涨,我不推荐新人再进这个方向,有问题发邮件到{CONTACTS['email_answer']}。

NLP方向还有机会,想交流可以打{CONTACTS['phone_answer']}或者加{CONTACTS['qq_answer']}。

王芳:

多模态和具身智能还处在上升期,我比较看好,值得投入。

商务合作请联系微信:{CONTACTS['wechat_footer']} 或邮箱 {CONTACTS['email_footer']}
"""

ROWS = [
    {"text": f"推荐系统方向现在很卷,简历可以投到{CONTACTS['email_row']}。", "author": "赵六",
     "question": "算法岗还值得去吗?", "contact": f"电话 {CONTACTS['phone_extra']}"},
    {"text": "自动驾驶感知还有不少机会,尤其是数据闭环相关的岗位。", "author": "钱七", "question": "算法岗还值得去吗?"},
]

PUBLISHED = ("summary.json", "index.html", "answers.csv", "stances.csv", "directions.csv")


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "page.txt").write_text(PAGE, "utf-8")
    (root / "rows.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("privacy")
    corpus = _corpus(tmp / "corpus")
    out = {}
    for name, extra in (("default", []), ("keep", ["--keep-contacts"])):
        code = main(["run", "--corpus", str(corpus), "--out", str(tmp / name), "--store", str(tmp / "store"),
                     "--quiet", *extra])
        assert code == 0
        out[name] = {f: (tmp / name / f).read_text("utf-8-sig") for f in PUBLISHED}
    return out


@pytest.mark.slow
def test_nothing_published_holds_a_contact_by_default(runs):
    for name, text in runs["default"].items():
        for what, contact in CONTACTS.items():
            assert contact not in text, f"{what} leaked into {name}"
    summary = json.loads(runs["default"]["summary.json"])
    # the content around the contacts is still there
    li = next(a for a in summary["answers"] if a["author"] == "李伟")
    assert "[email]" in li["text"] and "[phone]" in li["text"] and "QQ:[qq]" in li["text"]
    assert "顶会论文数量暴涨" in li["text"]
    assert any("[wechat]" in d["text"] for p in summary["pages"] for d in p["dropped"])
    assert any(a.get("contact") == "电话 [phone]" for a in summary["answers"])


@pytest.mark.slow
def test_keep_contacts_keeps_them_for_private_analysis(runs):
    summary = runs["keep"]["summary.json"]
    for what in ("email_answer", "phone_answer", "qq_answer", "email_footer", "email_row", "phone_extra"):
        assert CONTACTS[what] in summary, what
    assert CONTACTS["email_answer"] in runs["keep"]["answers.csv"]
    assert json.loads(summary)["run"]["settings"]["keep_contacts"] is True
