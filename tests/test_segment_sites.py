"""Page shapes of more site families: vote-arrow threads nested by indentation,
paid-community Q&A, moderators' and official accounts' notices, pinned posts,
X-style threads with profile cards, blog comment boxes, navigation bars that
hold a question mark, and furniture lines those sites print.

Every page here was written for this file, in the furniture of a site family
(Lobsters/HN-like aggregators, 知识星球, Mobile01/一亩三分地/掘金 floors,
course forums, X/Mastodon, Hexo/Valine blogs, 百家号 comments, Medium-like
blogs), with names and wording of its own.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from discourse.boilerplate import load_rules, match_rule
from discourse.headers import clean_name, load_headers, plausible_name
from discourse.posters import poster_line
from conftest import by_author, ingest_page, published


def _poster(line: str):
    rules = load_headers()
    return poster_line(line, lambda n: plausible_name(clean_name(n, rules), rules, suffixes=False),
                       anonymous=rules.is_anonymous)


def _rule(line: str) -> str | None:
    rule = match_rule(line, load_rules().rules)
    return rule.id if rule else None


@pytest.mark.parametrize("line, author", [
    ("▲ 17 ▼  kestrel_dev  4 hours ago  |  link  |  flag", "kestrel_dev"),  # votes around the arrows
    ("via mossy_owl  9 hours ago  |  flag  |  hide  |  saved  |  12 comments", "mossy_owl"),
    ("板凳 | 湾区打工人 | 积分 2,310 | 大米 77 | 发表于 2024-3-2 10:15", "湾区打工人"),  # a poster's stats
    ("Lucia Ferreira  · Mentor · 2 weeks ago", "Lucia Ferreira"),  # a role between separators
    ("Ade Bello · Week 3 · 5 days ago", "Ade Bello"),  # a course forum's week badge
])
def test_poster_lines_with_votes_stats_and_roles(line: str, author: str) -> None:
    p = _poster(line)
    assert p is not None and p.author == author


def test_the_end_of_a_sentence_before_a_time_word_is_no_poster() -> None:
    # "…I would\nnot go back there today." wrapped by the scrape: lower-case words and a time
    assert _poster("not go back there today.") is None
    assert _poster("Priya N. · 2 days ago").author == "Priya N."


def test_names_lose_places_leading_roles_and_browser_badges() -> None:
    rules = load_headers()
    assert clean_name("晚风吹麦浪 浙江", rules) == "晚风吹麦浪"
    assert clean_name("版主 工地小帮手", rules) == "工地小帮手"
    assert clean_name("lin_yu Chrome 120.0 Windows 11", rules) == "lin_yu"
    assert not plausible_name("2/4 Underrated", rules)  # a thread's post counter and a heading
    assert not plausible_name("PINNED", rules) and not plausible_name("置顶", rules)


@pytest.mark.parametrize("line, rule", [
    ("[Comment removed by moderator pike: off-topic]", "meta:removed-post"),
    ("*Comment hidden by post author - thread only accessible via permalink*", "meta:removed-post"),
    ("#6 此楼层已被版主删除(违反站规)", "meta:removed-post"),
    ("[赞] 88  [踩] 3", "meta:vote-bar"),
    ("[+ 41]  [- 2]  回复  引用  举报", "meta:vote-bar"),
    ("UID:1024 级别:侠客 威望:2 发帖:88  2024-02-02 21:00", "meta:profile-stats"),
    ("[站内信] [我的圈子] [消息 2]", "nav:bracket-menu"),
    ("Catalog ▾   Search   For Teams   Log In   Join for Free", "nav:auth-bar"),
    ("转载自某论坛.", None),  # not a site watermark: no 论坛/社区/网 name after 来源
    ("来源某某社区.", "meta:watermark"),
    ("本帖已被 管理员 设为精华", "meta:system-line"),
    ("\"阿强\"撤回了一条消息", "chat:system-event"),
    ("※ 来源:·某某BBS bbs.example·[FROM: 10.1.*]", "meta:bbs-origin"),
    ("本文已参与「春季征文」活动,一起来写作吧。", "promo:activity"),
    ("Members get unlimited access to every story. Cancel anytime.", "promo:upsell"),
    ("☕ 请我喝杯咖啡", "promo:tip-jar"),
    ("`#rust` `#career` `#discuss`", "meta:tag-chips"),
    ("2 评论", "comments:count"),
    ("提交 预览", "comments:form-buttons"),
    ("我注册了账号以后就再也没登录过,这里的体验很差。", None),  # a sentence, not a sign-in bar
    ("I could not log in to the portal, so I had to register again.", None),
])
def test_furniture_lines_of_these_families(line: str, rule: str | None) -> None:
    assert _rule(line) == rule


# -- a vote-arrow aggregator thread, nested by indentation ---------------------------

ARROWS = """\
Crustacean News
Active  Recent  Comments  Search   Login

