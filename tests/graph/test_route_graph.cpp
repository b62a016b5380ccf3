// The route graph (graph/route_graph) on small hand-built scenarios: the CSR layout, name lookups, the
// errors and warnings of the graph check, and shortest remaining distances and costs to a target.
#include "graph/route_graph.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace migroute;

namespace {

constexpr auto kNone = RouteGraph::kNone;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Loc {
    const char* name;
    const char* country;
    LocationType type;
};

struct Link {
    const char* from;
    const char* to;
    double km;
    bool two_way = true;
    LinkMode mode = LinkMode::land;
};

// A scenario with only what the graph reads: countries, locations, links, and people placed at `start`
// (none if empty).
Scenario graph_scenario(const std::vector<const char*>& countries, const std::vector<Loc>& locations,
                        const std::vector<Link>& links, const std::string& start = "") {
    Scenario s;
    s.name = "graph";
    s.source_path = "g.yaml";
    s.start = Date{2020, 1, 1};
    s.days = 1;
    for (const char* code : countries) s.countries.push_back(Country{code, code, {CountryRole::transit}, 0, 0});
    for (const auto& l : locations) {
        Location loc;
        loc.name = l.name;
        loc.country = l.country;
        loc.type = l.type;
        s.locations.push_back(loc);
    }
    for (const auto& l : links) {
        LinkSpec spec;
        spec.from = l.from;
        spec.to = l.to;
        spec.distance_km = l.km;
        spec.two_way = l.two_way;
        spec.mode = l.mode;
        s.links.push_back(spec);
    }
    if (!start.empty()) s.initial = {Placement{start, "XXX", 10}};
    return s;
}

// The message of the InputError that building the graph throws, or "no error".
std::string graph_error(const Scenario& s) {
    try {
        build_route_graph(s);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

// A (town, TUR) <-> B (coast, TUR) -> D (landing, GRC) -> E (destination, GRC), and C (town, TUR) <-> A.
// The links are listed out of CSR order: C-A before A-B.
Scenario five_locations() {
    return graph_scenario({"TUR", "GRC"},
                          {{"A", "TUR", LocationType::town},
                           {"B", "TUR", LocationType::coast},
                           {"C", "TUR", LocationType::town},
                           {"D", "GRC", LocationType::landing},
                           {"E", "GRC", LocationType::destination}},
                          {{"C", "A", 50},
                           {"A", "B", 100},
                           {"B", "D", 30, false, LinkMode::sea},
                           {"D", "E", 20, false}},
                          "A");
}

}  // namespace

TEST_CASE("route graph: links in CSR order, two directed links for a two-way entry, one for a one-way", "[graph]") {
    const Scenario s = five_locations();
    GraphReport report;
    report.warnings = {"left over from before"};
    const RouteGraph g = build_route_graph(s, &report);
    CHECK(report.warnings.empty());

    REQUIRE(g.location_count() == 5);
    REQUIRE(g.link_count() == 6);  // 2 + 2 + 1 + 1
    CHECK(g.location_name == std::vector<std::string>{"A", "B", "C", "D", "E"});
    // By source, then by target: A-B, A-C | B-A, B-D | C-A | D-E | (E: none).
    CHECK(g.out_begin == std::vector<std::uint32_t>{0, 2, 4, 5, 6, 6});
    CHECK(g.link_name == std::vector<std::string>{"A-B", "A-C", "B-A", "B-D", "C-A", "D-E"});
    CHECK(g.link_from == std::vector<std::uint32_t>{0, 0, 1, 1, 2, 3});
    CHECK(g.link_to == std::vector<std::uint32_t>{1, 2, 0, 3, 0, 4});
    CHECK(g.link_km == std::vector<double>{100, 50, 100, 30, 50, 20});
    CHECK(g.link_spec == std::vector<std::uint32_t>{1, 0, 1, 2, 0, 3});
    CHECK(g.link_reverse == std::vector<std::uint32_t>{2, 4, 0, kNone, 1, kNone});
    CHECK(g.link_mode == std::vector<LinkMode>{LinkMode::land, LinkMode::land, LinkMode::land, LinkMode::sea,
                                               LinkMode::land, LinkMode::land});
    // Every outgoing range holds exactly the links that leave that location.
    for (std::uint32_t l = 0; l < g.location_count(); ++l)
        for (std::uint32_t k = g.out_begin[l]; k < g.out_begin[l + 1]; ++k) CHECK(g.link_from[k] == l);
    CHECK(g.location_type == std::vector<LocationType>{LocationType::town, LocationType::coast, LocationType::town,
                                                       LocationType::landing, LocationType::destination});
}

TEST_CASE("route graph: countries in scenario order, locations point at theirs", "[graph]") {
    const RouteGraph g = build_route_graph(five_locations());
    REQUIRE(g.country_count() == 2);
    CHECK(g.country_code == std::vector<std::string>{"TUR", "GRC"});  // not sorted
    CHECK(g.location_country == std::vector<std::uint32_t>{0, 0, 0, 1, 1});
}

TEST_CASE("route graph: lookups by name, kNone for unknown names", "[graph]") {
    const RouteGraph g = build_route_graph(five_locations());
    CHECK(g.location_index("A") == 0);
    CHECK(g.location_index("C") == 2);
    CHECK(g.location_index("E") == 4);
    CHECK(g.location_index("F") == kNone);
    CHECK(g.location_index("a") == kNone);
    CHECK(g.location_index("") == kNone);
    CHECK(g.link_index("A-B") == 0);
    CHECK(g.link_index("C-A") == 4);
    CHECK(g.link_index("D-E") == 5);
    CHECK(g.link_index("D-B") == kNone);  // B-D is one-way
    CHECK(g.link_index("A-D") == kNone);
    CHECK(g.link_index("A") == kNone);
    CHECK(g.link_km[g.link_index("B-D")] == 30);
    CHECK(g.link_km[g.link_index("A-C")] == 50);
    CHECK(kNone == 0xffffffffu);
}

TEST_CASE("route graph: invalid graphs are input errors that name the problem", "[graph]") {
    const std::vector<Loc> ab = {{"A", "TUR", LocationType::town}, {"B", "TUR", LocationType::destination}};

    CHECK(graph_error(graph_scenario({"TUR", "GRC", "TUR"}, ab, {{"A", "B", 10}}, "A")) ==
          "g.yaml: duplicate country code 'TUR'");
    CHECK(graph_error(graph_scenario({"TUR"}, {}, {}, "")) == "g.yaml: the scenario has no locations");
    CHECK(graph_error(graph_scenario({"TUR"}, {ab[0], ab[1], {"A", "TUR", LocationType::camp}}, {{"A", "B", 10}}, "A")) ==
          "g.yaml: duplicate location name 'A'");
    CHECK(graph_error(graph_scenario({"TUR"}, {ab[0], {"B", "GRC", LocationType::destination}}, {{"A", "B", 10}}, "A")) ==
          "g.yaml: location 'B' names unknown country 'GRC'");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "X", 10}}, "A")) ==
          "g.yaml: link 'A-X' has an unknown endpoint 'X'");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"Y", "B", 10}}, "A")) ==
          "g.yaml: link 'Y-B' has an unknown endpoint 'Y'");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", 10}, {"B", "B", 10}}, "A")) ==
          "g.yaml: link 'B-B' leads from a location to itself");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", 0}}, "A")) ==
          "g.yaml: link 'A-B' must have a distance > 0 km");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", -5}}, "A")) ==
          "g.yaml: link 'A-B' must have a distance > 0 km");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", std::nan("")}}, "A")) ==
          "g.yaml: link 'A-B' must have a distance > 0 km");
    // The same directed link twice: two entries A-B, or a two-way A-B and a one-way B-A.
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", 10, false}, {"A", "B", 20, false}}, "A")) ==
          "g.yaml: duplicate link 'A-B'");
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", 10}, {"B", "A", 20, false}}, "A")) ==
          "g.yaml: duplicate link 'B-A'");
    // A location without any link, when there are others.
    CHECK(graph_error(graph_scenario({"TUR"}, {ab[0], ab[1], {"C", "TUR", LocationType::town}}, {{"A", "B", 10}}, "A")) ==
          "g.yaml: location 'C' has no links: no one can reach or leave it");
    // People placed or spawned where there is no way out, unless it is a destination or a camp.
    const std::vector<Link> b_to_a = {{"B", "A", 10, false}};
    CHECK(graph_error(graph_scenario({"TUR"}, ab, b_to_a, "A")) == "g.yaml: people start at 'A', which has no outgoing link");
    Scenario spawned = graph_scenario({"TUR"}, ab, b_to_a);
    SpawnRule rule;
    rule.at = "A";
    rule.nationality = "XXX";
    rule.per_day = 1;
    spawned.spawn.push_back(rule);
    CHECK(graph_error(spawned) == "g.yaml: people start at 'A', which has no outgoing link");
    for (const auto type : {LocationType::destination, LocationType::camp, LocationType::idpcamp}) {
        INFO(to_string(type));
        CHECK(graph_error(graph_scenario({"TUR"}, {{"A", "TUR", type}, ab[1]}, b_to_a, "A")) == "no error");
    }
    CHECK(graph_error(graph_scenario({"TUR"}, ab, {{"A", "B", 10, false}}, "A")) == "no error");
}

