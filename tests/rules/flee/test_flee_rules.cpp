// The flee rule set on tiny hand-made Flee folders (tests/data/flee/rules_*), with counts worked out
// by hand: spawning with debt and decay, the capacity multiplier, closures opening and lifting, conflict
// zones appearing and reverting, agents turned back on a closed link, several hops a day,
// avoid_short_stints, start_on_foot, awareness paths through markers, planned routes. Determinism
// across thread counts and the validation command: tests/cli/test_flee_cli.cpp.
#include "rules/flee/flee_rules.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/flee_output.hpp"
#include "io/flee_scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace migroute;
using flee::LocationKind;

namespace {

std::string folder(const std::string& name) { return std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/flee/" + name; }

struct Run {
    Scenario scenario;
    RouteGraph graph;
    std::unique_ptr<Simulation> sim;

    explicit Run(const std::string& name, const std::vector<std::string>& overrides = {}, int threads = 1)
        : scenario(load_flee_scenario(folder(name), overrides)), graph(build_route_graph(scenario)) {
        sim = std::make_unique<Simulation>(scenario, graph, threads);
    }
    std::uint32_t at(const std::string& location) const { return graph.location_index(location); }
    std::uint32_t link(const std::string& from, const std::string& to) const { return graph.link_index(from + "-" + to); }
    const FleeRules& rules() const { return *sim->flee(); }
    // Persons at a location at the end of `day`.
    std::int64_t population(const std::string& location, std::size_t day) const {
        return sim->series().location_population.at(day, at(location));
    }
    std::int64_t on_link(const std::string& from, const std::string& to, std::size_t day) const {
        return sim->series().link_population.at(day, link(from, to));
    }
};

}  // namespace

TEST_CASE("flee: validation spawning follows rises of the camp total, repays falls, decays by zone", "[flee]") {
    Run r("rules_spawn");
    r.sim->run(8);
    const auto& s = r.sim->series();
    // Camp total 10, 15, 12, 14, 20, 20, 20, 22: 10 inserted on day 0; +5 on day 1; the fall of 3 on
    // day 2 is a debt that the rise of day 3 repays; +5 on day 4 (20 - max so far 15); +2 on day 7.
    CHECK(s.total_spawned == std::vector<std::int64_t>{10, 15, 15, 15, 20, 20, 20, 20});
    // Decay [1, 1, 0] by 2 days: A (conflict from day 0) spawns nobody from day 4; B is a conflict zone
    // from day 3 (conflict_date) and spawns nobody from day 7; so the 2 due on day 7 have nowhere to go.
    CHECK(r.rules().spawn_debt() == 2);
    for (std::size_t d = 0; d < 8; ++d) CHECK(r.population("C", d) == 10);
    CHECK(r.population("A", 0) == 0);
    for (std::size_t d = 1; d < 8; ++d) CHECK(r.population("A", d) == 5);
    for (std::size_t d = 0; d < 4; ++d) CHECK(r.population("B", d) == 0);
    for (std::size_t d = 4; d < 8; ++d) CHECK(r.population("B", d) == 5);
    CHECK(r.rules().kind(r.at("B")) == LocationKind::conflict_zone);
}

TEST_CASE("flee: spawning is proportional to population x intensity", "[flee]") {
    // 1000 and 3000 people, both zones at intensity 1 from day 3 on: a quarter of those spawned on day 4 at A.
    Run r("rules_spawn", {"spawn_rules.conflict_spawn_decay=[1.0]", "move_rules.conflict_movechance=0"});
    r.sim->run(5);
    CHECK(r.population("A", 4) - r.population("A", 3) + r.population("B", 4) == 5);
}

TEST_CASE("flee: capacity multiplier with capacity_buffer and capacity_scaling, day-0 people count", "[flee]") {
    {
        Run r("rules_capacity");
        r.sim->step();
        const FleeRules& f = r.rules();
        CHECK(f.capacity_multiplier(r.at("C1")) == Approx(0.5));  // 95 of 100: (100 - 95) / (100 - 90)
        CHECK(f.capacity_multiplier(r.at("C2")) == 1.0);
        CHECK(f.capacity_multiplier(r.at("C3")) == 0.0);          // full
        // Weights from A: score 1 / (softening 10 + km) x multiplier.
        const auto a = r.at("A");
        REQUIRE(f.path_count(a) == 3);
        for (std::size_t i = 0; i < 3; ++i) {
            const auto end = f.path_end(a, i);
            const double expected = 1.0 / (10.0 + f.path_km(a, i)) * f.capacity_multiplier(end);
            CHECK(f.path_weight(a, i) == Approx(expected));
        }
    }
    {
        Run r("rules_capacity", {"move_rules.capacity_scaling=2"});  // capacities 200: 95 < 180, 100 < 180
        r.sim->step();
        CHECK(r.rules().capacity_multiplier(r.at("C1")) == 1.0);
        CHECK(r.rules().capacity_multiplier(r.at("C3")) == 1.0);
    }
    {
        Run r("rules_capacity", {"move_rules.capacity_buffer=0.5"});  // C1: (100 - 95) / (100 - 50)
        r.sim->step();
        CHECK(r.rules().capacity_multiplier(r.at("C1")) == Approx(0.1));
    }
}

TEST_CASE("flee: closures act on start_day and end_day only, conflicts appear and revert", "[flee]") {
    Run r("rules_closures");
    const auto& open = r.sim->tables().link_open;
    auto is_open = [&](const char* a, const char* b) {
        const bool ab = open[r.link(a, b)] != 0;
        CHECK(ab == (open[r.link(b, a)] != 0));  // both directions
        return ab;
    };
    struct Day {
        bool ac, at, td;
        LocationKind d, a, t;
    };
    // link A-C closes on day 1 and never reopens (-1); camp D is a town on days 2-3; link A-T closed on
    // days 3-4; country Home-Away closes T-D (and A-C) on day 6, never reopened (end 2 < start 6);
    // location T closes A-T and T-D on day 7 and reopens them on day 8 (T-D stays closed by the country
    // closure). conflicts.csv: A a zone until day 5, a town from day 6; T a zone from day 3.
    const std::vector<Day> expected = {
        {true, true, true, LocationKind::camp, LocationKind::conflict_zone, LocationKind::town},
        {false, true, true, LocationKind::camp, LocationKind::conflict_zone, LocationKind::town},
        {false, true, true, LocationKind::town, LocationKind::conflict_zone, LocationKind::town},
        {false, false, true, LocationKind::town, LocationKind::conflict_zone, LocationKind::conflict_zone},
        {false, false, true, LocationKind::camp, LocationKind::conflict_zone, LocationKind::conflict_zone},
        {false, true, true, LocationKind::camp, LocationKind::conflict_zone, LocationKind::conflict_zone},
        {false, true, false, LocationKind::camp, LocationKind::town, LocationKind::conflict_zone},
        {false, false, false, LocationKind::camp, LocationKind::town, LocationKind::conflict_zone},
        {false, true, false, LocationKind::camp, LocationKind::town, LocationKind::conflict_zone},
        {false, true, false, LocationKind::camp, LocationKind::town, LocationKind::conflict_zone},
    };
    const FleeRules& f = r.rules();
    for (std::size_t d = 0; d < expected.size(); ++d) {
        r.sim->step();
        INFO("day " << d);
        CHECK(is_open("A", "C") == expected[d].ac);
        CHECK(is_open("A", "T") == expected[d].at);
        CHECK(is_open("T", "D") == expected[d].td);
        CHECK(f.kind(r.at("D")) == expected[d].d);
        CHECK(f.kind(r.at("A")) == expected[d].a);
        CHECK(f.kind(r.at("T")) == expected[d].t);
        // A closed camp loses the camp's move chance; T as a zone at intensity 0.5 scores 0.25^0.5.
        CHECK(f.move_chance(r.at("D")) == (expected[d].d == LocationKind::camp ? 0.001 : 0.3));
        if (expected[d].t == LocationKind::conflict_zone) CHECK(f.score(r.at("T")) == Approx(0.5));
        // Candidate paths through a closed link weigh nothing.
        for (std::size_t i = 0; i < f.path_count(r.at("A")); ++i)
            if (f.path_end(r.at("A"), i) == r.at("C")) CHECK((f.path_weight(r.at("A"), i) > 0.0) == expected[d].ac);
    }
}

TEST_CASE("flee: an agent reaching the end of a link closed while it travelled goes back to its start", "[flee]") {
    Run r("rules_turnback");
    r.sim->run(5);
    // Day 0: on A-C (400 of 1000 km); day 1: 800 km, the link closes; day 2: 1200 > 1000, back at A;
    // later: A's only link is closed, so it stays.
    CHECK(r.on_link("A", "C", 0) == 1);
    CHECK(r.on_link("A", "C", 1) == 1);
    for (std::size_t d = 2; d < 5; ++d) {
        CHECK(r.on_link("A", "C", d) == 0);
        CHECK(r.population("A", d) == 1);
        CHECK(r.population("C", d) == 0);
    }
}

TEST_CASE("flee: several hops a day, avoid_short_stints, start_on_foot, multi-day links", "[flee]") {
    SECTION("A-T-C in one day: at T after 100 of 400 km, a short stint, so it moves on at once") {
        Run r("rules_hops");
        r.sim->run(5);
        for (std::size_t d = 0; d < 5; ++d) CHECK(r.population("C", d) == 1);
        // recent = (0 + 200 / 400) / 2 on day 0, then halves every day without travel.
        CHECK(r.rules().recent_travel(0) == Approx(0.25 / 16));
    }
    SECTION("without avoid_short_stints it stays at T (move chance 0 there)") {
        Run r("rules_hops", {"move_rules.avoid_short_stints=false"});
        r.sim->run(5);
        for (std::size_t d = 0; d < 5; ++d) {
            CHECK(r.population("T", d) == 1);
            CHECK(r.population("C", d) == 0);
        }
    }
    SECTION("at 150 km/day: A-T (100 km), then 50 km left today on T-C; there on day 1") {
        Run r("rules_hops", {"move_rules.max_move_speed=150"});
        r.sim->run(3);
        CHECK(r.on_link("T", "C", 0) == 1);
        CHECK(r.population("C", 1) == 1);
    }
    SECTION("start_on_foot: the first link at 35 km/day (arrives on day 2 with 30 km moved), then on") {
        Run r("rules_hops", {"move_rules.start_on_foot=true"});
        r.sim->run(4);
        CHECK(r.on_link("A", "T", 0) == 1);
        CHECK(r.on_link("A", "T", 1) == 1);
        CHECK(r.population("C", 2) == 1);
        CHECK(r.population("C", 3) == 1);
    }
}

TEST_CASE("flee: candidate paths up to awareness_level hops, markers pass through, planned routes", "[flee]") {
    auto paths_from = [](const Run& r, const std::string& origin) {
        std::vector<std::pair<std::string, double>> out;
        const auto o = r.at(origin);
        for (std::size_t i = 0; i < r.rules().path_count(o); ++i) {
            std::string names;
            for (const auto k : r.rules().path_links(o, i)) names += r.graph.location_name[r.graph.link_to[k]] + " ";
            out.emplace_back(names, r.rules().path_km(o, i));
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    using P = std::vector<std::pair<std::string, double>>;
    {
        Run r("rules_awareness", {"move_rules.awareness_level=1"});
        CHECK(paths_from(r, "A") == P{{"M T3 ", 50.0}, {"T1 ", 100.0}});
    }
    {
        Run r("rules_awareness", {"move_rules.awareness_level=2"});
        CHECK(paths_from(r, "A") == P{{"M T3 ", 50.0}, {"M T3 C ", 90.0}, {"T1 ", 100.0}, {"T1 T2 ", 600.0}});
        CHECK(paths_from(r, "M") == P{{"A ", 20.0}, {"A T1 ", 120.0}, {"T3 ", 30.0}, {"T3 C ", 70.0}});
        CHECK(paths_from(r, "T2") == P{{"T1 ", 500.0}, {"T1 A ", 600.0}});
    }
    {
        Run r("rules_awareness", {"move_rules.awareness_level=3"});
        CHECK(paths_from(r, "A") == P{{"M T3 ", 50.0}, {"M T3 C ", 90.0}, {"T1 ", 100.0}, {"T1 T2 ", 600.0}});
        CHECK(paths_from(r, "M") ==
              P{{"A ", 20.0}, {"A T1 ", 120.0}, {"A T1 T2 ", 620.0}, {"T3 ", 30.0}, {"T3 C ", 70.0}});
        // T2 - T1 - A - M - T3: the marker is no hop, so T3 is the third.
        CHECK(paths_from(r, "T2") == P{{"T1 ", 500.0}, {"T1 A ", 600.0}, {"T1 A M T3 ", 650.0}});
    }
    SECTION("planned routes are followed through towns nobody leaves by chance") {
        Run r("rules_awareness");  // awareness 2
        r.sim->run(4);
        const std::int64_t t1 = r.population("T1", 3), t2 = r.population("T2", 3), t3 = r.population("T3", 3),
                           c = r.population("C", 3);
        CHECK(t1 + t2 + t3 + c == 1000);
        CHECK(r.population("M", 0) == 0);
        // Day 0: the T1-T2 planners are on T1-T2 (300 of 500 km left after 100 km), at T2 on day 1.
        CHECK(r.on_link("T1", "T2", 0) == t2);
        // Weights 1/110, 1/610, 1/60, 1/100 (softening 10): expected shares, within 4.5 sd.
        const double w[4] = {1.0 / 110, 1.0 / 610, 1.0 / 60, 1.0 / 100};
        const double total = w[0] + w[1] + w[2] + w[3];
        const std::int64_t got[4] = {t1, t2, t3, c};
        for (int i = 0; i < 4; ++i) {
            const double p = w[i] / total;
            CHECK(std::abs(static_cast<double>(got[i]) - 1000 * p) < 4.5 * std::sqrt(1000 * p * (1 - p)));
        }
    }
}
