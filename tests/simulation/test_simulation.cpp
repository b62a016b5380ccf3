// The day loop on small hand-checked graphs: exact counts, conservation, determinism across threads.
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"

#include <catch2/catch.hpp>

using namespace migroute;

namespace {

// A (town) --100 km-- B (town) --100 km-- C (destination), all in one country, move chance 1.
Scenario three_locations(double speed_km_per_day) {
    Scenario s;
    s.name = "three";
    s.start = Date{2020, 1, 1};
    s.days = 4;
    s.persons_per_agent = 2;
    s.countries = {Country{"AAA", "A-land", {CountryRole::origin}, 0, 0}};
    for (const char* name : {"A", "B"}) {
        Location l;
        l.name = name;
        l.country = "AAA";
        l.type = LocationType::town;
        l.move_chance = 1.0;
        s.locations.push_back(l);
    }
    Location c;
    c.name = "C";
    c.country = "AAA";
    c.type = LocationType::destination;
    s.locations.push_back(c);
    for (auto [from, to] : {std::pair{"A", "B"}, std::pair{"B", "C"}}) {
        LinkSpec l;
        l.from = from;
        l.to = to;
        l.distance_km = 100;
        l.speed_km_per_day = speed_km_per_day;
        s.links.push_back(l);
    }
    s.initial = {Placement{"A", "XXX", 20}};
    return s;
}

}  // namespace

TEST_CASE("three locations: people cross two links in two days at 150 km/day", "[simulation]") {
    const Scenario s = three_locations(150.0);
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    sim.run(s.days);
    const Series& out = sim.series();
    const auto A = g.location_index("A"), B = g.location_index("B"), C = g.location_index("C");
    const auto AB = g.link_index("A-B"), BC = g.link_index("B-C");
    // Day 0: A->B takes 2/3 of the day, then 50 km of B->C; nobody goes back to A.
    CHECK(out.location_population.at(0, A) == 0);
    CHECK(out.location_population.at(0, B) == 0);
    CHECK(out.link_population.at(0, BC) == 20);
    CHECK(out.link_flow.at(0, AB) == 20);
    CHECK(out.link_flow.at(0, BC) == 20);
    CHECK(out.link_flow.at(0, g.link_index("B-A")) == 0);
    // Day 1: the remaining 50 km, arrival at the destination, where people stay.
    CHECK(out.location_population.at(1, C) == 20);
    CHECK(out.country_arrivals.at(1, 0) == 20);
    CHECK(out.country_arrivals.at(0, 0) == 0);
    CHECK(out.total_arrived.back() == 20);
    CHECK(out.location_population.at(3, C) == 20);
    CHECK(out.link_flow.at(2, BC) == 0);
}

TEST_CASE("three locations: a fast day chains both hops", "[simulation]") {
    const Scenario s = three_locations(360.0);
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    sim.step();
    CHECK(sim.series().country_arrivals.at(0, 0) == 20);
    CHECK(sim.series().location_population.at(0, g.location_index("C")) == 20);
}

TEST_CASE("a certain death on a crossing kills everyone who crosses", "[simulation][parallel]") {
    Scenario s = three_locations(150.0);
    s.links[1].death_risk_per_crossing = 1.0;
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 2);
    sim.run(3);
    const auto BC = g.link_index("B-C");
    CHECK(sim.series().link_deaths.at(1, BC) == 20);
    CHECK(sim.series().total_dead.back() == 20);
    CHECK(sim.series().total_arrived.back() == 0);
    CHECK(sim.series().total_alive.back() == 0);
}

TEST_CASE("spawning carries fractions of an agent so that totals are exact", "[simulation]") {
    Scenario s = three_locations(150.0);
    s.initial.clear();
    SpawnRule r;
    r.at = "A";
    r.nationality = "XXX";
    r.per_day = 3.0;  // 1.5 agents a day at 2 persons per agent
    r.from_day = 1;
    r.to_day = 2;
    s.spawn.push_back(r);
    s.days = 4;
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    sim.run(s.days);
    const auto& spawned = sim.series().total_spawned;
    CHECK(spawned[0] == 0);
    CHECK(spawned[1] == 2);   // 1.5 agents: 1 now, 0.5 carried
    CHECK(spawned[2] == 6);   // 0.5 + 1.5 = 2 agents
    CHECK(spawned[3] == 6);   // the window has closed
}

TEST_CASE("capacity multiplier stops choices of a full camp", "[simulation]") {
    Scenario s = three_locations(360.0);
    s.locations[2].type = LocationType::camp;
    s.locations[2].capacity = 10.0;  // 5 agents
    s.locations[2].move_chance = 0.0;
    s.initial = {Placement{"A", "XXX", 10}, Placement{"C", "XXX", 10}};
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    sim.step();
    // C is full: nobody at B can choose it, and going back to A is avoided only while another choice exists.
    CHECK(sim.series().link_flow.at(0, g.link_index("B-C")) == 0);
    CHECK(sim.series().location_population.at(0, g.location_index("C")) == 10);
}
