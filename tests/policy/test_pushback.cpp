// The pushback module (policy/pushback): spatial substitution to the sea under the routes rule set, and the
// exact counts of certain pushbacks on the closure scenario's graph.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using namespace migroute;
using namespace migroute::test;

namespace {

struct Crossings {
    double land = 0, sea = 0, deaths = 0, arrivals = 0;
};

// Successful crossings of the land border and of the sea (arrivals at the landing points).
Crossings crossings_of(const Run& run) {
    Crossings c;
    const auto& pushbacks = run.counter("policy_pushback_pushbacks");
    std::int64_t pushed = 0;
    for (const auto v : pushbacks.data) pushed += v;
    c.land = static_cast<double>(run.flow("BorderPost-LandEntry") - pushed - run.deaths("BorderPost-LandEntry"));
    c.sea = static_cast<double>(run.flow("Coast-Island") - run.deaths("Coast-Island"));
    c.deaths = static_cast<double>(run.sim->series().total_dead.back());
    c.arrivals = static_cast<double>(run.sim->series().total_arrived.back());
    return c;
}

}  // namespace

TEST_CASE("spatial substitution emerges: pushbacks on the land border move crossings to the sea", "[policy][routes]") {
    Crossings base, push;
    for (int seed = 1; seed <= 20; ++seed) {
        const std::string s = "seed=" + std::to_string(seed);
        const Run a(load("substitution", {s}));
        const Run b(load("substitution", {s, "policies[0].probability=0.9"}));
        a.check_conservation();
        b.check_conservation();
        const Crossings ca = crossings_of(a), cb = crossings_of(b);
        base.land += ca.land, base.sea += ca.sea, base.deaths += ca.deaths, base.arrivals += ca.arrivals;
        push.land += cb.land, push.sea += cb.sea, push.deaths += cb.deaths, push.arrivals += cb.arrivals;
    }
    const double base_sea_share = base.sea / (base.land + base.sea);
    const double push_sea_share = push.sea / (push.land + push.sea);
    WARN("20 seeds, without pushbacks: land " << base.land << ", sea " << base.sea << ", deaths " << base.deaths
                                              << ", arrivals " << base.arrivals << "; with pushbacks 0.9: land "
                                              << push.land << ", sea " << push.sea << ", deaths " << push.deaths
                                              << ", arrivals " << push.arrivals);
    CHECK(base_sea_share < 0.2);             // most crossings use the land route without pushbacks
    CHECK(push_sea_share > 0.5);             // the sea route carries the majority with them
    CHECK(push.deaths > 1.5 * base.deaths);  // deaths rise
    CHECK(push.arrivals > 0.5 * base.arrivals);  // arrivals fall by much less than 90%
    CHECK(push.arrivals < base.arrivals);
}

TEST_CASE("pushback: certain pushbacks send everyone back, count attempts and persons, wait before retrying",
          "[policy]") {
    // Closure scenario without the closure, with certain pushbacks on B-C from day 0: people reach C's
    // border on day 1 and are pushed back to B. A has attractiveness 0, so B-C is the only choice.
    const std::string text = read_text(kScenarios + "closure/scenario.yaml") +
                             "  - {type: pushback, links: [B-C], probability: 1, retry_after_days: 2, injury_probability: 1, injury_days: 1}\n";
    const Run run(load_scenario_text(text, "p.yaml", {"policies[0].from=50", "policies[0].to=60", "days=6",
                                                    "locations[A].attractiveness=0"}));
    const auto BC = run.graph.link_index("B-C");
    const auto& pushbacks = run.counter("policy_pushback_pushbacks");
    const auto& first = run.counter("policy_pushback_first_pushbacks");
    CHECK(pushbacks.data[1 * pushbacks.width + BC] == 10);
    CHECK(first.data[1 * first.width + BC] == 10);
    // Wait 2 + injury 1 days: no move on days 2 and 3; on day 4 they try again: pushed back again.
    CHECK(run.sim->series().link_flow.at(2, BC) == 0);
    CHECK(run.sim->series().link_flow.at(3, BC) == 0);
    CHECK(run.sim->series().link_flow.at(4, BC) == 10);
    CHECK(pushbacks.data[4 * pushbacks.width + BC] == 10);
    CHECK(first.data[4 * first.width + BC] == 0);  // the same persons: not counted as new
    CHECK(run.counter_total("policy_pushback_injuries") == 20);
    CHECK(run.sim->series().total_arrived.back() == 0);
    CHECK(run.sim->agents().attempts[0] == 2);
    run.check_conservation();
}
