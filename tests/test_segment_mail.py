"""Mail-shaped posts (mail.py): BBS header blocks, mailing-list archives,
forwarded messages, signatures and quote intros.

Every page here was written for this file, in the furniture of a site family
(水木/北邮人-style BBS boards, Google Groups / Mailman archives, NGA and LIHKG
quote lines), with names and wording of its own.
"""
from __future__ import annotations

from pathlib import Path

from discourse.headers import load_headers
from discourse.mail import _sender_name
from conftest import by_author, ingest_page, published


def _dropped(page, reason: str) -> list[str]:
    return [d.text for d in page.dropped if d.reason == reason]


def test_sender_fields_name_the_poster_not_the_address_or_the_board() -> None:
    rules = load_headers()
    assert _sender_name("oldwolf (老狼·电源设计), 信区: Career", rules) == ("oldwolf", "老狼·电源设计")
    assert _sender_name("Ines Moreau <imoreau@lab.example>", rules) == ("Ines Moreau", "")
    assert _sender_name("\"Kofi Asante\" <kasante@uni.example>", rules) == ("Kofi Asante", "")
    assert _sender_name("tmiller@host.example (Tess Miller)", rules)[0] == "Tess Miller"


# -- a BBS board: 发信人 / 标 题 / 发信站 blocks, 【 在 X 的大作中提到: 】 quotes -----------

BBS_PAGE = """\
某某BBS - 学术交流站
首页 | 精华区 | 十大 | 登录 | 注册
某某BBS → 学术科研 → 就业指导(JobHunt)
[同主题阅读] [上一篇] [下一篇] [回复] [转寄]
══════════════════════════════
发信人: sysop (站务机器人), 信区: JobHunt
标  题: [公告] 本版讨论须知
发信站: 某某BBS (Sat Feb  3 00:00:00 2024), 站内

招聘帖请移步 Recruit 版,违者删帖。

※ 来源:·某某BBS bbs.example·[FROM: 站内]
══════════════════════════════
发信人: mimo_cat (喵喵), 信区: JobHunt
标  题: 电力电子硕士毕业,新能源车电驱还值得去吗?
发信站: 某某BBS (Sun Feb  4 21:10:44 2024), 站内

做的是逆变器控制,明年毕业。听说电驱已经卷成红海了,想问问各位还值得去吗?

--
猫猫爱吃鱼

※ 来源:·某某BBS bbs.example·[FROM: 10.1.*]
══════════════════════════════
发信人: oldwolf (老狼·电源设计), 信区: JobHunt
标  题: Re: 电力电子硕士毕业,新能源车电驱还值得去吗?
发信站: 某某BBS (Sun Feb  4 22:03:15 2024), 站内

电驱主机厂这两年确实饱和了,控制算法岗一个坑几十个人抢。
但储能变流器这边缺人缺得厉害,做过并网的同学很好找工作。

【 在 mimo_cat (喵喵) 的大作中提到: 】
: 做的是逆变器控制,明年毕业。听说电驱已经卷成红海了,想问问各位还值得去吗?

--
Stay hungry.

※ 修改:·oldwolf 于 Feb  5 08:00:01 2024 修改本文·[FROM: 10.2.*]
※ 来源:·某某BBS bbs.example·[FROM: 10.2.*]
══════════════════════════════
发信人: sic_bo (骰子), 信区: JobHunt
标  题: Re: 电力电子硕士毕业,新能源车电驱还值得去吗?
发信站: 某某BBS (Mon Feb  5 09:30:00 2024), 站内

【 在 oldwolf (老狼·电源设计) 的大作中提到: 】
: 但储能变流器这边缺人缺得厉害,做过并网的同学很好找工作。

储能我不太同意,去年扩产太猛,今年很多厂在降价清库存,我看也快卷起来了。

※ 来源:·某某BBS bbs.example·[FROM: 10.3.*]
══════════════════════════════
本版热门话题:
  · 电驱是不是已经红海了? (77)
【站务】BBS 手机客户端上线啦
"""


def test_bbs_posts_are_split_at_their_sender_fields_and_lose_quotes_signatures_and_origins(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "bbs.txt", BBS_PAGE)
    by = by_author(page)
    # the board's notice (a system sender, a [公告] subject) is nobody's; the asker's post is the question
    assert set(by) == {"oldwolf", "sic_bo"}
    assert "新能源车电驱还值得去吗" in page.question
    assert "储能变流器这边缺人缺得厉害" in by["oldwolf"]
    assert "我看也快卷起来了" in by["sic_bo"]
    # sic_bo quoted oldwolf: those words stay oldwolf's
    assert "储能变流器" not in by["sic_bo"]
    everything = published(page)
    for furniture in ("发信人", "发信站", "标 题", "的大作中提到", "Stay hungry", "猫猫爱吃鱼", "※ 来源", "※ 修改",
                      "本版讨论须知", "招聘帖请移步", "电驱是不是已经红海了", "客户端上线"):
        assert furniture not in everything, furniture
    assert "Stay hungry." in _dropped(page, "meta:signature")
    assert any("的大作中提到" in t for t in _dropped(page, "quote:intro"))


