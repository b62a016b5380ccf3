// Experimental designs over the unit hypercube and the seeds of replicates. A design gives points in
// [0, 1)^d; the sweep maps each coordinate to a parameter value (sweep_spec.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migroute::sweep {

using UnitPoints = std::vector<std::vector<double>>;  // [point][dimension], each in [0, 1)

// The first `count` points of the `dimensions`-dimensional Sobol sequence (Joe-Kuo direction numbers,
// sobol_directions.hpp) after skipping the first `skip` points (the all-zero point is point 0).
// Throws std::invalid_argument beyond kSobolMaxDimensions dimensions.
UnitPoints sobol_sequence(std::size_t count, int dimensions, std::size_t skip = 1);

// A Latin hypercube: every dimension cut into `count` equal strata, each stratum used exactly once, the
// strata paired at random and the point placed at random inside its stratum. Depends only on `seed`.
UnitPoints latin_hypercube(std::size_t count, int dimensions, std::uint64_t seed);

// Saltelli's design for Sobol indices of k parameters from N base samples: two independent matrices A
// and B (the first k and the last k dimensions of a 2k-dimensional Sobol sequence) and, for each
// parameter i, the matrix AB_i (A with column i taken from B). Rows come in blocks of k + 2 per base
// sample j: A_j, B_j, AB_1,j, ..., AB_k,j (see saltelli_row()).
UnitPoints saltelli_design(std::size_t base_samples, int parameters);
inline constexpr std::size_t saltelli_block(int parameters) { return static_cast<std::size_t>(parameters) + 2; }
enum class SaltelliMatrix { A, B, AB };

// A full factorial grid: every combination of the levels, the first dimension varying slowest.
// Returns per point the level index in each dimension.
std::vector<std::vector<std::size_t>> full_grid(const std::vector<std::size_t>& levels);

// The seed of replicate `replicate` of a sweep: the same at every design point (common random numbers),
// different between replicates, below 2^53 (exact in CSV, JSON and Python floats).
std::uint64_t replicate_seed(std::uint64_t sweep_seed, std::size_t replicate);

// A uniform double in [0, 1) from a counter-based generator keyed by `seed` (Philox4x32-10), for designs
// and bootstrap resampling; independent of the engine's simulation streams.
double design_uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

}  // namespace migroute::sweep