▲
21
▼
Ask: Is compiler engineering still a good niche for new grads?
ask  compilers  career
via mossy_owl  9 hours ago  |  flag  |  hide  |  saved  |  12 comments

I like LLVM internals but every job board shows web jobs. Is compilers a dead end for a new grad?

    ▲ 17 ▼  kestrel_dev  8 hours ago  |  link  |  flag
    Compilers are understaffed. Every accelerator startup needs people who can write a backend,
    and universities barely teach it anymore.

        ▲ 5 ▼  pike_and_shield  7 hours ago  |  link  |  flag
        Agreed, though the interviews are brutal.

    [Comment removed by moderator pike: job ad]

    ▲ 9 ▼  quiet_lambda  6 hours ago  |  link  |  flag
    Frontend compilers for new languages are crowded with hobby projects; the paid work is in backends.

Stories with similar links:
  Why every startup is hiring compiler engineers   via flint_ray
  Compilers are a red ocean now                    via tallow_x
"""


def test_arrow_thread_posters_nesting_removed_comments_and_similar_stories(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "arrows.txt", ARROWS)
    by = by_author(page)
    # the submitter's post ("via X") is the question
    assert set(by) == {"kestrel_dev", "pike_and_shield", "quiet_lambda"}
    assert "Is compiler engineering still a good niche for new grads?" in page.question
    assert "Every accelerator startup needs people" in by["kestrel_dev"]
    everything = published(page)
    for furniture in ("link | flag", "Comment removed", "Stories with similar links", "red ocean now",
                      "flint_ray", "Active Recent"):
        assert furniture not in everything, furniture


# -- a paid community's Q&A: asker, owner's answer, "name:" comments, nested replies -----

PLANET = """\
知识星球
[发现]  [我的星球]  [消息 1]
独立开发者俱乐部
星主:阿朴做产品 · 成员 1,208
置顶 · 星球小助手
本星球内容仅限成员查看,禁止转载。
2024/01/01 00:00

[问答]
匿名用户 提问 阿朴做产品:
在大厂做了三年后端,想出来做独立开发。想问星主:现在做独立开发还来得及吗?
阿朴做产品 回答:
工具类 App 已经是红海了,App Store 上同类产品几百个。
但面向小商家的 SaaS 插件还有机会,付费意愿也高。
2024/03/01 21:00
👍 66 · 💬 9 · 分享
评论(9)

木子李:
我做浏览器插件两年了,确实能养活自己,但获客越来越贵。
2024/03/01 21:30  👍 12  回复

    阿朴做产品 回复 木子李:
    对,获客成本是最大的问题。
    2024/03/01 21:40  👍 3  回复

海边的程序员:
打卡
2024/03/02 08:00  👍 1  回复

[查看全部 9 条评论]
【星球推荐】加入「出海实战营」,限时优惠
相关主题:
  # 独立开发是不是伪命题?
