"""The brief as Markdown: `render_markdown` and `write_markdown`, every sourced line with a
footnote quoting its sentence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from duban.present.brief.content import SECTIONS, Brief, Line, report_line, source_text
from duban.present.export.files import atomic_file


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, every sourced line with a footnote quoting its sentence."""
    out = [f"# {brief.title}", "", f"所涉时期:{brief.period};报告日期:{brief.date_range}。", ""]
    out += [*(f"{p}" for p in brief.summary), ""] if brief.summary else []
    counter = [0]

    def listed(lines: Sequence[Line], notes: dict[str, int]) -> list[str]:
        written = []
        for line in lines:
            if line.source_sentence:
                source = source_text(line)
                if source not in notes:
                    counter[0] += 1
                    notes[source] = counter[0]
                written.append(f"- {line.text}[^{notes[source]}]")
            else:
                written.append(f"- {line.text}")
        return written

    if brief.targets is not None:
        notes: dict[str, int] = {}
        counts = "、".join(f"{label}{n}个" for label, n in brief.targets.counts)
        out += ["## 目标对账", "", f"共{sum(n for _, n in brief.targets.counts)}个目标:{counts}。", ""]
        out += [*listed(brief.targets.lines, notes), ""]
        out += [*(f"[^{n}]: {source}" for source, n in notes.items()), ""] if notes else []
    for body in brief.bodies:
        out += [f"## {body.name}", "", report_line(body), ""]
        notes = {}
        for attribute, heading in SECTIONS:
            lines: list[Line] = getattr(body, attribute)
            if not lines:
                continue
            out += [f"### {heading}", "", *listed(lines, notes), ""]
        out += [*(f"[^{n}]: {source}" for source, n in notes.items()), ""] if notes else []
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown(brief: Brief, path: str | Path) -> Path:
    target = Path(path)
    with atomic_file(target, ".md") as tmp:
        tmp.write_text(render_markdown(brief), encoding="utf-8")
    return target
