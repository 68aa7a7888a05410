"""Where the tests find the project's shared folder (corpus, gold facts, scorer).

`$DUBAN_SHARED` when set, else `shared/` beside the repository (as CI lays it out).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DUBAN_SHARED") or ROOT.parent / "shared")
EXTRA_DIR = SHARED / "corpus" / "extra"
GOLD_DIR = SHARED / "gold"
SCORER = SHARED / "eval" / "score.py"