TEST_CASE("route graph: dead ends and unreachable locations are warnings", "[graph]") {
    // A -> B (town, no way out), A -> E (destination, no way out: fine), C <-> D (not reachable from A).
    const Scenario s = graph_scenario({"TUR"},
                                      {{"A", "TUR", LocationType::town},
                                       {"B", "TUR", LocationType::town},
                                       {"C", "TUR", LocationType::town},
                                       {"D", "TUR", LocationType::camp},
                                       {"E", "TUR", LocationType::destination}},
                                      {{"A", "B", 10, false}, {"C", "D", 10}, {"A", "E", 10, false}}, "A");
    GraphReport report;
    const RouteGraph g = build_route_graph(s, &report);
    CHECK(g.link_count() == 4);
    CHECK(report.warnings == std::vector<std::string>{
                                 "location 'B' (town) has no outgoing link: no one can leave it",
                                 "location 'C' cannot be reached from any location where people start",
                                 "location 'D' cannot be reached from any location where people start",
                             });
    // Without anyone placed or spawned, reachability is not judged.
    GraphReport empty_start;
    build_route_graph(graph_scenario({"TUR"}, {{"A", "TUR", LocationType::town}, {"B", "TUR", LocationType::town}},
                                     {{"A", "B", 10, false}}),
                      &empty_start);
    CHECK(empty_start.warnings == std::vector<std::string>{"location 'B' (town) has no outgoing link: no one can leave it"});
}

