"""Page shapes the header rules cannot name: user cards under posts, comment
lists with a metadata line under each comment, repost chains, end marks and
footer markers repeated under every post.

Each page here was written for this file, in the furniture of a real site
family, with names and wording of its own (not those of tests/holdout).
"""
from __future__ import annotations

from pathlib import Path

from discourse.posters import comment_line, meta_line, user_card
from discourse.segment import load_headers, plausible_name
from conftest import ingest_page


def _plausible(name: str) -> bool:
    return plausible_name(name, load_headers())


# -- user cards (Stack Exchange family) ------------------------------------

SO_PAGE = """\
Stack Overflow
Products  For Teams
Should I specialize in data engineering or MLOps in 2025?
Asked 1 year, 4 months ago · Viewed 9k times
12
I am a backend developer with four years of Python. Data engineering looks safe but crowded; MLOps looks new. Which one has better prospects for the next five years?
career-development machine-learning
Share Improve this question Follow
asked Jan 9, 2024 at 14:02
kettle_pony 311 ●2 ●9
Add a comment
3 Answers
Sorted by: Highest score (default)
25
Data engineering is not crowded at the senior level at all. Every company that bought a lakehouse now needs people who can keep the pipelines correct, and that work does not go away.
MLOps as a separate job title is shrinking; platform teams are folding it back into infrastructure roles.
Share Improve this answer Follow
edited Feb 2, 2024 at 9:15
tidy_editor 88.1k ●12 ●150 ●300
answered Jan 10, 2024 at 8:40
Margaret Osei 42.7k ●6 ●61 ●99
Great point about the lakehouse migrations. – kettle_pony Jan 10, 2024 at 9:02
Add a comment
7
I would pick MLOps. The tooling is young, the people who can debug a GPU cluster and a feature store at the same time are rare, and the salaries show it.
Share Improve this answer Follow
answered Jan 11, 2024 at 17:20
rsv 1,204 ●1 ●11
Add a comment
1
Both are fine; learn SQL really well first.
Share Improve this answer Follow
answered Jan 15, 2024 at 3:55
newbie_dev 21 ●3
Add a comment
Your Answer
Post Your Answer
By clicking "Post Your Answer", you agree to our terms of service and acknowledge you have read our privacy policy.
Hot Network Questions
Is it rude to ask an interviewer about on-call load?
Site design / logo © 2025 Stack Exchange Inc; user contributions licensed under CC BY-SA.
"""


def test_user_card_is_a_verb_and_time_over_a_name_with_reputation() -> None:
    card = user_card("answered Jan 10, 2024 at 8:40", "Margaret Osei 42.7k ●6 ●61 ●99", _plausible)
    assert card is not None and (card.author, card.role) == ("Margaret Osei", "answered")
    assert user_card("edited Feb 2, 2024 at 9:15", "tidy_editor 88.1k ●12", _plausible).role == "edited"
    # prose after the verb, a sentence for a name, or no time: not a card
    assert user_card("answered the question on Jan 10, 2024", "Margaret Osei", _plausible) is None
    assert user_card("posted 2024-01-10", "I agree with this.", _plausible) is None
    assert user_card("answered it already", "Margaret Osei", _plausible) is None


def test_cards_under_posts_give_each_answer_its_author_and_drop_editors_and_comments(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "so.txt", SO_PAGE)
    assert page.question == "Should I specialize in data engineering or MLOps in 2025?"
    assert [a.author for a in page.answers] == ["Margaret Osei", "rsv", "newbie_dev"]
    first, second, third = (a.text for a in page.answers)
    assert first.startswith("Data engineering is not crowded at the senior level")
    assert first.endswith("folding it back into infrastructure roles.")
    assert second.startswith("I would pick MLOps.") and third == "Both are fine; learn SQL really well first."
    everything = "\n".join(a.text for a in page.answers)
    for furniture in ("tidy_editor", "kettle_pony", "Add a comment", "Sorted by", "Post Your Answer",
                      "Hot Network Questions", "CC BY-SA", "25", "I am a backend developer"):
        assert furniture not in everything, furniture
    # the question's own text is recorded as its detail, not lost silently
    assert any(d.reason == "head:question-detail" and d.text.startswith("I am a backend developer")
               for d in page.dropped)


# -- comment lists: "name:comment" over a metadata line ----------------------

BILI_PAGE = """\
哔哩哔哩 首页 番剧 直播 游戏中心 会员购 漫画
【职业规划】2025年了,计算机视觉还能学吗?
UP主:图灵夜谈
评论 3921
按热度 按时间
量子咸鱼:CV 早就是红海了,检测分割的坑都被填满了,应届生别往里挤。
2025-03-02 21:14 回复 赞 1532
一只会调参的猫:我反而觉得 3D 视觉和具身感知缺人,我们实验室招了一年都没招满。
2025-03-02 22:40 来自 湖北 回复 赞 877
张北辰同学:说 CV 卷的都是只看了 2D 检测,医学影像这块前景还很好。
2025-03-03 08:05 回复 赞 301
查看更多评论 >
哔哩哔哩 bilibili | 关于我们 | 联系我们 | 用户协议 | 隐私政策
违法和不良信息举报电话:400-000-0000
"""


