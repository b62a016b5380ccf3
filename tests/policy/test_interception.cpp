// The interception module (policy/interception) with pushbacks on the substitution scenario: the same
// series and counters whatever the number of threads.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using namespace migroute;
using namespace migroute::test;

TEST_CASE("routes and policies: identical series for 1, 2 and 4 threads", "[policy][routes][parallel]") {
    const std::string text = substitution_with(
        "{type: interception, links: [Coast-Island], probability: 0.3, detention_days: 5}");
    std::vector<std::unique_ptr<Run>> runs;
    for (int threads : {1, 2, 4})
        runs.push_back(std::make_unique<Run>(load_scenario_text(text, "t.yaml", {"policies[0].probability=0.7"}), threads));
    for (std::size_t i = 1; i < runs.size(); ++i) {
        const Series& a = runs[0]->sim->series();
        const Series& b = runs[i]->sim->series();
        CHECK(a.location_population.data == b.location_population.data);
        CHECK(a.link_flow.data == b.link_flow.data);
        CHECK(a.link_deaths.data == b.link_deaths.data);
        CHECK(a.total_arrived == b.total_arrived);
        for (const char* c : {"policy_pushback_pushbacks", "policy_interception_interceptions"})
            CHECK(runs[0]->counter(c).data == runs[i]->counter(c).data);
    }
    CHECK(runs[0]->counter_total("policy_interception_interceptions") > 0);
    CHECK(runs[0]->counter_total("policy_pushback_pushbacks") > 0);
}
