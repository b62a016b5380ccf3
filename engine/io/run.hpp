// One run from a loaded scenario to a complete result file: the path shared by `migroute run`, sweeps
// and comparisons.
#pragma once

#include "core/scenario.hpp"
#include "core/series.hpp"

#include <functional>
#include <string>

namespace migroute {

class Simulation;

struct RunOptions {
    int threads = 0;                    // <= 0: all cores
    std::string command_line;           // recorded in /run
    // Called after every simulated day with the number of days done and the person-days so far.
    std::function<void(int days_done, double person_days, const Simulation&)> after_day;
};

struct RunOutcome {
    Series series;              // the daily series (persons)
    double wall_seconds = 0.0;  // from the start of the set-up to the renamed result file
    double person_days = 0.0;   // sum over days of persons alive in the model
    int threads = 1;
    std::vector<std::string> graph_warnings;
};

// Builds the graph, runs every day of the scenario and writes `output` (atomically: temporary name,
// then rename). Throws InputError for a bad scenario, std::exception for a runtime failure.
RunOutcome run_scenario(const Scenario& scenario, const std::string& output, const RunOptions& options = {});

// Throws InputError when `output` cannot be written (missing or read-only folder), so that a run
// fails before it simulates rather than after.
void check_output_path(const std::string& output);

// Host name and the current UTC time as ISO 8601, for /run.
std::string host_name();
std::string utc_now();

}  // namespace migroute
