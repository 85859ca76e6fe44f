"""Thread shapes told by where names sit among post metadata (threads.py).

Every page here was written for this file, in the furniture of a site family
(贴吧 floors, 脉脉/LinkedIn comment cards, 知乎 share pages, 小红书 notes, B站
reply lists, old.reddit, GitHub Discussions clipped to Markdown, Quora, WeChat
精选留言, Discuz signatures), with names and wording of its own.
"""
from __future__ import annotations

from pathlib import Path

from discourse.headers import load_headers
from discourse.threads import block_name
from conftest import by_author, ingest_page, published


# -- the name on a name line -------------------------------------------------------

def test_block_name_takes_the_handle_before_a_bio_or_a_role() -> None:
    rules = load_headers()
    assert block_name("江畔独钓 某研究所 · 雷达信号处理", rules) == "江畔独钓"
    assert block_name("半夜改论文 作者", rules) == "半夜改论文"
    assert block_name("Hannah Okoro", rules) == "Hannah Okoro"
    assert block_name("rust_and_bones Principal Engineer", rules) == "rust_and_bones"
    # a sentence, a list item, a lower-case phrase, a role alone are no names
    assert block_name("我觉得还行,先试试。", rules) is None
    assert block_name("❌ 数据标注", rules) is None
    assert block_name("find posts by author", rules) is None
    assert block_name("UP主", rules) is None


# -- 贴吧 floors: name, rank badge, post, floor line under it -------------------------

TIEBA_PAGE = """\
机械专业还有救吗?大三了想转嵌入式_机械吧_百度贴吧
百度首页 消息 登录 注册
进入贴吧 全吧搜索
机械吧
关注:12万 贴子:88万
机械专业还有救吗?大三了想转嵌入式
只看楼主 收藏 回复

铁锈味的齿轮
初级粉丝 2
双非机械大三,学校招聘会全是设备厂。想问问转嵌入式来得及吗?还有哪些方向值得去?
来自iPhone客户端 1楼 2024-04-02 21:10
回复(1)

数控老师傅
资深吧友 12
机械设计岗现在是真的饱和了,画图的岗位外包给小厂一个月四千。
但工业机器人调试这块缺人缺得厉害,会PLC又懂视觉的根本招不到。
来自Android客户端 2楼 2024-04-02 21:40
回复

[广告] 贴吧用户_7Kq2
暑期嵌入式集训营,包就业,名额有限 查看详情 >

嵌入式转行成功
知名人士 10
补充两个:
嵌入式 Linux 驱动岗很缺人,值得转;单片机外包岗就别去了,纯红海。
来自PC 3楼 2024-04-03 09:12
回复(2)

木鱼同学
吧主 14
【吧务提示】本吧禁止发布招聘和培训广告,违者封号。
来自PC 4楼 2024-04-03 10:00
回复
©2024 Baidu 贴吧协议 | 隐私政策 | 吧主制度
"""


def test_tieba_floors_open_under_their_poster_and_rank_badges_and_floor_lines_go(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "tieba.txt", TIEBA_PAGE)
    by = by_author(page)
    assert set(by) == {"数控老师傅", "嵌入式转行成功"}
    assert "工业机器人调试这块缺人" in by["数控老师傅"]
    assert "嵌入式 Linux 驱动岗很缺人" in by["嵌入式转行成功"]
    # the opening floor asks: it is the question's detail, not an answer
    assert "机械专业还有救吗" in page.question
    everything = published(page)
    for furniture in ("资深吧友 12", "来自Android客户端", "2楼", "暑期嵌入式集训营", "贴吧用户_7Kq2", "吧务提示"):
        assert furniture not in everything, furniture
    reasons = {d.text: d.reason for d in page.dropped}
    assert reasons["知名人士 10"] == "meta:badge"
    assert reasons["来自Android客户端 2楼 2024-04-02 21:40"] == "meta:post"
    assert reasons["【吧务提示】本吧禁止发布招聘和培训广告,违者封号。"] == "post:nonauthor"


# -- 脉脉 / LinkedIn: name, job line, comment, metadata -------------------------------

