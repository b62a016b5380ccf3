// The contract between the day loop and the policy modules (core/policy_api.hpp, core/tables.hpp):
// every declared policy table is reset at day end without being listed anywhere else; a border
// policy acts under every rule set because border events live in the one movement kernel; the
// arrivals and asylum-event hooks receive their batches in agent-id order, the same for any number of
// threads.
#include "core/policy_api.hpp"
#include "graph/route_graph.hpp"
#include "io/flee_scenario.hpp"
#include "io/scenario_yaml.hpp"
#include "policy/pushback.hpp"
#include "policy/registry.hpp"
#include "simulation/simulation.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

using namespace migroute;

namespace {

// A straight line Origin -> Border -> Town -> Capital (destination); `rules` and `policies` vary.
std::string line_scenario(const std::string& rules, const std::string& policies = "") {
    std::string text = R"(name: contract
start: 2020-01-01
days: 20
seed: 7
persons_per_agent: 1
rules: )" + rules + R"(
countries:
  - {code: AAA, roles: [origin]}
  - {code: BBB, roles: [transit]}
  - {code: EEE, roles: [eu_member]}
locations:
  - {name: Origin, country: AAA, type: town, lat: 0, lon: 0, move_chance: 0.5}
  - {name: Border, country: BBB, type: border_post, lat: 0, lon: 1}
  - {name: Town, country: EEE, type: town, lat: 0, lon: 2}
  - {name: Capital, country: EEE, type: destination, lat: 0, lon: 3}
links:
  - {from: Origin, to: Border, km: 100}
  - {from: Border, to: Town, km: 50, death_risk_per_day: 0.01}
  - {from: Town, to: Capital, km: 100}
initial:
  - {at: Origin, nationality: AAA, persons: 2000}
)";
    if (!policies.empty()) text += "policies:\n" + policies;
    return text;
}

// A test module that, on day 0, writes every declared policy table (whatever the list holds), and
// on day 1 checks that each is back to its value before the change.
class WritesEveryTable : public PolicyModule {
public:
    std::string type() const override { return "writes_every_table"; }
    unsigned hooks() const override { return kDayStart; }
    void prepare(PolicyDay& day) override { day.actions.use_move_chance_factors(); }
    void day_start(PolicyDay& day) override {
        if (day.day == 0) {
            before_ = day.tables;
            day.tables.for_each([&](const char*, auto& table) {
                if constexpr (std::is_same_v<std::decay_t<decltype(table)>, bool>) {
                    table = !table;
                } else {
                    for (auto& v : table) v = static_cast<std::decay_t<decltype(v)>>(v + 1);
                }
                ++written_;
            });
        } else if (day.day == 1) {
            // Compare every declared table with its value before day 0's change.
            restored_ = 0;
            day.tables.for_each([&](const char*, auto&) { ++restored_; });
            same_ = tables_equal(before_, day.tables);
        }
    }
    std::vector<CounterSeries> counters() const override { return {}; }
    void checkpoint(StateArchive&) override {}

    // Every declared table of `a` equals the one of `b`, compared through the one field list.
    static bool tables_equal(PolicyTables a, PolicyTables b) {
        std::vector<std::vector<unsigned char>> bytes_a, bytes_b;
        auto collect = [](std::vector<std::vector<unsigned char>>& out) {
            return [&out](const char*, auto& table) {
                std::vector<unsigned char> bytes;
                if constexpr (std::is_same_v<std::decay_t<decltype(table)>, bool>) {
                    bytes.push_back(table ? 1 : 0);
                } else {
                    const auto* p = reinterpret_cast<const unsigned char*>(table.data());
                    bytes.assign(p, p + table.size() * sizeof(table[0]));
                }
                out.push_back(std::move(bytes));
            };
        };
        a.for_each(collect(bytes_a));
        b.for_each(collect(bytes_b));
        return bytes_a == bytes_b;
    }

    PolicyTables before_;
    int written_ = 0;
    std::size_t restored_ = 0;
    bool same_ = false;
};

// Records the batches of the arrivals and asylum-event hooks; reports an event, in descending id
// order, for every person who arrived the day before.
class RecordsBatches : public PolicyModule {
public:
    std::string type() const override { return "records_batches"; }
    unsigned hooks() const override { return kDayStart | kArrivals | kAsylumEvents; }
    void day_start(PolicyDay& day) override {
        for (auto it = pending_.rbegin(); it != pending_.rend(); ++it)
            day.actions.report(AsylumEvent{*it, AsylumEvent::Kind::lodged, day.agents.where[*it]});
        pending_.clear();
    }
    void arrivals(PolicyDay& day, std::span<const std::size_t> ids) override {
        arrivals_per_day.push_back(std::vector<std::size_t>(ids.begin(), ids.end()));
        counted_per_day.push_back(day.counters->arrivals);
        pending_.assign(ids.begin(), ids.end());
    }
    void asylum_events(PolicyDay&, std::span<const AsylumEvent> events) override {
        for (const auto& e : events) event_agents.push_back(e.agent);
        ++event_batches;
    }
    std::vector<CounterSeries> counters() const override { return {}; }
    void checkpoint(StateArchive&) override {}

