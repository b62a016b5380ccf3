// Policy modules and the routes rule set on the small scenarios of scenarios/ (issue 4's acceptance):
// exact counts on hand-checked graphs, statistical checks over fixed seeds, error messages.
#include "util/error.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/scenario_yaml.hpp"
#include "policy/registry.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

using namespace migroute;

namespace {

const std::string kScenarios = std::string(MIGROUTE_SOURCE_DIR) + "/scenarios/";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A scenario, its graph and a simulation with the scenario's policies, run to the end.
struct Run {
    Scenario scenario;
    RouteGraph graph;
    std::unique_ptr<Simulation> sim;

    Run(Scenario s, int threads = 1) : scenario(std::move(s)), graph(build_route_graph(scenario)) {
        sim = std::make_unique<Simulation>(scenario, graph, threads);
        for (auto& module : policy::create_policies(scenario)) sim->add_policy(std::move(module));
        sim->run(scenario.days);
    }
    std::int64_t flow(const std::string& link) const {
        const auto k = graph.link_index(link);
        REQUIRE(k != RouteGraph::kNone);
        std::int64_t sum = 0;
        for (std::size_t d = 0; d < sim->series().days(); ++d) sum += sim->series().link_flow.at(d, k);
        return sum;
    }
    std::int64_t deaths(const std::string& link) const {
        const auto k = graph.link_index(link);
        std::int64_t sum = 0;
        for (std::size_t d = 0; d < sim->series().days(); ++d) sum += sim->series().link_deaths.at(d, k);
        return sum;
    }
    const CounterSeries& counter(const std::string& name) const {
        for (const auto& module : sim->policies())
            for (const auto& c : module->counters())
                if (c.name == name) {
                    static std::map<std::string, CounterSeries> keep;
                    keep[name] = c;
                    return keep[name];
                }
        FAIL("no counter " << name);
        throw std::logic_error("unreachable");
    }
    std::int64_t counter_total(const std::string& name) const {
        std::int64_t sum = 0;
        for (const auto v : counter(name).data) sum += v;
        return sum;
    }
    void check_conservation() const {
        const Series& s = sim->series();
        for (std::size_t d = 0; d < s.days(); ++d)
            REQUIRE(s.total_spawned[d] == s.total_alive[d] + s.total_dead[d] + s.total_left[d]);
    }
};

Scenario load(const std::string& name, const std::vector<std::string>& overrides = {}) {
    return load_scenario(kScenarios + name + "/scenario.yaml", overrides);
}

std::string error_of(const std::string& yaml) {
    try {
        load_scenario_text(yaml, "p.yaml");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

// ---- registry and validation ----------------------------------------------------------------------

TEST_CASE("every module of issue 4 is registered by name", "[policy]") {
    const auto names = policy::registered_policies();
    for (const char* type : {"aid", "closure", "humanitarian_visa", "interception", "pushback", "search_and_rescue"})
        CHECK(std::find(names.begin(), names.end(), type) != names.end());
}

TEST_CASE("policy errors list the valid options", "[policy]") {
    const std::string base = read_text(kScenarios + "substitution/scenario.yaml");
    const auto cut = base.find("policies:");
    REQUIRE(cut != std::string::npos);
    const std::string head = base.substr(0, cut);
    auto with = [&](const std::string& policy) { return error_of(head + "policies:\n  - " + policy + "\n"); };

    // Unknown module name: the registered names, and a suggestion.
    std::string e = with("{type: pushbak, links: [BorderPost-LandEntry], probability: 0.5}");
    CHECK_THAT(e, Catch::Contains("key 'policies[0].type'"));
    CHECK_THAT(e, Catch::Contains("expected one of aid, closure, humanitarian_visa, interception, pushback, search_and_rescue"));
    CHECK_THAT(e, Catch::Contains("found unknown policy type 'pushbak'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'pushback'?"));
    CHECK_THAT(e, Catch::Contains("p.yaml:"));
    // Unknown key, with a suggestion.
    e = with("{type: pushback, links: [BorderPost-LandEntry], probabilty: 0.5}");
    CHECK_THAT(e, Catch::Contains("policies[0] (pushback): key 'probabilty'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'probability'?"));
    // Unknown target: the valid names.
    e = with("{type: pushback, links: [BorderPost-Landentry], probability: 0.5}");
    CHECK_THAT(e, Catch::Contains("key 'links[0]'"));
    CHECK_THAT(e, Catch::Contains("unknown link 'BorderPost-Landentry'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'BorderPost-LandEntry'?"));
    CHECK_THAT(e, Catch::Contains("valid: Homeland-Hub, Hub-Homeland"));
    e = with("{type: search_and_rescue, links: [Hub-Coast]}");
    CHECK_THAT(e, Catch::Contains("unknown sea link 'Hub-Coast'"));
    CHECK_THAT(e, Catch::Contains("valid: Coast-Island, Island-Capital"));
    e = with("{type: aid, countries: [TRM]}");
    CHECK_THAT(e, Catch::Contains("unknown country 'TRM'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'TRN'?"));
    e = with("{type: aid, locations: [Hub], nationalities: [AFG]}");
    CHECK_THAT(e, Catch::Contains("unknown nationality 'AFG'"));
    CHECK_THAT(e, Catch::Contains("valid: SYR"));
    e = with("{type: humanitarian_visa, issuing_countries: [TRN], quota_per_month: 10, destinations: [Hub]}");
    CHECK_THAT(e, Catch::Contains("unknown destination location 'Hub'"));
    CHECK_THAT(e, Catch::Contains("valid: Capital"));
    // Bad windows.
    e = with("{type: closure, links: [Hub-Coast], from: 2020-02-01, to: 2020-01-15}");
    CHECK_THAT(e, Catch::Contains("key 'to'"));
    CHECK_THAT(e, Catch::Contains("on or after 'from' (2020-02-01, day 31)"));
    CHECK_THAT(e, Catch::Contains("'to' is before 'from'"));
    e = with("{type: closure, links: [Hub-Coast], from: 2019-12-31}");
    CHECK_THAT(e, Catch::Contains("key 'from'"));
    CHECK_THAT(e, Catch::Contains("that date is before the start"));
    e = with("{type: closure, links: [Hub-Coast], from: 10, to: 3}");
    CHECK_THAT(e, Catch::Contains("'to' is before 'from'"));
    e = with("{type: closure, links: [Hub-Coast], from: soon}");
    CHECK_THAT(e, Catch::Contains("expected a date YYYY-MM-DD on or after the start 2020-01-01 or a day index >= 0, found 'soon'"));
    // Values out of range and missing keys.
    e = with("{type: pushback, links: [BorderPost-LandEntry], probability: 1.5}");
    CHECK_THAT(e, Catch::Contains("key 'probability': expected a probability in [0, 1], found '1.5'"));
    e = with("{type: interception, links: [Coast-Island]}");
    CHECK_THAT(e, Catch::Contains("key 'probability'"));
    CHECK_THAT(e, Catch::Contains("the key is missing"));
    e = with("{type: interception, links: [Coast-Island], probability: 0.2, return_to: Island}");
    CHECK_THAT(e, Catch::Contains("key 'return_to': expected a location in the departure country"));
    e = with("{type: closure}");
    CHECK_THAT(e, Catch::Contains("something to close"));
    e = with("{type: search_and_rescue, links: [Coast-Island], disembarkation: allocate}");
    CHECK_THAT(e, Catch::Contains("expected one of nearest, allocated"));
    CHECK_THAT(e, Catch::Contains("did you mean 'allocated'?"));
    // The routes block is strict too.
    e = error_of(head + "policies: []\n" + "spawn:\n");  // sanity: a repeated key is the loader's business
    CHECK(e != "no error");
    std::string routes_bad = head;
    routes_bad.replace(routes_bad.find("logit_scale_km"), 14, "logit_scale");
    CHECK_THAT(error_of(routes_bad), Catch::Contains("did you mean 'logit_scale_km'?"));
    std::string dest_bad = head;
    dest_bad.replace(dest_bad.find("{Capital: 1}"), 12, "{Capitol: 1}");
    CHECK_THAT(error_of(dest_bad), Catch::Contains("did you mean 'Capital'?"));
}

TEST_CASE("the scenarios in scenarios/ load and keep people conserved", "[policy]") {
    for (const char* name : {"substitution", "search_and_rescue", "aid", "humanitarian_visa", "closure"}) {
        INFO(name);
        const Run run(load(name));
        run.check_conservation();
    }
}

// ---- closure ------------------------------------------------------------------------------------

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

// ---- spatial substitution under the routes rule set -------------------------------------------------

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

std::string substitution_with(const std::string& extra_policy, const std::vector<std::string>& = {}) {
    return read_text(kScenarios + "substitution/scenario.yaml") + "  - " + extra_policy + "\n";
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

// ---- search and rescue ------------------------------------------------------------------------------

TEST_CASE("search and rescue: deaths per 1,000 crossings fall by the configured factor; departures unchanged",
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

// ---- aid -----------------------------------------------------------------------------------------------

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

// ---- humanitarian visas ----------------------------------------------------------------------------------

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

// ---- pushback details ----------------------------------------------------------------------------------

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
