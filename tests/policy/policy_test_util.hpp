// Helpers shared by the policy tests: the scenarios of scenarios/, loaded with overrides and run to the
// end with their policies, and what the tests read from such a run.
#pragma once

#include "graph/route_graph.hpp"
#include "io/scenario_yaml.hpp"
#include "policy/registry.hpp"
#include "simulation/simulation.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace migroute::test {

inline const std::string kScenarios = std::string(MIGROUTE_SOURCE_DIR) + "/scenarios/";

inline std::string read_text(const std::string& path) {
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

// scenarios/NAME/scenario.yaml with the `--set` overrides.
inline Scenario load(const std::string& name, const std::vector<std::string>& overrides = {}) {
    return load_scenario(kScenarios + name + "/scenario.yaml", overrides);
}

// The text of scenarios/substitution with one more policy block at the end of its `policies:` list.
inline std::string substitution_with(const std::string& extra_policy) {
    return read_text(kScenarios + "substitution/scenario.yaml") + "  - " + extra_policy + "\n";
}

}  // namespace migroute::test
