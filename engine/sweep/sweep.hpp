// Running a sweep: which runs are finished, running the missing ones (in this process, several at once;
// or as one shard of a SLURM array; or as an MPI task farm, mpi_farm.hpp), and collecting the results
// into the manifest (manifest.csv) and summary.h5. Layout and formats: docs/SWEEPS.md.
//
// A run is finished when its result file run_<id>.h5 exists, is a complete migroute result (files are
// written under a temporary name and renamed when complete) and holds the resolved scenario the run asks
// for now. A run that failed leaves run_<id>.error (the message) and no result file. Nothing else is kept
// between invocations, so any mix of local runs, shards and MPI ranks fills the same folder.
#pragma once

#include "model/scenario.hpp"
#include "sweep/outcomes.hpp"
#include "sweep/sweep_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace migroute::sweep {

enum class RunState : std::int32_t { not_run = 0, done = 1, failed = 2 };
const char* to_string(RunState state);

// What a run left on disk.
struct RunRecord {
    RunState state = RunState::not_run;
    std::string error;
    double wall_seconds = std::numeric_limits<double>::quiet_NaN();
    std::vector<Outcome> outcomes;
    std::size_t days = 0;  // length of the daily series when done
};

class Sweep {
public:
    // `output_dir` replaces the spec's output folder when not empty.
    explicit Sweep(SweepSpec spec, const std::string& output_dir = {});

    const SweepSpec& spec() const { return spec_; }
    const std::vector<RunPlan>& runs() const { return runs_; }
    const std::string& output_dir() const { return output_dir_; }
    std::string result_path(std::size_t id) const;
    std::string error_path(std::size_t id) const;

    // The scenario of one run: the base scenario with the run's overrides. Throws InputError.
    Scenario scenario(std::size_t id) const;
    // Finished: see the header comment.
    bool finished(std::size_t id) const;
    // Runs it now with `threads` threads: writes the result file, or the error file when it fails.
    // Returns true when it succeeded; never throws for a failing run.
    bool execute(std::size_t id, int threads, const std::string& command_line) const;
    // What run `id` left on disk (reads the outcomes of a finished run).
    RunRecord record(std::size_t id) const;

    // The runs of shard `shard` of `shards` (ids with id % shards == shard) that are not finished.
    std::vector<std::size_t> pending(std::size_t shard = 0, std::size_t shards = 1) const;

private:
    SweepSpec spec_;
    std::vector<RunPlan> runs_;
    std::string output_dir_;
    std::string base_text_;
};

// Progress of the runs of one invocation, printed on stderr: done, failed, running, time left.
class Progress {
public:
    Progress(std::size_t total, std::size_t concurrent, bool enabled, std::string label = "sweep");
    void started();
    void finished(bool ok);
    void final_line();

private:
    void print(bool force);
    std::size_t total_, concurrent_;
    bool enabled_, terminal_;
    std::string label_;
    std::size_t done_ = 0, failed_ = 0, running_ = 0;
    std::size_t printed_done_ = static_cast<std::size_t>(-1);
    double start_ = 0.0, last_print_ = -1e9;
};

// Runs `count` tasks on `jobs` threads at once (at most `count`); task(i) returns success.
// Tasks are started in order of i. Returns the number of tasks that failed.
std::size_t run_tasks(std::size_t count, int jobs, const std::function<bool(std::size_t)>& task, Progress* progress);

struct ExecuteOptions {
    int jobs = 0;              // runs at once; <= 0: one per core (at most the number of runs)
    int threads_per_run = 0;   // <= 0: cores / jobs, at least 1
    bool progress = true;
    std::string command_line;  // recorded in each result file's /run group
    std::size_t max_runs = std::numeric_limits<std::size_t>::max();  // start at most this many (tests)
};

struct ExecuteReport {
    std::vector<std::size_t> executed;  // ids run by this call, in order of start
    std::size_t failed = 0;
};

// Runs `pending` in this process.
ExecuteReport execute_local(const Sweep& sweep, const std::vector<std::size_t>& pending, const ExecuteOptions& options);

// (jobs, threads per run) for `runs` runs on `cores` cores given the options' requests.
std::pair<int, int> plan_concurrency(std::size_t runs, int cores, int jobs, int threads_per_run);

struct CollectReport {
    std::size_t done = 0, failed = 0, not_run = 0;
    std::string manifest_path, summary_path, sobol_path;  // sobol_path empty unless design sobol
};

// Writes manifest.csv and summary.h5 (and sobol.csv for a sobol design) from what the runs left on disk.
CollectReport collect(const Sweep& sweep);

// The shard to run: `option` "I/N" when given, else from the SLURM array variables when
// SLURM_ARRAY_TASK_ID is set (I = (ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP, N =
// SLURM_ARRAY_TASK_COUNT: array ids need not start at 0), else the whole sweep (0, 1). `environment`
// looks a variable up (nullptr when unset). Throws InputError for a malformed option or variables.
std::pair<std::size_t, std::size_t> resolve_shard(const std::string& option,
                                                  const std::function<const char*(const char*)>& environment);

// Manifest columns that hold timing and legitimately differ between identical sweeps.
std::vector<std::string> manifest_timing_columns();

}  // namespace migroute::sweep
