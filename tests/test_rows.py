"""Row files through ingest: scraper field names, API-shaped JSON with HTML content,
furniture rows recorded in the audit instead of becoming answers."""
from __future__ import annotations

import json

from conftest import ingest_file


def test_api_json_with_html_content_keeps_paragraphs_and_authors(tmp_path):
    data = {"data": {"question": {"title": "强化学习还值得读博吗?"}, "answers": [
        {"author": {"name": "晚风"}, "content": "<p>纯 RL 理论已经很卷了。</p><p>但是 <b>RL for LLM</b> 还缺人。</p>"},
        {"author": {"name": "Kai"}, "content": "<div><p>Offline RL is crowded.</p><ul><li>Robotics RL is not.</li></ul></div>"},
    ]}}
    pages, rejected = ingest_file(tmp_path, "api.json", json.dumps(data, ensure_ascii=False))
    assert rejected == []
    (page,) = pages
    assert page.question == "强化学习还值得读博吗?"
    first, second = page.answers
    assert (first.author, second.author) == ("晚风", "Kai")
    assert first.text.split("\n") == ["纯 RL 理论已经很卷了。", "但是 RL for LLM 还缺人。"]
    assert "<" not in second.text and "Robotics RL is not." in second.text.split("\n")


def test_ad_and_related_rows_are_dropped_into_the_audit(tmp_path):
    csv = ("type,author,title,content\n"
           "answer,阿青,CV还能学吗?,CV已经卷成红海了\n"
           "ad,某培训机构,CV还能学吗?,三个月转行AI 包就业\n"
           "related,,CV还能学吗?,2024年CV还有前途吗?\n"
           "answer,老周,CV还能学吗?,多模态方向还缺人\n")
    pages, rejected = ingest_file(tmp_path, "export.csv", csv)
    assert rejected == []
    (page,) = pages
    assert [a.author for a in page.answers] == ["阿青", "老周"]
    assert [(d.line, d.reason) for d in page.dropped] == [(2, "row:furniture"), (3, "row:furniture")]
    assert page.dropped[0].text == "三个月转行AI 包就业"


def test_entity_bomb_in_a_feed_is_rejected_not_expanded():
    """expat's amplification limit stops a 'billion laughs' feed; the file is rejected with the reason."""
    from discourse.rows import parse_rows

    entities = "".join(f'<!ENTITY e{i + 1} "{("&e%d;" % i) * 10}">' for i in range(9))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "lol">{entities}]>'
            "<rss><channel><title>Comments</title><item><author>x</author>"
            "<description>&e9;</description></item></channel></rss>")
    rows, problems = parse_rows(bomb, ".xml", "bomb.xml")
    assert rows == []
    assert problems and "amplification" in problems[0].reason
