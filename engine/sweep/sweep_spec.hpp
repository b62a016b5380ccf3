// Sweep files: YAML text -> validated, typed SweepSpec, and the list of runs it asks for. The schema is
// in docs/SWEEPS.md. Validation is as strict as for scenarios: an unknown or repeated key, a value of the
// wrong type or out of range is an InputError reading
//   FILE:LINE:COLUMN: key 'PATH': expected WHAT, found 'WHAT WAS THERE'[; did you mean 'X'?]
// The parameter paths themselves are checked when each run loads its scenario: a bad path or value makes
// that run fail (recorded in the manifest), not the sweep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migroute::sweep {

enum class DesignType { grid, lhs, sobol };
const char* to_string(DesignType design);

// One swept value: an override path and either listed values or a numeric range.
struct Parameter {
    std::string path;                  // as for --set: movement.move_chance.town, links[A-B].death_risk
    std::vector<std::string> values;   // listed values, as YAML text (values:)
    bool has_range = false;            // range: [from, to]
    double from = 0.0, to = 0.0;
    std::size_t steps = 0;             // grid: number of evenly spaced levels of a range, ends included
    bool log_scale = false;            // scale: log (levels or samples even in log space)
    bool integer = false;              // integer: true (values rounded to integers)
    std::string source;                // FILE:LINE:COLUMN of the entry

    // Grid levels.
    std::size_t level_count() const;
    std::string level(std::size_t index) const;
    // The value at a point u in [0, 1) of a sampling design (lhs, sobol): a quantile of the range
    // (uniform, or log-uniform) or one of the listed values, each with probability 1/n.
    std::string sample(double u) const;
};

struct SweepSpec {
    std::string source_path;             // the sweep file
    std::string text;                    // its contents
    std::string base_scenario;           // path of the base scenario (relative paths: to the sweep file)
    std::vector<std::string> overrides;  // `set:` PATH=VALUE applied to every run before the parameters
    std::uint64_t seed = 1;              // replicate seeds derive from it (design.hpp replicate_seed)
    std::size_t replicates = 1;
    DesignType design = DesignType::grid;
    std::size_t samples = 0;             // lhs: design points; sobol: base samples N (N (k + 2) points)
    std::string output_dir;              // relative paths: to the sweep file
    std::vector<Parameter> parameters;
    std::vector<std::string> series;     // series of the run files stacked in summary.h5

    std::size_t point_count() const;
    std::size_t run_count() const { return point_count() * replicates; }
};

// The series a sweep stacks when `series:` is absent, and those it may name.
std::vector<std::string> default_series();
std::vector<std::string> known_series();

// Reads and validates a sweep file. Throws InputError.
SweepSpec load_sweep(const std::string& path);
// The same from text; `display_name` names the file in messages, `directory` anchors relative paths.
SweepSpec load_sweep_text(const std::string& text, const std::string& display_name, const std::string& directory);

// One run of a sweep. Run ids count design points first: id = point * replicates + replicate.
struct RunPlan {
    std::size_t id = 0;
    std::size_t point = 0;
    std::size_t replicate = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> values;  // per parameter, as YAML text
    std::vector<double> numeric;      // per parameter, NaN when the value is not a number

    // The overrides of this run: the sweep's `set:`, then PATH=VALUE per parameter, then seed=SEED.
    std::vector<std::string> overrides(const SweepSpec& spec) const;
};

std::vector<RunPlan> plan_runs(const SweepSpec& spec);

// run_00042.h5 and the like: zero-padded to 5 digits (more when needed).
std::string run_stem(std::size_t id);

// Numbers as the shortest text that reads back to the same double ("0.1", "2e-05", "nan").
std::string format_number(double value);
// A parsed number, or nullopt when `text` is not entirely a number.
std::optional<double> parse_number(const std::string& text);

}  // namespace migroute::sweep
