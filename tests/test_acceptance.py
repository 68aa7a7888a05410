"""Acceptance: duban used as its users use it, on the sample and on bad input.

Every failure is one line naming the file or thing and the problem, exit code 1 (2 for
usage), no traceback and nothing half-written; the web pages answer errors with a page
in Chinese, never a 500.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from duban.present.web import create_app
from duban.store import open_store

pytestmark = pytest.mark.slow  # every test runs `duban` as a process, or reads a ledger it made

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "data" / "qingdao-2021h1.txt"


def duban(db: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from duban.cli import main; main()", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600)


def one_error_line(run: subprocess.CompletedProcess[str], *names: str) -> str:
    """The run failed with exit 1 and said so in one line naming each of `names`."""
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("duban: error: "), run.stderr
    assert "Traceback" not in run.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (["extract", "a.txt"], ["extract"]),
        (["--db", "t.db", "extract", "a.txt"], ["extract"]),
        (["--db=t.db", "ingest", "x"], ["ingest"]),
        (["--db", "extract", "serve"], ["serve"]),  # "extract" is the ledger's name here
        (["quantities", "--help"], ["quantities"]),
        ([], None),  # the list of commands
        (["--help"], None),
        (["--version"], None),
        (["-x", "extract"], None),  # an unknown option: click names it
        (["nope"], None),  # no such command: click says so
        (["Extract"], None),
    ],
)
def test_a_run_registers_only_the_command_it_names(args: list[str], kept: list[str] | None) -> None:
    """`main` has typer build only the command a run names (`cli._only_named`); anything else
    keeps every command, so that help and errors are what they always were."""
    from duban.cli.commands import _command_name, _only_named, app

    names = [_command_name(c) for c in _only_named(app.registered_commands, args)]
    assert names == (kept or [_command_name(c) for c in app.registered_commands])
    assert len(app.registered_commands) > 10 and (kept or "extract" in names)


def test_help_lists_every_command_and_a_named_one_runs(tmp_path: Path) -> None:
    listed = duban(tmp_path / "t.db", "--help")
    assert listed.returncode == 0 and all(
        f" {name} " in listed.stdout for name in ("extract", "ingest", "serve")
    )
    wrong = duban(tmp_path / "t.db", "extrakt", str(SAMPLE))
    assert wrong.returncode == 2 and "No such command 'extrakt'" in wrong.stderr
    facts = duban(tmp_path / "t.db", "extract", str(SAMPLE))
    assert facts.returncode == 0 and len(facts.stdout.splitlines()) > 400  # 471 facts
    assert not (tmp_path / "t.db").exists()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("acceptance")
    db = home / "ledger.db"
    run = duban(db, "ingest", str(SAMPLE))
    assert run.returncode == 0, run.stderr
    return db


@pytest.fixture(scope="module")
def client(ledger: Path) -> TestClient:
    return TestClient(create_app(str(ledger)))


# ------------------------------------------------------------------ a ledger that is not there


@pytest.mark.parametrize(
    "args",
    [["reports"], ["show", "1"], ["facts"], ["items", "--kind", "plans"], ["search", "就业"],
     ["ask", "就业多少人"], ["check"], ["export", "--jsonl", "out.jsonl"], ["brief", "--md", "out.md"],
     ["serve", "--port", "1"]],
    ids=lambda args: args[0],
)  # fmt: skip
def test_a_mistyped_ledger_is_refused_and_not_created(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo.db"
    line = one_error_line(duban(db, *args, cwd=tmp_path), str(db), "ingest")
    assert "no ledger" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_empty_file_as_ledger_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.touch()
    one_error_line(duban(notes, "reports"), str(notes), "not a duban ledger")
    assert notes.stat().st_size == 0


def test_another_programs_sqlite_file_is_never_written(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts.db"
    with closing(sqlite3.connect(contacts)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
    before = contacts.read_bytes()
    for args in (["reports"], ["ingest", str(SAMPLE)]):
        one_error_line(duban(contacts, *args), str(contacts), "not a duban ledger", "contacts")
    assert contacts.read_bytes() == before


def test_reports_on_an_empty_ledger_says_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert duban(db, "ingest", str(tmp_path / "missing.txt")).returncode == 1
    assert not db.exists()  # a failed ingest leaves no new ledger behind
    open_store(str(db)).close()  # an empty ledger
    listing = duban(db, "reports")
    assert listing.returncode == 0 and listing.stdout == ""
    assert "no reports" in listing.stderr and "duban ingest" in listing.stderr
    assert duban(db, "reports", "--json").stdout.strip() == "[]"


def test_ingest_still_makes_a_new_ledger(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert duban(db, "ingest", str(SAMPLE)).returncode == 0
    assert duban(db, "reports", "--json").returncode == 0


# ------------------------------------------------------------------ refs, filters and queries


@pytest.mark.parametrize("ref", ["", "  ", "不存在的报告", "0", "99"])
def test_unknown_report_refs_are_one_line(ledger: Path, ref: str) -> None:
    line = one_error_line(duban(ledger, "show", ref))
    assert "no report" in line or "names no report" in line


HUGE = "99999999999999999999"  # beyond a 64-bit integer


@pytest.mark.parametrize(
    "args",
    [["show", HUGE], ["show", "9223372036854775808"], ["show", "²"], ["show", "①"], ["show", "\udcff"],
     ["show", "报" * 30000], ["facts", "--report", HUGE], ["facts", "--report", "²"],
     ["items", "--kind", "plans", "--report", "①"], ["search", "进出口", "--report", HUGE],
     ["search", "进出口", "--report", "²"]],
    ids=lambda args: ascii(" ".join(args)[:24]),
)  # fmt: skip
def test_a_huge_or_non_ascii_report_number_is_no_report(ledger: Path, args: list[str]) -> None:
    assert "no report" in one_error_line(duban(ledger, *args))


def test_an_ambiguous_ref_names_the_candidates(ledger: Path) -> None:
    line = one_error_line(duban(ledger, "show", "青岛"))
    assert "matches 9 reports" in line and "青岛市供销社" in line


@pytest.mark.parametrize(
    "args",
    [["facts", "--role", "x"], ["items", "--kind", "x"], ["search", "就业", "--kind", "x"],
     ["search", ""], ["search", "   "], ["ask", ""], ["ask", "就业多少人", " "],
     ["facts", "--json", "--csv"], ["search", "就业", "--limit", HUGE], ["ingest", "x.txt", "--jobs", HUGE]],
    ids=lambda args: " ".join(args) or "empty",
)  # fmt: skip
def test_bad_values_and_empty_queries_are_usage_errors(ledger: Path, args: list[str]) -> None:
    run = duban(ledger, *args)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Error: Invalid value" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_show_names_an_unheaded_section_by_its_first_words(ledger: Path) -> None:
    run = duban(ledger, "show", "发展和改革")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    problems = next(line for line in lines if "〈段落〉但工作中还面临一些困难和问题" in line)
    plans = next(line for line in lines if "〈段落〉下步,我们将" in line)
    assert problems.startswith("├── ") and "〔问题〕" in problems  # top level, not under 六是
    assert plans.startswith("└── ") and "〔计划〕" in plans
    assert lines[lines.index(plans) + 1].startswith("    ├── 一是加强经济运行调度分析")


# ------------------------------------------------------------------ outputs


def test_export_with_one_bad_target_writes_nothing(ledger: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    for bad in (["--csv", str(blocker)], ["--jsonl", str(tmp_path)], ["--jsonl", str(blocker / "x.jsonl")]):
        run = duban(ledger, "export", "--xlsx", str(tmp_path / "指标.xlsx"), *bad)
        one_error_line(run, bad[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker.txt"]


def test_brief_to_a_missing_folder_writes_nothing(ledger: Path, tmp_path: Path) -> None:
    run = duban(
        ledger, "brief", "--md", str(tmp_path / "简报.md"), "--docx", str(tmp_path / "无" / "简报.docx")
    )
    one_error_line(run, "简报.docx", "does not exist")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ odd file names

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ODD_NAMES = {  # a name with control characters (or an undecodable byte) → how duban shows it
    "换\n行": "换\\n行",
    "esc\x1b[31mred": "esc\\x1b[31mred",
    "回车\r": "回车\\r",
    "del\x7f": "del\\x7f",
    "分隔\u2028": "分隔\\u2028",
    "反向\u202etxt.exe": "反向\\u202etxt.exe",
    os.fsdecode(b"latin\xff"): "latin\\xff",
}


def clean_lines(text: str) -> list[str]:
    """The lines of an output, each checked to hold no control character."""
    lines = text.split("\n")
    for line in lines:
        assert not CONTROL.search(line), ascii(line)
    return lines


def test_control_characters_in_file_names_are_escaped_in_every_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, name in enumerate(ODD_NAMES):
        titled = f"青岛市测试{n}局2021年上半年工作总结\n上半年,全市实现进出口{100 + n}亿元,同比增长{n}%。\n"
        (folder / f"{name}.txt").write_text(titled, encoding="utf-8")
        untitled = f"上半年,全市实现进出口{200 + n}亿元,同比增长{n}%。\n"  # titled by its file name
        (folder / f"{name}无题.txt").write_text(untitled, encoding="utf-8")
        (folder / f"{name}空.txt").write_bytes(b"")
    db = tmp_path / "ledger.db"
    run = duban(db, "ingest", str(folder))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    out, err = clean_lines(run.stdout), clean_lines(run.stderr)
    assert len([line for line in out if line.startswith("added ")]) == 2 * len(ODD_NAMES)
    assert len([line for line in err if line.startswith("duban: error: ")]) == len(ODD_NAMES)
    for shown in ODD_NAMES.values():
        assert sum(shown in line for line in out) == 2 and sum(shown in line for line in err) == 1
    titles = clean_lines(duban(db, "reports").stdout)
    for shown in ODD_NAMES.values():
        assert any(shown + "无题" in line for line in titles), shown
    for name, shown in ODD_NAMES.items():
        extracted = duban(db, "extract", str(folder / f"{name}空.txt"))
        assert shown in one_error_line(extracted) and clean_lines(extracted.stderr)
        exported = duban(db, "export", "--jsonl", str(tmp_path / f"{name}.jsonl"))
        assert exported.returncode == 0 and shown in clean_lines(exported.stdout)[0]
        refused = duban(tmp_path / f"{name}.db", "reports")
        assert shown in one_error_line(refused) and clean_lines(refused.stderr)


# ------------------------------------------------------------------ Ctrl-C


def _default_sigint() -> None:
    """In a child before it runs duban: SIGINT back to its default. A test run started in
    the background (``pytest &``) ignores SIGINT, a child would inherit that, and Python
    installs no KeyboardInterrupt handler for a signal ignored at its start."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_ingest_says_how_far_it_got_and_a_rerun_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for n in range(40):  # distinct bytes, so that none is skipped as already in
        variant = text.replace("3975.2亿元", f"{3900 + n}.2亿元")
        (folder / f"{n:02d}.txt").write_text(variant, encoding="utf-8")
    db = tmp_path / "ledger.db"
    command = [sys.executable, "-c", "from duban.cli import main; main()", "--db", str(db)]
    command += ["ingest", str(folder)]
    inherited = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a test run started with `&`
    try:
        run = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint
        )
    finally:
        signal.signal(signal.SIGINT, inherited)
    assert run.stdout is not None and run.stdout.readline().startswith("added")
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=600)
    assert run.returncode == 130, err
    assert err.startswith("duban: interrupted after ") and len(err.strip().splitlines()) == 1, err
    stored = len(json.loads(duban(db, "reports", "--json").stdout))
    assert 9 <= stored < 40 * 9 and stored % 9 == 0  # whole files only
    again = duban(db, "ingest", str(folder))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("unchanged") == stored // 9 and again.stdout.count("added") == 40 - stored // 9


