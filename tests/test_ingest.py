"""Ingest on real inputs: the sample compilation, re-encodings, bad files, repair cases."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
import yaml

from duban.errors import IngestError
from duban.extract.numerals import rules
from duban.ingest import SplitResult, read_document, repair, split_reports
from duban.model import Report
from duban.rules import lexicon, ordinal_value
from duban.rules import structure as structure_rules

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "structure_repair.yaml").read_text(encoding="utf-8")
)
REPAIR_CASES = [c for group in CASES.values() for c in group]

SAMPLE_REPORTS = [
    ("青岛市发展和改革委员会2021年上半年工作总结", "青岛市发展和改革委员会", dt.date(2021, 8, 20)),
    ("青岛市供销社2021年上半年工作总结", "青岛市供销社", dt.date(2021, 9, 18)),
    ("青岛市国资委2021年上半年工作总结", "青岛市国资委", dt.date(2021, 8, 20)),
    ("青岛市海洋发展局2021年上半年工作总结", "青岛市海洋发展局", dt.date(2021, 8, 20)),
    ("青岛市教育局2021年上半年工作总结", "青岛市教育局", dt.date(2021, 8, 19)),
    ("青岛市科技局2021年上半年工作总结", "青岛市科技局", dt.date(2021, 9, 18)),
    ("青岛市民营经济局2021年上半年工作总结", "青岛市民营经济局", dt.date(2021, 8, 23)),
    (
        "青岛市人力资源和社会保障局2021年上半年工作总结及下半年工作打算",
        "青岛市人力资源和社会保障局",
        dt.date(2021, 8, 20),
    ),
    ("青岛市商务局2021年上半年工作总结", "青岛市商务局", dt.date(2021, 8, 20)),
]
MISSING_FROM_BODY = [
    "青岛市审计局2021年上半年审计工作情况",
    "青岛市司法局2021年上半年工作总结",
    "青岛市体育局2021年上半年工作总结",
    "青岛市退役军人局2021年上半年工作总结",
    "青岛市文化和旅游局关于2021年上半年工作情况的报告",
    "青岛市行政审批局2021年上半年工作总结",
    "青岛市医疗保障局2021年上半年工作总结",
    "青岛市住房公积金管理中心2021年上半年工作总结",
    "青岛市自然资源和规划局2021年上半年工作总结",
]


@pytest.fixture(scope="module")
def sample_split(sample_path: Path) -> SplitResult:
    return split_reports(read_document(sample_path))


# ------------------------------------------------------------------ the sample


def test_sample_gives_the_nine_body_reports(sample_split: SplitResult) -> None:
    got = [(r.title, r.department, r.date) for r in sample_split.reports]
    assert got == SAMPLE_REPORTS
    assert [r.ordinal for r in sample_split.reports] == list(range(1, 10))
    assert all(r.period == "2021年上半年" for r in sample_split.reports)


def test_sample_warns_once_naming_every_toc_title_without_body(sample_split: SplitResult) -> None:
    assert len(sample_split.warnings) == 1
    warning = sample_split.warnings[0]
    for title in MISSING_FROM_BODY:
        assert title in warning
    for title, _, _ in SAMPLE_REPORTS:
        assert title not in warning


def test_only_the_last_sample_report_is_truncated(sample_split: SplitResult) -> None:
    assert [r.truncated for r in sample_split.reports] == [False] * 8 + [True]
    assert sample_split.reports[-1].text.endswith("推动海关")


def test_report_text_is_its_span_of_the_document_and_starts_at_the_title(sample_path: Path) -> None:
    document = read_document(sample_path)
    reports = split_reports(document).reports
    for report in reports:
        assert report.text == document.text[report.span.start : report.span.end]
        assert report.text.startswith(report.title + "\n")
        assert report.id == f"{document.sha256[:12]}-{report.ordinal}"
    # the leading block of dates and the TOC belong to no report
    assert (
        reports[0].span.start
        == document.text.index("目录\n")
        + document.text[document.text.index("目录\n") :].index(
            "\n青岛市发展和改革委员会2021年上半年工作总结\n2021"
        )
        + 1
    )


def test_sample_line_breaks_are_repaired(sample_path: Path) -> None:
    text = read_document(sample_path).text
    assert "支持扩大内需、稳定外资外贸" in text
    assert "10个交通重大标志性工程。" in text
    assert "\n\n" not in text and not text.endswith("\n")


def test_document_offsets_map_back_to_the_original(sample_path: Path) -> None:
    original = sample_path.read_text(encoding="utf-8")
    document = read_document(sample_path)
    for i in range(0, len(document.text), 7):
        char, back = document.text[i], original[document.offsets.to_original(i)]
        assert char == back or (char in "\n " and back in "\r\n")


# --------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("gb18030", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
    ids=["gb18030", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom", "utf-16-be-no-bom"],
)
def test_reencoded_sample_gives_the_same_reports(
    sample_path: Path, sample_split: SplitResult, tmp_path: Path, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "sample.txt"  # the name says nothing about the encoding
    path.write_bytes(bom + sample_path.read_text(encoding="utf-8").encode(encoding))
    split = split_reports(read_document(path))
    assert [(r.title, r.department, r.date, r.text) for r in split.reports] == [
        (r.title, r.department, r.date, r.text) for r in sample_split.reports
    ]
    assert split.warnings == sample_split.warnings


def test_gb18030_with_crlf_line_ends(sample_path: Path, sample_split: SplitResult, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(sample_path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    document = read_document(path)
    assert document.encoding == "gb18030"
    assert [r.text for r in split_reports(document).reports] == [r.text for r in sample_split.reports]


def test_same_bytes_same_ids(sample_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample_path.read_bytes())
    assert read_document(copy).id == read_document(sample_path).id


# --------------------------------------------------------------- bad input


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n  \n", "whitespace"),
        (
            "junk.txt",
            random.Random(7).randbytes(2048) + b"\x00\x01\x00\x00\x02" + random.Random(8).randbytes(2048),
            "binary",
        ),
        ("nuls.txt", b"\x00" * 64 + b"abc\x00\x00def\x00" * 16, "binary"),
        ("controls.txt", bytes(range(1, 32)) * 40, "binary"),
    ],
    ids=["empty", "whitespace-only", "random-bytes-with-nuls", "nul-padding", "control-chars"],
)
def test_bad_files_raise_ingest_error_naming_the_path(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = _bad(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert problem in info.value.problem


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(IngestError, match="no such file") as info:
        read_document(path)
    assert info.value.path == str(path)


def test_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(IngestError, match="folder") as info:
        read_document(folder)
    assert str(folder) in str(info.value)


def test_undecodable_bytes(tmp_path: Path) -> None:
    # invalid in UTF-8 and in GB18030 (0x80 and 0xFF are never lead bytes there)
    path = _bad(tmp_path, "bad.txt", "报告".encode() + b"\x80\xff\x80\xff" * 50)
    with pytest.raises(IngestError, match="undecodable") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_big5_is_decoded_by_the_fallback(tmp_path: Path) -> None:
    path = _bad(
        tmp_path, "big5.txt", "臺北市政府工作報告\n上半年,全市生產總值增長百分之五。\n".encode("big5")
    )
    document = read_document(path)
    assert "生產總值" in document.text


def _prose(chars: int) -> str:
    """Sentences of `chars` characters or a few more, none twice (no running header)."""
    text = ""
    while len(text) < chars:
        text += f"第{len(text)}项工作已经完成。"
    return text[:chars]


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        (_prose(200) + "\x01\x02\x03", False),  # three junk chars are let through whatever the length
        (_prose(200) + "\x01\x02\x03\x08", True),
        (_prose(2000) + "\x07" * 20, False),  # 20 of 2,020 chars: 1 % at most
        (_prose(2000) + "\ue000" * 21, True),  # private use counts as junk
        (_prose(2000) + "\x0e\x1f" * 11, True),
        (
            "\t\n\v\f\r".join(_prose(2000)[k : k + 10] for k in range(0, 2000, 10)),
            False,
        ),  # whitespace is text
        (_prose(20000) + "\x01" * 400, False),  # only the first 20,000 chars are looked at
    ],
)
def test_a_text_of_control_or_private_use_chars_is_binary_data(
    tmp_path: Path, text: str, binary: bool
) -> None:
    path = _bad(tmp_path, "junk.txt", text.encode())
    if binary:
        with pytest.raises(IngestError, match="binary data, not text"):
            read_document(path)
    else:
        assert "项工作已经完成" in read_document(path).text


def test_pdf_is_delegated_to_formats(tmp_path: Path) -> None:
    path = _bad(tmp_path, "report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert "PDF" in info.value.problem


# ------------------------------------------------------------------ repair


@pytest.mark.parametrize("case", REPAIR_CASES, ids=[c["name"] for c in REPAIR_CASES])
def test_repair(case: dict) -> None:
    text, offsets = repair(case["input"])
    assert text == case["output"]
    for i, char in enumerate(text):
        back = case["input"][offsets.to_original(i)]
        assert back == char or (char in "\n " and back in "\r\n") or char == back.translate(_WIDE), (
            i,
            char,
            back,
        )


_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


# ------------------------------------------------------------ single reports


def test_each_extra_file_is_one_report_with_a_title(extra_paths: list[Path]) -> None:
    for path in extra_paths:
        document = read_document(path)
        split = split_reports(document)
        assert len(split.reports) == 1, path
        report = split.reports[0]
        assert report.title == document.text.split("\n", 1)[0]
        assert report.title.endswith("政府工作报告")
        assert report.period and report.period.endswith("年")
        assert report.date is not None and str(report.date.year) in report.period


def test_state_council_reports_name_the_state_council(extra_paths: list[Path]) -> None:
    for path in extra_paths:
        if "state-council" in path.name:
            assert split_reports(read_document(path)).reports[0].department == "国务院"


def _first_report(tmp_path: Path, text: str) -> Report:
    """The first report split from a file of `text`."""
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return split_reports(read_document(path)).reports[0]


def test_the_delivery_line_dates_a_report_before_a_page_stamp(tmp_path: Path) -> None:
    """Issue 10: a web page's publication stamp above the report's own line (——2026年1月26日在…上)
    does not date the report."""
    report = _first_report(
        tmp_path,
        "2026年河南省政府工作报告\n2026-02-05 09:12 河南日报\n——2026年1月26日在河南省第十四届人民代表大会"
        "第四次会议上\n河南省省长 王凯\n各位代表:\n现在,我代表省人民政府,向大会报告工作。\n",
    )
    assert report.date == dt.date(2026, 1, 26)
    assert report.title == "2026年河南省政府工作报告" and report.period == "2026年"


@pytest.mark.parametrize(
    ("title", "speaker", "department"),
    [
        ("2026年河南省政府工作报告", "省人民政府", "河南省人民政府"),
        ("2026年内蒙古自治区政府工作报告", "自治区人民政府", "内蒙古自治区人民政府"),
        ("2026年广西壮族自治区政府工作报告", "自治区人民政府", "广西壮族自治区人民政府"),
        ("2026年重庆市政府工作报告", "市人民政府", "重庆市人民政府"),
        ("2019年政府工作报告", "国务院", "国务院"),
    ],
)
def test_a_government_names_itself_by_its_level(
    tmp_path: Path, title: str, speaker: str, department: str
) -> None:
    """我代表自治区人民政府: the level word is the title's place (blind round 13: 内蒙古's facts were
    all placed in `自治区`)."""
    report = _first_report(tmp_path, f"{title}\n各位代表:\n现在,我代表{speaker}向大会报告工作。\n")
    assert report.department == department


def test_a_bare_government_report_title_takes_its_delivery_line(tmp_path: Path) -> None:
    """Blind round 15: a page titled only 政府工作报告, its date line in brackets, is the report of
    the place whose congress heard it, in the year it was given."""
    report = _first_report(
        tmp_path,
        "政府工作报告\n（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n省长 李炳军\n各位代表：\n"
        "现在，我代表省人民政府向大会报告工作。\n",
    )
    assert (report.title, report.department, report.period) == ("政府工作报告", "贵州省人民政府", "2026年")
    assert report.date == dt.date(2026, 1, 27)


def test_a_file_without_a_title_takes_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "海洋局半年报.txt"
    path.write_text("上半年,全市海洋生产总值同比增长21.9%。\n下半年,我们将继续努力。\n", encoding="utf-8")
    report = split_reports(read_document(path)).reports[0]
    assert report.title == "海洋局半年报"
    assert report.department is None and not report.truncated


# ------------------------------------------------------------------ the lexicon


SRC = Path(__file__).resolve().parents[1] / "src" / "duban"


def test_lexicon_is_consistent() -> None:
    lex = lexicon()
    assert set(lex.ordinals) <= set(lex.digits) | set(lex.units)
    assert len(lex.circled) == 20 and lex.run_in_cues
    assert lex.digits["两"] == 2 and lex.units["十"] == 10 and lex.sections["亿"] == 10**8


def test_numerals_are_defined_once() -> None:
    """No module of ingest, structure or extract spells out the Chinese digits, and no other
    rules file lists them: the heading patterns name the lexicon's class, the quantity parser
    reads the lexicon's digits."""
    spelled = re.compile('[一二三四五六七八九十]{5,}|零一二|"一":\\s*1')
    for module in [*SRC.glob("ingest/*.py"), *SRC.glob("structure/*.py"), *SRC.glob("extract/*.py")]:
        code = "\n".join(ln for ln in module.read_text(encoding="utf-8").splitlines() if "#" not in ln)
        assert not spelled.search(code.split('"""', 2)[-1]), module.name
    for rules_file in ["structure", "quantities", "facts"]:
        assert not spelled.search((SRC / "rules" / f"{rules_file}.yaml").read_text(encoding="utf-8"))
    assert all("<ORDINAL>" not in h["pattern"] for h in structure_rules()["headings"])
    assert rules()["numerals"]["digits"] == lexicon().digits


@pytest.mark.parametrize(
    ("ordinal", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("7", 7),
        ("12", 12),
        ("③", 3),
        ("⑳", 20),
    ],
)
def test_ordinal_value(ordinal: str, value: int) -> None:
    assert ordinal_value(ordinal) == value


def test_heading_patterns_take_the_lexicon_classes() -> None:
    patterns = {h["style"]: re.compile(h["pattern"]) for h in structure_rules()["headings"]}
    assert patterns["一、"].match("十二、加强监管")["num"] == "十二"
    assert patterns["一是"].match("其三要抓好落实")["num"] == "三"
    assert patterns["①"].match("⑤推进改革")["num"] == "⑤"
    assert patterns["一是"].match("三方面工作") is not None and patterns["一是"].match("三个方面") is None
