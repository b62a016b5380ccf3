#!/usr/bin/python3
"""Plots simulated against observed population per camp for runs of a Flee scenario folder.

Usage: /usr/bin/python3 tools/plot_validation.py RESULT.h5 [RESULT.h5 ...] [-o PLOT.png]

RESULT.h5 are result files of `migroute run FLEE_DIR` or `migroute validate FLEE_DIR -o DIR` (one per
seed; all of the same scenario). One panel per camp: the registered population (black) and the
simulated population of each run (coloured; their mean in bold when there are several), then one
panel with the daily error E_rescaled(t) of Flee's ARD metric. Default output: the first file's name
with _validation.png. Needs h5py, numpy and matplotlib (Debian: python3-h5py python3-matplotlib).
"""

from __future__ import annotations

import argparse
import math
import os
import sys


def _strings(dataset) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in dataset[()]]


def _load(path: str) -> dict:
    import h5py

    try:
        with h5py.File(path, "r") as f:
            if "camp_simulated" not in f:
                raise SystemExit(f"{path}: no camp series (camp_simulated); is it the result of a Flee folder run?")
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
            return {
                "path": path,
                "name": str(attrs.get("scenario_name", os.path.basename(path))),
                "seed": attrs.get("seed"),
                "start": str(attrs.get("start_date", "")),
                "camps": _strings(f["camp_name"]),
                "simulated": f["camp_simulated"][()],
                "observed": f["camp_observed"][()],
                "error": f["validation_error"][()],
                "error_rescaled": f["validation_error_rescaled"][()],
                "ard": float(attrs.get("flee_ard", float("nan"))),
                "ard_rescaled": float(attrs.get("flee_ard_rescaled", float("nan"))),
            }
    except OSError as error:
        raise SystemExit(f"{path}: cannot read ({error})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="result files (HDF5) of one Flee scenario")
    parser.add_argument("-o", "--output", help="PNG file to write")
    args = parser.parse_args(argv)

    try:
        import matplotlib
        import numpy as np
    except ImportError as error:
        raise SystemExit(f"missing Python package ({error}); on Debian: apt-get install python3-matplotlib python3-h5py")
    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    runs = sorted((_load(p) for p in args.results), key=lambda r: (r["seed"] is None, r["seed"] or 0))
    first = runs[0]
    for r in runs[1:]:
        if r["camps"] != first["camps"] or r["observed"].shape != first["observed"].shape:
            raise SystemExit(f"{r['path']}: not the same scenario as {first['path']}")
    days = first["observed"].shape[0]
    start = np.datetime64(first["start"]) if first["start"] else np.datetime64("1970-01-01")
    dates = start + np.arange(days).astype("timedelta64[D]")

    n_camps = len(first["camps"])
    panels = n_camps + 1
    cols = min(4, panels)
    rows = math.ceil(panels / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    flat = axes.ravel()
    for c, camp in enumerate(first["camps"]):
        ax = flat[c]
        for r in runs:
            ax.plot(dates, r["simulated"][:, c], color="tab:blue", alpha=0.35 if len(runs) > 1 else 1.0, lw=0.8)
        if len(runs) > 1:
            mean = np.mean([r["simulated"][:, c] for r in runs], axis=0)
            ax.plot(dates, mean, color="tab:blue", lw=1.8, label="simulated (mean)")
        else:
            ax.lines[-1].set_label("simulated")
        ax.plot(dates, first["observed"][:, c], color="black", lw=1.5, label="observed")
        ax.set_title(camp, fontsize=10)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        locator = mdates.AutoDateLocator(maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(True, alpha=0.3)
        if c == 0:
            ax.legend(fontsize=8)
    ax = flat[n_camps]
    for r in runs:
        ax.plot(dates, r["error_rescaled"], color="tab:red", alpha=0.5, lw=0.8)
    ard = [r["ard_rescaled"] for r in runs]
    ax.set_title(f"E_rescaled(t); rescaled ARD {np.mean(ard):.3f}", fontsize=10)
    locator = mdates.AutoDateLocator(maxticks=5)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, alpha=0.3)
    for extra in flat[panels:]:
        extra.set_visible(False)
    seeds = ", ".join(str(r["seed"]) for r in runs)
    fig.suptitle(f"{first['name']}: simulated vs registered camp population (seeds {seeds})")
    fig.tight_layout()
    output = args.output or os.path.splitext(first["path"])[0] + "_validation.png"
    fig.savefig(output, dpi=110)
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