# ------------------------------------------------------------------ serve


def test_serve_on_a_port_in_use_says_so_in_one_line(ledger: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = duban(ledger, "serve", "--port", str(port))
    line = one_error_line(run, f"127.0.0.1:{port}", "in use")
    assert "--port" in line and run.stdout == ""  # no URL printed for a server that never ran


def test_serve_names_no_server_software_and_sends_the_security_headers(ledger: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from duban.cli import main; main()", "--db", str(ledger)]
    server = subprocess.Popen([*command, "serve", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and "督办 dashboard" in server.stdout.readline()
        for path in ("/", "/api/reports", "/static/style.css", "/api/nope"):
            for _ in range(100):  # the URL is printed just before uvicorn starts listening
                try:
                    with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as conn:
                        conn.request("GET", path)
                        answer = conn.getresponse()
                        headers = {name.lower(): value for name, value in answer.getheaders()}
                    break
                except ConnectionRefusedError:
                    time.sleep(0.1)
            assert "server" not in headers, (path, headers)
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert headers["x-content-type-options"] == "nosniff"
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_demo_on_a_port_in_use_stops_before_building_anything(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = duban(db, "demo", "--port", str(port))
    one_error_line(run, f"127.0.0.1:{port}", "in use")
    assert not db.exists()


# ------------------------------------------------------------------ web pages


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/reports/nonexistent", 404, "台账中没有报告「nonexistent」"),
        ("/reports/%00", 404, "台账中没有报告"),
        ("/reports/青岛", 404, "对应9份报告"),
        ("/facts?report=不存在", 404, "台账中没有报告「不存在」"),
        ("/facts?role=x", 422, "未知的角色「x」"),
        ("/facts?desc=maybe", 422, "参数 desc 的值「maybe」无效"),
        ("/search?q=就业&kind=x", 422, "未知的章节类型「x」"),
        ("/search?q=就业&report=zz", 404, "台账中没有报告「zz」"),
        ("/no-such-page", 404, "没有这个页面"),
        ("/reports/99999999999999999999", 404, "台账中没有报告「99999999999999999999」"),
        ("/reports/%C2%B2", 404, "台账中没有报告「²」"),
        ("/reports/%E2%91%A0", 404, "台账中没有报告「①」"),
        ("/facts?report=99999999999999999999", 404, "台账中没有报告「99999999999999999999」"),
        ("/facts?report=9223372036854775809&sort=value", 404, "台账中没有报告"),
        ("/facts?offset=9223372036854775808", 422, "参数 offset"),
        ("/facts?offset=9223372036854775808&sort=value", 422, "参数 offset"),
        ("/search?q=就业&report=99999999999999999999", 404, "台账中没有报告"),
        ("/search?q=就业&report=%C2%B2", 404, "台账中没有报告「²」"),
    ],
)
def test_bad_page_requests_get_a_page_in_chinese(
    client: TestClient, url: str, status: int, words: str
) -> None:
    page = client.get(url)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in page.text and words in page.text


@pytest.mark.parametrize(
    "url",
    ["/", "/compare", "/compare?metric=%3Cscript%3E", "/facts?metric=%25", "/facts?metric=_&sort=zzz",
     "/search?q=", "/search?q=%22", "/search?q=AND%20OR%20NOT%20*", "/search?q=%ff%fe",
     "/search?q=" + "就" * 3000,
     "/ask?q=", "/ask?q=%20", "/ask?q=<script>alert(1)</script>", "/ask?q=" + "是多少" * 1000],
)  # fmt: skip
def test_odd_query_strings_never_break_a_page(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    assert "<script>alert" not in page.text


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/search?q=", 422), ("/api/search?q=就业&kind=x", 422), ("/api/facts?role=x", 422),
     ("/api/ask?q=", 422), ("/api/reports/zzz", 404), ("/api/nope", 404),
     ("/api/facts?offset=9223372036854775808", 422), ("/api/facts?report=9223372036854775809", 404),
     ("/api/reports/99999999999999999999", 404), ("/api/search?q=a&report=99999999999999999999", 404),
     ("/api/facts?report=%C2%B2", 404), ("/api/facts?report=%E2%91%A0", 404),
     ("/api/reports/%C2%B2", 404), ("/api/search?q=a&limit=99999999999999999999", 422),
     ("/api/facts?limit=99999999999999999999", 422), ("/facts.csv?role=x", 422), ("/facts.jsonl?role=x", 422),
     ("/facts.csv?report=99999999999999999999", 404), ("/facts.jsonl?report=%C2%B2", 404)],
)  # fmt: skip
def test_the_api_answers_errors_as_json(client: TestClient, url: str, status: int) -> None:
    answer = client.get(url)
    assert answer.status_code == status
    assert "detail" in answer.json()


def test_a_copied_ledger_serves_the_same_pages(ledger: Path, tmp_path: Path) -> None:
    """The app reads a ledger file it did not make (a colleague's copy)."""
    copy = tmp_path / "copy.db"
    shutil.copy(ledger, copy)
    assert TestClient(create_app(str(copy))).get("/").status_code == 200


# ------------------------------------------------------------------ findings kept per ledger state


def test_findings_are_kept_until_the_ledger_changes(ledger: Path, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    shutil.copy(ledger, db)
    app = TestClient(create_app(str(db)))
    before = app.get("/api/findings").json()
    assert before == app.get("/api/findings").json()
    assert not [f for f in before if f["status"] == "mismatch"]
    altered = tmp_path / "altered.txt"
    altered.write_text(SAMPLE.read_text(encoding="utf-8").replace("占比54.3%", "占比64.3%"), encoding="utf-8")
    assert duban(db, "ingest", str(altered)).returncode == 0  # a writer the app does not see
    after = app.get("/api/findings").json()
    assert [f["sentence"] for f in after if f["status"] == "mismatch"] == [
        next(f["sentence"] for f in after if "64.3%" in f["sentence"])
    ]
    assert "64.3%" in app.get("/").text


def test_the_ledger_state_changes_with_its_content_only(ledger: Path, tmp_path: Path) -> None:
    from duban.store import open_store

    db = tmp_path / "ledger.db"
    shutil.copy(ledger, db)
    with open_store(str(db)) as store:
        first = store.state()
        assert store.state() == first
    assert duban(db, "ingest", str(SAMPLE)).returncode == 0  # the same bytes: unchanged
    with open_store(str(db)) as store:
        assert store.state() == first
    other = tmp_path / "sample.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace("3975.2亿元", "3975.3亿元"), encoding="utf-8")
    assert duban(db, "ingest", str(other)).returncode == 0
    with open_store(str(db)) as store:
        assert store.state() != first
