"""Tests for contact-detail redaction on lines like those in scraped pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from discourse.privacy import redact

SEEDS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # e-mail, including one that looks like a QQ number
        ("欢迎有意向点同事发简历到hengshan.jhs@alibaba-inc.com)。关于nlp", "欢迎有意向点同事发简历到[email])。关于nlp"),
        ("邮件:78799268@qq.com", "邮件:[email]"),
        ("Contact me at first.last+ml@example.co.uk.", "Contact me at [email]."),
        # QQ numbers keep their label
        ("如转载您的文章未标注版权,请联系我们(QQ:78799268)改正。", "如转载您的文章未标注版权,请联系我们(QQ:[qq])改正。"),
        ("加QQ号 12345678 备注知乎", "加QQ号 [qq] 备注知乎"),
        ("qq群：123456789、987654321 欢迎加入", "qq群：[qq] 欢迎加入"),
        ("QQ交流群: 1234567", "QQ交流群: [qq]"),
        # WeChat ids
        ("添加极市小助手微信(ID : cvmart4)", "添加极市小助手微信(ID : [wechat])"),
        ("微信号：wxid_abc123,备注研究方向", "微信号：[wechat],备注研究方向"),
        ("WeChat: deep-learner_2021", "WeChat: [wechat]"),
        ("微信:13912345678", "微信:[wechat]"),
        # phones
        ("有问题打电话13812345678联系", "有问题打电话[phone]联系"),
        ("手机:+86 138-1234-5678", "手机:[phone]"),
        ("tel 138 1234 5678.", "tel [phone]."),
        ("座机010-12345678转8", "座机[phone]转8"),
        ("(0755) 2345678 工作日", "[phone] 工作日"),
        ("Call +1 415 555 0100 after 5pm", "Call [phone] after 5pm"),
        ("UK office +44 (20) 7946 0958", "UK office [phone]"),
    ],
)
def test_contact_details_are_redacted(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "来源链接:https://www.zhihu.com/question/460500204/answer/1902459141",
        "原文: https://www.zhihu.com/question/13812345678/answer/13912345678",
        "(paper: https://arxiv.org/pdf/2103.05793.pdf)",
        "见 arXiv:2105.14203 和 2105.14203v2",
        "AI 2年前 (2022) admin",
        "2021-04-19 16:20",
        "参数量从1.1亿(BERT)涨到1500亿,GPT-3有175B参数",
        "准确率提升了12.5%,推理速度快3倍",
        "与 10000+来自港科大、北大、清华的开发者互动交流",
        "CVPR2021 在公众号后台回复:CVPR,即可下载1467篇论文",
        "好比我一个同学玩QQ飞车手游",
        "订单号 202105201234567890",
        "13812345678901 不是手机号",
        "Score: +1 2 3",
        "微信群 欢迎加入",
    ],
)
def test_numbers_that_are_not_contacts_survive(line):
    assert redact(line) == line


def test_seed_page_footer_is_redacted_and_the_rest_left_alone():
    text = (SEEDS / "000_f85fb479c42f6a95.txt").read_text(encoding="utf-8")
    out = redact(text)
    assert "78799268" not in out and "hengshan.jhs" not in out
    assert "(QQ:[qq])" in out and "邮件:[email]" in out
    assert "http://www.ainoline.cn/jiaoyu/shenduxuexi/16373.html" in out
    # only the three contact details changed
    assert len(text.splitlines()) == len(out.splitlines())
    changed = [a for a, b in zip(text.splitlines(), out.splitlines()) if a != b]
    assert len(changed) == 3


def test_redaction_is_idempotent():
    line = "联系QQ:78799268 或 13812345678, 邮箱 a@b.cn, 微信:cvmart4"
    once = redact(line)
    assert redact(once) == once
    assert once == "联系QQ:[qq] 或 [phone], 邮箱 [email], 微信:[wechat]"
