// The closure module (policy/closure): exact flows on the hand-checked graph of scenarios/closure, people
// turned back from a link closed under them, and a closed route under the routes rule set.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using namespace migroute;
using namespace migroute::test;

TEST_CASE("closure: the hand-checked case of scenarios/closure", "[policy]") {
    const Run run(load("closure"));
    const Series& s = run.sim->series();
    const auto AB = run.graph.link_index("A-B"), BA = run.graph.link_index("B-A"), BC = run.graph.link_index("B-C");
    const auto C = run.graph.location_index("C");
    // Day 0: A -> B. Day 1: B-C closed, back to A. Day 2: A -> B. Day 3: reopened, B -> C.
    CHECK(s.link_flow.at(0, AB) == 10);
    CHECK(s.link_flow.at(1, BA) == 10);
    CHECK(s.link_flow.at(1, BC) == 0);
    CHECK(s.link_flow.at(2, AB) == 10);
    CHECK(s.link_flow.at(2, BC) == 0);
    CHECK(s.link_flow.at(3, BC) == 10);
    CHECK(s.country_arrivals.at(2, 1) == 0);
    CHECK(s.country_arrivals.at(3, 1) == 10);
    CHECK(s.location_population.at(5, C) == 10);
    // The closed flag: B-C and C-B on days 0-2 only.
    const auto& closed = run.counter("policy_closure_closed");
    for (std::size_t d = 0; d < 6; ++d) {
        CHECK(closed.data[d * closed.width + BC] == (d <= 2 ? 1 : 0));
        CHECK(closed.data[d * closed.width + AB] == 0);
    }
    // Without the closure everyone arrives on day 1.
    const Run open(load("closure", {"policies[0].from=10", "policies[0].to=20"}));
    CHECK(open.sim->series().country_arrivals.at(1, 1) == 10);
}

TEST_CASE("closure: people on a link closed while they travel go back to its start", "[policy]") {
    // B-C is 200 km: people enter it on day 1, are half way at the end of day 1 and reach its end on
    // day 2, when it is closed: back to B, counted as turned back.
    const Run run(load("closure", {"links[1].km=200", "policies[0].from=2", "policies[0].to=3", "days=10"}));
    const auto BC = run.graph.link_index("B-C");
    CHECK(run.sim->series().link_flow.at(1, BC) == 10);
    const auto& turned = run.counter("policy_closure_turned_back");
    CHECK(turned.data[2 * turned.width + BC] == 10);
    CHECK(run.counter_total("policy_closure_turned_back") == 10);
    CHECK(run.sim->series().total_arrived.back() == 10);  // reopened on day 4: they arrive in the end
    run.check_conservation();
}

TEST_CASE("routes: a closed route reopened restores the flows", "[policy][routes]") {
    const std::string text =
        substitution_with("{type: closure, links: [BorderPost-LandEntry], one_way: true, from: 30, to: 79}");
    const Run run(load_scenario_text(text, "closure.yaml", {"days=200", "spawn[0].to=169"}));
    const auto land = run.graph.link_index("BorderPost-LandEntry"), sea = run.graph.link_index("Coast-Island");
    const Series& s = run.sim->series();
    auto sum = [&](std::uint32_t k, int from, int to) {
        std::int64_t n = 0;
        for (int d = from; d <= to; ++d) n += s.link_flow.at(static_cast<std::size_t>(d), k);
        return static_cast<double>(n);
    };
    const double before = sum(land, 0, 29) / (sum(land, 0, 29) + sum(sea, 0, 29));
    const double after = sum(land, 85, 199) / (sum(land, 85, 199) + sum(sea, 85, 199));
    WARN("land share of crossing attempts: before " << before << ", during " << sum(land, 30, 79) << " land / "
                                                    << sum(sea, 30, 79) << " sea, after " << after);
    CHECK(before > 0.8);
    CHECK(sum(land, 30, 79) == 0);  // closed: nobody can choose it
    CHECK(sum(sea, 30, 79) > 500);  // the sea route takes the flow at once (route costs recomputed)
    CHECK(after > 0.8);             // reopened: the flows come back
    run.check_conservation();
}