"""


def test_paid_community_qa_post_with_comments_and_replies(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "planet.txt", PLANET)
    by = by_author(page)
    assert set(by) == {"阿朴做产品", "木子李", "海边的程序员"}
    # the asker's post is the question; the page's circle name is not
    assert "现在做独立开发还来得及吗" in page.question
    assert "面向小商家的 SaaS 插件还有机会" in by["阿朴做产品"]
    assert "对,获客成本是最大的问题。" in by["阿朴做产品"]
    assert "获客越来越贵" in by["木子李"]
    everything = published(page)
    for furniture in ("仅限成员查看", "查看全部", "出海实战营", "伪命题", "星球小助手", "提问"):
        assert furniture not in everything, furniture


# -- moderators, official accounts and pinned notices are nobody's answers -----------

FLOORS = """\
某论坛 | 首页 | 登入 / 註冊
2025 年硬體工程師該選 RF 還是數位?
瀏覽 3,210 | 回應 6
#1  想當RF仔  2025-01-05 20:00
想請教各位,RF 和數位 IC 哪個比較有前景?
分享  引用  回覆
#2  射頻老兵  2025-01-05 21:10
RF 人少,真的缺人,我們部門招了一年還沒補滿。
分享  引用  回覆
#3  數位前端阿德  2025-01-05 22:30
數位前端新人太多,已經飽和了,做 DFT 反而好找工作。
分享  引用  回覆
#4  版主 工地小帮手  2025-01-06 09:00
提醒:請勿張貼公司內部薪資資料,違者刪文。
分享  引用  回覆
"""


def test_a_moderators_floor_is_a_notice_not_an_answer(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "floors.txt", FLOORS)
    by = by_author(page)
    assert set(by) == {"射频老兵", "数位前端阿德"}  # names in simplified characters, as answers are
    assert "請勿張貼" not in published(page)


COMMENTS_WITH_OFFICIAL = """\
2024 了,后端还值得学吗?聊聊我的看法
码农阿杰  LV.5  2024-03-01 10:00  阅读 5.1k
后端基础岗已经饱和了,只会 CRUD 很难找到好工作。
但做高并发、做数据库内核的人一直很缺,我们组招了三个月还没招满。

评论 3
最热 | 最新

夜猫子开发  LV.3  后端开发
同意,数据库内核方向确实缺人,门槛也高。
2天前  点赞 12  回复

社区小管家  官方
感谢作者的分享,本周话题讨论正在进行中,欢迎大家一起来聊聊~
1天前  点赞 2  回复
"""


def test_an_official_accounts_comment_is_nobodys(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "official.txt", COMMENTS_WITH_OFFICIAL)
    by = by_author(page)
    assert set(by) == {"码农阿杰", "夜猫子开发"}
    assert "本周话题讨论" not in published(page)


PINNED_FORUM = """\
learnhub
Catalog ▾   What do you want to learn?   Search   Log In   Join for Free
Intro to Statistics > Discussion Forums > General
PINNED
LearnHub Support Team · Staff · 2 years ago
Welcome! Please read the community guidelines before posting. Posts with quiz answers will be removed.
👍 40   Follow
────────────────────────
Is a statistics certificate still worth it for a biology student?
Nora Quist · Week 2 · 1 month ago
I'm a biology undergrad. Does a statistics certificate still help, or is the market saturated?
👍 9    Reply    Follow
Lucia Ferreira  · Mentor · 3 weeks ago
Biostatistics is far from saturated; clinical research groups keep asking me for people who can do survival analysis.
Reply · 👍 21
Ade Bello · 2 weeks ago
Generic data analyst jobs are crowded, but lab data management roles are easy to get with this certificate.
Reply · 👍 7
"""


def test_a_pinned_notice_and_a_menu_question_do_not_make_the_question(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "pinned.txt", PINNED_FORUM)
    by = by_author(page)
    # "PINNED" is no name, the support team's rules are no answer, the asker's post is the question
    assert set(by) == {"Lucia Ferreira", "Ade Bello"}
    assert page.question == "Is a statistics certificate still worth it for a biology student?"
    assert "survival analysis" in by["Lucia Ferreira"]
    assert "community guidelines" not in published(page)


# -- an X-style thread: display name over @handle, thread counters, a profile-card box ---

X_THREAD = """\
Home
Explore
Notifications
Messages
Bookmarks
Profile

