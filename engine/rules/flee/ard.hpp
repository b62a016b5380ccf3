// The validation metric of Flee: averaged relative difference (ARD) between simulated and observed
// camp counts (docs/FLEE.md "Metric"). For each day t, with N_data(t) = sum_c data_c(t) and
// N_sim(t) = sum_c sim_c(t):
//     E(t)          = sum_c |sim_c(t) - data_c(t)| / max(N_data(t), 1)
//     E_rescaled(t) = sum_c |sim_c(t) * N_data(t) / N_sim(t) - data_c(t)| / max(N_data(t), 1)
//     ARD           = mean over the simulated days of E(t) (rescaled: of E_rescaled(t))
// On a day with N_sim(t) = 0 there is nothing to rescale: the rescaled simulated counts are 0.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace migroute::validation {

// Errors of one camp over the simulated days.
struct CampError {
    std::string name;
    double mean_absolute_error = 0.0;  // persons: mean over days of |sim - data|
    double mean_relative_error = 0.0;  // mean over days of |sim - data| / max(data, 1)
    double final_simulated = 0.0;      // persons on the last day
    double final_observed = 0.0;
};

struct ArdResult {
    std::vector<double> error;           // E(t), one per day
    std::vector<double> error_rescaled;  // E_rescaled(t)
    std::vector<double> simulated_total;  // N_sim(t)
    std::vector<double> observed_total;   // N_data(t)
    double ard = 0.0;           // mean of E(t); 0 when there are no days
    double ard_rescaled = 0.0;  // mean of E_rescaled(t)
    std::vector<CampError> camps;
};

// simulated[c][t] and observed[c][t]: camp c, day t. Every row must have the same number of days and
// both tables the same number of camps (std::invalid_argument otherwise); camp_names, if not empty,
// has one name per camp.
ArdResult compute_ard(const std::vector<std::vector<double>>& simulated,
                      const std::vector<std::vector<double>>& observed,
                      const std::vector<std::string>& camp_names = {});

// Mean and sample standard deviation (n - 1 in the denominator; 0 when n < 2), e.g. of ARD over seeds.
struct MeanStd {
    double mean = 0.0;
    double std_dev = 0.0;
    std::size_t n = 0;
};
MeanStd mean_std(const std::vector<double>& values);
// Day by day over runs: runs[r][t] -> result[t]. Rows must have equal lengths (std::invalid_argument).
std::vector<MeanStd> mean_std_per_day(const std::vector<std::vector<double>>& runs);

}  // namespace migroute::validation
