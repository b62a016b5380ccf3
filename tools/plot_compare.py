#!/usr/bin/python3
"""Plots the result of `migroute compare`: the effect of the variant on each outcome, with 95% intervals.

Usage: /usr/bin/python3 tools/plot_compare.py COMPARE_FOLDER [-o FOLDER]

Reads COMPARE_FOLDER/comparison.csv and writes into FOLDER (default: COMPARE_FOLDER):
  effects_counts.png    mean difference (variant - base) of the count outcomes with 95% intervals,
                        as relative change in percent of the base
  effects_ratios.png    mean difference of the ratios (deaths per 1,000 crossings, route shares)
  route_shares.png      route shares of crossings, base against variant
Needs matplotlib (Debian: python3-matplotlib).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys


def read_table(path: str) -> list[dict]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key in ("base_mean", "variant_mean", "difference", "difference_low", "difference_high",
                    "relative_change", "relative_low", "relative_high"):
            row[key] = float(row[key])
    return rows


def effect_plot(rows: list[dict], relative: bool, title: str, xlabel: str, path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    key, low, high = ("relative_change", "relative_low", "relative_high") if relative else \
        ("difference", "difference_low", "difference_high")
    rows = [r for r in rows if math.isfinite(r[key])]
    if not rows:
        return
    scale = 100.0 if relative else 1.0
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    for i, r in enumerate(rows):
        excludes = r["difference_low"] > 0 or r["difference_high"] < 0
        colour = "tab:red" if excludes else "tab:grey"
        ax.plot([scale * r[low], scale * r[high]], [i, i], color=colour, linewidth=2)
        ax.plot(scale * r[key], i, "o", color=colour)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r["outcome"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def route_share_plot(rows: list[dict], path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = [r for r in rows if r["outcome"].startswith("route_share[")]
    if not shares:
        return
    labels = [r["outcome"][len("route_share["):-1] for r in shares]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(shares) + 1.5))
    y = range(len(shares))
    ax.barh([i - 0.2 for i in y], [100 * r["base_mean"] for r in shares], height=0.4, label="base")
    ax.barh([i + 0.2 for i in y], [100 * r["variant_mean"] for r in shares], height=0.4, label="variant")
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlabel("share of crossings (%), mean over replicates")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="output folder of migroute compare (holds comparison.csv)")
    parser.add_argument("-o", "--output", help="folder for the PNG files (default: the compare folder)")
    args = parser.parse_args()
    table = os.path.join(args.folder, "comparison.csv")
    if not os.path.isfile(table):
        print(f"plot_compare: {table}: no such file (run `migroute compare ... -o {args.folder}` first)",
              file=sys.stderr)
        return 2
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("plot_compare: matplotlib is missing (Debian: python3-matplotlib)", file=sys.stderr)
        return 77
    rows = read_table(table)
    out = args.output or args.folder
    os.makedirs(out, exist_ok=True)
    counts = [r for r in rows if r["kind"] == "count"]
    ratios = [r for r in rows if r["kind"] == "ratio"]
    effect_plot(counts, True, "Effect of the variant (red: 95% interval excludes 0)",
                "change relative to the base (%)", os.path.join(out, "effects_counts.png"))
    effect_plot(ratios, False, "Effect of the variant on ratios (red: 95% interval excludes 0)",
                "difference (variant - base)", os.path.join(out, "effects_ratios.png"))
    route_share_plot(rows, os.path.join(out, "route_shares.png"))
    print(f"plot_compare: plots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
