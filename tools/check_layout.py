#!/usr/bin/env python3
"""Checks that the engine's folders depend on each other one way only (docs/MODEL.md, "Code layout").

Each folder of engine/ may include headers from the folders before it in ORDER, and from itself;
an include of a later folder is a dependency the wrong way (and, with the reverse one, a cycle).
Exit 0 when every include follows the order; 1 with one line per offending include otherwise.

    tools/check_layout.py [ENGINE_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ORDER = ["util", "model", "graph", "core", "rules", "policy", "asylum", "simulation", "io", "sweep", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


def offending(engine: Path) -> list[str]:
    found = []
    for source in sorted(engine.rglob("*")):
        if source.suffix not in (".hpp", ".cpp"):
            continue
        folder = source.relative_to(engine).parts[0]
        if folder not in ORDER:
            found.append(f"{source}: folder '{folder}' is not in the layout order {ORDER}")
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if match and match.group(1) in ORDER and ORDER.index(match.group(1)) > ORDER.index(folder):
                found.append(f"{source}:{number}: {folder}/ includes {match.group(1)}/, which comes after it")
    return found


def main() -> int:
    engine = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "engine"
    problems = offending(engine)
    for line in problems:
        print(line)
    print(f"{'0 passed, 1 failed' if problems else '1 passed, 0 failed'}: engine folders in dependency order")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
