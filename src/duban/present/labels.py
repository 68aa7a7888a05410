"""One presentation vocabulary: the Chinese labels of roles, kinds and statuses
(`rules/labels.yaml`) and numbers as people read them (6539.21亿元, 18.44万人, 13.8%), for the
CLI's tables, the web pages, the workbook and the brief alike."""

from __future__ import annotations

from collections.abc import Iterable

from duban import rules

POINTS_UNIT = "百分点"
RANK_UNIT = "位"
RATE_UNITS = ("%", "‰")


def _label(group: str, key: str) -> str:
    return rules.labels()[group].get(str(key), str(key))


def role_label(role: str) -> str:
    """水平, 变化, 占比 … for a fact's role."""
    return _label("roles", role)


def section_kind_label(kind: str) -> str:
    """成效, 问题, 计划, 其他."""
    return _label("section_kinds", kind)


def item_kind_label(kind: str) -> str:
    """问题, 计划, 举措."""
    return _label("item_kinds", kind)


def finding_kind_label(kind: str) -> str:
    """进度, 算术, 一致性."""
    return _label("finding_kinds", kind)


def finding_status_label(status: str) -> str:
    """落后, 正常, 超前, 相符, 不符, 冲突."""
    return _label("finding_statuses", status)


def status_label(status: str) -> str:
    """已完成, 未完成, 待核, 无法比较: a target's status (目标对账)."""
    return _label("track_statuses", status)


def target_kind_label(kind: str) -> str:
    return _label("target_kinds", kind)


def target_word(kind: str) -> str:
    """以上, 以内, 左右 after a target's value ('' for a range)."""
    return _label("target_words", kind) if kind in rules.labels()["target_words"] else ""


def approx_label(approx: str | None) -> str:
    """约, 超过, 不到 for a quantity's approximation; '' for none."""
    return _label("approx", approx) if approx else ""


def basis_label(basis: str | None) -> str:
    """同比, 两年平均, 年均, 环比, 比计划; '' for none."""
    return _label("bases", basis) if basis else ""


def board_label(column: str) -> str:
    """The columns of the overview's board of bodies × status (超前, 正常, 落后, 已完成 …)."""
    return _label("board", column)


def labels(group: str) -> dict[str, str]:
    """A whole group of labels (for templates)."""
    return dict(rules.labels()[group])


def plain_number(value: float) -> str:
    """A value without float noise: 653921000000.0 → 653921000000, 13.80 → 13.8."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.12g}"


def readable(value: float, unit: str) -> str:
    """A value with its unit as people read it: 653921000000 元 → 6539.21亿元; 184400 人 →
    18.44万人; 13.8 % → 13.8%; 1.1 百分点 → 1.1个百分点; 13 位 → 第13位."""
    if unit in RATE_UNITS:
        return f"{_decimals(value)}{unit}"
    if unit == POINTS_UNIT:
        return f"{_decimals(value)}个百分点"
    if unit == RANK_UNIT:
        return f"第{_decimals(value)}位"
    for word, size in rules.labels()["magnitudes"].items():
        if abs(value) >= size:
            return f"{_decimals(value / size)}{word}{unit}"
    return f"{_decimals(value)}{unit}"


def scale(values: Iterable[float | None], unit: str) -> tuple[float, str]:
    """The divisor and the unit a chart's axis reads best in: values up to 6.5e11 元 are
    drawn in 亿元 (divisor 1e8), 1.8e5 人 in 万人; rates, points and ranks as they are."""
    if unit in (*RATE_UNITS, POINTS_UNIT, RANK_UNIT):
        return 1.0, unit
    largest = max((abs(v) for v in values if v is not None), default=0.0)
    for word, size in rules.labels()["magnitudes"].items():
        if largest >= size:
            return float(size), f"{word}{unit}"
    return 1.0, unit


def _decimals(value: float) -> str:
    """At most four significant decimals, no trailing zeros: 6539.21, 18.44, 3.3333."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