MAIMAI_PAGE = """\
职言 · 职场吐槽
运维干了六年,还有必要转云原生吗?
运维老兵阿杰
某互联网公司员工
传统运维岗位越来越少了,公司今年把一半的活交给了自动化平台。想问大家还有必要转云原生吗?
5小时前 浏览 1.1万
赞 88 评论 40 分享
热门评论(40)

周晓川
字节跳动 · SRE
传统运维确实饱和了,但是懂 Kubernetes 又会写代码的 SRE 我们一直招不满。
3小时前 赞 67 回复
运维老兵阿杰 楼主:请问转 SRE 要先学什么?
2小时前 回复

一只加班的猫
某大型互联网公司员工
别听楼上的,云原生也卷起来了,培训班一期出来几百人。
3小时前 赞 21 回复
查看全部40条评论
"""

LINKEDIN_PAGE = """\
LinkedIn
Should a new grad still aim for a data analyst role?
Marta Lindqvist
Analytics Director at a retail group
3w
Entry-level analyst roles are crowded: every bootcamp graduate applies. Analytics engineering is the part that still hires.
Like · Celebrate · Love
96 reactions · 21 comments
Most relevant
Kofi Mensah
Senior Data Engineer
2w
Agree. Dashboards are a red ocean, data modelling is not.
Like · Reply · 8
Ines Duarte
Product Analyst
1w
Experimentation and causal inference are still wide open in my experience.
Like · Reply · 3
Load more comments
"""


def test_maimai_comment_cards_name_their_posters_and_drop_the_job_lines(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "maimai.txt", MAIMAI_PAGE)
    by = by_author(page)
    assert {"周晓川", "一只加班的猫"} <= set(by)
    assert "懂 Kubernetes 又会写代码的 SRE" in by["周晓川"]
    assert "云原生也卷起来了" in by["一只加班的猫"]
    # the asker's post, right under the title, asks: it is the question's detail
    assert "还有必要转云原生吗" in page.question
    assert not any("传统运维岗位越来越少了" in a.text for a in page.answers)
    everything = published(page)
    for furniture in ("字节跳动 · SRE", "某大型互联网公司员工", "3小时前 赞 67 回复", "查看全部40条评论"):
        assert furniture not in everything, furniture


def test_linkedin_posts_take_name_title_and_age_as_their_head(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "linkedin.txt", LINKEDIN_PAGE)
    assert [a.author for a in page.answers] == ["Marta Lindqvist", "Kofi Mensah", "Ines Duarte"]
    assert page.answers[1].text == "Agree. Dashboards are a red ocean, data modelling is not."
    assert page.question == "Should a new grad still aim for a data analyst role?"
    everything = published(page)
    for furniture in ("Senior Data Engineer", "Product Analyst", "Like · Reply", "96 reactions", "Most relevant"):
        assert furniture not in everything, furniture


# -- 知乎 share page: name and bio over the vote counter, comments, anonymous ---------

ZHIHU_SHARE = """\
读研选方向,强化学习和推荐系统哪个更有前景? - 北冥有鱼 的回答 - 知乎
知乎 打开App 登录/注册
读研选方向,强化学习和推荐系统哪个更有前景?
研一,导师给了两个方向,想听听过来人的意见。
查看全部 73 个回答
北冥有鱼 某大厂推荐算法工程师 · 六年经验
3,412 人赞同了该回答
先说结论:推荐系统的召回排序已经卷到头了,新人进去很难出成绩。
强化学习反而值得入,大模型后训练里的强化学习现在非常缺人。
编辑于 2024-05-02 · IP 属地浙江
赞同 3412 210 条评论 分享 收藏 喜欢
210 条评论
阿尔法调参侠 2024-05-03 · IP 属地北京
同意,我们组招强化学习实习生招了半年。
回复 喜欢 55
北冥有鱼 作者 2024-05-03 · IP 属地浙江
是的,后训练方向很缺人。
回复 喜欢 12
匿名用户 2024-05-04 · IP 属地广东
推荐系统也没那么差吧
回复 喜欢 3
更多回答
苏打绿茶 推荐系统 / 广告
1,208 人赞同了该回答
不同意推荐已死的说法。生成式推荐刚刚起步,缺人得很。
发布于 2024-05-06 · IP 属地上海
赞同 1208 33 条评论 分享
推荐阅读
强化学习入门到放弃 深度学习笔记
京ICP证000000号 · © 2024 知乎
"""


