// Counterfactual comparison: a base and a variant scenario run in pairs with the same seeds (common
// random numbers: replicate r of both uses replicate_seed(seed, r)), and for every outcome
// (outcomes.hpp) the mean difference variant - base, the relative change and a t-based 95% interval of
// the paired differences.
#pragma once

#include "sweep/outcomes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migroute::sweep {

struct CompareOptions {
    std::string base;                            // scenario file
    std::string variant;                         // scenario file; empty: the base with variant_overrides
    std::vector<std::string> overrides;          // applied to both (before the variant's own)
    std::vector<std::string> variant_overrides;  // applied to the variant only
    std::size_t replicates = 10;
    std::optional<std::uint64_t> seed;           // default: the base scenario's seed
    std::string output_dir;                      // base_<r>.h5, variant_<r>.h5, comparison.csv, comparison.txt
    int jobs = 0;
    int threads_per_run = 0;
    bool progress = true;
    std::string command_line;
};

struct OutcomeComparison {
    std::string name;
    bool count = true;
    std::size_t pairs = 0;            // pairs where both values exist
    double base_mean = 0.0, variant_mean = 0.0;
    double difference = 0.0;          // mean of variant - base
    double difference_sd = 0.0;       // standard deviation of the paired differences
    double low = 0.0, high = 0.0;     // 95% interval of the mean difference (t, pairs - 1 degrees of freedom)
    double relative_change = 0.0;     // difference / base_mean (NaN when base_mean is 0)
    double relative_low = 0.0, relative_high = 0.0;
};

struct CompareReport {
    std::vector<OutcomeComparison> outcomes;
    std::size_t replicates = 0;
    std::size_t failed_runs = 0;
    std::vector<std::string> errors;
    std::string csv_path, text_path;
};

// Pairs outcome tables: base[r] and variant[r] are the outcomes of replicate r (empty when it failed).
std::vector<OutcomeComparison> compare_outcomes(const std::vector<std::vector<Outcome>>& base,
                                                const std::vector<std::vector<Outcome>>& variant);

// Runs the pairs (skipping finished ones, as sweeps do), writes comparison.csv and comparison.txt.
// Throws InputError when a scenario does not load.
CompareReport run_compare(const CompareOptions& options);

std::string format_comparison_text(const CompareReport& report, const CompareOptions& options);
std::string format_comparison_csv(const CompareReport& report);

// The 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
double t_quantile_975(std::size_t df);

}  // namespace migroute::sweep
