// Validation of a Flee run: simulated against observed camp populations, Flee's ARD metric
// (rules/flee/ard.hpp), and the datasets that carry them in the result file (docs/OUTPUT.md "Flee validation").
#pragma once

#include "rules/flee/ard.hpp"
#include "model/scenario.hpp"
#include "core/series.hpp"
#include "io/result_file.hpp"

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace migroute {

struct FleeValidation {
    std::vector<std::string> camp_names;          // data_layout.csv order
    std::vector<std::uint32_t> camp_locations;    // location ids
    std::vector<std::vector<double>> simulated;   // camp x day: persons at the camp at the end of the day
    std::vector<std::vector<double>> observed;    // camp x day: the interpolated observations
    validation::ArdResult ard;
};

// The camps of the scenario's Flee inputs over the simulated days of `series`. Throws
// std::invalid_argument when the scenario has no Flee inputs.
FleeValidation flee_validation(const Scenario& scenario, const Series& series);

// Adds the validation datasets (camp dimension, observed and simulated camp populations, E(t) and
// E_rescaled(t), ARD attributes) to a result file. Does nothing for a scenario without Flee inputs.
void write_flee_validation(hid_t root, const ResultScales& scales, const Scenario& scenario, const Series& series);

}  // namespace migroute