Conversation

Sara Lindqvist
@sara_builds
Honest question for hardware people: which chip design roles are overcrowded, and which are underrated? Thread below. 1/3
8:01 AM · May 2, 2024
·
88K Views

Sara Lindqvist
@sara_builds
2/3 Overcrowded: generic RTL design for consumer SoCs. Hundreds of applicants per opening.
8:02 AM · May 2, 2024
41

Sara Lindqvist
@sara_builds
3/3 Underrated: analog layout. Tiny talent pool and every fab partner asks me for names.
8:03 AM · May 2, 2024
57

Relevant people
Sara Lindqvist
@sara_builds
Follow
Chip designer. Views my own.

Jonas Berg
@jberg_si
·
May 2
Replying to @sara_builds
Verification is the real shortage; every team I know needs more verification engineers than designers.
12
3

Promoted
ChipCloud
@chipcloud
Ad
Spin up EDA licenses in minutes.
"""


def test_x_thread_keeps_the_op_posts_drops_the_profile_card_and_the_ad(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "x.txt", X_THREAD)
    by = by_author(page)
    # the display name repeats once a post: it is a poster, not repeated furniture
    assert set(by) == {"Sara Lindqvist", "Jonas Berg"}
    assert "which chip design roles are overcrowded" in page.question
    assert "generic RTL design for consumer SoCs" in by["Sara Lindqvist"]
    assert "analog layout" in by["Sara Lindqvist"]
    assert "Verification is the real shortage" in by["Jonas Berg"]
    everything = published(page)
    for furniture in ("Views my own", "EDA licenses", "Replying to", "@sara_builds", "Notifications"):
        assert furniture not in everything, furniture


# -- a blog's comment box after its copyright footer ------------------------------------

BLOG = """\
【转载】做嵌入式还有前途吗?| 小林的博客
发表于 2024-04-01
原问题:做嵌入式还有前途吗?
回答一
作者:单片机老炮
嵌入式底层驱动一直缺人,年轻人都去写业务了,会调硬件的人越来越少。
回答二
作者:匿名用户
看行业,消费电子已经很卷了。
版权声明:本博客所有文章除特别声明外,均采用 BY-NC-SA 许可协议。
☕ 请我喝杯咖啡
提交 预览
2 评论
lin_yuChrome 120.0Windows 11
2024-04-02回复
汽车电子这两年缺人,做 AUTOSAR 的很好找工作。
路人小丙Edge 119.0macOS 14
2024-04-03回复
mark
Powered By Valine
"""


def test_blog_comments_after_a_copyright_footer_are_posts_with_their_names(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "blog.txt", BLOG)
    by = by_author(page)
    assert {"单片机老炮", "lin_yu", "路人小丙"} <= set(by)
    assert "做 AUTOSAR 的很好找工作" in by["lin_yu"]
    assert by["路人小丙"] == "mark"
    everything = published(page)
    for furniture in ("作者:匿名用户", "请我喝杯咖啡", "提交", "Chrome", "Valine"):
        assert furniture not in everything, furniture


# -- a headline under the byline, sidebars of other articles ------------------------------

ARTICLE = """\
[Blogsite](https://blog.example/) · Search · [Log in](#) · [Create account](#)

**Dana Whitfield** · Posted on Feb 2 · Updated on Feb 4

# Six months of data engineering interviews: where the jobs are

`#career` `#data` `#discuss`

I interviewed at thirty companies. Batch ETL roles are crowded; streaming and data quality roles are not.

---

## Top comments (2)

**Ravi Kapoor** • Feb 3

Same experience here: data quality engineering is underrated and every team wants it.

❤️ 4 likes · Reply

### Read next

- **Why ETL is dead** — Hollis Grant · Feb 1 · 4 min read
"""


def test_the_headline_under_a_byline_is_the_question_and_read_next_cards_are_not_posts(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "article.md", ARTICLE)
    by = by_author(page)
    assert set(by) == {"Dana Whitfield", "Ravi Kapoor"}
    assert page.question == "Six months of data engineering interviews: where the jobs are"
    assert by["Dana Whitfield"].startswith("I interviewed at thirty companies.")
    assert "Why ETL is dead" not in published(page) and "Log in" not in published(page)


# -- the notice texts: who speaks as a compiler or a bot, and the fast search -------------

@pytest.mark.parametrize("text, notice", [
    ("小编整理了几位网友的看法,供大家参考。", True),
    ("感谢小编整理,很有用。但我觉得测试开发也缺人。", False),  # a reader thanking the editor
    ("【群公告】本群仅限交流求职经验。", True),
    ("欢迎 @阿梨 加入本群!请先看群公告。", True),
    ("Welcome! Please read the community guidelines before posting.", True),
    ("Check out my profile for the full guide", True),
    ("I would check out the official guidelines first, then decide.", False),
])
def test_notice_texts(text: str, notice: bool) -> None:
    assert bool(load_headers().bot_texts.search(text)) is notice


def test_the_fast_notice_search_finds_what_the_plain_pattern_finds() -> None:
    import re

    fast = load_headers().bot_texts
    plain = re.compile(fast.pattern.split(")(?:", 1)[1][:-1], fast.flags)  # without the lookahead
    assert fast.pattern.startswith("(?=[")
    samples = ["I am a bot, and this action was performed automatically.", "DM me for details", "link in bio",
               "以上内容由AI生成", "【吧务提示】请文明发言", "主页有详情", "普通的回答,没有任何提示。", "mod note: locked",
               "We dm me never", "this issue was marked as stale", "我是群机器人"]
    for s in samples:
        assert bool(fast.search(s)) is bool(plain.search(s)), s


@pytest.mark.parametrize("pattern, chars", [
    ("(ab|cd)", {"a", "c"}),
    ("^(x|[yz])", {"x", "y", "z"}),
    (r"\bfoo|\[bar", {"f", "["}),
    ("(?:本|该)回复", {"本", "该"}),
    ("(ab)?c", None),  # optional: a match may start at "c"
    ("a*b", None),
    ("(?=a)b", None),  # a lookaround
    ("[a-z]x", None),  # a range
    (r"\w+", None),
    (".x", None),
])
def test_first_characters_of_a_pattern_or_none_when_unsure(pattern: str, chars: set[str] | None) -> None:
    from discourse.headers import _first_chars

    assert _first_chars(pattern) == chars


# -- a site's name and slogan over the thread's own title -----------------------------

@pytest.mark.parametrize("text, title", [
    (("码农圈 - 程序员的交流社区\n首页 > 职场 > 求职\n关于嵌入式方向的一些困惑\n楼主 小王 2024-03-01 10:00\n"
      "本科自动化,现在做单片机,感觉工资涨得慢。\n1楼 老张 2024-03-01 11:00\n嵌入式不卷,汽车电子缺人。\n"
      "2楼 阿明 2024-03-01 12:00\n互联网后端已经饱和了,不建议转。\n"), "关于嵌入式方向的一些困惑"),
    (("DevTalk Forums | The place for developers\nHome › Careers › Advice\nThoughts on moving from QA to data engineering\n"
      "Posted by qa_mike · 3 days ago\nI have five years in QA automation.\nReply from sara_dev · 2 days ago\n"
      "Data engineering is still growing, especially streaming.\n"), "Thoughts on moving from QA to data engineering"),
])
def test_the_thread_title_over_the_first_post_beats_the_sites_name(tmp_path: Path, text: str, title: str) -> None:
    page = ingest_page(tmp_path, "site.txt", text)
    assert page.question == title


def test_a_sites_own_accounts_are_no_authors() -> None:
    names = load_headers().bot_names
    assert all(names.search(n) for n in ("牛客官方", "职场小编", "科技编辑部", "系统消息", "工地小帮手", "群助手小钢镚"))
    assert not any(names.search(n) for n in ("编辑器爱好者", "官方认证的老王", "小林君"))
