#!/usr/bin/env python3
"""Reference checksums of result files: every shipped scenario, benchmark scenario and Flee folder.

Each case is run with seeds 1 and 2, and the result file is reduced to one SHA-256 digest of its
content outside /run (the same objects `migroute diff` compares): every group and dataset by path,
every attribute but those naming the build, and each dataset's type, shape and values. The digests are stored in
tests/reference/results.sha256; `check` runs the cases again and reports every case whose digest
changed, `update` rewrites the file.

A change that is meant to change results says so in its commit message and updates the stored digests
in the same commit (`update`); any other change must leave them as they are (`check`, exit 0).

    tools/reference_results.py check  --migroute build/engine/migroute
    tools/reference_results.py update --migroute build/engine/migroute
    tools/reference_results.py check  --migroute build/engine/migroute --only flee

Cases run with --threads 2 (results do not depend on the thread count).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference" / "results.sha256"
SEEDS = (1, 2)


def cases() -> list[tuple[str, str]]:
    """(group, path relative to the repository) of every case, in a fixed order."""
    found = []
    for scenario in sorted((ROOT / "scenarios").glob("*/scenario.yaml")):
        found.append(("scenarios", scenario.relative_to(ROOT).as_posix()))
    for bench in sorted((ROOT / "benchmarks").glob("*.yaml")):
        found.append(("benchmarks", bench.relative_to(ROOT).as_posix()))
    for folder in sorted((ROOT / "data" / "flee").iterdir()):
        if folder.is_dir() and (folder / "input_csv").is_dir():
            found.append(("flee", folder.relative_to(ROOT).as_posix()))
    return found


def _feed_value(h, value) -> None:
    import numpy as np

    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        items = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in array.ravel().tolist()]
        h.update(repr((array.shape, items)).encode("utf-8"))
    else:
        # Values in little-endian byte order, so the digest does not depend on the machine.
        h.update(repr((array.dtype.kind, array.dtype.itemsize, array.shape)).encode("utf-8"))
        h.update(np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"))).tobytes())


# What `migroute diff` leaves out by default: the run's provenance and the root attributes naming the build.
EXCLUDED = ("/run",)
EXCLUDED_ATTRIBUTES = {"/": ("engine_version", "engine_git", "compiler", "build_flags")}


def digest(path: str, excluded: tuple[str, ...] = EXCLUDED) -> str:
    """SHA-256 of the file's content outside `excluded` and EXCLUDED_ATTRIBUTES."""
    import h5py

    h = hashlib.sha256()
    with h5py.File(path, "r") as f:
        names: list[str] = ["/"]
        f.visit(lambda name: names.append("/" + name))
        for name in sorted(names):
            if any(name == e or name.startswith(e + "/") for e in excluded):
                continue
            obj = f[name]
            h.update(name.encode("utf-8") + b"\0")
            if isinstance(obj, h5py.Dataset):
                h.update(str(obj.dtype).encode("utf-8"))
                _feed_value(h, obj[()])
            for key in sorted(obj.attrs.keys()):
                if key in EXCLUDED_ATTRIBUTES.get(name, ()):
                    continue
                # Dimension-scale bookkeeping holds object references, whose bytes are file offsets.
                if key in ("DIMENSION_LIST", "REFERENCE_LIST"):
                    h.update(key.encode("utf-8"))
                    continue
                h.update(key.encode("utf-8") + b"=")
                _feed_value(h, obj.attrs[key])
    return h.hexdigest()


def run_case(migroute: str, case: str, seed: int, workdir: str) -> str:
    output = os.path.join(workdir, f"{case.replace('/', '_')}_seed{seed}.h5")
    # Relative to the repository, so that paths recorded in the file do not depend on where the clone is.
    command = [os.path.abspath(migroute), "run", case, "--seed", str(seed), "--threads", "2", "-q", "-o", output]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    value = digest(output)
    os.remove(output)
    return value


def read_reference() -> dict[tuple[str, int], str]:
    stored = {}
    if not REFERENCE.exists():
        return stored
    for number, line in enumerate(REFERENCE.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[1].startswith("seed="):
            raise SystemExit(f"{REFERENCE}:{number}: expected 'CASE seed=N DIGEST', found '{line}'")
        stored[(parts[0], int(parts[1][5:]))] = parts[2]
    return stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("check", "update", "list"))
    parser.add_argument("--migroute", default=str(ROOT / "build" / "engine" / "migroute"), help="the migroute program")
    parser.add_argument("--only", action="append", choices=("scenarios", "benchmarks", "flee"),
                        help="only these groups of cases (repeatable; default all)")
    args = parser.parse_args()

    selected = [(g, c) for g, c in cases() if not args.only or g in args.only]
    if args.mode == "list":
        for group, case in selected:
            print(f"{group:11s} {case}")
        return 0
    if not os.access(args.migroute, os.X_OK):
        print(f"error: {args.migroute}: not an executable migroute program (--migroute)", file=sys.stderr)
        return 2

    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as error:
        print(f"skipped: {error} (install python3-h5py and python3-numpy)", file=sys.stderr)
        return 77
    stored = read_reference()
    computed: dict[tuple[str, int], str] = {}
    with tempfile.TemporaryDirectory(prefix="migroute-reference-") as workdir:
        for _, case in selected:
            for seed in SEEDS:
                computed[(case, seed)] = run_case(args.migroute, case, seed, workdir)
                print(f"{case} seed={seed} {computed[(case, seed)]}", flush=True)

    if args.mode == "update":
        merged = dict(stored)
        merged.update(computed)
        known = {c for _, c in cases()}
        lines = ["# SHA-256 of each result file outside /run (tools/reference_results.py). Update only with a",
                 "# change meant to change results, and say so in its commit message."]
        lines += [f"{case} seed={seed} {value}" for (case, seed), value in sorted(merged.items()) if case in known]
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_text("\n".join(lines) + "\n")
        print(f"wrote {REFERENCE.relative_to(ROOT)}: {len(lines) - 2} digests")
        return 0

    failed = 0
    for key, value in computed.items():
        expected = stored.get(key)
        if expected is None:
            print(f"MISSING {key[0]} seed={key[1]}: no stored digest (run `update` with a change meant to add it)")
            failed += 1
        elif expected != value:
            print(f"CHANGED {key[0]} seed={key[1]}: stored {expected}, now {value}")
            failed += 1
    passed = len(computed) - failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
