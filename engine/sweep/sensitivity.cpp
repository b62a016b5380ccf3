#include "sweep/sensitivity.hpp"

#include "sweep/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace migroute::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indices from the blocks listed in `blocks` (indices into the complete blocks).
void estimate(const std::vector<const double*>& rows, int k, const std::vector<std::size_t>& blocks,
              std::vector<double>& first, std::vector<double>& total, double& variance, double& mean) {
    const double n = static_cast<double>(blocks.size());
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t j : blocks) {
        const double a = rows[j][0], b = rows[j][1];
        sum += a + b;
        sum2 += a * a + b * b;
    }
    mean = sum / (2.0 * n);
    variance = sum2 / (2.0 * n) - mean * mean;
    first.assign(k, 0.0);
    total.assign(k, 0.0);
    for (int i = 0; i < k; ++i) {
        double s = 0.0, t = 0.0;
        for (std::size_t j : blocks) {
            const double a = rows[j][0], b = rows[j][1], ab = rows[j][2 + i];
            s += b * (ab - a);
            t += (a - ab) * (a - ab);
        }
        first[i] = variance > 0 ? s / n / variance : kNaN;
        total[i] = variance > 0 ? t / (2.0 * n) / variance : kNaN;
    }
}

double percentile(std::vector<double> values, double p) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    if (values.empty()) return kNaN;
    std::sort(values.begin(), values.end());
    const double position = p * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(position));
    const auto hi = std::min(values.size() - 1, lo + 1);
    const double w = position - static_cast<double>(lo);
    return values[lo] * (1.0 - w) + values[hi] * w;
}

}  // namespace

SobolResult sobol_indices(const std::vector<double>& y, int parameters, const SobolOptions& options) {
    if (parameters < 1) throw std::invalid_argument("Sobol indices need at least one parameter");
    const std::size_t block = saltelli_block(parameters);
    if (y.size() % block != 0)
        throw std::invalid_argument("the outcome has " + std::to_string(y.size()) +
                                    " values, not a multiple of k + 2 = " + std::to_string(block));
    std::vector<const double*> rows;
    for (std::size_t j = 0; j < y.size() / block; ++j) {
        const double* row = &y[j * block];
        if (std::all_of(row, row + block, [](double v) { return std::isfinite(v); })) rows.push_back(row);
    }
    if (rows.size() < 2) throw std::invalid_argument("fewer than 2 complete base samples for Sobol indices");
    std::vector<std::size_t> all(rows.size());
    for (std::size_t j = 0; j < rows.size(); ++j) all[j] = j;

    SobolResult result;
    result.base_samples = rows.size();
    std::vector<double> first, total;
    estimate(rows, parameters, all, first, total, result.variance, result.mean);
    result.indices.resize(parameters);
    for (int i = 0; i < parameters; ++i) {
        result.indices[i].first = first[i];
        result.indices[i].total = total[i];
        result.indices[i].first_low = result.indices[i].first_high = kNaN;
        result.indices[i].total_low = result.indices[i].total_high = kNaN;
    }
    if (options.bootstrap == 0) return result;
    std::vector<std::vector<double>> boot_first(parameters), boot_total(parameters);
    std::vector<std::size_t> sample(rows.size());
    for (std::size_t b = 0; b < options.bootstrap; ++b) {
        for (std::size_t j = 0; j < rows.size(); ++j) {
            const double u = design_uniform(options.seed, 0xb0075ULL << 32 | b, j);
            sample[j] = std::min(rows.size() - 1, static_cast<std::size_t>(u * static_cast<double>(rows.size())));
        }
        double v = 0.0, m = 0.0;
        estimate(rows, parameters, sample, first, total, v, m);
        for (int i = 0; i < parameters; ++i) {
            boot_first[i].push_back(first[i]);
            boot_total[i].push_back(total[i]);
        }
    }
    const double tail = (1.0 - options.level) / 2.0;
    for (int i = 0; i < parameters; ++i) {
        result.indices[i].first_low = percentile(boot_first[i], tail);
        result.indices[i].first_high = percentile(boot_first[i], 1.0 - tail);
        result.indices[i].total_low = percentile(boot_total[i], tail);
        result.indices[i].total_high = percentile(boot_total[i], 1.0 - tail);
    }
    return result;
}

