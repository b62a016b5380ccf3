// One run from a loaded scenario to a complete result file: the path shared by `migroute run`, sweeps
// and comparisons.
#pragma once

#include "model/scenario.hpp"
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
    // Checkpoints (io/checkpoint.hpp): every `checkpoint_every` days (0: never) to `checkpoint_path`
    // (empty: the output path + ".checkpoint"), replaced atomically each time and removed once the
    // result file is complete.
    int checkpoint_every = 0;
    std::string checkpoint_path;
    // A checkpoint to continue from (empty: start at day 0). It must belong to the same scenario.
    std::string resume_from;
};

// The default checkpoint file of a result file.
std::string default_checkpoint_path(const std::string& output);

struct RunOutcome {
    Series series;              // the daily series (persons)
    double wall_seconds = 0.0;  // from the start of the set-up to the renamed result file
    double person_days = 0.0;   // sum over the days this process ran of persons alive in the model
    int threads = 1;
    int resumed_at_day = 0;     // days done in the checkpoint resumed from (0: none)
    int checkpoints_written = 0;
    std::vector<std::string> graph_warnings;
};

// Builds the graph, runs every day of the scenario and writes `output` (atomically: temporary name,
// then rename). Throws InputError for a bad scenario, std::exception for a runtime failure.
RunOutcome run_scenario(const Scenario& scenario, const std::string& output, const RunOptions& options = {});

// Throws InputError when `output` cannot be written (missing or read-only folder), so that a run
// fails before it simulates rather than after.
// `what` names the file in the message.
void check_output_path(const std::string& output, const std::string& what = "output file");

// Host name and the current UTC time as ISO 8601, for /run.
std::string host_name();
std::string utc_now();

}  // namespace migroute
