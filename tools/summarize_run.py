#!/usr/bin/python3
"""Prints a short text summary of a migroute result file.

Usage: /usr/bin/python3 tools/summarize_run.py RESULT.h5 [--top N]

Totals on the last day, arrivals by country, deaths by link, where people are at the end.
Needs h5py and numpy (Debian: python3-h5py python3-numpy).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from migroute_result import Result, ResultFileError, load  # noqa: E402


def _table(rows: list[tuple[str, int]], total: int | None = None, indent: str = "  ") -> list[str]:
    if not rows:
        return [f"{indent}(none)"]
    width = max(len(label) for label, _ in rows)
    lines = []
    for label, value in rows:
        share = f"  {100.0 * value / total:5.1f}%" if total else ""
        lines.append(f"{indent}{label:<{width}}  {value:>12,}{share}")
    return lines


def summary(result: Result, top: int) -> str:
    import numpy as np

    attrs = result.attrs
    lines = []
    name = attrs.get("scenario_name", os.path.basename(result.path))
    details = [f"{key.replace('_', ' ')} {attrs[key]}" for key in ("rules", "seed", "persons_per_agent") if key in attrs]
    lines.append(f"Scenario {name}" + (f" ({', '.join(details)})" if details else ""))
    if "engine_version" in attrs:
        lines.append(f"Engine {attrs['engine_version']}" + (f" ({attrs['engine_git']})" if "engine_git" in attrs else ""))
    if result.dates:
        lines.append(f"Period {result.dates[0]} to {result.dates[-1]} ({result.days} days)")

    lines.append("")
    lines.append("Totals at the end (persons)")
    rows = [(name.replace("total_", ""), int(series[-1])) for name, series in result.totals.items() if len(series)]
    lines += _table(rows)

    arrivals = result.country_arrivals.sum(axis=0)
    all_arrivals = int(arrivals.sum())
    lines.append("")
    lines.append(f"Arrivals in the asylum systems by country (persons, total {all_arrivals:,})")
    order = [i for i in np.argsort(-arrivals, kind="stable") if arrivals[i] > 0]
    lines += _table([(result.country_label(i), int(arrivals[i])) for i in order], all_arrivals)

    deaths = result.link_deaths.sum(axis=0)
    all_deaths = int(deaths.sum())
    lines.append("")
    lines.append(f"Deaths by link (persons, total {all_deaths:,}; the {top} links with the most)")
    order = [i for i in np.argsort(-deaths, kind="stable")[:top] if deaths[i] > 0]
    rows = []
    for i in order:
        label = result.link_label(i)
        if result.link_flow is not None:
            entered = int(result.link_flow[:, i].sum())
            if entered > 0:
                label += f", {1000.0 * deaths[i] / entered:.1f} per 1,000 who entered"
        rows.append((label, int(deaths[i])))
    lines += _table(rows, all_deaths)

    if result.days:
        final = result.location_population[-1]
        in_locations = int(final.sum())
        lines.append("")
        lines.append(f"Where people are on the last day (persons at locations, total {in_locations:,})")
        by_type: dict[str, int] = {}
        for type_name, value in zip(result.location_type, final.tolist()):
            by_type[type_name] = by_type.get(type_name, 0) + int(value)
        rows = sorted(((t, v) for t, v in by_type.items() if v > 0), key=lambda row: -row[1])
        lines += _table(rows, in_locations)
        lines.append("")
        lines.append(f"Largest locations on the last day (the {top} largest)")
        order = [i for i in np.argsort(-final, kind="stable")[:top] if final[i] > 0]
        lines += _table([(f"{result.location_name[i]} ({result.location_type[i]})", int(final[i])) for i in order],
                        in_locations)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Print a short summary of a migroute result file.")
    parser.add_argument("result", help="result file written by 'migroute run' (.h5)")
    parser.add_argument("--top", type=int, default=8, help="rows in the per-link and per-location tables")
    args = parser.parse_args(argv)
    try:
        text = summary(load(args.result), max(args.top, 1))
    except ResultFileError as error:
        print(f"summarize_run.py: error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
