"""Group threads, professional-network feeds, new-layout Reddit, PTT mirrors, WeChat
reposts and Discourse topics: their author lines, quotes and furniture."""
from __future__ import annotations

from pathlib import Path

from conftest import by_author, ingest_page, published

GROUP = """\
考研互助小组
小组成员:12,001 人 加入小组

跨专业考计算机还是考本专业?
来自: 小土豆 2024-05-01 20:11:02 四川
化学本科,想问问大家跨考计算机还来得及吗?

最赞回应
老张爱喝茶 2024-05-02 09:00:01 北京
跨考计算机现在太卷了,408每年分数线都在涨……(展开)
查看更多最赞回应 >

老张爱喝茶 2024-05-02 09:00:01 北京
跨考计算机现在太卷了,408每年分数线都在涨,不建议零基础去挤。
化学本专业读研反而机会不少,新材料方向还缺人。
回应 赞(30)

该回应已被删除

晚风小舟 2024-05-02 12:30:45 上海
老张爱喝茶: 化学本专业读研反而机会不少,新材料方向还缺人
同意一半,新材料缺的是博士,硕士一样卷。
回应 赞(12)

组长助手 2024-05-03 08:00:00
【组务提醒】禁止发布广告,违者移出小组。
回应 赞
"""


def test_group_thread_reply_lines_inline_quotes_and_previews(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "group.txt", GROUP)
    by = by_author(page)
    assert set(by) == {"老张爱喝茶", "晚风小舟"}
    assert by["老张爱喝茶"].count("408每年分数线都在涨") == 1  # the preview is not a second answer
    assert by["晚风小舟"] == "同意一半,新材料缺的是博士,硕士一样卷。"  # her inline quote of him goes
    text = published(page)
    assert "展开" not in text and "已被删除" not in text and "组务提醒" not in text


FEED = """\
Skip to main content
Home
My Network

Ola Berg likes this

Dana Whitfield
 • 2nd
Director of Talent | Former founder | Hiring for robotics and automation teams worldwide
1w •  Edited •

Follow

Which automation roles are still hard to fill? Warehouse robotics integration is wide open.

Like
Comment
Repost
Send

Samir Haddad
 • 3rd+
Senior Controls Engineer at a packaging machinery manufacturer in the Midwest
6d
PLC programming is saturated at the junior level, every bootcamp teaches it now.
Like
·
12
Reply

Dana Whitfield
Author
Director of Talent
5d
Agreed on junior PLC roles.
Like
·
3
Reply

Mei Tanaka
 • 1st
Robotics PM
5d
Vision-guided picking is where I cannot hire fast enough.
Like
Reply
"""


def test_feed_comments_read_name_degree_headline_time(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "feed.txt", FEED)
    by = by_author(page)
    assert {"Samir Haddad", "Mei Tanaka", "Dana Whitfield"} <= set(by)
    assert by["Samir Haddad"] == "PLC programming is saturated at the junior level, every bootcamp teaches it now."
    assert "Agreed on junior PLC roles." in by["Dana Whitfield"]
    text = published(page)
    assert "likes this" not in text and "packaging machinery" not in text and "Send" not in text
    assert "1w" not in by and "Author" not in text


REDDIT = """\
r/geodesy
•
3 days ago
curious_surveyor

Is photogrammetry still a good niche, or is it saturated?

Finishing a geomatics degree. Is photogrammetry saturated?

12

Share

lidar_lena
•
3d ago
Top 1% Commenter

Photogrammetry for drones is crowded now, but lidar processing for forestry is still short of people.

40

Reply
Award
Share

    curious_surveyor
    OP
    •
    2d ago

    Thanks, that helps a lot.

    3

    Reply
    Award
    Share

More replies

Related Answers Section
Related Answers
Is GIS a dying field?

r/geodesy
Joined
A community for surveyors
"""


def test_new_reddit_badges_join_button_and_related_answers(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "reddit.txt", REDDIT)
    by = by_author(page)
    assert "lidar_lena" in by and "Joined" not in by and "ago" not in by
    assert by["lidar_lena"].startswith("Photogrammetry for drones")  # the flair is no text
    assert by.get("curious_surveyor", "").startswith("Thanks")
    assert "More replies" not in published(page) and "dying field" not in published(page)


PTT = """\
作者 geo_chen (阿成) 看板 Tech_Job
標題 [請益] 韌體還是驗證?
時間 Mon Jun 10 20:10:22 2024

想問韌體跟驗證哪個比較有前景?

--
※ 發信站: 某某實業坊(bbs.example), 來自: 1.2.xxx.xxx (臺灣)
※ 文章網址: https://www.bbs.example/bbs/Tech_Job/M.1.A.1.html
推 hw_bob: 韌體缺人 驗證很飽和                                   06/10 21:00
噓 cash_bot42: 加我賺外快 月入十萬                               06/10 21:05
推 soc_amy: 驗證其實也缺資深的                                   06/10 21:10
→ [板主] Tech_mod: 提醒 推文禁止廣告 違者水桶                    06/10 22:00
"""


def test_ptt_mirror_bot_accounts_moderator_pushes_and_url_line(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "ptt.txt", PTT)
    by = by_author(page)
    assert {"hw_bob", "soc_amy"} <= set(by)
    assert "cash_bot42" not in by and "Tech_mod" not in by
    text = published(page)
    assert "网址" not in text and "文章網址" not in text and "外快" not in text and "水桶" not in text


WECHAT = """\
原创 工科观察 2024-05-01 08:00 发表于北京
点击上方蓝字"工科观察"关注我们
以下文章来源于知乎专栏「芯片杂谈」,作者硅片小王
本文经作者授权转载

芯片验证还值得入行吗?

验证岗这两年缺人,尤其是懂形式化验证的,不过数字前端已经很卷了。
模拟设计一直是蓝海,门槛高人少。

—— END ——

精选留言

深圳的阿杰 广东
数字前端确实卷,我们组一个岗位两百份简历。
赞 40

工科观察 北京
作者 感谢留言,下期聊模拟设计。
赞 8
"""


def test_wechat_repost_credits_the_writer_not_the_publishing_account(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "wechat.txt", WECHAT)
    by = by_author(page)
    assert "硅片小王" in by and "模拟设计一直是蓝海" in by["硅片小王"]
    assert "工科观察" not in by
    assert "授权转载" not in published(page)


TOPIC = """<html><body>
<h1>Is control theory still worth a PhD?</h1>
<div class="post"><p>ana_q Ana Quiroga April 2, 2024, 3:40pm #1</p>
<p>Is control theory still worth a PhD, or is it crowded?</p></div>
<div class="post"><p>li_wen Li Wen Regular April 2, 2024, 5:00pm #2</p>
<p>Robust control is a red ocean for new students, honestly.</p>
<p>Learning-based control is still short of people.</p></div>
<div class="post"><p>petra_k April 3, 2024, 9:10am #3</p>
<aside class="quote"><div class="title">li_wen:</div>
<blockquote><p>Robust control is a red ocean for new students</p></blockquote></aside>
<p>I would not say that; aerospace still hires robust control people.</p></div>
<div class="post"><p>helperbot Bot April 3, 2024, 9:11am #4</p>
<p>Thanks for posting! Did you know you can bookmark topics?</p></div>
</body></html>"""


def test_discourse_topic_headers_bare_quote_intro_and_bot(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "topic.html", TOPIC)
    by = by_author(page)
    assert {"li_wen", "petra_k"} <= set(by)
    assert "helperbot" not in by
    assert by["petra_k"] == "I would not say that; aerospace still hires robust control people."
    assert "bookmark" not in published(page)
