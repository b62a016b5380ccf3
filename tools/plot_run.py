#!/usr/bin/python3
"""Plots a migroute result file.

Usage: /usr/bin/python3 tools/plot_run.py RESULT.h5 [-o FOLDER] [--top N]

Writes three PNG files into FOLDER (default: RESULT without .h5, e.g. results/mediterranean-2016/):
  population_by_location_type.png  persons at locations of each type, day by day
  arrivals_by_country.png          arrivals in each country's asylum system, daily and cumulative
  deaths_by_link.png               cumulative deaths on the links with the most deaths
Needs h5py, numpy and matplotlib (Debian: python3-h5py python3-numpy python3-matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from migroute_result import Result, ResultFileError, load  # noqa: E402

# Order and labels of the location types in the legend.
LOCATION_TYPES = [
    ("conflict_zone", "conflict zones"),
    ("town", "towns"),
    ("camp", "camps"),
    ("idpcamp", "IDP camps"),
    ("transit_hub", "transit hubs"),
    ("border_post", "border posts"),
    ("coast", "coasts (departure)"),
    ("landing", "landing points"),
    ("destination", "destinations (asylum systems)"),
    ("forward", "forwarding hubs"),
    ("marker", "markers"),
]


def _pyplot():
    try:
        import matplotlib
    except ImportError as error:
        raise ResultFileError(f"matplotlib is not installed ({error}); on Debian: apt-get install python3-matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _date_axis(axis) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()
    axis.xaxis.set_major_locator(locator)
    axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axis.set_xlabel("date")
    axis.grid(True, alpha=0.3)


def _thousands(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def _title(result: Result) -> str:
    name = result.attrs.get("scenario_name", os.path.basename(result.path))
    return f"{name}, seed {result.attrs['seed']}" if "seed" in result.attrs else name


def _moving_average(values, window: int):
    import numpy as np

    if len(values) < window or window <= 1:
        return values.astype(float)
    kernel = np.ones(window) / window
    padded = np.concatenate([np.full(window - 1, values[0], dtype=float), values.astype(float)])
    return np.convolve(padded, kernel, mode="valid")


def plot_population_by_type(plt, result: Result, path: str) -> None:
    import numpy as np

    figure, axis = plt.subplots(figsize=(10, 5.5))
    types = np.array(result.location_type)
    known = {name for name, _ in LOCATION_TYPES}
    order = LOCATION_TYPES + [(name, name) for name in sorted(set(types) - known)]
    in_locations = result.location_population.sum(axis=1)
    lines = []
    for type_name, label in order:
        columns = np.flatnonzero(types == type_name)
        if columns.size == 0:
            continue
        series = result.location_population[:, columns].sum(axis=1)
        if series.any():
            lines.append((series, label, {"linewidth": 1.6}))
    if "total_alive" in result.totals:
        travelling = result.totals["total_alive"] - in_locations
        if travelling.any():
            lines.append((travelling, "travelling on links", {"linestyle": "--", "color": "0.4"}))
    # A log scale when the groups differ by more than two orders of magnitude (millions in camps,
    # hundreds on the coasts), so that every group stays visible.
    peaks = [int(series.max()) for series, _, _ in lines]
    log_scale = bool(peaks) and max(peaks) > 100 * max(min(peaks), 1)
    for series, label, style in lines:
        axis.plot(result.dates, np.where(series > 0, series, np.nan) if log_scale else series, label=label, **style)
    axis.set_title(f"Population by location type\n{_title(result)}")
    axis.set_ylabel("persons (log scale)" if log_scale else "persons")
    _date_axis(axis)
    if log_scale:
        axis.set_yscale("log")
    _thousands(axis)
    if axis.get_legend_handles_labels()[0]:
        axis.legend(loc="upper left", fontsize="small")
    else:
        axis.text(0.5, 0.5, "no one in any location", transform=axis.transAxes, ha="center")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def plot_arrivals_by_country(plt, result: Result, path: str) -> None:
    import numpy as np

    figure, (daily_axis, total_axis) = plt.subplots(2, 1, figsize=(10, 8), sharex=True)
    arrivals = result.country_arrivals
    totals = arrivals.sum(axis=0)
    countries = [index for index in np.argsort(-totals, kind="stable") if totals[index] > 0]
    for index in countries:
        label = f"{result.country_label(index)}: {totals[index]:,} persons"
        line, = daily_axis.plot(result.dates, _moving_average(arrivals[:, index], 7), linewidth=1.6, label=label)
        total_axis.plot(result.dates, np.cumsum(arrivals[:, index]), linewidth=1.6, color=line.get_color())
    daily_axis.set_title(f"Arrivals in the asylum systems, by country\n{_title(result)}")
    daily_axis.set_ylabel("persons per day\n(7-day moving average)")
    total_axis.set_ylabel("cumulative persons")
    for axis in (daily_axis, total_axis):
        _date_axis(axis)
        _thousands(axis)
    daily_axis.set_xlabel("")
    if countries:
        daily_axis.legend(loc="upper left", fontsize="small")
    else:
        daily_axis.text(0.5, 0.5, "no arrivals", transform=daily_axis.transAxes, ha="center")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def plot_deaths_by_link(plt, result: Result, path: str, top: int) -> None:
    import numpy as np

    figure, axis = plt.subplots(figsize=(10, 5.5))
    deaths = result.link_deaths
    totals = deaths.sum(axis=0)
    links = [index for index in np.argsort(-totals, kind="stable")[:top] if totals[index] > 0]
    for index in links:
        axis.plot(result.dates, np.cumsum(deaths[:, index]), linewidth=1.6,
                  label=f"{result.link_label(index)}: {totals[index]:,}")
    shown = f"the {len(links)} links with the most deaths" if links else "all links"
    axis.set_title(f"Deaths per link, cumulative ({shown})\n{_title(result)}")
    axis.set_ylabel("cumulative deaths (persons)")
    _date_axis(axis)
    _thousands(axis)
    if links:
        axis.legend(loc="upper left", fontsize="small")
    else:
        axis.text(0.5, 0.5, "no deaths recorded", transform=axis.transAxes, ha="center")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Plot a migroute result file: population by location type, arrivals by country, "
                    "deaths per link.")
    parser.add_argument("result", help="result file written by 'migroute run' (.h5)")
    parser.add_argument("-o", "--output", help="folder for the PNG files (default: the result's name without .h5)")
    parser.add_argument("--top", type=int, default=8, help="number of links in the deaths plot (default 8)")
    args = parser.parse_args(argv)

    try:
        result = load(args.result)
        plt = _pyplot()
        folder = args.output or os.path.splitext(args.result)[0]
        os.makedirs(folder, exist_ok=True)
        written = []
        for name, plot in (("population_by_location_type.png", plot_population_by_type),
                           ("arrivals_by_country.png", plot_arrivals_by_country)):
            plot(plt, result, os.path.join(folder, name))
            written.append(os.path.join(folder, name))
        deaths_path = os.path.join(folder, "deaths_by_link.png")
        plot_deaths_by_link(plt, result, deaths_path, max(args.top, 1))
        written.append(deaths_path)
    except ResultFileError as error:
        print(f"plot_run.py: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"plot_run.py: error: cannot write the plots: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
