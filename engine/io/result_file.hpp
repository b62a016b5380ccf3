// The HDF5 result file of a run (layout: docs/OUTPUT.md). Everything that legitimately varies between
// identical runs (wall time, threads, host, command line) lives in the /run group; every other
// dataset and attribute is identical for the same scenario and seed.
#pragma once

#include "model/scenario.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace migroute {

inline constexpr const char* kResultFormat = "migroute-result";
inline constexpr std::int64_t kResultFormatVersion = 1;

struct RunInfo {
    std::string command_line;
    std::string host;
    std::string started_at_utc;
    double wall_seconds = 0.0;
    int threads = 1;
    std::string resumed_from;  // the checkpoint the run resumed from; empty when it ran from day 0
    int resumed_at_day = 0;    // days done in that checkpoint
};

// The dimension scales of the root group, for writers that add their own series.
struct ResultScales {
    hid_t time = -1;
    hid_t location = -1;
    hid_t link = -1;
    hid_t country = -1;
    hid_t nationality = -1;
};

// Writes the result under a temporary name next to `path` and renames it to `path` only when the
// file is complete; on any failure the temporary file is removed. `extra` may add datasets.
void write_result(const std::string& path, const Scenario& scenario, const RouteGraph& graph,
                  const Simulation& simulation, const RunInfo& run,
                  const std::function<void(hid_t root, const ResultScales&)>& extra = {});

// What `migroute info` prints.
struct ResultSummary {
    std::string scenario_name, start_date, rules, engine_version;
    std::int64_t seed = 0, persons_per_agent = 0, days = 0;
    std::int64_t locations = 0, links = 0, countries = 0;
    std::int64_t spawned = 0, alive = 0, dead = 0, arrived = 0, left = 0;
    std::vector<std::pair<std::string, std::int64_t>> arrivals_by_country;
    std::vector<std::pair<std::string, std::int64_t>> deaths_by_link;  // links with deaths, most first
    std::string run_host;
    double run_wall_seconds = 0.0;
    std::int64_t run_threads = 0;
};

// Reads the summary of a result file. Throws InputError for a missing, unreadable or foreign file.
ResultSummary read_result_summary(const std::string& path);
std::string format_summary(const ResultSummary& summary);

}  // namespace migroute
