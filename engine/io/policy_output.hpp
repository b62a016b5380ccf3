// The daily counters of policy modules in the result file: one dataset per counter, named
// policy_<type>_<counter> (with a _<n> suffix when a scenario has several modules of one type),
// dimensions (time, link|location|country|nationality) or (time), dimension scales attached.
#pragma once

#include "simulation/simulation.hpp"
#include "io/result_file.hpp"

#include <hdf5.h>

namespace migroute {

void write_policy_counters(hid_t root, const ResultScales& scales, const Simulation& simulation);

}  // namespace migroute