# -- a mailing-list archive: From/Date/Subject, "On … wrote:", forwards, signatures --------

LIST_PAGE = """\
Groups
robotics-grads
Conversations | About
Re: [robotics-grads] Is SLAM still a good thesis area?
4 messages

From: Tess Miller <tmiller@uni.example>
Date: Mon, Apr 8, 2024 at 9:02 AM
Subject: [robotics-grads] Is SLAM still a good thesis area?
To: robotics-grads <robotics-grads@lists.example>

Hello all, my lab does visual SLAM and I am picking a thesis topic this term.
Is SLAM still a good area to start in, or is it too crowded by now?

Tess

From: Ines Moreau <imoreau@lab.example>
Date: Mon, Apr 8, 2024 at 1:15 PM
Subject: Re: [robotics-grads] Is SLAM still a good thesis area?

Classic geometric SLAM is a crowded field; the benchmarks are saturated and reviewers are tired.
Learned mapping for long-lived robots is different, and labs are begging for people who can run hardware.

---------- Forwarded message ---------
From: Botworks Talent <talent@botworks.example>
Subject: We are hiring perception engineers
Botworks is hiring perception engineers in three cities, apply through our careers page.
----------

Forwarding in case anyone is interested.

Ines

--
Ines Moreau
Field Robotics Group, office 2.17
"Maps are not territories."

From: Kofi Asante <kasante@uni.example>
Date: Tue, Apr 9, 2024 at 8:40 AM
Subject: Re: [robotics-grads] Is SLAM still a good thesis area?

On Mon, Apr 8, 2024 at 1:15 PM Ines Moreau <imoreau@lab.example> wrote:
> Classic geometric SLAM is a crowded field; the benchmarks are saturated and reviewers are tired.

I would not call it crowded. Event cameras and SLAM under heavy dynamics are wide open problems.

Sent from my phone

--
You received this message because you are subscribed to the Groups "robotics-grads" group.
To unsubscribe from this group and stop receiving emails from it, send an email to robotics-grads+unsubscribe@lists.example.
"""


def test_mailing_list_thread_gives_each_mail_its_sender_and_drops_forwards_quotes_and_footers(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "list.txt", LIST_PAGE)
    by = by_author(page)
    # the first mail opens the thread (its subject has no "Re:"): it is the question
    assert set(by) == {"Ines Moreau", "Kofi Asante"}
    assert "Is SLAM still a good thesis area?" in page.question
    assert "labs are begging for people who can run hardware" in by["Ines Moreau"]
    assert "Event cameras and SLAM under heavy dynamics are wide open problems." in by["Kofi Asante"]
    # Kofi quoted Ines: "crowded field" is hers, not his
    assert "crowded field" not in by["Kofi Asante"]
    assert "Botworks Talent" not in by
    everything = published(page)
    for furniture in ("Botworks is hiring", "Forwarded message", "office 2.17", "Maps are not territories",
                      "Sent from my phone", "You received this message", "To unsubscribe", "Date: Mon", "wrote:"):
        assert furniture not in everything, furniture
    assert any("Botworks is hiring" in t for t in _dropped(page, "quote:forwarded"))


def test_a_single_from_line_is_a_byline_not_a_thread(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "one.txt", "Is robotics still hot?\n\nFrom: Tess Miller <t@uni.example>\n\n"
                       "Robotics hiring is slower this year, but field robotics still needs people.\n")
    assert [a.author for a in page.answers] == [""]
    assert "field robotics still needs people" in page.answers[0].text


# -- quote intros on forums without mail headers ------------------------------------

QUOTE_FORUM = """\
[讨论] 游戏测试还有前途吗?
#1 小白兔兔
楼主二本,收到一个游戏测试的offer,想问问测试还有前途吗?
#2 测试老油条
纯手工测试确实饱和了,外包一抓一大把,不太建议。
[+ 30] [- 2] 回复 引用
#3 自动化小王
Reply to [#2] Post by 测试老油条 (2024-05-01 20:00)
纯手工测试确实饱和了,外包一抓一大把,不太建议。
同意一半,游戏自动化测试和性能测试还是很缺人的。
[+ 12] [- 0] 回复 引用
#4 香港仔
引用 #3 自动化小王:
> 游戏自动化测试和性能测试还是很缺人的。
性能测试要懂引擎,门槛高,所以才缺人。
"""


def test_quote_intros_drop_the_quoted_words_marked_or_repeated(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "quotes.txt", QUOTE_FORUM)
    by = by_author(page)
    assert by["测试老油条"] == "纯手工测试确实饱和了,外包一抓一大把,不太建议。"
    # NGA prints the quoted sentence bare: it repeats #2's words, so it is #2's
    assert by["自动化小王"] == "同意一半,游戏自动化测试和性能测试还是很缺人的。"
    assert by["香港仔"] == "性能测试要懂引擎,门槛高,所以才缺人。"
    assert "Post by" not in published(page) and "[+ 30]" not in published(page)
    assert "by 测试老油条" not in by