    std::vector<std::vector<std::size_t>> arrivals_per_day;
    std::vector<std::int64_t> counted_per_day;
    std::vector<std::size_t> event_agents;
    int event_batches = 0;

private:
    std::vector<std::size_t> pending_;
};

std::int64_t total_flow(const Simulation& sim, std::uint32_t link) {
    std::int64_t sum = 0;
    for (std::size_t d = 0; d < sim.series().days(); ++d) sum += sim.series().link_flow.at(d, link);
    return sum;
}

}  // namespace

TEST_CASE("Every declared policy table is reset at day end, through the one field list", "[policy][contract]") {
    const Scenario s = load_scenario_text(line_scenario("basic"), "contract.yaml");
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 1);
    const PolicyTables initial = sim.tables();
    auto module = std::make_unique<WritesEveryTable>();
    WritesEveryTable* m = module.get();
    sim.add_policy(std::move(module));
    sim.step();
    // Day 0 changed every table, including those no module wrote before (link speed, per-day death
    // risk) and the move-chance factors; at the end of the day all are back.
    CHECK(m->written_ == 19);
    CHECK(WritesEveryTable::tables_equal(m->before_, sim.tables()));
    CHECK_FALSE(m->tables_equal(initial, m->before_));  // the factors were allocated by prepare()
    sim.step();
    CHECK(m->restored_ == 19);
    CHECK(m->same_);
}

TEST_CASE("A pushback acts under every rule set: border events are in the one movement kernel", "[policy][contract]") {
    const std::string pushback = "  - {type: pushback, links: [Border-Town], probability: 1, retry_after_days: 1}\n";
    for (const std::string rules : {"basic", "routes"}) {
        INFO("rules: " << rules);
        const Scenario base = load_scenario_text(line_scenario(rules), "contract.yaml");
        const Scenario with = load_scenario_text(line_scenario(rules, pushback), "contract.yaml");
        const RouteGraph g = build_route_graph(base);
        Simulation a(base, g, 1);
        a.run(base.days);
        Simulation b(with, g, 1);
        for (auto& module : policy::create_policies(with)) b.add_policy(std::move(module));
        b.run(with.days);
        const auto town = g.location_index("Town");
        CHECK(a.series().total_arrived.back() > 0);
        CHECK(a.series().location_population.at(with.days - 1, town) + a.series().total_arrived.back() > 0);
        // Everyone who tries to enter Town is pushed back: nobody is there, nobody arrives.
        CHECK(b.series().total_arrived.back() == 0);
        for (int d = 0; d < with.days; ++d) CHECK(b.series().location_population.at(d, town) == 0);
        std::int64_t pushbacks = 0;
        for (const auto& c : b.policies()[0]->counters())
            if (c.name == "policy_pushback_pushbacks")
                for (const auto v : c.data) pushbacks += v;
        CHECK(pushbacks > 0);
        // Everyone who entered the link was pushed back at its end, died on it (1% a day), or is still on it.
        const auto border_town = g.link_index("Border-Town");
        std::int64_t died = 0;
        for (int d = 0; d < with.days; ++d) died += b.series().link_deaths.at(static_cast<std::size_t>(d), border_town);
        CHECK(died > 0);
        CHECK(total_flow(b, border_town) ==
              pushbacks + died + b.series().link_population.at(static_cast<std::size_t>(with.days - 1), border_town));
    }
    SECTION("flee") {
        const std::string tiny = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/flee/tiny";
        const Scenario s = load_flee_scenario(tiny, {});
        const RouteGraph g = build_route_graph(s);
        Simulation a(s, g, 1);
        a.run(s.days);
        policy::PushbackSettings settings;
        settings.links = {"T-C2", "M-C1"};
        settings.probability = 1.0;
        settings.retry_after_days = 1;
        Simulation b(s, g, 1);
        b.add_policy(std::make_unique<policy::PushbackPolicy>(settings, policy::Window{}));
        b.run(s.days);
        const auto c1 = g.location_index("C1");
        const auto c2 = g.location_index("C2");
        const auto last = static_cast<std::size_t>(s.days - 1);
        const std::int64_t day0_c1 = b.series().location_population.at(0, c1);
        const std::int64_t day0_c2 = b.series().location_population.at(0, c2);
        CHECK(a.series().location_population.at(last, c1) + a.series().location_population.at(last, c2) >
              day0_c1 + day0_c2);
        // Nobody reaches a camp through a link with pushbacks at certainty: camp populations only fall.
        for (std::size_t d = 1; d <= last; ++d) {
            CHECK(b.series().location_population.at(d, c1) <= b.series().location_population.at(d - 1, c1));
            CHECK(b.series().location_population.at(d, c2) <= b.series().location_population.at(d - 1, c2));
        }
        std::int64_t pushbacks = 0;
        for (const auto& c : b.policies()[0]->counters())
            if (c.name == "policy_pushback_pushbacks")
                for (const auto v : c.data) pushbacks += v;
        CHECK(pushbacks > 0);
    }
}