ReplicatedSobolResult sobol_indices_replicated(const std::vector<std::vector<double>>& y, int parameters,
                                               const SobolOptions& options) {
    ReplicatedSobolResult result;
    result.replicates = y.empty() ? 0 : y.front().size();
    std::vector<double> means(y.size(), kNaN);
    double within = 0.0;
    std::size_t within_points = 0;
    for (std::size_t p = 0; p < y.size(); ++p) {
        double sum = 0.0, sum2 = 0.0;
        std::size_t n = 0;
        for (double v : y[p]) {
            if (!std::isfinite(v)) continue;
            sum += v;
            sum2 += v * v;
            ++n;
        }
        if (n > 0) means[p] = sum / static_cast<double>(n);
        if (n > 1) {
            within += (sum2 - sum * sum / static_cast<double>(n)) / static_cast<double>(n - 1);
            ++within_points;
        }
    }
    result.averaged = sobol_indices(means, parameters, options);
    result.noise_variance = within_points > 0 ? within / static_cast<double>(within_points) : kNaN;
    result.noise_share = result.averaged.variance > 0
                             ? result.noise_variance / static_cast<double>(std::max<std::size_t>(1, result.replicates)) /
                                   result.averaged.variance
                             : kNaN;
    result.first_sd.assign(parameters, kNaN);
    result.total_sd.assign(parameters, kNaN);
    if (result.replicates > 1) {
        std::vector<std::vector<double>> firsts(parameters), totals(parameters);
        for (std::size_t r = 0; r < result.replicates; ++r) {
            std::vector<double> column(y.size());
            for (std::size_t p = 0; p < y.size(); ++p) column[p] = r < y[p].size() ? y[p][r] : kNaN;
            try {
                SobolOptions no_boot = options;
                no_boot.bootstrap = 0;
                const SobolResult one = sobol_indices(column, parameters, no_boot);
                for (int i = 0; i < parameters; ++i) {
                    firsts[i].push_back(one.indices[i].first);
                    totals[i].push_back(one.indices[i].total);
                }
            } catch (const std::invalid_argument&) {
            }
        }
        auto sd = [](const std::vector<double>& v) {
            if (v.size() < 2) return kNaN;
            double m = 0.0;
            for (double x : v) m += x;
            m /= static_cast<double>(v.size());
            double s = 0.0;
            for (double x : v) s += (x - m) * (x - m);
            return std::sqrt(s / static_cast<double>(v.size() - 1));
        };
        for (int i = 0; i < parameters; ++i) {
            result.first_sd[i] = sd(firsts[i]);
            result.total_sd[i] = sd(totals[i]);
        }
    }
    return result;
}

double ishigami(double x1, double x2, double x3, double a, double b) {
    const double s2 = std::sin(x2);
    return std::sin(x1) + a * s2 * s2 + b * x3 * x3 * x3 * x3 * std::sin(x1);
}

IshigamiIndices ishigami_indices(double a, double b) {
    constexpr double pi = std::numbers::pi;
    const double pi4 = pi * pi * pi * pi, pi8 = pi4 * pi4;
    const double v1 = 0.5 * (1.0 + b * pi4 / 5.0) * (1.0 + b * pi4 / 5.0);
    const double v2 = a * a / 8.0;
    const double v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    const double v = v1 + v2 + v13;
    IshigamiIndices r{};
    r.first[0] = v1 / v;
    r.first[1] = v2 / v;
    r.first[2] = 0.0;
    r.total[0] = (v1 + v13) / v;
    r.total[1] = v2 / v;
    r.total[2] = v13 / v;
    return r;
}

}  // namespace migroute::sweep
