#!/usr/bin/python3
"""End-to-end test of the result file: written by 'migroute run', read back with xarray.

Usage:
  test_readback.py RESULT.h5
      checks an existing result file;
  test_readback.py --migroute BIN --scenario S.yaml [--fallback S2.yaml --fallback-days N] --output OUT.h5
      runs 'BIN run S.yaml -o OUT.h5' first (S2.yaml for N days when S.yaml does not exist), then checks.

Checks: the file opens with xarray.open_dataset(engine="h5netcdf"); the daily series have the
dimensions (time, location), (time, link), (time, country); counts are non-negative; the cumulative
totals never decrease; every day total_spawned == total_alive + total_dead (+ total_left, the people who
left the model, where the file has it);
the arrivals per country summed over days and countries equal the final total_arrived; the people at
locations are at most the people alive, and with link_population they add up to it exactly; the dates are consecutive
from start_date; link ends are valid location indices; the root attributes are present.
Exits 0 when all checks pass, 1 with a message per failed check, 77 (skipped) when xarray or
h5netcdf is not installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys

SKIPPED = 77

SERIES_DIMS = {
    "location_population": ("time", "location"),
    "link_flow": ("time", "link"),
    "link_deaths": ("time", "link"),
    "country_arrivals": ("time", "country"),
    "total_spawned": ("time",),
    "total_alive": ("time",),
    "total_dead": ("time",),
    "total_arrived": ("time",),
}
NAME_DIMS = {
    "date": ("time",),
    "location_name": ("location",),
    "location_type": ("location",),
    "location_country": ("location",),
    "link_name": ("link",),
    "link_mode": ("link",),
    "link_from": ("link",),
    "link_to": ("link",),
    "link_km": ("link",),
    "country_code": ("country",),
    "country_name": ("country",),
}
ROOT_ATTRIBUTES = ("scenario_name", "start_date", "seed", "persons_per_agent", "rules", "engine_version")


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def expect(self, condition: bool, message: str) -> bool:
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
        return bool(condition)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def first_bad_day(condition, dates) -> str:
    import numpy as np

    bad = np.flatnonzero(~np.asarray(condition))
    if bad.size == 0:
        return ""
    day = int(bad[0])
    label = _text(dates[day]) if dates is not None and day < len(dates) else f"day {day}"
    return f"first on {label} ({bad.size} days in all)"


def check(path: str, expected_days: int | None) -> Checks:
    import numpy as np
    import xarray as xr

    checks = Checks()
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        for name, dims in {**SERIES_DIMS, **NAME_DIMS}.items():
            if checks.expect(name in ds.variables, f"variable '{name}' is missing"):
                checks.expect(ds[name].dims == dims,
                              f"'{name}' has dimensions {ds[name].dims}, expected {dims}")
        for name in ROOT_ATTRIBUTES:
            checks.expect(name in ds.attrs, f"root attribute '{name}' is missing")
        checks.expect("scenario" in ds.variables, "the resolved scenario (dataset 'scenario') is missing")
        if checks.failures:
            return checks  # the rest reads these variables

        days = ds.sizes["time"]
        checks.expect(days > 0, "the time dimension is empty")
        if expected_days is not None:
            checks.expect(days == expected_days, f"{days} days in the file, expected {expected_days}")
        dates = [_text(d) for d in ds["date"].values]
        try:
            start = dt.date.fromisoformat(_text(ds.attrs["start_date"])[:10])
        except ValueError:
            checks.expect(False, f"start_date '{ds.attrs['start_date']}' is not YYYY-MM-DD")
            start = None
        if start is not None:
            expected = [(start + dt.timedelta(days=i)).isoformat() for i in range(days)]
            checks.expect(dates == expected,
                          f"the dates are not consecutive days from start_date {start} "
                          f"(first {dates[:1]}, last {dates[-1:]})")
            # With units "days since START", xarray decodes time into dates; otherwise it stays 0, 1, 2, ...
            time = ds["time"].values
            if np.issubdtype(time.dtype, np.datetime64):
                expected_time = np.datetime64(start.isoformat(), "D") + np.arange(days)
                checks.expect(np.array_equal(time.astype("datetime64[D]"), expected_time),
                              "the time coordinate does not decode to consecutive days from start_date")
            else:
                checks.expect(np.array_equal(time, np.arange(days)),
                              "the time coordinate is not 0, 1, 2, ... (days since start)")

        locations, links = ds.sizes["location"], ds.sizes["link"]
        for name in ("link_from", "link_to"):
            ends = ds[name].values
            checks.expect(bool(np.all((ends >= 0) & (ends < locations))),
                          f"'{name}' holds location indices outside 0..{locations - 1}")
        checks.expect(len(set(_text(n) for n in ds["location_name"].values)) == locations,
                      "location names are not unique")
        checks.expect(links == 0 or bool(np.all(ds["link_km"].values >= 0)), "a link has a negative length")

        series = {name: np.asarray(ds[name].values) for name in SERIES_DIMS}
        for name, values in series.items():
            checks.expect(np.issubdtype(values.dtype, np.integer), f"'{name}' is not an integer series ({values.dtype})")
            checks.expect(bool(np.all(values >= 0)), f"'{name}' has negative counts")
        for name in ("total_spawned", "total_dead", "total_arrived"):
            checks.expect(bool(np.all(np.diff(series[name]) >= 0)),
                          f"'{name}' is cumulative but decreases, {first_bad_day(np.diff(series[name]) >= 0, dates[1:])}")

        spawned, alive, dead = series["total_spawned"], series["total_alive"], series["total_dead"]
        # People who leave the model (resettled out, returned, ...) are counted in total_left, when the
        # engine writes it; until then no one leaves.
        left = np.asarray(ds["total_left"].values) if "total_left" in ds.variables else np.zeros_like(spawned)
        conserved = spawned == alive + dead + left
        checks.expect(bool(np.all(conserved)),
                      "people are not conserved: total_spawned != total_alive + total_dead + total_left, "
                      + first_bad_day(conserved, dates))
        arrivals = int(series["country_arrivals"].sum())
        final_arrived = int(series["total_arrived"][-1])
        checks.expect(arrivals == final_arrived,
                      f"country_arrivals sums to {arrivals:,} persons over days and countries, "
                      f"but total_arrived ends at {final_arrived:,}")
        daily_arrived = np.diff(np.concatenate([[0], series["total_arrived"]]))
        per_day = series["country_arrivals"].sum(axis=1) == daily_arrived
        checks.expect(bool(np.all(per_day)),
                      "country_arrivals summed over countries differs from the daily increase of total_arrived, "
                      + first_bad_day(per_day, dates))
        at_locations = series["location_population"].sum(axis=1)
        fits = at_locations <= alive
        checks.expect(bool(np.all(fits)),
                      "more people at locations than alive, " + first_bad_day(fits, dates))
        if "link_population" in ds.variables:
            checks.expect(ds["link_population"].dims == ("time", "link"),
                          f"'link_population' has dimensions {ds['link_population'].dims}, expected ('time', 'link')")
            on_links = np.asarray(ds["link_population"].values).sum(axis=1)
            everyone = at_locations + on_links == alive
            checks.expect(bool(np.all(everyone)),
                          "people at locations + people on links != total_alive, " + first_bad_day(everyone, dates))
        link_deaths = int(series["link_deaths"].sum())
        checks.expect(link_deaths <= int(dead[-1]),
                      f"link_deaths sums to {link_deaths:,}, more than total_dead at the end ({int(dead[-1]):,})")
    return checks


def run_engine(args) -> tuple[str, int | None]:
    scenario, days = args.scenario, args.days
    if not os.path.exists(scenario):
        if not args.fallback:
            raise SystemExit(f"test_readback.py: error: scenario {scenario} does not exist")
        print(f"{scenario} does not exist; using {args.fallback} for {args.fallback_days} days")
        scenario, days = args.fallback, args.fallback_days
    if os.path.exists(args.output):
        os.remove(args.output)
    command = [args.migroute, "run", scenario, "-o", args.output, "--quiet"]
    if days is not None:
        command += ["--days", str(days)]
    print("+ " + " ".join(command), flush=True)
    completed = subprocess.run(command)
    if completed.returncode != 0:
        raise SystemExit(f"test_readback.py: error: migroute run exited with status {completed.returncode}")
    return args.output, days


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Read a migroute result back with xarray and check it.")
    parser.add_argument("result", nargs="?", help="an existing result file to check")
    parser.add_argument("--migroute", help="the migroute program; with --scenario and --output, run it first")
    parser.add_argument("--scenario", help="scenario to run")
    parser.add_argument("--days", type=int, help="--days for the run")
    parser.add_argument("--fallback", help="scenario to run when --scenario does not exist")
    parser.add_argument("--fallback-days", type=int, default=20, help="--days for the fallback scenario")
    parser.add_argument("--output", help="where the run writes its result")
    args = parser.parse_args(argv)

    try:
        import numpy  # noqa: F401
        import xarray  # noqa: F401
        import h5netcdf  # noqa: F401
    except ImportError as error:
        print(f"test_readback.py: skipped: {error} (Debian: python3-xarray python3-h5netcdf)")
        return SKIPPED

    expected_days = None
    if args.migroute:
        if not (args.scenario and args.output):
            parser.error("--migroute needs --scenario and --output")
        path, expected_days = run_engine(args)
    elif args.result:
        path = args.result
    else:
        parser.error("give a result file, or --migroute, --scenario and --output")

    if not os.path.exists(path):
        print(f"test_readback.py: error: {path} does not exist")
        return 1
    try:
        checks = check(path, expected_days)
    except (OSError, ValueError) as error:
        print(f"test_readback.py: error: {path} cannot be opened with xarray (engine h5netcdf): {error}")
        return 1
    for failure in checks.failures:
        print(f"FAILED: {failure}")
    if checks.failures:
        print(f"test_readback.py: {len(checks.failures)} check(s) failed, {checks.passed} passed, on {path}")
        return 1
    print(f"test_readback.py: all {checks.passed} checks passed on {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