TEST_CASE("Arrivals and asylum events reach modules in agent-id order, the same for 1 and 4 threads",
          "[policy][contract][parallel]") {
    const Scenario s = load_scenario_text(line_scenario("basic"), "contract.yaml");
    const RouteGraph g = build_route_graph(s);
    std::vector<std::vector<std::vector<std::size_t>>> runs;
    std::vector<std::vector<std::size_t>> events;
    for (const int threads : {1, 4}) {
        Simulation sim(s, g, threads);
        auto module = std::make_unique<RecordsBatches>();
        RecordsBatches* m = module.get();
        sim.add_policy(std::move(module));
        sim.run(s.days);
        REQUIRE(m->arrivals_per_day.size() == static_cast<std::size_t>(s.days));
        std::int64_t total = 0;
        std::vector<std::size_t> expected_events;
        for (std::size_t d = 0; d < m->arrivals_per_day.size(); ++d) {
            const auto& ids = m->arrivals_per_day[d];
            CHECK(std::is_sorted(ids.begin(), ids.end()));
            CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
            CHECK(static_cast<std::int64_t>(ids.size()) == m->counted_per_day[d]);
            std::int64_t arrived_today = 0;
            for (std::size_t c = 0; c < g.country_count(); ++c) arrived_today += sim.series().country_arrivals.at(d, c);
            CHECK(static_cast<std::int64_t>(ids.size()) == arrived_today);
            for (const auto id : ids) CHECK(sim.agents().status[id] == Status::applicant);
            total += static_cast<std::int64_t>(ids.size());
            if (d + 1 < m->arrivals_per_day.size())
                expected_events.insert(expected_events.end(), ids.begin(), ids.end());
        }
        CHECK(total == sim.series().total_arrived.back());
        CHECK(total > 100);
        // Reported in descending order, received ascending.
        CHECK(m->event_agents == expected_events);
        runs.push_back(m->arrivals_per_day);
        events.push_back(m->event_agents);
    }
    CHECK(runs[0] == runs[1]);
    CHECK(events[0] == events[1]);
}

TEST_CASE("Policy blocks are read once by the loader into typed settings with positions", "[policy][contract]") {
    const std::string pushback = "  - {type: pushback, links: [Border-Town], probability: 0.5}\n";
    const Scenario s = load_scenario_text(line_scenario("basic", pushback), "contract.yaml");
    REQUIRE(s.policies.size() == 1);
    REQUIRE(s.policies[0].settings != nullptr);
    const auto* typed =
        dynamic_cast<const policy::TypedSettings<policy::PushbackPolicy, policy::PushbackSettings>*>(s.policies[0].settings.get());
    REQUIRE(typed != nullptr);
    CHECK(typed->settings().links == std::vector<std::string>{"Border-Town"});
    CHECK(typed->settings().probability == 0.5);
    // The block keeps where each value was in the file.
    const PolicyNode& block = s.policies[0].block;
    REQUIRE(block.kind == PolicyNode::Kind::map);
    CHECK(block.line == 23);
    CHECK(block.entries[1].key == "links");
    CHECK(block.entries[1].value.items[0].line == 23);
    CHECK(block.entries[1].value.items[0].column == 30);
    // A copy of the scenario shares the settings; each run builds its modules from them.
    const Scenario copy = s;
    CHECK(copy.policies[0].settings == s.policies[0].settings);
    CHECK(policy::create_policies(copy).size() == 1);
    // An error points at the value at fault, not at the block.
    const std::string bad = "  - type: pushback\n    links: [Border-Town, Border-Nowhere]\n    probability: 0.5\n";
    try {
        (void)load_scenario_text(line_scenario("basic", bad), "contract.yaml");
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("contract.yaml:24:26: policies[0] (pushback): key 'links[1]': expected the "
                                               "name of link, found unknown link 'Border-Nowhere'"));
    }
}
