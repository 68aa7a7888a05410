"""How alike two metric names are: the one measure that ask and the checks both tune.

Equal names score 1; a name inside the other scores by how much of the longer it
covers; otherwise the overlap of their character bigrams decides.
"""

from __future__ import annotations

from collections.abc import Callable

Overlap = Callable[[set[str], set[str]], float]


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def similarity(a: str, b: str, contained: tuple[float, float], overlap: Overlap) -> float:
    """1.0 for the same text; `base + span × len(shorter) / len(longer)` when the shorter
    (two characters or more) stands inside the longer, with `contained = (base, span)`;
    else `overlap` of the two bigram sets (0 when either text is too short to have one).
    Texts come normalised by the caller."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 2 and short in long:
        base, span = contained
        return base + span * len(short) / len(long)
    grams_a, grams_b = bigrams(a), bigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    return overlap(grams_a, grams_b)
