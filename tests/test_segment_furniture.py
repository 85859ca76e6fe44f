"""Furniture and poster lines of site families the seeds do not show.

Unit tests on the boilerplate rules, the poster-line parser and the Markdown
link step, each line written for this file in a family's wording, plus small
pages for the structural rules (a footer marker above a comment section, an
ad block between answers, related questions with their counts).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from discourse.boilerplate import load_rules, match_rule, strip_boilerplate
from discourse.headers import clean_name, load_headers, plausible_name
from discourse.normalize import clean_line
from discourse.posters import comment_line, meta_line, poster_line
from conftest import ingest_page


def _plausible(name: str) -> bool:
    return plausible_name(name, load_headers(), suffixes=False)


def _poster(line: str):
    rules = load_headers()
    return poster_line(line, _plausible, anonymous=rules.is_anonymous)


def _rule(line: str) -> str | None:
    rule = match_rule(line, load_rules().rules)
    return rule.id if rule else None


# -- poster lines -------------------------------------------------------------------

@pytest.mark.parametrize("line, author", [
    ("[–]gpu_whisperer Senior ML Engineer 88 points 3 hours ago", "gpu_whisperer"),  # flair after a handle
    ("submitted 2 hours ago by lost_in_pivot", "lost_in_pivot"),
    ("**quant-ivy** `Maintainer` commented on Jan 4, 2025", "quant-ivy"),  # a code-span badge
    ("Hana Sato @hanasato · Feb 9", "Hana Sato"),  # the display name, not the handle
    ("Post by circuit_sage » Thu Jan 09, 2025 7:02 pm", "circuit_sage"),
    ("noisy_relay — Today at 21:05", "noisy_relay"),
    ("白桦林的风 作者 2024-08-01 · IP 属地四川", "白桦林的风 作者"),  # the role badge goes in clean_name
])
def test_poster_lines_of_more_families(line: str, author: str) -> None:
    p = _poster(line)
    assert p is not None and p.author == author
    assert clean_name("白桦林的风 作者") == "白桦林的风"


def test_submitter_badge_and_anonymous_placeholders() -> None:
    assert _poster("[–]asker_77[S] 9 points 1 hour ago").asker
    assert _poster("submitted 2 hours ago by lost_in_pivot").asker
    # a deleted account or an anonymous user posts all the same, as nobody
    assert _poster("[–][deleted] 3 points 2 hours ago").author == ""
    assert _poster("匿名用户 2024-08-02 · IP 属地湖南").author == ""


@pytest.mark.parametrize("line", [
    "1.2M subscribers",  # "2M" is no age
    "来自iPhone客户端 3楼 2024-04-02 21:10",  # a device and a floor
    "来自Android客户端 12楼 2024-04-02 21:10",
])
def test_lines_that_are_no_poster_lines(line: str) -> None:
    assert _poster(line) is None


def test_floor_lines_and_app_comment_metadata_are_metadata() -> None:
    assert meta_line("来自iPhone客户端 3楼 2024-04-02 21:10")
    assert meta_line("6d")


def test_a_reply_names_the_replier_not_the_replied() -> None:
    def plausible(name: str) -> bool:
        return plausible_name(clean_name(name), load_headers())

    assert comment_line("苏木 UP主 回复 @青柠 :外包确实多", plausible) == ("苏木 UP主", "外包确实多")
    # a reply's own text that starts with "回复 X:" is no "name:comment" line
    assert comment_line("回复 青柠:我也这么觉得", plausible) is None


# -- furniture rules ------------------------------------------------------------------

@pytest.mark.parametrize("line, rule", [
    ("Upvoted by Grace Liu, Robotics PhD", "credit:endorsement"),
    ("✅ Answer selected by jo-kim", "credit:endorsement"),
    ("作者赞过", "credit:endorsement"),
    ("小林 赞同了该回答", "credit:activity"),
    ("Originally Answered: Is a robotics PhD worth it?", "credit:originally-answered"),
    ("Sponsored by CodeCamp", "promo:sponsored"),
    ("[广告] 贴吧用户_x1", "promo:sponsored"),
    ("广告 · 论文润色,限时 8 折", "promo:sponsored"),
    ("名额有限 查看详情 >", "promo:card-link"),
    ("Want to join? Log in or sign up in seconds.", "promo:join"),
    ("打开某书App,查看更多评论", "promo:ad"),
    ("UP主 LV6", "meta:level-badge"),
    ("LV.3", "meta:level-badge"),
    ("更多回答", "nav:more-answers"),
    ("View full answer", "nav:more-answers"),
    ("说点什么...", "comments:prompt"),
    ("精选留言", "comments:heading"),
    ("Responses (14)", "comments:heading"),
    ("load more comments (9 replies)", "comments:more"),
    ("共 15 条回复, 点击查看", "comments:more"),
    ("查看全部 52 个回答", "comments:more"),
    ("添加一条新回复", "comments:form"),
    ("> 你的回应", "comments:form"),
    ("Replying to @kai_dev", "meta:reply-to"),
    ("- 到底了 -", "meta:end-mark"),
    ("This topic was automatically closed 14 days after the last reply.", "meta:system-notice"),
    ("## Related Topics", "related:heading"),
    ("Who is online", "related:who-is-online"),
    ("1.2K", "meta:vote-count"),
    ("Most relevant", "nav:sort"),
])
def test_furniture_of_more_families(line: str, rule: str) -> None:
    assert _rule(line) == rule


@pytest.mark.parametrize("line", [
    "另外提醒一句:视频方向的算力需求>图像好几倍,卡不够要慎重。",  # a comparison, no breadcrumb
    "过剩+可替代性太强,好多公司直接让AI做社群运营了。",  # a bare 社群 is prose
    "I think you can learn more on the job than in a PhD.",
])
def test_prose_that_looks_like_furniture_stays(line: str) -> None:
    assert _rule(line) is None


def test_metadata_lines_without_a_year_or_with_reaction_counts() -> None:
    meta = load_rules().meta
    assert meta.is_meta("03-22 江苏 赞 210 回复")
    assert meta.is_meta("👍 17 🎉 2 ❤️ 5")
    assert meta.is_meta("❤️ 3208 ⭐ 1520 💬 96")
    assert meta.is_meta("Upvote · 1.4K Share · 22 Comments · 9")
    assert meta.is_meta("2024-02-01 10:00 · 回复 · 点赞 321 UP主觉得很赞")
    assert not meta.is_meta("03-22 我去面试了")
    assert not meta.is_meta("涨了 20%")


def test_markdown_links_become_their_text_and_images_stay() -> None:
    assert clean_line("**[li-wen](https://github.com/li-wen)** on Mar 3, 2024") == "**li-wen** on Mar 3, 2024"
    assert clean_line("[Skip to content](#start-of-content)") == "Skip to content"
    assert clean_line("![chart](img/chart.png)") == "![chart](img/chart.png)"


# -- structural rules ------------------------------------------------------------------

def test_a_footer_marker_above_a_comment_section_does_not_swallow_the_comments() -> None:
    lines = ["正文第一段,讲了很多内容。" * 3, "正文第二段。" * 4, "点个在看,分享给更多人", "精选留言",
             "山风", "说得对。", "12"]
    kept = strip_boilerplate(lines).kept
    assert kept[2] is None and kept[3] is None
    assert kept[4] == "山风" and kept[5] == "说得对。"


def test_reply_subject_lines_repeating_the_title_go() -> None:
    lines = ["Is DSP a dead end?", "Post by a_b » Mon Jun 03, 2024 9:14 am", "Body text here.",
             "Re: Is DSP a dead end?", "Re: something else entirely"]
    furniture = strip_boilerplate(lines)
    reasons = {d.line: d.reason for d in furniture.dropped}
    assert reasons.get(3) == "repeat:reply-title" and 4 not in reasons


def test_related_questions_with_answer_counts_go_with_their_heading(tmp_path: Path) -> None:
    text = """\
