#include "sweep/design.hpp"

#include "sweep/sobol_directions.hpp"

#include <Random123/philox.h>

#include <algorithm>

#include <stdexcept>
#include <string>

namespace migroute::sweep {

namespace {

constexpr int kBits = 32;

// The 32 direction numbers of one dimension (index 0 = the first dimension), scaled to 32 bits.
std::vector<std::uint32_t> direction_numbers(int dimension) {
    std::vector<std::uint32_t> v(kBits + 1, 0);  // v[1..32]
    if (dimension == 0) {
        for (int k = 1; k <= kBits; ++k) v[k] = std::uint32_t{1} << (kBits - k);
        return v;
    }
    const SobolDirection& d = kSobolDirections[dimension - 1];
    const int s = d.degree;
    for (int k = 1; k <= s && k <= kBits; ++k) v[k] = d.initial[k - 1] << (kBits - k);
    for (int k = s + 1; k <= kBits; ++k) {
        v[k] = v[k - s] ^ (v[k - s] >> s);
        for (int l = 1; l < s; ++l)
            if ((d.coefficients >> (s - 1 - l)) & 1u) v[k] ^= v[k - l];
    }
    return v;
}

// 1-based position of the lowest zero bit of i.
int lowest_zero_bit(std::uint64_t i) {
    int c = 1;
    while (i & 1u) {
        i >>= 1;
        ++c;
    }
    return c;
}

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

double design_uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    using Philox = r123::Philox4x32;
    const Philox::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    const Philox::ctr_type ctr = {{static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(a >> 32),
                                   static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32)}};
    const Philox::ctr_type out = Philox()(ctr, key);
    const std::uint64_t bits = (static_cast<std::uint64_t>(out[0]) << 21) ^ (out[1] >> 11);
    return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * 0x1.0p-53;
}

UnitPoints sobol_sequence(std::size_t count, int dimensions, std::size_t skip) {
    if (dimensions < 1 || dimensions > kSobolMaxDimensions)
        throw std::invalid_argument("the Sobol sequence is available for 1 to " + std::to_string(kSobolMaxDimensions) +
                                    " dimensions, not " + std::to_string(dimensions));
    if (count + skip >= (std::uint64_t{1} << kBits))
        throw std::invalid_argument("too many Sobol points (at most 2^32 - 1)");
    std::vector<std::vector<std::uint32_t>> v(dimensions);
    for (int d = 0; d < dimensions; ++d) v[d] = direction_numbers(d);
    std::vector<std::uint32_t> x(dimensions, 0);
    UnitPoints points;
    points.reserve(count);
    for (std::size_t i = 0; i < count + skip; ++i) {
        if (i > 0) {
            const int c = lowest_zero_bit(i - 1);
            for (int d = 0; d < dimensions; ++d) x[d] ^= v[d][c];
        }
        if (i < skip) continue;
        std::vector<double> p(dimensions);
        for (int d = 0; d < dimensions; ++d) p[d] = static_cast<double>(x[d]) * 0x1.0p-32;
        points.push_back(std::move(p));
    }
    return points;
}

UnitPoints latin_hypercube(std::size_t count, int dimensions, std::uint64_t seed) {
    UnitPoints points(count, std::vector<double>(dimensions, 0.0));
    for (int d = 0; d < dimensions; ++d) {
        std::vector<std::size_t> strata(count);
        for (std::size_t i = 0; i < count; ++i) strata[i] = i;
        // Fisher-Yates shuffle, one draw per swap.
        for (std::size_t i = count; i > 1; --i) {
            const double u = design_uniform(seed, (static_cast<std::uint64_t>(d) << 32) | 1u, i);
            const std::size_t j = std::min(i - 1, static_cast<std::size_t>(u * static_cast<double>(i)));
            std::swap(strata[i - 1], strata[j]);
        }
        for (std::size_t i = 0; i < count; ++i) {
            const double jitter = design_uniform(seed, (static_cast<std::uint64_t>(d) << 32) | 2u, i);
            points[i][d] = (static_cast<double>(strata[i]) + jitter) / static_cast<double>(count);
        }
    }
    return points;
}

UnitPoints saltelli_design(std::size_t base_samples, int parameters) {
    if (parameters < 1) throw std::invalid_argument("a Sobol design needs at least one parameter");
    if (2 * parameters > kSobolMaxDimensions)
        throw std::invalid_argument("a Sobol design supports at most " + std::to_string(kSobolMaxDimensions / 2) +
                                    " parameters, not " + std::to_string(parameters));
    const UnitPoints base = sobol_sequence(base_samples, 2 * parameters);
    const auto k = static_cast<std::size_t>(parameters);
    UnitPoints rows;
    rows.reserve(base_samples * saltelli_block(parameters));
    for (const auto& p : base) {
        std::vector<double> a(p.begin(), p.begin() + parameters);
        std::vector<double> b(p.begin() + parameters, p.end());
        rows.push_back(a);
        rows.push_back(b);
        for (std::size_t i = 0; i < k; ++i) {
            std::vector<double> ab = a;
            ab[i] = b[i];
            rows.push_back(std::move(ab));
        }
    }
    return rows;
}

std::vector<std::vector<std::size_t>> full_grid(const std::vector<std::size_t>& levels) {
    std::size_t total = 1;
    for (std::size_t n : levels) total *= n;
    std::vector<std::vector<std::size_t>> points;
    if (levels.empty()) {
        points.emplace_back();
        return points;
    }
    points.reserve(total);
    for (std::size_t i = 0; i < total; ++i) {
        std::vector<std::size_t> p(levels.size());
        std::size_t rest = i;
        for (std::size_t d = levels.size(); d-- > 0;) {
            p[d] = rest % levels[d];
            rest /= levels[d];
        }
        points.push_back(std::move(p));
    }
    return points;
}

std::uint64_t replicate_seed(std::uint64_t sweep_seed, std::size_t replicate) {
    const std::uint64_t mixed = splitmix64(splitmix64(sweep_seed) ^ splitmix64(0x5eed0000ULL + replicate));
    return mixed & ((std::uint64_t{1} << 53) - 1);
}

}  // namespace migroute::sweep
