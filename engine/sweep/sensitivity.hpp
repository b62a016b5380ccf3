// Variance-based sensitivity: first-order and total Sobol indices from a Saltelli design (design.hpp),
// with bootstrap intervals, and for a stochastic model the noise of the replicates.
//
// Estimators (Saltelli et al. 2010, "Variance based sensitivity analysis of model output. Design and
// estimator for the total sensitivity index", Comput. Phys. Commun. 181, 259-270, table 2):
//   first order  S_i  = mean(f(B) (f(AB_i) - f(A))) / V
//   total (Jansen) ST_i = mean((f(A) - f(AB_i))^2) / (2 V)
// with V the variance of f over the rows of A and B. Intervals: percentile bootstrap over base samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace migroute::sweep {

struct SobolIndex {
    double first = 0.0, first_low = 0.0, first_high = 0.0;
    double total = 0.0, total_low = 0.0, total_high = 0.0;
};

struct SobolResult {
    std::vector<SobolIndex> indices;  // per parameter
    std::size_t base_samples = 0;     // complete blocks used
    double variance = 0.0;            // V of the (replicate-averaged) outcome
    double mean = 0.0;
};

struct SobolOptions {
    std::size_t bootstrap = 1000;  // resamples for the intervals (0: no intervals)
    double level = 0.95;
    std::uint64_t seed = 1;        // of the resampling
};

// `y` holds one value per design row in Saltelli order (blocks of k + 2 rows per base sample); blocks
// with a NaN are left out. Throws std::invalid_argument when the size does not fit or no block is complete.
SobolResult sobol_indices(const std::vector<double>& y, int parameters, const SobolOptions& options = {});

// Sobol indices of a stochastic outcome with replicates: `y[row][replicate]` (NaN where a run is missing).
struct ReplicatedSobolResult {
    SobolResult averaged;                  // indices of the replicate means
    std::size_t replicates = 0;
    double noise_variance = 0.0;           // mean variance between replicates at a design point (NaN with 1)
    double noise_share = 0.0;              // noise_variance / replicates / V: share of V that is noise
    std::vector<double> first_sd, total_sd;  // spread of the indices computed replicate by replicate
};
ReplicatedSobolResult sobol_indices_replicated(const std::vector<std::vector<double>>& y, int parameters,
                                               const SobolOptions& options = {});

// The Ishigami function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, and its indices
// (Ishigami and Homma 1990; values as in Saltelli et al. 2008, "Global sensitivity analysis: the primer").
double ishigami(double x1, double x2, double x3, double a = 7.0, double b = 0.1);
struct IshigamiIndices {
    double first[3];
    double total[3];
};
IshigamiIndices ishigami_indices(double a = 7.0, double b = 0.1);

}  // namespace migroute::sweep