def test_zhihu_share_page_names_answerers_over_their_vote_counters(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "zhihu_share.html", ZHIHU_SHARE.replace("\n", "<br>\n"))
    authors = [a.author for a in page.answers]
    assert authors[0] == "北冥有鱼" and "苏打绿茶" in authors and "阿尔法调参侠" in authors
    by = by_author(page)
    assert "强化学习反而值得入" in by["北冥有鱼"]
    assert "后训练方向很缺人" in by["北冥有鱼"]  # the author's reply, with the 作者 badge gone
    assert "生成式推荐刚刚起步" in by["苏打绿茶"]
    # an anonymous reply is a post of its own, by nobody the page names
    assert by[""] == "推荐系统也没那么差吧"
    assert "匿名用户" not in authors
    everything = published(page)
    for furniture in ("人赞同了该回答", "查看全部 73 个回答", "更多回答", "深度学习笔记", "六年经验"):
        assert furniture not in everything, furniture


# -- 小红书 note: the note's title under its author, comments, spam ------------------

XHS_PAGE = """\
小红书 - 你的生活指南
发现 直播 发布 通知 我
登录后查看更多精彩内容 | 立即登录

奶茶续命的阿宁
关注

二本会计转数据分析|踩过的坑都在这了😭
纯个人经历,不喜勿喷~
❌ 审计
加班到凌晨是常态,而且初级岗位已经饱和了,薪资还低。
✅ 数据分析
懂业务又会 SQL 的人现在是真的缺,转过去不后悔。
#转行 #数据分析 #会计
编辑于 03-21 广东
❤️ 3208 ⭐ 1520 💬 96
共 96 条评论
说点什么...

吃不饱的小熊
数据分析也很卷吧,我投了一百份简历只有三个面试😓
03-22 江苏 赞 210 回复
作者赞过
奶茶续命的阿宁 作者
回复 吃不饱的小熊:卷的是只会做报表的,会 AB 实验的一直缺~
03-22 广东 赞 88 回复
展开 6 条回复

简历精修Amy老师
需要改简历的姐妹看我主页,免费诊断!
03-23 上海 赞 2 回复
- 到底了 -
打开小红书App,查看更多评论
"""


def test_xiaohongshu_note_keeps_its_author_and_title_and_drops_spam_and_badges(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "xhs.txt", XHS_PAGE)
    by = by_author(page)
    assert set(by) == {"奶茶续命的阿宁", "吃不饱的小熊"}
    assert "懂业务又会 SQL 的人现在是真的缺" in by["奶茶续命的阿宁"]
    assert "会 AB 实验的一直缺" in by["奶茶续命的阿宁"]
    assert "二本会计转数据分析" in page.question
    everything = published(page)
    for furniture in ("作者赞过", "03-22 江苏", "说点什么", "免费诊断", "到底了", "打开小红书App", "❤️ 3208"):
        assert furniture not in everything, furniture
    assert "简历精修Amy老师" not in by


# -- B站 reply list: "A 回复 @B :text", level badges, a summary bot -----------------

BILI_HTML = """<html><head><title>程序员该不该转测试?_哔哩哔哩_bilibili</title></head><body>
<h1>程序员该不该转测试?</h1>
<div class="reply"><span class="user-name">键盘侠本侠</span><p>LV5</p>
<p>测试岗真不推荐,外包占了一大半,工资还在往下走。</p><p>2024-02-01 10:00 · 回复 · 点赞 321 UP主觉得很赞</p></div>
<p>老周聊职场 UP主 回复 @键盘侠本侠 :外包确实多,但测开还是缺人的,这点要分开看。</p>
<p>2024-02-01 11:00 · 回复 · 点赞 120</p>
<p>共 12 条回复, 点击查看</p>
<div class="reply"><span class="user-name">代码写不完</span><p>LV4</p>
<p>@剧情小助理 总结一下</p><p>2024-02-02 09:00 · 回复 · 点赞 5</p></div>
<p>剧情小助理 回复 @代码写不完 :本视频认为测试岗饱和、测开缺人、运维前景一般。以上内容由AI生成,仅供参考</p>
<p>2024-02-02 09:00 · 回复 · 点赞 30</p>
</body></html>
"""


def test_bilibili_replies_name_the_replier_and_the_summary_bot_is_nobody(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "bili.html", BILI_HTML)
    by = by_author(page)
    assert "测试岗真不推荐" in by["键盘侠本侠"]
    assert "测开还是缺人的" in by["老周聊职场"]
    assert "剧情小助理" not in by and not any("小助理" in a for a in by)
    everything = published(page)
    for furniture in ("LV5", "UP主觉得很赞", "共 12 条回复", "以上内容由AI生成"):
        assert furniture not in everything, furniture


# -- old.reddit: flair, [S], AutoModerator, [deleted], the parent quoted --------------

