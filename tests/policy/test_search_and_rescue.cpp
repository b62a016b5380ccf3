// The search and rescue module (policy/search_and_rescue) on scenarios/search_and_rescue: deaths per
// crossing over 20 seeds, the departure elasticity, disembarkation at an allocated port.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace migroute;
using namespace migroute::test;

TEST_CASE("search and rescue: deaths per 1,000 crossings fall by the configured factor, departures unchanged",
          "[policy]") {
    const double effectiveness = 0.5;  // in scenarios/search_and_rescue
    std::vector<double> ratio;
    for (int seed = 1; seed <= 20; ++seed) {
        const std::string s = "seed=" + std::to_string(seed);
        const Run none(load("search_and_rescue", {s}));
        const Run sar(load("search_and_rescue", {s, "policies[0].coverage=1"}));
        const auto k = none.graph.link_index("Zuwara-Lampedusa");
        // Elasticity 0: departures identical, day by day, under the same seed.
        for (std::size_t d = 0; d < none.sim->series().days(); ++d)
            REQUIRE(none.sim->series().link_flow.at(d, k) == sar.sim->series().link_flow.at(d, k));
        const double rate_none = 1000.0 * static_cast<double>(none.deaths("Zuwara-Lampedusa")) /
                                 static_cast<double>(none.flow("Zuwara-Lampedusa"));
        const double rate_sar = 1000.0 * static_cast<double>(sar.deaths("Zuwara-Lampedusa")) /
                                static_cast<double>(sar.flow("Zuwara-Lampedusa"));
        ratio.push_back(rate_sar / rate_none);
        CHECK(sar.counter_total("policy_search_and_rescue_deaths") == sar.deaths("Zuwara-Lampedusa"));
        sar.check_conservation();
    }
    double mean = 0, var = 0;
    for (const double r : ratio) mean += r / static_cast<double>(ratio.size());
    for (const double r : ratio) var += (r - mean) * (r - mean) / static_cast<double>(ratio.size() - 1);
    const double se = std::sqrt(var / static_cast<double>(ratio.size()));
    WARN("deaths per 1,000 with coverage 1 / coverage 0: " << mean << " +- " << se << " (expected " << 1 - effectiveness << ")");
    CHECK(std::abs(mean - (1.0 - effectiveness)) < 3.0 * se);
    CHECK(se < 0.05);
}

TEST_CASE("search and rescue: a positive departure elasticity brings departures forward", "[policy]") {
    const Run none(load("search_and_rescue", {"policies[0].coverage=1"}));
    const Run pull(load("search_and_rescue", {"policies[0].coverage=1", "policies[0].departure_elasticity=0.5"}));
    const auto k = none.graph.link_index("Zuwara-Lampedusa");
    std::int64_t a = 0, b = 0;
    for (std::size_t d = 0; d < 30; ++d) a += none.sim->series().link_flow.at(d, k), b += pull.sim->series().link_flow.at(d, k);
    CHECK(b > a);
}

TEST_CASE("search and rescue: an allocated port receives the rescued", "[policy]") {
    const Run run(load("search_and_rescue", {"policies[0].coverage=1", "policies[0].disembarkation=allocated",
                                             "policies[0].port=Sicily"}));
    const std::int64_t disembarked = run.counter_total("policy_search_and_rescue_disembarked");
    // Every survivor of the crossing is brought to Sicily: nobody takes Lampedusa-Sicily.
    CHECK(disembarked == run.flow("Zuwara-Lampedusa") - run.deaths("Zuwara-Lampedusa"));
    CHECK(run.flow("Lampedusa-Sicily") == 0);
    run.check_conservation();
}
