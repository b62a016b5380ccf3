#include "rules/flee/ard.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace migroute::validation {

namespace {

std::size_t checked_day_count(const std::vector<std::vector<double>>& table, const char* what) {
    if (table.empty()) return 0;
    const std::size_t days = table.front().size();
    for (std::size_t c = 0; c < table.size(); ++c) {
        if (table[c].size() != days) {
            throw std::invalid_argument(std::string("compute_ard: ") + what + " camp " + std::to_string(c) +
                                        " has " + std::to_string(table[c].size()) + " days, camp 0 has " +
                                        std::to_string(days));
        }
    }
    return days;
}

}  // namespace

ArdResult compute_ard(const std::vector<std::vector<double>>& simulated,
                      const std::vector<std::vector<double>>& observed,
                      const std::vector<std::string>& camp_names) {
    if (simulated.size() != observed.size()) {
        throw std::invalid_argument("compute_ard: " + std::to_string(simulated.size()) + " simulated camps but " +
                                    std::to_string(observed.size()) + " observed camps");
    }
    if (!camp_names.empty() && camp_names.size() != observed.size()) {
        throw std::invalid_argument("compute_ard: " + std::to_string(camp_names.size()) + " camp names for " +
                                    std::to_string(observed.size()) + " camps");
    }
    const std::size_t sim_days = checked_day_count(simulated, "simulated");
    const std::size_t days = checked_day_count(observed, "observed");
    if (sim_days != days) {
        throw std::invalid_argument("compute_ard: " + std::to_string(sim_days) + " simulated days but " +
                                    std::to_string(days) + " observed days");
    }
    const std::size_t camps = observed.size();
    const std::size_t day_count = camps == 0 ? 0 : days;

    ArdResult result;
    result.error.assign(day_count, 0.0);
    result.error_rescaled.assign(day_count, 0.0);
    result.simulated_total.assign(day_count, 0.0);
    result.observed_total.assign(day_count, 0.0);
    result.camps.resize(camps);

    for (std::size_t t = 0; t < day_count; ++t) {
        double n_sim = 0.0;
        double n_data = 0.0;
        for (std::size_t c = 0; c < camps; ++c) {
            n_sim += simulated[c][t];
            n_data += observed[c][t];
        }
        const double scale = n_sim > 0.0 ? n_data / n_sim : 0.0;
        const double denominator = std::max(n_data, 1.0);
        double abs_sum = 0.0;
        double abs_sum_rescaled = 0.0;
        for (std::size_t c = 0; c < camps; ++c) {
            abs_sum += std::abs(simulated[c][t] - observed[c][t]);
            abs_sum_rescaled += std::abs(simulated[c][t] * scale - observed[c][t]);
        }
        result.simulated_total[t] = n_sim;
        result.observed_total[t] = n_data;
        result.error[t] = abs_sum / denominator;
        result.error_rescaled[t] = abs_sum_rescaled / denominator;
    }
    if (day_count > 0) {
        double sum = 0.0;
        double sum_rescaled = 0.0;
        for (std::size_t t = 0; t < day_count; ++t) {
            sum += result.error[t];
            sum_rescaled += result.error_rescaled[t];
        }
        result.ard = sum / static_cast<double>(day_count);
        result.ard_rescaled = sum_rescaled / static_cast<double>(day_count);
    }

    for (std::size_t c = 0; c < camps; ++c) {
        CampError& camp = result.camps[c];
        camp.name = camp_names.empty() ? "camp " + std::to_string(c) : camp_names[c];
        if (day_count == 0) continue;
        double abs_sum = 0.0;
        double rel_sum = 0.0;
        for (std::size_t t = 0; t < day_count; ++t) {
            const double difference = std::abs(simulated[c][t] - observed[c][t]);
            abs_sum += difference;
            rel_sum += difference / std::max(observed[c][t], 1.0);
        }
        camp.mean_absolute_error = abs_sum / static_cast<double>(day_count);
        camp.mean_relative_error = rel_sum / static_cast<double>(day_count);
        camp.final_simulated = simulated[c][day_count - 1];
        camp.final_observed = observed[c][day_count - 1];
    }
    return result;
}

MeanStd mean_std(const std::vector<double>& values) {
    MeanStd out;
    out.n = values.size();
    if (values.empty()) return out;
    double sum = 0.0;
    for (double v : values) sum += v;
    out.mean = sum / static_cast<double>(values.size());
    if (values.size() < 2) return out;
    double squares = 0.0;
    for (double v : values) squares += (v - out.mean) * (v - out.mean);
    out.std_dev = std::sqrt(squares / static_cast<double>(values.size() - 1));
    return out;
}

std::vector<MeanStd> mean_std_per_day(const std::vector<std::vector<double>>& runs) {
    if (runs.empty()) return {};
    const std::size_t days = runs.front().size();
    for (std::size_t r = 0; r < runs.size(); ++r) {
        if (runs[r].size() != days) {
            throw std::invalid_argument("mean_std_per_day: run " + std::to_string(r) + " has " +
                                        std::to_string(runs[r].size()) + " days, run 0 has " +
                                        std::to_string(days));
        }
    }
    std::vector<MeanStd> out(days);
    std::vector<double> column(runs.size());
    for (std::size_t t = 0; t < days; ++t) {
        for (std::size_t r = 0; r < runs.size(); ++r) column[r] = runs[r][t];
        out[t] = mean_std(column);
    }
    return out;
}

}  // namespace migroute::validation
