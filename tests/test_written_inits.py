"""The classes that write their `__init__` out (compiled by mypyc, a dataclass's generated one
stays Python: see duban.model) must still set every field a dataclass would: a field added to
the class and forgotten in `__init__` fails here, not later as an AttributeError."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from duban.extract.quantities.judge import Token
from duban.extract.slot import Slot
from duban.ingest.repair import _Line
from duban.lineup.when import Said
from duban.model import Quantity, Span
from duban.pipeline import extract_path
from duban.structure.outline import _Node

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "data" / "qingdao-2021h1.txt"
QUANTITY = Quantity("12%", 12.0, "%", None, Span(0, 3))


def test_the_model_classes_rebuild_from_their_fields() -> None:
    """Every frozen class of the model met in an extraction: rebuilt from all its fields
    (`dataclasses.replace` calls the written `__init__` with each) it is equal, and so is the
    pickled copy a worker process sends back."""
    _, reports, _ = extract_path(SAMPLE)
    extracted = reports[0]
    fact = extracted.facts[0]
    seen = [extracted, extracted.report, extracted.sections[0], extracted.sentences[0], fact, fact.quantity]
    seen.append(fact.quantity.span)
    for obj in seen:
        assert dataclasses.replace(obj) == obj
        assert pickle.loads(pickle.dumps(obj)) == obj
        for f in dataclasses.fields(obj):
            getattr(obj, f.name)  # set, whatever the class


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (Slot, (QUANTITY, (0, 3), "", "", "", "")),
        (Token, (0, 3, 0, 3)),
        (_Node, (0, "一、", "一、", 1, None, 0)),
        (_Line, ("文字", 0, 2, ((0, 0),))),
        (Said, (0, 5, "2021")),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_a_written_init_sets_every_field_to_its_default(cls: type, args: tuple[Any, ...]) -> None:
    obj = cls(*args)
    fields = dataclasses.fields(cls)
    given = {f.name for f in fields[: len(args)]}
    for f in fields:
        value = getattr(obj, f.name)
        if f.name in given:
            continue
        if f.default is not dataclasses.MISSING:
            assert value == f.default, f.name
        else:
            assert f.default_factory is not dataclasses.MISSING, f.name
            assert value == f.default_factory(), f.name
