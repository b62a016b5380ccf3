// The humanitarian visa module (policy/humanitarian_visa) on scenarios/humanitarian_visa: exact quotas,
// fewer eligible than the quota, selection independent of threads; and, on the same scenario without
// visas, the intended destinations of the routes rule set.
#include "policy_test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

using namespace migroute;
using namespace migroute::test;

TEST_CASE("humanitarian visas: a quota of Q a month moves exactly Q eligible people", "[policy]") {
    const Run visas(load("humanitarian_visa"));
    const Run none(load("humanitarian_visa", {"policies[0].quota_per_month=0"}));
    const auto& issued = visas.counter("policy_humanitarian_visa_issued");
    const auto tur = 0;  // country index of TUR
    // Issued on the first day of January, February and March: 500 each, 1,500 in all.
    CHECK(issued.data[0 * issued.width + tur] == 500);
    CHECK(issued.data[31 * issued.width + tur] == 500);
    CHECK(issued.data[60 * issued.width + tur] == 500);
    CHECK(visas.counter_total("policy_humanitarian_visa_issued") == 1500);
    CHECK(visas.counter_total("policy_humanitarian_visa_used") == 1500);
    // By air from the camp; the few holders selected at Izmir fly too, without a link in this scenario.
    CHECK(visas.flow("Camp-Berlin") > 1400);
    CHECK(visas.flow("Camp-Berlin") <= 1500);
    std::int64_t berlin = 0;
    for (std::size_t d = 0; d < visas.sim->series().days(); ++d) berlin += visas.sim->series().country_arrivals.at(d, 2);
    CHECK(berlin == 1500);
    const auto& by_nationality = visas.counter("policy_humanitarian_visa_issued_by_nationality");
    std::int64_t afg = 0;
    for (std::size_t d = 0; d < by_nationality.data.size() / by_nationality.width; ++d) afg += by_nationality.data[d * by_nationality.width + 1];
    CHECK(afg == 0);  // only Syrians are eligible
    // Fewer irregular crossings: the Afghans' are unchanged (common random numbers), the Syrians' fall.
    WARN("Aegean crossings: " << visas.flow("Izmir-Lesbos") << " with visas, " << none.flow("Izmir-Lesbos") << " without");
    CHECK(visas.flow("Izmir-Lesbos") < none.flow("Izmir-Lesbos") - 100);
    visas.check_conservation();
}

TEST_CASE("humanitarian visas: when fewer are eligible than the quota, all of them travel", "[policy]") {
    const Run run(load("humanitarian_visa", {"policies[0].quota_per_month=6000", "policies[0].travel_after_days=3"}));
    const auto& issued = run.counter("policy_humanitarian_visa_issued");
    const auto& used = run.counter("policy_humanitarian_visa_used");
    CHECK(issued.data[0] == 5000);  // every Syrian in the camp on 1 January
    CHECK(run.counter_total("policy_humanitarian_visa_issued") == 5000);
    CHECK(used.data[3 * used.width] == 5000);  // three days later
    CHECK(run.counter_total("policy_humanitarian_visa_used") == 5000);
    CHECK(run.flow("Izmir-Lesbos") < 5000);  // visa holders wait for their flight instead of moving on
}

TEST_CASE("humanitarian visas: selection does not depend on the number of threads", "[policy][parallel]") {
    const Run one(load("humanitarian_visa", {"policies[0].nationalities=[SYR, AFG]"}), 1);
    const Run four(load("humanitarian_visa", {"policies[0].nationalities=[SYR, AFG]"}), 4);
    CHECK(one.counter("policy_humanitarian_visa_issued_by_nationality").data ==
          four.counter("policy_humanitarian_visa_issued_by_nationality").data);
    CHECK(one.sim->agents().where == four.sim->agents().where);
    CHECK(one.sim->agents().status == four.sim->agents().status);
}

TEST_CASE("routes: intended destinations follow the per-nationality distribution", "[routes]") {
    Scenario s = load("humanitarian_visa", {"rules=routes", "routes={destinations: {SYR: {Athens: 3, Berlin: 1}}}",
                                            "policies[0].quota_per_month=0"});
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    const RoutesRules* routes = sim.routes();
    REQUIRE(routes != nullptr);
    const auto athens = g.location_index("Athens"), berlin = g.location_index("Berlin");
    double syr = 0, syr_athens = 0, afg = 0, afg_athens = 0;
    for (std::size_t id = 0; id < sim.agents().size(); ++id) {
        const auto d = routes->intended_destination(id);
        REQUIRE((d == athens || d == berlin));
        if (sim.nationalities()[sim.agents().nationality[id]] == "SYR") syr += 1, syr_athens += d == athens;
        else afg += 1, afg_athens += d == athens;
    }
    CHECK(std::abs(syr_athens / syr - 0.75) < 0.025);  // 5,000 draws: 4 standard errors
    CHECK(std::abs(afg_athens / afg - 0.5) < 0.03);    // no entry and no default: all destinations alike
    // Berlin is reached only by air: no route on land or sea, so its route cost from the camp is infinite.
    CHECK(std::isinf(routes->route_cost(1, g.location_index("Camp"))));
}