OLD_REDDIT = """\
jump to content
my subreddits
Want to join? Log in or sign up in seconds.|
search
321
Is QA automation a dead end in 2025? (self.ExperiencedDevs)
submitted 5 hours ago by test_pilot_77
I write Selenium tests all day. Everyone says QA is saturated. Is it time to leave?
42 comments
share
[–]AutoModerator[M] 1 point 5 hours ago stickied comment
Reminder: read the wiki before posting. I am a bot, and this action was performed automatically.
permalink embed save report reply
[–]flaky_suite Staff SDET 210 points 4 hours ago
Manual QA is saturated. SDETs who can build test infrastructure are not, we have had an opening for months.
permalink embed save report reply
[–]mock_everything 80 points 4 hours ago
> Manual QA is saturated.
Agreed on that, but infra roles are a red ocean too once the layoffs hit.
permalink embed save parent report reply
[–]test_pilot_77[S] 12 points 3 hours ago
Thanks, this helps a lot.
permalink embed save parent report reply
[–][deleted] 2 points 3 hours ago
[removed]
permalink embed save report reply
load more comments (15 replies)
about
blog
careers
help
"""


def test_old_reddit_thread_with_flair_bots_deleted_posts_and_a_quoted_parent(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "old_reddit.txt", OLD_REDDIT)
    by = by_author(page)
    assert set(by) == {"flaky_suite", "mock_everything", "test_pilot_77"}
    assert page.question.startswith("Is QA automation a dead end in 2025?")
    # the reply quotes its parent: the quoted words stay the parent's
    assert by["mock_everything"] == "Agreed on that, but infra roles are a red ocean too once the layoffs hit."
    assert any(d.reason == "quote:quoted" for d in page.dropped)
    everything = published(page)
    for furniture in ("I am a bot", "Log in or sign up", "load more comments", "careers", "[removed]"):
        assert furniture not in everything, furniture


# -- GitHub Discussions clipped to Markdown ----------------------------------------

GITHUB_MD = """\
---
title: "Is compiler work a good PhD topic in 2025? · ml-compilers/forum · Discussion #77"
---
[Skip to content](#start-of-content)
# Is compiler work a good PhD topic in 2025? #77
**[ana-ferreira](https://github.com/ana-ferreira)** on Feb 2, 2025
I like compilers but everyone says the field is crowded by big companies. Is it still a good PhD topic?
👍 4
## Answered by [tvm-hacker](https://github.com/tvm-hacker) [Feb 3, 2025](#discussioncomment-1)
[View full answer](#discussioncomment-1)
---
**[tvm-hacker](https://github.com/tvm-hacker)** `Maintainer` commented on Feb 3, 2025
Autotuning for sparse and dynamic shapes is wide open; kernel fusion for dense models is crowded.
👍 17 🎉 2
✅ Answer selected by [ana-ferreira](https://github.com/ana-ferreira)
---
**[stale-bot](https://github.com/apps/stale-bot)** `bot` commented on Apr 4, 2025
This discussion has been automatically marked as stale because it has had no recent activity.
---
**[mlir-curious](https://github.com/mlir-curious)** commented on Feb 5, 2025 · edited
MLIR tooling is still underexplored in academia.
👍 6
[Sign up for free](/join) **to join this conversation on GitHub**. Already have an account? [Sign in to comment](/login)
Labels
[phd](/labels/phd)
© 2025 GitHub, Inc.
"""


def test_github_discussion_in_markdown_names_commenters_and_drops_bots_and_credits(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "discussion.md", GITHUB_MD)
    by = by_author(page)
    assert set(by) == {"tvm-hacker", "mlir-curious"}
    assert by["tvm-hacker"].startswith("Autotuning for sparse and dynamic shapes is wide open")
    assert "Is compiler work a good PhD topic in 2025?" in page.question
    everything = published(page)
    for furniture in ("github.com", "Maintainer", "View full answer", "Answer selected by", "marked as stale",
                      "Sign up for free", "👍 17", "Labels"):
        assert furniture not in everything, furniture


# -- Quora: credentials, upvoters, a sponsored block, another question's answer -----

