"""Reading migroute result files (HDF5) with h5py, for the plotting and summary tools.

The layout is described in docs/OUTPUT.md: daily series in the root group with dimension scales
`time`, `location`, `link` and `country`, names and types as string datasets, run totals as
cumulative series over `time`.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field

import numpy as np


class ResultFileError(Exception):
    """A result file is missing, unreadable or not a migroute result."""


def _strings(dataset) -> list[str]:
    """A string dataset (variable or fixed length, any shape up to 1-D) as a list of str."""
    try:
        values = dataset.asstr()[()]
    except (TypeError, AttributeError):
        values = dataset[()]
    values = np.atleast_1d(values)
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values.tolist()]


def _attr_text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.size == 1:
        return _attr_text(value.reshape(-1)[0])
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


@dataclass
class Result:
    path: str
    attrs: dict[str, str]
    dates: list[_dt.date]
    location_name: list[str]
    location_type: list[str]
    location_country: list[str]
    link_name: list[str]
    link_mode: list[str]
    country_code: list[str]
    country_name: list[str]
    location_population: np.ndarray  # (time, location), persons
    link_flow: np.ndarray | None  # (time, link), persons entering the link that day
    link_deaths: np.ndarray  # (time, link), persons
    country_arrivals: np.ndarray  # (time, country), persons
    totals: dict[str, np.ndarray] = field(default_factory=dict)  # cumulative series over time

    @property
    def days(self) -> int:
        return len(self.dates)

    def country_label(self, index: int) -> str:
        code = self.country_code[index]
        name = self.country_name[index] if index < len(self.country_name) else code
        return code if not name or name == code else f"{name} ({code})"

    def link_label(self, index: int) -> str:
        mode = self.link_mode[index] if index < len(self.link_mode) else ""
        return f"{self.link_name[index]} ({mode})" if mode else self.link_name[index]


REQUIRED = ("location_population", "link_deaths", "country_arrivals", "location_type", "link_name",
            "country_code")
TOTALS = ("total_spawned", "total_alive", "total_dead", "total_arrived")


def load(path: str) -> Result:
    """Reads a result file. Raises ResultFileError with a message for the user on any problem."""
    try:
        import h5py
    except ImportError as error:
        raise ResultFileError(f"h5py is not installed ({error}); on Debian: apt-get install python3-h5py")

    if not os.path.exists(path):
        raise ResultFileError(f"{path}: no such file")
    if os.path.isdir(path):
        raise ResultFileError(f"{path}: is a folder, not a result file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as error:
        raise ResultFileError(f"{path}: cannot be read ({error})")
    if not is_hdf5:
        raise ResultFileError(f"{path}: not an HDF5 file (expected a result written by 'migroute run')")

    try:
        with h5py.File(path, "r") as f:
            missing = [name for name in REQUIRED if name not in f]
            if missing:
                raise ResultFileError(
                    f"{path}: not a migroute result file (missing dataset(s): {', '.join(missing)})")

            def ints(name):
                return np.asarray(f[name][()], dtype=np.int64)

            def optional_strings(name, fallback):
                return _strings(f[name]) if name in f else fallback

            population = ints("location_population")
            if population.ndim != 2:
                raise ResultFileError(f"{path}: location_population should have 2 dimensions (time, location)")
            days = population.shape[0]
            attrs = {key: _attr_text(value) for key, value in f.attrs.items()}

            if "date" in f:
                dates = [_dt.date.fromisoformat(text[:10]) for text in _strings(f["date"])]
            else:
                start = _dt.date.fromisoformat(attrs.get("start_date", "1970-01-01")[:10])
                offsets = ints("time") if "time" in f else np.arange(days)
                dates = [start + _dt.timedelta(days=int(day)) for day in offsets]
            if len(dates) != days:
                raise ResultFileError(f"{path}: {len(dates)} dates but {days} days of series")

            locations = population.shape[1]
            location_name = optional_strings("location_name", [f"location {i}" for i in range(locations)])
            link_name = _strings(f["link_name"])
            country_code = _strings(f["country_code"])
            result = Result(
                path=path,
                attrs=attrs,
                dates=dates,
                location_name=location_name,
                location_type=_strings(f["location_type"]),
                location_country=optional_strings("location_country", [""] * locations),
                link_name=link_name,
                link_mode=optional_strings("link_mode", [""] * len(link_name)),
                country_code=country_code,
                country_name=optional_strings("country_name", country_code),
                location_population=population,
                link_flow=ints("link_flow") if "link_flow" in f else None,
                link_deaths=ints("link_deaths"),
                country_arrivals=ints("country_arrivals"),
                totals={name: ints(name) for name in TOTALS if name in f},
            )
    except ResultFileError:
        raise
    except (OSError, KeyError, ValueError) as error:
        raise ResultFileError(f"{path}: cannot be read as a migroute result ({error})")

    if len(result.location_type) != result.location_population.shape[1]:
        raise ResultFileError(f"{path}: location_type and location_population disagree on the number of locations")
    if result.link_deaths.shape != (days, len(result.link_name)):
        raise ResultFileError(f"{path}: link_deaths should have the shape (time, link)")
    if result.country_arrivals.shape != (days, len(result.country_code)):
        raise ResultFileError(f"{path}: country_arrivals should have the shape (time, country)")
    return result
