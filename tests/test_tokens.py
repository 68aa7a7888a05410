"""Search tokens: exactly jieba's search-mode words, computed without loading jieba.

`duban.store.search` cuts with rjieba and rebuilds jieba's handling of Latin letters and
digits around it; these tests hold it to `jieba.lcut_for_search` word for word, on
tricky strings and on every line of the sample, the extra reports and the development set.
"""

from __future__ import annotations

import re
from pathlib import Path

import jieba
import pytest

from _paths import EXTRA_DIR, ROOT, SHARED
from duban.store import search

jieba.setLogLevel(60)

TEXTS = [
    SHARED / "corpus" / "qingdao-2021h1.txt",
    *sorted(EXTRA_DIR.glob("*.txt")),
    *sorted((ROOT / "bench" / "gold" / "texts").glob("*.txt")),
]


@pytest.mark.parametrize(
    "text",
    [
        "上半年全市进出口总额3975.2亿元,同比增长39.6%",
        "1-6月,片区新增市场主体5208家",  # digits and a dash before CJK: jieba's HMM and Latin runs
        "2021-08-20",
        "“十四五”(2021-2025年)发展规划",
        "PM2.5年平均浓度保持在20微克/立方米左右",
        "细颗粒物(PM2.5)平均浓度下降9.1%",
        "A股上市公司新增12家,4S店30个,T恤衫",  # dictionary words with Latin letters: jieba cuts them
        "地表水国控断面Ⅰ—Ⅲ类水质比例达98.7%",
        "㐀㐁的\u9fd6字与 CJK 兼容字\uf900",  # CJK outside jieba's range: one character at a time
        "年获5年获国家考核",
        "  空格\t和\r\n换行 ",
        "GDP增长5%左右,CPI涨幅3%左右",
        "",
    ],
)
def test_cut_for_search_is_jiebas(text: str) -> None:
    assert list(search.cut_for_search(text)) == jieba.lcut_for_search(text)


def test_every_line_of_the_corpus_cuts_as_jieba_cuts_it() -> None:
    lines = [line for path in TEXTS for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 1000
    differ = [line for line in lines if list(search.cut_for_search(line)) != jieba.lcut_for_search(line)]
    assert differ == []


def test_latin_words_are_those_of_jiebas_dictionary() -> None:
    dictionary = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words = {line.split()[0] for line in dictionary.splitlines()}
    assert set(search.LATIN_WORDS) == {w for w in words if re.search(r"[a-zA-Z0-9+#&._%\-]", w)}


def test_substring_search_through_the_index_is_the_scan(tmp_path: Path) -> None:
    """SQLite finds substrings through its index of pairs of characters (sentence_grams);
    the hits are those of the scan of every sentence (`Searching._like_rows`), in order."""
    from duban.store import open_store
    from duban.store.fallback import Searching
    from duban.store.ingest import ingest_paths

    with open_store(str(tmp_path / "l.db")) as store:
        ingest_paths(store, TEXTS[:3])
        queries = ["资", "就业", "进出口 增长", "%", "_", "GDP", "2021", "。", "全市 进出口总额", "亿元 %"]
        for query in queries:
            for kind in (None, "plans"):
                found = store._like_rows(query, None, kind, 20)  # type: ignore[attr-defined]
                scanned = Searching._like_rows(store, query, None, kind, 20)  # type: ignore[arg-type]
                key = [(r.place, r.sentence.report_id, r.sentence.idx) for r in found]
                assert key == [(r.place, r.sentence.report_id, r.sentence.idx) for r in scanned], query
        assert store.search("资")