QUORA_HTML = """<html><head><title>Is robotics a good field for a PhD? - Quora</title></head><body>
<h1>Is robotics a good field for a PhD?</h1>
<div><span class="author">Lena Fischer</span><p>PhD in Robotics, TU Munich · Updated 2y</p>
<p>Upvoted by Omar Haddad, Robotics Engineer at a startup</p>
<p>Manipulation is still wide open; legged locomotion is getting crowded.</p>
<p>Upvote · 1.4K Share · 22 Comments · 9</p></div>
<div><p>Sponsored by RoboCamp</p><p>Build your own robot arm in six weeks. Certificate included.</p><p>Learn More</p></div>
<div><span class="author">Quora User Answered 1y</span><p>Overrated.</p><p>Upvote · 12</p></div>
<div><span class="author">Victor Nam</span><p>Robotics Software Engineer · 6mo</p>
<p>Originally Answered: Should I join a robotics startup?</p>
<p>Startups in warehouse robotics are a red ocean right now.</p><p>Upvote · 80</p></div>
</body></html>
"""


def test_quora_answers_drop_credentials_upvoters_ads_and_the_other_question(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "quora.html", QUORA_HTML)
    by = by_author(page)
    assert set(by) == {"Lena Fischer", "Quora User", "Victor Nam"}
    assert by["Lena Fischer"] == "Manipulation is still wide open; legged locomotion is getting crowded."
    assert by["Victor Nam"] == "Startups in warehouse robotics are a red ocean right now."
    everything = published(page)
    for furniture in ("Upvoted by", "Omar Haddad", "Sponsored", "six weeks", "Learn More", "Originally Answered",
                      "TU Munich", "Upvote · 1.4K"):
        assert furniture not in everything, furniture


# -- WeChat article with 精选留言 -------------------------------------------------------

WECHAT_COMMENTS = """\
芯片验证工程师,还能干几年?
原创 硅谷茶馆 2024-06-01 08:00 发表于上海
作者:沈一舟
这几年身边不少朋友从设计转到了验证,原因很简单:验证岗位多,门槛相对低。
但是初级验证已经明显饱和了,一个岗位几百份简历,很多人只会跑用例。
真正缺人的是会写验证平台、懂形式验证的工程师,这部分我依然非常看好。
—END—
点个在看,分享给更多人
精选留言
写留言
晶圆厂夜班人
形式验证确实缺人,我们组招了半年都没有合适的。
21
小小验证狗
初级验证饱和是真的,投了五十家只有两个面试。
9
作者回复
多练验证平台,机会还是有的。
4
"""


def test_wechat_article_keeps_its_author_and_its_comments_each_get_theirs(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "wechat.txt", WECHAT_COMMENTS)
    by = by_author(page)
    assert set(by) == {"沈一舟", "晶圆厂夜班人", "小小验证狗"}
    assert "懂形式验证的工程师" in by["沈一舟"]
    assert by["小小验证狗"] == "初级验证饱和是真的,投了五十家只有两个面试。"
    # after a post's closing metadata, the author's reply is nobody's comment above it
    assert "多练验证平台" not in by["小小验证狗"]
    everything = published(page)
    for furniture in ("精选留言", "写留言", "点个在看"):
        assert furniture not in everything, furniture


# -- Discuz signatures under a divider --------------------------------------------------

def test_a_signature_under_a_divider_is_not_the_post(tmp_path: Path) -> None:
    text = """\
芯片设计读博值得吗 - 研学论坛
楼主 芯片小白 发表于 2024-5-1 10:00
芯片设计读博值得吗?想听听大家的看法。
沙发
老黄不加班 发表于 2024-5-1 11:00
数字前端已经饱和了,但模拟和射频依然缺人,读博做射频很值得。
----
十五年模拟老兵,欢迎私信交流
回复 举报
板凳
Grace_L 发表于 2024-5-1 12:00
读博要看导师,方向其次。
回复 举报
"""
    page = ingest_page(tmp_path, "discuz.txt", text)
    by = by_author(page)
    assert by["老黄不加班"] == "数字前端已经饱和了,但模拟和射频依然缺人,读博做射频很值得。"
    assert any(d.reason == "meta:signature" and "十五年模拟老兵" in d.text for d in page.dropped)


# -- phpBB: "Post by X » date", "Re: <title>" subject lines ---------------------------

def test_phpbb_posts_and_their_reply_subjects(tmp_path: Path) -> None:
    text = """\
Is FPGA design a dead end? - Hardware Forum
Board index ‹ Careers ‹ General
Is FPGA design a dead end?
Post by lut_wrangler » Mon Jun 03, 2024 9:14 am
Five years of FPGA work and the job ads are thinning. Is it a dead end?
Re: Is FPGA design a dead end?
Post by timing_closure » Mon Jun 03, 2024 10:02 am
Not at all, defence and high-frequency trading still hire FPGA people.
Re: Is FPGA design a dead end?
Post by Mira Solberg » Tue Jun 04, 2024 8:40 am
Consumer FPGA work is a red ocean though.
Who is online
Users browsing this forum: No registered users and 2 guests
"""
    page = ingest_page(tmp_path, "phpbb.txt", text)
    assert [a.author for a in page.answers] == ["timing_closure", "Mira Solberg"]
    assert page.answers[1].text == "Consumer FPGA work is a red ocean though."
    assert page.question == "Is FPGA design a dead end?"
    assert sum(d.reason == "repeat:reply-title" for d in page.dropped) == 2


