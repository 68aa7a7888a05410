"""duban (督办): Chinese government work reports as a ledger of checkable facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duban._native import use_native_if_current

if TYPE_CHECKING:
    from duban.model import Quantity

__all__ = ["native", "quantities"]
__version__ = "0.1.0"

_NATIVE = use_native_if_current()


def native() -> bool:
    """Whether the reading path runs compiled (scripts/compile.py), not as Python source."""
    return _NATIVE


def quantities(text: str) -> list[Quantity]:
    """Every quantity written in `text`, in order, with spans into `text`."""
    from duban.extract.quantities import quantities as _quantities

    return _quantities(text)
