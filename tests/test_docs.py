"""The docs are tested: every command has help with an example, and the README's
commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from duban.cli.commands import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_cli_has_the_commands_the_issues_ask_for() -> None:
    expected = {
        "ingest",
        "reports",
        "show",
        "extract",
        "quantities",
        "facts",
        "items",
        "search",
        "series",
        "track",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output or "example" in result.output, result.output
    assert CJK.search(result.output), f"{command} --help shows no Chinese example"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "./scripts/demo" in first_block and "./scripts/test" in first_block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci


def test_readme_names_only_commands_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = "\n".join(readme.split("```")[1::2])
    named = set(re.findall(r"^duban (\w+)", code, flags=re.M))
    assert named, "the README shows no duban command"
    assert named <= set(COMMANDS), named - set(COMMANDS)


def test_no_file_keeps_a_merge_conflict_marker() -> None:
    markers = re.compile(r"^(?:<{7}|>{7}) ", re.MULTILINE)
    files = [
        ROOT / "README.md",
        *ROOT.glob("src/**/*.py"),
        *ROOT.glob("src/**/*.yaml"),
        *ROOT.glob("tests/**/*.py"),
    ]
    assert [str(p) for p in files if markers.search(p.read_text(encoding="utf-8"))] == []