# -- Medium: the article under its author's name, responses under theirs ------------

def test_medium_article_and_responses_and_the_title_keeps_its_question(tmp_path: Path) -> None:
    text = """\
Should You Still Learn Kotlin in 2025? | by Ruth Abebe | Android Weekly | Medium
Ruth Abebe
Follow
Published in Android Weekly
6 min read · Feb 1, 2025
Kotlin is not saturated at all for backend work, very few teams have people who know coroutines well.
Pure Android UI work, on the other hand, is a red ocean now.
301
9
Responses (9)
What are your thoughts?
Luis Ortega
Feb 2, 2025
Agree about the backend part, our Kotlin server team has been hiring for months.
12
Reply
"""
    page = ingest_page(tmp_path, "medium.txt", text)
    assert [a.author for a in page.answers] == ["Ruth Abebe", "Luis Ortega"]
    assert page.question.startswith("Should You Still Learn Kotlin in 2025?")
    assert page.answers[0].text.startswith("Kotlin is not saturated at all")
    assert "6 min read" not in published(page)


# -- X/Twitter thread: display name before the handle, "Replying to" --------------------

def test_x_thread_names_display_names_and_drops_reply_to_lines(tmp_path: Path) -> None:
    text = """\
Post
Arjun Rao @arjun_builds · Jan 8
Is game development still worth it as a career? Everyone says the industry is crowded.
88 Replies 40 Reposts 1.1K Likes
Selma Kaya @selma_k · Jan 8
Replying to @arjun_builds
Gameplay programming is crowded, engine and tools programmers are rare and well paid.
4 1 60
Ben Ode @benode · Jan 9
Replying to @arjun_builds
Technical art is a blue ocean right now.
2 0 31
"""
    page = ingest_page(tmp_path, "x.txt", text)
    assert [a.author for a in page.answers] == ["Selma Kaya", "Ben Ode"]
    assert page.answers[0].text == "Gameplay programming is crowded, engine and tools programmers are rare and well paid."
    assert "Replying to" not in published(page)


# -- Dcard: a floor label, the poster's school or nickname, a date without a year ----

def test_dcard_floors_name_the_poster_under_the_floor_label(tmp_path: Path) -> None:
    text = """\
電機系畢業該去半導體還是軟體? - 工作板 | Dcard
工作板
電機系畢業該去半導體還是軟體?
匿名 國立中興大學
2024年5月2日 09:10
如題,兩邊都有面試,想問大家哪個比較有前景?
B1
國立交通大學
5月2日 10:02
半導體設備工程師很缺人,但是很操,軟體初階職缺比較飽和。
B2
奶茶三分糖
5月2日 11:40
軟體也沒那麼差,做雲端跟資料工程的一直缺人。
"""
    page = ingest_page(tmp_path, "dcard.txt", text)
    assert [a.author for a in page.answers] == ["国立交通大学", "奶茶三分糖"]
    assert "工作板" not in {a.author for a in page.answers}
    assert "5月2日" not in published(page)


# -- a divider inside a post is not the post's end --------------------------------------

def test_a_divider_between_posts_closes_one_but_a_divider_inside_a_post_keeps_its_text(tmp_path: Path) -> None:
    text = """\
Which database internals topics are still open?
桂花乌龙
存储引擎方向
向量数据库已经是红海了,几十家公司在做同样的东西。
---
不过查询优化器和事务处理还很缺人,值得做。
03-02 上海 赞 40 回复
冷启动的树
某数据库公司 · 内核开发
同意楼上,优化器方向我们组一直在招人。
03-03 北京 赞 12 回复
"""
    page = ingest_page(tmp_path, "divider.txt", text)
    by = by_author(page)
    assert set(by) == {"桂花乌龙", "冷启动的树"}
    assert "查询优化器和事务处理还很缺人" in by["桂花乌龙"]
    assert by["冷启动的树"] == "同意楼上,优化器方向我们组一直在招人。"