namespace {

// A <-> B, A <-> C, B <-> C, B -> E, C -> E, D -> A; E is the destination.
Scenario diamond() {
    return graph_scenario({"TUR"},
                          {{"A", "TUR", LocationType::town},
                           {"B", "TUR", LocationType::town},
                           {"C", "TUR", LocationType::town},
                           {"D", "TUR", LocationType::town},
                           {"E", "TUR", LocationType::destination}},
                          {{"A", "B", 4}, {"A", "C", 1}, {"B", "C", 2}, {"B", "E", 5, false}, {"C", "E", 10, false},
                           {"D", "A", 3, false}},
                          "D");
}

// Per link id: the cost of each named link, the link's km for the others.
std::vector<double> costs_with(const RouteGraph& g, const std::vector<std::pair<const char*, double>>& costs) {
    std::vector<double> c = g.link_km;
    for (const auto& [name, cost] : costs) {
        const auto k = g.link_index(name);
        REQUIRE(k != kNone);
        c[k] = cost;
    }
    return c;
}

}  // namespace

TEST_CASE("route graph: costs_to gives the cheapest remaining cost, leaving out infinite links", "[graph]") {
    const RouteGraph g = build_route_graph(diamond());
    const auto A = g.location_index("A"), B = g.location_index("B"), C = g.location_index("C"),
               D = g.location_index("D"), E = g.location_index("E");

    // Costs = km. To E: B 5 (direct); C min(10, 2 + 5) = 7; A min(4 + 5, 1 + 7) = 8; D 3 + 8 = 11.
    std::vector<double> cost = costs_to(g, E, g.link_km);
    CHECK(cost == std::vector<double>{8, 5, 7, 11, 0});
    // B-E left out: B 2 + 10 = 12; C 10; A min(4 + 12, 1 + 10) = 11; D 14.
    cost = costs_to(g, E, costs_with(g, {{"B-E", kInf}}));
    CHECK(cost == std::vector<double>{11, 12, 10, 14, 0});
    // Both ways into E left out: only E itself.
    cost = costs_to(g, E, costs_with(g, {{"B-E", kInf}, {"C-E", kInf}}));
    CHECK(cost[E] == 0);
    for (const auto l : {A, B, C, D}) CHECK(std::isinf(cost[l]));
    // To A: B min(4, 2 + 1) = 3; C 1; D 3; E has no way out.
    cost = costs_to(g, A, g.link_km);
    CHECK(cost[A] == 0);
    CHECK(cost[B] == 3);
    CHECK(cost[C] == 1);
    CHECK(cost[D] == 3);
    CHECK(std::isinf(cost[E]));
    // Costs other than km, one direction only: C->A expensive, A->C unchanged.
    cost = costs_to(g, A, costs_with(g, {{"C-A", 100}}));
    CHECK(cost == std::vector<double>{0, 4, 6, 3, kInf});  // C: 2 + 4
    cost = costs_to(g, C, costs_with(g, {{"C-A", 100}}));
    CHECK(cost == std::vector<double>{1, 2, 0, 4, kInf});
    // A zero cost is a cost like any other.
    cost = costs_to(g, E, costs_with(g, {{"D-A", 0}, {"A-C", 0}}));
    CHECK(cost == std::vector<double>{7, 5, 7, 7, 0});
}

TEST_CASE("route graph: distances_to uses the km of the open links only", "[graph]") {
    const RouteGraph g = build_route_graph(diamond());
    const auto E = g.location_index("E");
    CHECK(distances_to(g, E, {}) == std::vector<double>{8, 5, 7, 11, 0});  // empty: every link open
    std::vector<std::uint8_t> open(g.link_count(), 1);
    open[g.link_index("B-E")] = 0;
    CHECK(distances_to(g, E, open) == std::vector<double>{11, 12, 10, 14, 0});
    open[g.link_index("A-C")] = 0;
    // A: 4 + 12 = 16; D: 19.
    CHECK(distances_to(g, E, open) == std::vector<double>{16, 12, 10, 19, 0});
}
