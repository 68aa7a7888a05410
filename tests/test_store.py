"""The ledger: round trips, ingest outcomes, transactions, lookups and search.

The store tests run on hand-built model objects, so they do not depend on the
extraction stages; `tests/test_cli_ledger.py` runs the whole pipeline. Each test gets
a fresh ledger from the `new_store` fixture; `tests/test_postgres.py` reruns them
against PostgreSQL by overriding that fixture.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from _paths import EXTRA_DIR
from duban.errors import NotFoundError, StoreError
from duban.model import (
    Approx,
    Document,
    Entity,
    ExtractedReport,
    Fact,
    Item,
    ItemKind,
    OffsetMap,
    Quantity,
    Report,
    Role,
    Section,
    SectionKind,
    Sentence,
    Span,
)
from duban.store import SqlStore, open_store
from duban.store.base import Lineup
from duban.store.bounds import OutOfRange
from duban.store.fallback import HitRow
from duban.store.search import match_spans, query_tokens, tokens

REPORT_A = (
    "青岛市人力资源和社会保障局2021年上半年工作总结\n"
    "一、主要成效\n"
    "城镇新增就业18.44万人,同比增长13.8%。\n"
    "全市职工养老保险参保缴费人数约398万人。\n"
    "二、存在问题\n"
    "一是稳就业压力仍然较大。\n"
    "三、下半年工作打算\n"
    "力争全年城镇新增就业30万人,落实《就业促进条例》。\n"
)
REPORT_B = (
    "青岛市商务局2021年上半年工作总结\n"
    "一、主要成效\n"
    "全市货物进出口总额4020.1亿元,增长36.1%。\n"
    "实际使用外资41.6亿美元,占全省比重超过50%。\n"
)


FACTS: dict[int, list[tuple]] = {
    1: [
        (0, "18.44万人", 184400.0, "人", "城镇新增就业", Role.LEVEL, {"subject": "全市", "period": "上半年"}),
        (0, "13.8%", 13.8, "%", "城镇新增就业", Role.CHANGE, {}),
        (1, "398万人", 3980000.0, "人", "职工养老保险参保缴费人数", Role.LEVEL, {"approx": Approx.ABOUT}),
    ],
    2: [
        (0, "4020.1亿元", 402010000000.0, "元", "进出口", Role.LEVEL, {}),
        (0, "36.1%", 36.1, "%", "进出口", Role.CHANGE, {}),
    ],
}


def _sentences(rid: str, text: str) -> list[Sentence]:
    """One sentence per body line ending in 。; section path = the number of headings before it."""
    out, start, section = [], 0, 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.endswith("。"):
            out.append(Sentence(rid, len(out), (section,), Span(start, start + len(body)), body))
        elif "、" in body[:3]:
            section += 1
        start += len(line)
    return out


def _sections(rid: str, text: str) -> list[Section]:
    kinds = {"主要成效": SectionKind.ACHIEVEMENTS, "存在问题": SectionKind.PROBLEMS}
    heads = [(i, line) for i, line in enumerate(text.splitlines()) if "、" in line[:3]]
    offsets = [sum(len(x) + 1 for x in text.splitlines()[:i]) for i, _ in heads] + [len(text)]
    return [
        Section(
            rid,
            (k + 1,),
            line,
            kinds.get(line[2:], SectionKind.PLANS),
            Span(offsets[k], offsets[k + 1]),
            "一、",
        )
        for k, (_, line) in enumerate(heads)
    ]


def _fact(report: Report, sentence: Sentence, surface: str, value: float, unit: str, **kw: object) -> Fact:
    at = report.text.index(surface, sentence.span.start)
    quantity = Quantity(surface, abs(value), unit, kw.pop("approx", None), Span(at, at + len(surface)))  # type: ignore[arg-type]
    return Fact(quantity, value, sentence=sentence, **kw)  # type: ignore[arg-type]


def _extracted(document: Document, ordinal: int, text: str, department: str) -> ExtractedReport:
    start = document.text.index(text)
    rid = f"{document.sha256[:12]}-{ordinal}"
    report = Report(
        id=rid,
        document_id=document.id,
        ordinal=ordinal,
        title=text.splitlines()[0],
        department=department,
        date=dt.date(2021, 8, 20),
        period="2021年上半年",
        span=Span(start, start + len(text)),
        text=text,
        warnings=("没有落款日期",) if ordinal == 2 else (),
    )
    sentences = _sentences(rid, text)
    facts = [
        _fact(report, sentences[k], surface, value, unit, metric=metric, role=role, **extra)
        for k, surface, value, unit, metric, role, extra in FACTS[ordinal]
    ]
    items, entities = [], []
    if ordinal == 1:
        plan = sentences[-1]
        problem = Span(*_find(text, "稳就业压力仍然较大"))
        items = [Item(ItemKind.PROBLEM, problem.of(text), rid, (2,), problem),
                 Item(ItemKind.PLAN, plan.text, rid, plan.section_path, plan.span)]  # fmt: skip
        entities = [Entity("policy", "《就业促进条例》", rid, Span(*_find(text, "《就业促进条例》")))]
    return ExtractedReport(report, tuple(_sections(rid, text)), tuple(sentences), tuple(facts),
                           tuple(items), tuple(entities))  # fmt: skip


def _find(text: str, part: str) -> tuple[int, int]:
    at = text.index(part)
    return at, at + len(part)


def make_file(path: str, header: str = "目录\n") -> tuple[Document, list[ExtractedReport], list[str]]:
    """A two-report compilation, as the pipeline would hand it to the store."""
    text = header + REPORT_A + REPORT_B
    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document(sha, path, sha, text, "utf-8", OffsetMap(((0, 0), (5, 7))))
    reports = [
        _extracted(document, 1, REPORT_A, "青岛市人力资源和社会保障局"),
        _extracted(document, 2, REPORT_B, "青岛市商务局"),
    ]
    return document, reports, ["目录中有1项没有正文"]


@pytest.fixture
def new_store(tmp_path: Path) -> Iterator[Callable[..., SqlStore]]:
    """Opens a ledger by name, empty at first (the same name again: the same ledger)."""
    opened: list[SqlStore] = []

    def open_named(name: str = "ledger") -> SqlStore:
        opened.append(open_store(str(tmp_path / f"{name}.db")))
        return opened[-1]

    yield open_named
    for store in opened:
        store.close()


@pytest.fixture
def store(new_store: Callable[..., SqlStore]) -> SqlStore:
    return new_store()


def dump(store: SqlStore) -> list[tuple]:
    """Every row of every table, in key order: what 'the same ledger' means."""
    tables = ["documents", "reports", "sections", "sentences", "facts", "items", "entities", "schema_version"]
    out: list[tuple] = []
    for table in tables:
        out.extend((table, *row) for row in store._all(f"SELECT * FROM {table} ORDER BY 1, 2"))
    return out


def test_round_trip_rebuilds_every_report_exactly(store: SqlStore) -> None:
    document, reports, warnings = make_file("a/总结.txt")
    outcome = store.ingest(document, reports, warnings)
    assert (outcome.status, outcome.reports, outcome.facts) == ("added", 2, 5)
    for extracted in reports:
        assert store.load(extracted.report.id) == extracted


def test_round_trip_keeps_odd_shapes(store: SqlStore) -> None:
    """A report text that is not a slice of its document, a fact whose sentence is not one of
    the report's, a report with no sentences at all."""
    document, reports, warnings = make_file("odd.txt")
    first = reports[0]
    outside = Sentence(first.report.id, 7, (), Span(0, 4), "别处的句子")
    odd_fact = replace(first.facts[0], sentence=outside)
    reports[0] = replace(
        first, report=replace(first.report, text=first.report.text.upper()), facts=(odd_fact,)
    )
    reports[1] = replace(reports[1], sentences=(), facts=(), sections=())
    store.ingest(document, reports, warnings)
    assert [store.load(r.report.id) for r in reports] == reports


