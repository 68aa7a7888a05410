"""The fast paths give what their plain definitions give: concatenated compilations split
into all their reports, sections found by sweep, width by runs, quantities after a lookahead."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from _paths import EXTRA_DIR
from duban.extract import fact_rules as fact_rules_module
from duban.extract.fact_rules import fact_rules
from duban.extract.items import extract_items
from duban.extract.quantities.grammar import grammar
from duban.ingest import normalize_width, read_document, split_reports
from duban.model import Report, Section, SectionKind, Sentence, Span
from duban.structure import outline, split_sentences
from duban.structure.sentences import innermost_paths


def _split(tmp_path: Path, text: str, name: str = "concat.txt") -> tuple[list[Report], list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    split = split_reports(read_document(path))
    return list(split.reports), list(split.warnings)


def test_sample_repeated_three_times_gives_each_report_three_times(tmp_path: Path, sample_path: Path) -> None:
    sample = sample_path.read_text(encoding="utf-8")
    single, single_warnings = _split(tmp_path, sample, "one.txt")
    reports, warnings = _split(tmp_path, "\n".join([sample] * 3))
    assert len(single) == 9
    assert [r.title for r in reports] == [r.title for r in single] * 3
    assert [r.ordinal for r in reports] == list(range(1, 28))
    assert len({r.id for r in reports}) == 27
    assert warnings == [f"第{n}份汇编: {single_warnings[0]}" for n in (1, 2, 3)]
    for k, report in enumerate(reports):
        alone = single[k % 9]
        assert (report.date, report.period, report.department) == (alone.date, alone.period, alone.department)
        assert report.truncated == alone.truncated
        assert report.text == alone.text  # the dates before the next 目录 are its cover, not this text


def test_two_different_compilations_each_with_a_toc(tmp_path: Path) -> None:
    first = (
        "目录\n甲市教育局2021年工作总结 1\n甲市科技局2021年工作总结 3\n"
        "甲市教育局2021年工作总结\n2021年12月30日\n全年新建学校12所。\n"
        "甲市科技局2021年工作总结\n2021年12月28日\n新增高新技术企业300家。\n"
    )
    second = (
        "乙市工作总结汇编\n2022年1月\n目录\n乙市商务局2021年工作总结 1\n"
        "乙市商务局2021年工作总结\n2022年1月5日\n实际使用外资5亿美元。\n"
    )
    reports, warnings = _split(tmp_path, first + second)
    assert [r.title for r in reports] == [
        "甲市教育局2021年工作总结",
        "甲市科技局2021年工作总结",
        "乙市商务局2021年工作总结",
    ]
    assert reports[1].text.endswith("新增高新技术企业300家。")
    assert warnings == []


def test_a_toc_going_on_over_a_page_is_one_toc(tmp_path: Path) -> None:
    text = (
        "目录\n甲市教育局2021年工作总结 1\n目录\n甲市科技局2021年工作总结 3\n"
        "甲市教育局2021年工作总结\n2021年12月30日\n全年新建学校12所。\n"
        "甲市科技局2021年工作总结\n2021年12月28日\n新增高新技术企业300家。\n"
    )
    reports, _ = _split(tmp_path, text)
    assert [r.title for r in reports] == ["甲市教育局2021年工作总结", "甲市科技局2021年工作总结"]


# ------------------------------------------------------------------ fast lookups


def _naive_innermost(sections: list[Section], offset: int) -> tuple[int, ...]:
    holding = [s.path for s in sections if s.span.start <= offset < s.span.end]
    return max(holding, key=len, default=())


@st.composite
def _sections_and_offsets(draw: st.DrawFn) -> tuple[list[Section], list[int]]:
    spans = draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12))
    depths = draw(st.lists(st.integers(1, 4), min_size=len(spans), max_size=len(spans)))
    sections = [
        Section("r", (*range(1, depth + 1), k), "", SectionKind.OTHER, Span(a, a + n), "一、")
        for k, ((a, n), depth) in enumerate(zip(spans, depths, strict=True))
    ]
    offsets = draw(st.lists(st.integers(0, 95), max_size=30))
    return sections, offsets


@given(_sections_and_offsets())
def test_innermost_paths_is_the_longest_holding_path(case: tuple[list[Section], list[int]]) -> None:
    sections, offsets = case
    assert innermost_paths(sections, offsets) == [_naive_innermost(sections, at) for at in offsets]


def test_sample_sentences_and_items_match_their_plain_definitions(sample_path: Path) -> None:
    for report in split_reports(read_document(sample_path)).reports:
        sections = outline(report)
        sentences = split_sentences(report, sections)
        assert [s.section_path for s in sentences] == [
            _naive_innermost(sections, s.span.start) for s in sentences
        ]
        shuffled: list[Sentence] = sentences[1::2] + sentences[::2]  # not in text order: scanned
        by_scan = [i for i in extract_items(report, sections, shuffled) if i.kind.value != "measure"]
        fast = [i for i in extract_items(report, sections, sentences) if i.kind.value != "measure"]
        assert sorted(by_scan, key=lambda i: i.span.start) == sorted(fast, key=lambda i: i.span.start)


def _width_oracle(text: str) -> str:
    wide = {0x3000: " ", 0xA0: " ", 0xFEFF: " "}
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else wide.get(ord(c), c) for c in text)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, exclude_categories=("Cs",))))
def test_normalize_width_changes_exactly_the_full_width_forms(text: str) -> None:
    assert normalize_width(text) == _width_oracle(text)
    assert normalize_width("２０２１年１－６月，ＧＤＰ增长１２．７％") == "2021年1-6月,GDP增长12.7%"


def test_the_quick_start_test_of_the_quantity_grammar_skips_no_match(sample_path: Path) -> None:
    """The grammar's leading lookahead lists the chars a match may start with; any match the
    full grammar finds without it must still be found (a new alternative needs its chars)."""
    full = grammar().pattern
    lookahead, rest = full.pattern.split("])", 1)
    assert lookahead.startswith("(?=[")
    plain = re.compile(rest)
    texts = [sample_path.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(EXTRA_DIR.glob("*.txt"))]
    texts += _quantity_cases()
    for text in texts:
        assert [m.span() for m in full.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_an_end_anchored_cue_searched_from_its_reach_finds_what_a_whole_search_finds(
    sample_path: Path,
) -> None:
    """`trailing` and `near_filler` are searched from len(text) - reach only (the widest match
    by Python's regex parser); before every clause end of the sample and the extras that finds
    what a search from the start finds, and trailing's last characters rule out no match."""
    rules = fact_rules()
    texts = [sample_path.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(EXTRA_DIR.glob("*.txt"))]
    heads = [text[max(at - 200, 0) : at] for text in texts for at in range(len(text)) if text[at] in ",;。"]
    assert rules.trailing_reach < 100 and rules.near_filler_reach < 100 and rules.trailing_last
    cues = ((rules.trailing, rules.trailing_reach), (rules.near_filler, rules.near_filler_reach))
    for head in heads:
        for pattern, reach in cues:
            whole, near = pattern.search(head), pattern.search(head, max(len(head) - reach, 0))
            assert (whole and whole.span()) == (near and near.span()), head
        if rules.trailing.search(head):
            assert head[-1] in rules.trailing_last, head


def test_the_reaches_kept_in_the_cache_are_the_parsers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules' reaches and last characters are kept in the cache folder (`_measured`): read
    back, they are what Python's regex parser says, in a new folder as in one that holds them."""
    monkeypatch.setenv("DUBAN_CACHE_DIR", str(tmp_path))
    anchored, ended = ["(?:增长|下降)$", "(?:万元|亿元)[^,]{0,3}$"], ["(?:增长|下降)", "[^,]+"]
    expected = (
        {regex: fact_rules_module._reach(regex) for regex in anchored},
        {regex: fact_rules_module._last_chars(regex) for regex in ended},
    )
    assert expected[0]["(?:增长|下降)$"] == 3 and expected[1]["(?:增长|下降)"] == frozenset("长降")
    assert expected[1]["[^,]+"] is None
    assert fact_rules_module._measured(anchored, ended) == expected  # built, kept
    assert list(tmp_path.glob("fact-widths-*.marshal"))
    assert fact_rules_module._measured(anchored, ended) == expected  # read back


def test_a_whole_numeral_starts_with_a_char_of_its_quick_test() -> None:
    """`_whole_numeral` skips a text whose first char is not in `whole_numeral_first`: no char of
    the plane outside it starts a match of the pattern (alone, or before a numeral)."""
    g = grammar()
    starts = [
        chr(c)
        for c in range(0x10000)
        if any(g.whole_numeral.match(chr(c) + after) for after in ("", "一", "1", "十"))
    ]
    assert set(starts) <= g.whole_numeral_first and {"一", "负", "两"} <= set(starts)


def test_without_python_s_regex_parser_no_search_is_cut_short(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser is private: where a Python lacks it, every search starts at the text's start."""
    monkeypatch.setattr(fact_rules_module, "_regex_parser", lambda: None)
    assert fact_rules_module._reach("(?:增长|下降)$") == fact_rules_module.UNBOUNDED
    assert fact_rules_module._last_chars("(?:增长|下降)$") is None


def _quantity_cases() -> list[str]:
    cases = yaml.safe_load((Path(__file__).parent / "cases" / "quantities.yaml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(cases)
    return found


@pytest.mark.slow
def test_duban_extract_in_two_worker_processes_prints_the_same(tmp_path: Path, sample_path: Path) -> None:
    concatenated = tmp_path / "two.txt"
    concatenated.write_text("\n".join([sample_path.read_text(encoding="utf-8")] * 2), encoding="utf-8")
    duban = Path(sys.executable).with_name("duban")
    files = [str(sample_path), str(concatenated)]
    runs = [
        subprocess.run([str(duban), "extract", *jobs, *files], capture_output=True)
        for jobs in ([], ["--jobs", "2"])
    ]
    serial, parallel = runs
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert serial.stdout.count(b"\n") > 900
    assert parallel.stdout == serial.stdout


def test_the_program_imports_its_commands_with_the_collector_off_and_runs_with_it_on() -> None:
    """`duban` and `python -m duban` start in duban.__main__: the garbage collector is off while
    the commands are imported, what they made is frozen (kept out of later collections) and the
    command runs with the collector on. Importing duban.cli as a library leaves the collector be."""
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="duban")
    assert script.value == "duban.__main__:main"
    program = (
        "import gc, sys\nsys.argv = ['duban', '--version']\nfrom duban.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), gc.get_freeze_count())"
    )
    library = "import gc, duban.cli\nprint(gc.isenabled(), gc.get_freeze_count())"
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
               for code in (program, library)]  # fmt: skip
    enabled, frozen = outputs[0].split()[-2:]
    assert enabled == "True" and int(frozen) > 10_000  # the commands' modules, classes, functions
    assert outputs[1].split() == ["True", "0"]
    done = subprocess.run([sys.executable, "-m", "duban", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("duban ")


@pytest.mark.parametrize(
    ("args", "paths"),
    [
        (["extract", "a.txt"], ["a.txt"]),
        (["extract", "a.txt", "报告/b.pdf", "dir"], ["a.txt", "报告/b.pdf", "dir"]),
        (["extract"], None),  # no file: the command's usage error
        (["extract", "--jobs", "2", "a.txt"], None),  # an option: the command reads it
        (["extract", "a.txt", "-j", "2"], None),
        (["extract", "--help"], None),
        (["--db", "t.db", "extract", "a.txt"], None),  # an option before the command
        (["ingest", "a.txt"], None),  # another command
        ([], None),
    ],
)
def test_only_a_plain_extract_runs_without_the_commands(args: list[str], paths: list[str] | None) -> None:
    from duban.cli.run import plain_extract

    found = plain_extract(args)
    assert (None if found is None else [str(p) for p in found]) == paths


def _both_ways(args: list[str], tmp_path: Path) -> list[tuple[int, bytes, bytes]]:
    """`duban ARGS` run as the program (duban.__main__) and through the commands (duban.cli)."""
    ways = [[sys.executable, "-m", "duban"], [sys.executable, "-c", "from duban.cli import main; main()"]]
    done = [subprocess.run([*way, *args], capture_output=True, cwd=tmp_path) for way in ways]
    return [(d.returncode, d.stdout, d.stderr) for d in done]


def test_a_plain_extract_prints_and_fails_as_the_command_does(tmp_path: Path, sample_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("全市地区生产总值增长8.5%。\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    for args in (
        ["extract", str(sample_path)],
        ["extract", "missing.txt", str(sample_path)],  # a file that cannot be read, then one read
        ["extract", "in"],  # a folder: the readable and the unreadable
    ):
        fast, commands = _both_ways(args, tmp_path)
        assert fast == commands, args
    assert fast[0] == 1 and b"duban: error:" in fast[2] and fast[1].count(b"\n") == 1


def test_a_plain_extract_imports_no_command_line_machinery(sample_path: Path) -> None:
    program = (
        "import sys\nsys.argv = ['duban', 'extract', sys.argv[1]]\nfrom duban.__main__ import main\n"
        "main()\nprint(sorted(m for m in ('typer', 'click', 'duban.cli.commands') if m in sys.modules), "
        "file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", program, str(sample_path)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.count("\n") > 400
    assert done.stderr.strip() == "[]"


def test_a_reader_gone_ends_a_plain_extract_quietly_as_the_command(sample_path: Path) -> None:
    """`duban extract … | head -1`: exit code 1, nothing on stderr, whichever way it runs."""
    for way in (["-m", "duban"], ["-c", "from duban.cli import main; main()"]):
        shell = (
            f"{sys.executable} {' '.join(way[:1])} '{' '.join(way[1:])}' extract {sample_path} | head -c 10"
        )
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True)
        assert (done.returncode, done.stderr) == (1, b""), (way, done.stderr[-300:])


def test_an_interrupted_plain_extract_ends_as_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    """Ctrl-C while facts are printed: exit code 130 and nothing said, whichever way it runs."""
    import duban.__main__
    from duban.cli import cmd_extract, run

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "print_facts", interrupted)
    monkeypatch.setattr(cmd_extract, "print_facts", interrupted)
    ended = []
    for argv in (["duban", "extract", str(sample_path)], ["duban", "extract", "-j", "1", str(sample_path)]):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as done:
            duban.__main__._command(argv[1:])()  # what main runs (it also freezes the collector)
        ended.append((done.value.code, capsys.readouterr().err))
    assert ended == [(130, ""), (130, "")]