def test_comment_and_metadata_lines() -> None:
    assert meta_line("2025-03-02 22:40 来自 湖北 回复 赞 877")
    assert meta_line("3小时前 · 回复 · 点赞 12")
    assert not meta_line("2025-03-02 我去面试了一家做检测的公司")
    assert comment_line("量子咸鱼:CV 早就是红海了", _plausible) == ("量子咸鱼", "CV 早就是红海了")
    assert comment_line("2025-03-02 21:14:CV 早就是红海了", _plausible) is None  # a time, not a name


def test_comment_list_gives_each_commenter_an_answer_and_drops_the_footer(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "bili.txt", BILI_PAGE)
    assert [a.author for a in page.answers] == ["量子咸鱼", "一只会调参的猫", "张北辰同学"]
    assert page.answers[0].text == "CV 早就是红海了,检测分割的坑都被填满了,应届生别往里挤。"
    everything = "\n".join(a.text for a in page.answers)
    for furniture in ("回复 赞", "查看更多评论", "关于我们", "举报电话", "按热度"):
        assert furniture not in everything, furniture


def test_one_name_colon_line_over_a_date_is_prose_not_a_comment_list(tmp_path: Path) -> None:
    text = ("你觉得推荐系统还值得做吗?\n"
            "我的结论:推荐系统的召回排序已经很成熟了,新人进去空间不大。\n"
            "2024-06-01 12:00\n"
            "不过生成式推荐才刚开始,值得关注。\n")
    page = ingest_page(tmp_path, "one.txt", text)
    assert len(page.answers) == 1 and page.answers[0].author == ""
    assert "我的结论" in page.answers[0].text


# -- repost chains -------------------------------------------------------------

REPOST_PAGE = """\
微博
首页 视频 发现 游戏 注册 登录
码上观察
2小时前 来自 微博 weibo.com
转发微博 有道理 //@数据库老王:数据库内核不是夕阳方向,国产替代让它缺人缺得厉害。//@前端阿May:前端已经饱和了,初级岗一个坑几百人。
@行业雷达 V
昨天 09:30 来自 HUAWEI Mate 60
【2025 年哪些技术方向还值得进?】数据库内核、编译器、AI infra 都在抢人;纯前端和测试岗已经过剩了。
转发 88 评论 40 赞 512
"""


def test_repost_chain_links_are_posts_and_the_reposting_account_is_not_an_author(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "weibo.txt", REPOST_PAGE)
    by_author = {a.author: a.text for a in page.answers}
    assert by_author["数据库老王"] == "数据库内核不是夕阳方向,国产替代让它缺人缺得厉害。"
    assert by_author["前端阿May"] == "前端已经饱和了,初级岗一个坑几百人。"
    assert by_author["行业雷达"].startswith("【2025 年哪些技术方向还值得进?】")
    assert "码上观察" not in by_author
    assert any(d.reason == "credit:reposter" for d in page.dropped)


def test_a_url_is_not_a_repost_link(tmp_path: Path) -> None:
    text = "哪个方向好?\n答:看这里 https://example.com//@abc:def 的讨论,AI infra 缺人。\n"
    page = ingest_page(tmp_path, "url.txt", text)
    assert "https://example.com//@abc:def" in page.answers[0].text


# -- end marks and repeated footer markers -------------------------------------

def test_an_end_mark_closes_the_article_before_its_share_bar_and_reposter_card(tmp_path: Path) -> None:
    text = """\
【转载】算法岗还值得卷吗
转载自:某技术博客
原文:知乎专栏「算法人生」 作者:林间小溪
一、结论
算法岗已经是红海了,但是数据工程岗位缺人,尤其是懂业务的。
二、建议
不要只盯着大模型,系统方向的人才缺口更大。
—— 完 ——
点赞 收藏 分享
搬运工小周
关注
推荐阅读
1楼 路人甲  2024-05-01 10:00
写得好,系统方向确实缺人。
2楼 路人乙  2024-05-01 11:00
算法岗卷是真的卷。
"""
    page = ingest_page(tmp_path, "repost.txt", text)
    authors = [a.author for a in page.answers]
    assert authors[0] == "林间小溪" and set(authors[1:]) == {"路人甲", "路人乙"}
    article = page.answers[0].text
    assert article.endswith("系统方向的人才缺口更大。")
    assert "搬运工小周" not in article and "推荐阅读" not in article


def test_a_footer_marker_under_every_post_opens_the_footer_only_after_the_last_post(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "so.txt", SO_PAGE)
    # "Add a comment" also sits under the last answers, inside the page's last 30%
    assert page.answers[-1].author == "newbie_dev"
    assert any(d.reason.startswith("tail:") and "Hot Network Questions" in d.text for d in page.dropped)