def test_summaries_count_and_carry_document_warnings(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    first, second = store.reports()
    assert first.report.title == "青岛市人力资源和社会保障局2021年上半年工作总结"
    assert (first.sections, first.sentences, first.facts) == (3, 4, 3)
    assert first.warnings == ("目录中有1项没有正文",)
    assert second.warnings == ("没有落款日期", "目录中有1项没有正文")
    assert second.report.date == dt.date(2021, 8, 20)


def test_same_bytes_again_change_nothing(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    before = dump(store)
    again = store.ingest(*make_file("a.txt"))
    elsewhere = store.ingest(*make_file("copy/of/a.txt"))
    assert (again.status, again.reports, again.facts) == ("unchanged", 2, 5)
    assert elsewhere.status == "unchanged"
    assert dump(store) == before


def test_new_bytes_at_the_same_path_replace_its_reports(store: SqlStore) -> None:
    store.ingest(*make_file("b.txt", header="别的文件\n"))
    old_doc, old_reports, _ = make_file("a.txt")
    store.ingest(old_doc, old_reports, [])
    new_doc, new_reports, warnings = make_file("a.txt", header="目录(修订)\n")
    outcome = store.ingest(new_doc, new_reports, warnings)
    assert outcome.status == "replaced"
    ids = [s.report.id for s in store.reports()]
    assert len(ids) == 4
    assert not {r.report.id for r in old_reports} & set(ids)
    assert ids[2:] == [r.report.id for r in new_reports]  # the file keeps its place in the listing
    hits = store.search("就业")
    assert {h.report_id for h in hits} <= set(ids)
    assert len({h.sentence for h in hits}) == len(hits)
    assert store.load(new_reports[0].report.id) == new_reports[0]


def test_replacing_gives_the_same_rows_as_ingesting_fresh(new_store: Callable[..., SqlStore]) -> None:
    first = new_store()
    first.ingest(*make_file("a.txt", header="旧\n"))
    first.ingest(*make_file("a.txt"))
    other = new_store("other")
    other.ingest(*make_file("a.txt"))
    assert dump(first) == dump(other)
    assert [h.sentence for h in first.search("就业")] == [h.sentence for h in other.search("就业")]


def test_an_error_mid_file_rolls_back_that_file(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt", header="一\n"))
    before = dump(store)
    document, reports, warnings = make_file("b.txt")
    clash = replace(reports[1], report=replace(reports[1].report, id=reports[0].report.id))
    with pytest.raises(StoreError, match=r"b\.txt"):
        store.ingest(document, [reports[0], clash], warnings)
    assert dump(store) == before
    assert not store.has_document(document.sha256)
    assert store.ingest(document, reports, warnings).status == "added"


def test_same_inputs_in_the_same_order_give_the_same_rows(new_store: Callable[..., SqlStore]) -> None:
    dumps = []
    for name in ("one", "two"):
        store = new_store(name)
        store.ingest(*make_file("x.txt", header="甲\n"))
        store.ingest(*make_file("y.txt", header="乙\n"))
        store.ingest(*make_file("x.txt", header="丙\n"))
        dumps.append(dump(store))
    assert dumps[0] == dumps[1]


def test_find_report_by_id_number_and_name(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    store.ingest(document, reports, warnings)
    a, b = (r.report for r in reports)
    assert store.find_report(a.id) == a
    assert store.find_report("2") == b
    assert store.find_report("商务局") == b
    with pytest.raises(NotFoundError, match="matches 2 reports"):
        store.find_report(a.id[:8])  # an id prefix shared by both reports of the file
    with pytest.raises(NotFoundError, match="matches 2 reports"):
        store.find_report("青岛市")
    with pytest.raises(NotFoundError):
        store.find_report("3")
    with pytest.raises(NotFoundError, match="matches 2 reports"):
        store.find_report("2021")  # no report number 2021, but a year both titles hold
    text = REPORT_B.replace("2021年", "2024年")
    sha = hashlib.sha256(text.encode()).hexdigest()
    later = Document(sha, "c.txt", sha, text, "utf-8")
    store.ingest(later, [_extracted(later, 2, text, "青岛市商务局")], [])
    assert store.find_report("2024").title == "青岛市商务局2024年上半年工作总结"
    with pytest.raises(NotFoundError):
        store.find_report("教育局")


HUGE = "99999999999999999999"  # beyond a 64-bit integer
NO_REPORT_REFS = [HUGE, "9223372036854775808", "²", "①", "٣", "\udcff", "a" * 60000, "-1", "2\x00"]


@pytest.mark.parametrize("ref", NO_REPORT_REFS, ids=lambda ref: ascii(ref[:24]))
def test_a_reference_that_is_no_report_number_is_not_found(store: SqlStore, ref: str) -> None:
    """Huge numbers, digits that are not ASCII, undecodable or overlong text: 'no report',
    by every call that takes a reference, never a database error."""
    store.ingest(*make_file("a.txt"))
    calls: list[Callable[[], object]] = [
        lambda: store.find_report(ref),
        lambda: store.summary(ref),
        lambda: store.facts(report=ref),
        lambda: store.count_facts(report=ref),
        lambda: store.items(report=ref),
        lambda: store.search("就业", report=ref),
    ]
    for call in calls:
        with pytest.raises(NotFoundError, match="no report"):
            call()


@pytest.mark.parametrize(
    ("limit", "offset"), [(1, 2**63), (None, 2**63), (2**63, 0), (0, 0), (1, -1), (10**9 + 1, 0)]
)
def test_a_page_out_of_range_is_refused_in_one_sentence(
    store: SqlStore, limit: int | None, offset: int
) -> None:
    store.ingest(*make_file("a.txt"))
    with pytest.raises(OutOfRange, match="out of range"):
        store.facts(limit=limit, offset=offset)
    if limit is not None and offset == 0:
        with pytest.raises(OutOfRange, match="out of range"):
            store.search("就业", limit=limit)
    assert len(store.facts(limit=10**9, offset=10**9 - 1)) == 0


@pytest.mark.parametrize("text", ["\udcff", "\x00", "就业\x00", "a" * 60000], ids=lambda t: ascii(t[:8]))
def test_a_filter_no_stored_text_can_hold_matches_nothing(store: SqlStore, text: str) -> None:
    store.ingest(*make_file("a.txt"))
    assert store.facts(metric=text) == [] and store.count_facts(metric=text) == 0
    assert store.search(text) == []


def test_sentences_keep_no_copy_of_the_report_text(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    store.ingest(document, reports, warnings)
    stored = store._all("SELECT COUNT(*), COUNT(text) FROM sentences")[0]
    assert stored[0] == sum(len(r.sentences) for r in reports) and stored[1] == 0
    assert [store.load(r.report.id) for r in reports] == reports
    assert [s.fact.sentence for s in store.facts()] == [f.sentence for r in reports for f in r.facts]
    assert store.search("同比增长")[0].sentence.text == "城镇新增就业18.44万人,同比增长13.8%。"
    assert store.search("增长13.8%")[0].sentence == reports[0].sentences[0]  # the substring fallback


def test_one_summary_is_the_listings(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    store.ingest(document, reports, warnings)
    listing = store.reports()
    assert [store.summary(s.report.id) for s in listing] == listing
    assert store.summary("商务局") == listing[1] and listing[1].report == reports[1].report


def test_a_fact_whose_sentence_row_is_gone_is_a_store_error(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    store.ingest(document, reports, warnings)
    rid = reports[1].report.id
    store._run("DELETE FROM sentences WHERE report_id = ? AND idx = 0", (rid,))
    with pytest.raises(StoreError, match=rid):
        store.load(rid)
    with pytest.raises(StoreError, match=rid):
        store.facts(report=rid)


def test_facts_filter_by_report_metric_and_role(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    every = store.facts()
    assert [f.fact.quantity.text for f in every] == ["18.44万人", "13.8%", "398万人", "4020.1亿元", "36.1%"]
    assert every[0].section_heading == "一、主要成效"
    assert every[0].section_kind == "achievements"
    assert every[0].report_title.startswith("青岛市人力资源")
    assert [f.fact.quantity.text for f in store.facts(metric="就业")] == ["18.44万人", "13.8%"]
    assert [f.fact.quantity.text for f in store.facts(role="change")] == ["13.8%", "36.1%"]
    assert [f.fact.value for f in store.facts(report="商务局", role="change")] == [36.1]
    assert store.facts(metric="50%_") == []
    assert every[2].fact.quantity.approx is Approx.ABOUT


@pytest.mark.parametrize("at_once", [500, 1])  # 1: more ids than one query takes, kept as rows are read
def test_facts_of_the_reports_named_by_id(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    monkeypatch.setattr("duban.store.reads.REPORTS_AT_ONCE", at_once)
    store.ingest(*make_file("a.txt"))
    every = store.facts()
    first, second = every[0].report_id, every[-1].report_id
    assert store.facts(report_ids=[first, second]) == every
    assert store.facts(report_ids=[second]) == [f for f in every if f.report_id == second]
    assert store.facts(report_ids=[first, second], role="change", limit=1, offset=1) == [every[4]]
    assert store.facts(report_ids=[first, "no such report"], limit=2) == every[:2]
    assert store.facts(report_ids=[]) == []


def test_facts_come_in_pages_with_their_count(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    store.ingest(document, reports, warnings)
    every = store.facts()
    assert store.count_facts() == len(every) == 5
    assert store.facts(limit=2, offset=1) == every[1:3]
    assert store.facts(limit=10, offset=4) == every[4:]
    assert store.count_facts(role="change") == 2 and store.count_facts(metric="进出口") == 2


def test_items_filter_by_kind_and_report(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    problems = store.items(kind="problems")
    assert [(i.text, title[:13]) for i, title in problems] == [
        ("稳就业压力仍然较大", "青岛市人力资源和社会保障局")
    ]
    assert [i.kind for i, _ in store.items()] == [ItemKind.PROBLEM, ItemKind.PLAN]
    assert store.items(report="商务局") == []


def test_search_finds_a_two_character_word_with_spans(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    hits = store.search("就业")
    assert len(hits) == 3
    for hit in hits:
        assert hit.matches
        assert all(m.of(hit.sentence.text) == "就业" for m in hit.matches)
    first = hits[0]
    assert first.report_title.startswith("青岛市人力资源")
    assert first.section_heading


def test_search_needs_every_word_and_honours_filters(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    both = store.search("新增就业 增长")
    assert [h.sentence.text for h in both] == ["城镇新增就业18.44万人,同比增长13.8%。"]
    assert [h.section_kind for h in store.search("就业", kind="plans")] == ["plans"]
    assert [h.section_kind for h in store.search("就业", kind="problems")] == ["problems"]
    assert store.search("就业", report="商务局") == []
    assert len(store.search("就业", limit=1)) == 1
    assert store.search("海洋渔业") == []


def test_search_falls_back_to_substrings(store: SqlStore) -> None:
    store.ingest(*make_file("a.txt"))
    hits = store.search("资")  # a single character jieba never cuts out on its own here
    assert hits
    assert all("资" in h.sentence.text for h in hits)
    assert all(m.of(h.sentence.text) == "资" for h in hits for m in h.matches)


def test_tokens_are_jieba_search_words_without_punctuation() -> None:
    words = tokens("城镇新增就业18.44万人,同比增长13.8%。")
    assert "就业" in words
    assert "," not in words and "。" not in words
    assert query_tokens("就业 就业") == ["就业"]
    assert match_spans("稳就业,促就业", "就业", ["就业"]) == (Span(1, 3), Span(5, 7))


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "dir.db"))


def test_sqlite_ledger_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    versions = [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [1, 2, 3, 4, 5, 6, 7, 8]
    conn.close()


def test_the_ledgers_state_is_read_without_the_documents_texts(tmp_path: Path) -> None:
    """Each page reads the state and the reports' versions: from the documents' index alone."""
    path = tmp_path / "l.db"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    for query in (
        "SELECT seq, sha256, extractor FROM documents ORDER BY seq",
        "SELECT r.id, COALESCE(d.extractor, '') FROM reports r "
        "JOIN documents d ON d.seq = r.document_seq ORDER BY d.seq, r.ordinal",
    ):
        plan = " ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + query))
        assert "COVERING INDEX documents_versions" in plan, plan
    conn.close()


@pytest.mark.parametrize(
    "path",
    [Path(__file__).resolve().parents[1] / "src/duban/data/qingdao-2021h1.txt",
     *sorted(EXTRA_DIR.glob("*.txt"))[:1]],
    ids=lambda p: p.name,
)  # fmt: skip
def test_pipeline_output_round_trips(store: SqlStore, path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    from duban.pipeline import extract_path

    document, reports, warnings = extract_path(path)
    outcome = store.ingest(document, reports, warnings)
    assert outcome.reports == len(reports) and outcome.facts == sum(len(r.facts) for r in reports)
    for extracted in reports:
        assert store.load(extracted.report.id) == extracted


def test_known_bytes_are_recognised_before_extraction(store: SqlStore) -> None:
    document, reports, warnings = make_file("a.txt")
    assert store.unchanged_outcome("elsewhere/a.txt", document.sha256) is None
    store.ingest(document, reports, warnings)
    known = store.unchanged_outcome("elsewhere/a.txt", document.sha256)
    assert known is not None
    assert (known.path, known.status, known.reports, known.facts) == ("elsewhere/a.txt", "unchanged", 2, 5)
    assert store.has_document(document.sha256)


def test_a_ledger_from_a_newer_duban_is_refused(new_store: Callable[..., SqlStore]) -> None:
    store = new_store()
    store._run("INSERT INTO schema_version (version, name) VALUES (99, 'from the future')")
    with pytest.raises(StoreError, match="newer duban"):
        new_store()


def test_readers_go_on_while_a_writer_holds_the_ledger(new_store: Callable[..., SqlStore]) -> None:
    writer = new_store()
    writer.ingest(*make_file("a.txt"))
    with writer._transaction(write=True):
        writer._ingest(*make_file("b.txt", header="乙\n"), {})
        reader = new_store()  # opening takes no lock
        assert len(reader.reports()) == 2  # the committed file only
        assert reader.search("就业")
    assert len(reader.reports()) == 4


SAMPLE = Path(__file__).resolve().parents[1] / "src/duban/data/qingdao-2021h1.txt"
FALLBACK_QUERIES = [
    "资",
    "投资 教育",
    "亿元 增长",
    "就业 %",
    "同比 下降",
    "a",
    "A",
    "_",
    "5G",
    "没有这样的句子",
]


def _holding(store: SqlStore, parts: list[str]) -> list[tuple[str, int, str]]:
    """Every sentence of the ledger holding every part, in listing order: what the fallback must find."""
    return [
        (s.report_id, s.index, s.text)
        for summary in store.reports()
        for s in store.load(summary.report.id).sentences
        if all(part in s.text for part in parts)
    ]


@pytest.fixture
def sample_store(store: SqlStore) -> SqlStore:
    """The sample compilation, then a file one of whose sentences keeps its own text."""
    from duban.pipeline import extract_path

    store.ingest(*extract_path(SAMPLE))
    document, reports, warnings = make_file("own.txt")
    first = reports[0]
    own = replace(first.sentences[1], text="别处写的投资与教育句子")
    reports[0] = replace(first, sentences=(first.sentences[0], own, *first.sentences[2:]), facts=())
    store.ingest(document, reports, warnings)
    return store


@pytest.mark.parametrize("indicator", ["地区生产总值", "进出口总额", "城镇新增就业", "没有这个指标"])
def test_fact_outlines_and_facts_at_read_what_facts_lists(sample_store: SqlStore, indicator: str) -> None:
    store = sample_store
    lineup = Lineup(indicator=indicator)
    whole = store.facts(lineup=lineup)
    outlines = store.fact_outlines(lineup)
    assert [
        (o.report_id, o.report_title, o.sentence_idx, o.span_start, o.span_end, o.role, o.subject, o.period)
        for o in outlines
    ] == [
        (s.report_id, s.report_title, s.fact.sentence.index, s.fact.quantity.span.start,
         s.fact.quantity.span.end, str(s.fact.role), s.fact.subject, s.fact.period)
        for s in whole
    ]  # fmt: skip
    assert [(o.when, o.where, o.metric) for o in outlines] == [
        (s.fact.when, s.fact.where, s.fact.metric) for s in whole
    ]
    metrics = sorted({o.metric for o in outlines})[:2]
    by_metric = [(s.report_id, s.fact.quantity.span) for s in store.facts(metrics=metrics)]
    assert [
        (o.report_id, Span(o.span_start, o.span_end)) for o in store.fact_outlines(metrics=metrics)
    ] == by_metric
    assert store.fact_outlines(metrics=[]) == []
    keys = [(o.report_id, o.idx) for o in outlines]
    found = store.facts_at([*keys[::-1], ("no such report", 0)])
    assert [found[key] for key in keys] == whole and len(found) == len(keys)
    some = sorted({o.report_id for o in outlines})[::2]
    assert store.fact_outlines(lineup, some) == [o for o in outlines if o.report_id in some]
    assert store.fact_outlines(lineup, []) == []


@pytest.mark.parametrize("query", FALLBACK_QUERIES)
def test_substring_fallback_finds_what_a_scan_of_every_sentence_finds(
    sample_store: SqlStore, query: str
) -> None:
    store = sample_store
    expected = _holding(store, query.split())
    found = [
        (r.sentence.report_id, r.sentence.idx, r.sentence.text)
        for r in store._like_rows(query, None, None, 10_000)
    ]
    assert found == expected
    assert [key(r) for r in store._like_rows(query, None, None, 3)] == [e[:2] for e in expected[:3]]
    one = expected[-1][0] if expected else store.reports()[0].report.id
    in_one = [key(r) for r in store._like_rows(query, one, None, 10_000)]
    assert in_one == [e[:2] for e in expected if e[0] == one]
    kinds = {(h.sentence.report_id, h.sentence.index): h.section_kind for h in map_hits(store, query)}
    plans = [key(r) for r in store._like_rows(query, None, "plans", 10_000)]
    assert plans == [key for key in kinds if kinds[key] == "plans"]


def key(row: HitRow) -> tuple[str, int]:
    """(report id, sentence index) of a hit row."""
    return row.sentence.report_id, row.sentence.idx


def map_hits(store: SqlStore, query: str) -> list:
    """The fallback's rows as search hits (what `search` returns when the index finds nothing)."""
    return [store._hit(row, query, query.split(), {}) for row in store._like_rows(query, None, None, 10_000)]


def test_search_reads_a_sentence_with_its_own_text(sample_store: SqlStore) -> None:
    hits = sample_store.search("投资 教育")
    assert [h.sentence.text for h in hits] == ["别处写的投资与教育句子"]
    assert [m.of(hits[0].sentence.text) for m in hits[0].matches] == ["投资", "教育"]


def test_bytes_read_by_an_older_duban_are_read_again(tmp_path: Path, sample_path: Path) -> None:
    """A ledger keeps which extractor read each document: after an upgrade the same bytes are
    read anew ("updated", the new fields filled in), then "unchanged" again."""
    from duban.store.ingest import ingest_files

    db = str(tmp_path / "l.db")
    assert ingest_files(db, [sample_path]).outcomes[0].status == "added"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE documents SET extractor = 'duban 0.0.1'")
        conn.execute("UPDATE facts SET holds_when = NULL, indicator = NULL")
    conn.close()
    again = ingest_files(db, [sample_path]).outcomes[0]
    assert (again.status, again.reports) == ("updated", 9)
    with open_store(db, create=False) as store:
        assert len(store.reports()) == 9
        assert all(s.fact.when and s.fact.indicator for s in store.facts())
    assert ingest_files(db, [sample_path]).outcomes[0].status == "unchanged"


@pytest.mark.parametrize("query", ["就业", "企业 发展", "项目", "增长"])
def test_a_filtered_search_is_the_unfiltered_ranking_filtered(
    store: SqlStore, sample_path: Path, extra_paths: list[Path], query: str
) -> None:
    """Search in one report (ranked within the range of its sentence ids) or in one kind of
    section gives the hits of the whole ranking that pass the filter, in the same order: on the
    sample and the extra reports in one ledger, for every report and every kind."""
    from duban.store.ingest import ingest_paths

    assert not ingest_paths(store, [sample_path, *extra_paths]).failures
    everything = store.search(query, limit=10_000)
    assert len(everything) > 20
    key = lambda h: (h.report_id, h.sentence.index, h.score)  # noqa: E731
    for kind in ("achievements", "problems", "plans", "other"):
        expected = [key(h) for h in everything if h.section_kind == kind][:7]
        assert [key(h) for h in store.search(query, kind=kind, limit=7)] == expected
    for summary in store.reports():
        rid = summary.report.id
        expected = [key(h) for h in everything if h.report_id == rid][:5]
        assert [key(h) for h in store.search(query, report=rid, limit=5)] == expected
        expected = [key(h) for h in everything if h.report_id == rid and h.section_kind == "plans"][:5]
        assert [key(h) for h in store.search(query, report=rid, kind="plans", limit=5)] == expected
