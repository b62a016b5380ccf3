// Scalar outcomes of a run, read back from its result file: what sweeps tabulate and `compare` pairs.
//
//   spawned, arrivals, deaths, alive, left      totals at the end of the run (persons)
//   crossings, crossing_deaths                  persons who entered / died on an entry link (a link from a
//                                               country outside the EU into an eu_member country; when the
//                                               scenario declares no eu_member, every sea link)
//   deaths_per_1000_crossings                   1000 x crossing_deaths / crossings (NaN without crossings)
//   sea_crossings, sea_deaths, deaths_per_1000_sea_crossings   the same over links of mode sea
//   crossings[LINK], deaths[LINK], route_share[LINK]           per entry link; the share is of crossings
//   arrivals[COUNTRY]                           per country with a destination location
//   policy_<type>_<counter>                     totals over time (and links, locations, ...) of the daily
//                                               counters of policy modules (io/policy_output.hpp), e.g.
//                                               policy_pushback_pushbacks; flags are left out
#pragma once

#include <string>
#include <vector>

namespace migroute::sweep {

struct Outcome {
    std::string name;
    double value = 0.0;
    bool count = true;  // a count of persons (integral); false: a ratio or share
};

// Throws InputError when the file is missing or not a migroute result.
std::vector<Outcome> read_outcomes(const std::string& result_path);

}  // namespace migroute::sweep
