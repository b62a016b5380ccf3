#!/usr/bin/python3
"""Tests tools/plot_run.py and tools/summarize_run.py on a result file.

Usage: test_plot_run.py RESULT.h5 OUTPUT_FOLDER

Runs both tools as the user would (a separate /usr/bin/python3 process each), checks that the three
PNG files are written and are PNG images, that the summary names the scenario, and that a missing
file and a foreign file give an error message and exit status 2, not a Python traceback.
Exits 77 (skipped) when h5py or matplotlib is missing or when RESULT.h5 was not written because the
test that writes it was skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys

SKIPPED = 77
TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools")
PLOTS = ("population_by_location_type.png", "arrivals_by_country.png", "deaths_by_link.png")


def tool(name: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, os.path.join(TOOLS, name), *args]
    print("+ " + " ".join(command), flush=True)
    return subprocess.run(command, capture_output=True, text=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    result, folder = argv
    try:
        import h5py
        import matplotlib  # noqa: F401
    except ImportError as error:
        print(f"test_plot_run.py: skipped: {error}")
        return SKIPPED
    if not os.path.exists(result):
        print(f"test_plot_run.py: skipped: {result} was not written (the run that writes it was skipped)")
        return SKIPPED

    failures = []
    os.makedirs(folder, exist_ok=True)
    for name in PLOTS:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            os.remove(path)
    done = tool("plot_run.py", result, "-o", folder)
    if done.returncode != 0:
        failures.append(f"plot_run.py exited with {done.returncode}: {done.stderr.strip()}")
    for name in PLOTS:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            failures.append(f"{path} was not written")
            continue
        with open(path, "rb") as png:
            if png.read(8) != b"\x89PNG\r\n\x1a\n":
                failures.append(f"{path} is not a PNG image")

    done = tool("summarize_run.py", result)
    with h5py.File(result, "r") as f:
        name = f.attrs.get("scenario_name", b"")
        name = name.decode() if isinstance(name, bytes) else str(name)
    if done.returncode != 0:
        failures.append(f"summarize_run.py exited with {done.returncode}: {done.stderr.strip()}")
    elif name not in done.stdout or "Arrivals" not in done.stdout:
        failures.append(f"the summary does not name the scenario '{name}' or lacks the arrivals:\n{done.stdout}")

    foreign = os.path.join(folder, "foreign.h5")
    with h5py.File(foreign, "w") as f:
        f.create_dataset("something_else", data=[1, 2, 3])
    not_hdf5 = os.path.join(folder, "not_hdf5.h5")
    with open(not_hdf5, "w") as f:
        f.write("plain text\n")
    for script in ("plot_run.py", "summarize_run.py"):
        for bad in (os.path.join(folder, "no_such_file.h5"), foreign, not_hdf5):
            done = tool(script, bad, *(("-o", os.path.join(folder, "bad")) if script == "plot_run.py" else ()))
            if done.returncode != 2 or "Traceback" in done.stderr or "error:" not in done.stderr:
                failures.append(f"{script} {bad}: expected an error message and status 2, got status "
                                f"{done.returncode}: {done.stderr.strip()}")

    for failure in failures:
        print(f"FAILED: {failure}")
    if failures:
        return 1
    print("test_plot_run.py: plots, summary and error messages as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
