// The aid module (policy/aid) on scenarios/aid: onward movement of the nationality that receives aid
// against another's in the same camp.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace migroute;
using namespace migroute::test;

TEST_CASE("aid for one nationality lowers its onward movement relative to another's in the same place", "[policy]") {
    auto left_camp = [](const Run& run, const std::string& nationality) {
        const auto camp = run.graph.location_index("Camp");
        double n = 0, left = 0;
        const Agents& a = run.sim->agents();
        for (std::size_t id = 0; id < a.size(); ++id) {
            if (run.sim->nationalities()[a.nationality[id]] != nationality) continue;
            n += 1;
            left += ((a.flags[id] & kOnLink) || a.where[id] != camp) ? 1 : 0;
        }
        return left / n;
    };
    const Run aid(load("aid"));
    const Run none(load("aid", {"policies[0].level=0"}));
    const double syr = left_camp(aid, "SYR"), afg = left_camp(aid, "AFG");
    WARN("share who left the camp in 90 days: SYR " << syr << " with aid, " << left_camp(none, "SYR")
                                                    << " without; AFG " << afg);
    // Daily chance 1% without aid, 0.5% with: 1 - 0.99^90 = 0.595, 1 - 0.995^90 = 0.363.
    CHECK(std::abs(afg - 0.595) < 0.03);
    CHECK(std::abs(syr - 0.363) < 0.03);
    CHECK(std::abs(left_camp(none, "SYR") - 0.595) < 0.03);
    CHECK(left_camp(none, "AFG") == afg);  // common random numbers: Afghans are not touched at all
    CHECK(aid.counter_total("policy_aid_persons_present") > 0);
}