量化研究员还值得转吗?
作者: 钱多多
量化研究员这两年确实在收缩,但是做另类数据的岗位还是缺人,值得考虑。
赞同 120 · 8 条评论
相关问题
私募量化是不是已经卷到头了? 312 个回答
Is quant research worth it in 2025? · 48 answers
作者: 西湖边的猫
我觉得不值得,头部之外的私募都在裁员,红海一片。
"""
    page = ingest_page(tmp_path, "related.txt", text)
    assert [a.author for a in page.answers] == ["钱多多", "西湖边的猫"]
    everything = "\n".join(a.text for a in page.answers)
    assert "卷到头了" not in everything and "48 answers" not in everything


def test_an_ad_heading_closes_the_post_above_up_to_the_next_answer(tmp_path: Path) -> None:
    text = """\
Is embedded Rust worth learning?
Author: Noor Haddad
Embedded Rust is still a blue ocean in automotive, very few people know both.
Upvote · 310
Sponsored by ChipAcademy
Master microcontrollers in 30 days with our bootcamp, certificate included.
Author: Felix Brandt
Most firmware teams still hire C people; Rust is nice but niche.
Upvote · 12
"""
    page = ingest_page(tmp_path, "ad.txt", text)
    by = {a.author: a.text for a in page.answers}
    assert by["Noor Haddad"] == "Embedded Rust is still a blue ocean in automotive, very few people know both."
    assert "bootcamp" not in "\n".join(by.values())
