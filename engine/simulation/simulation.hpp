// The simulation: one object owns the agents, the tables the agents read, the rule set, the policy
// modules and the series. Simulation::step() is the day of docs/MODEL.md, one call per phase, in
// order; each phase calls the rule set once (a std::variant visited per phase, never per agent), and
// the rule set moves its agents through the one movement kernel (core/movement.hpp).
#pragma once

#include "core/agents.hpp"
#include "core/policy_api.hpp"
#include "core/rng.hpp"
#include "core/series.hpp"
#include "core/tables.hpp"
#include "graph/route_graph.hpp"
#include "model/scenario.hpp"
#include "rules/basic.hpp"
#include "rules/flee/flee_rules.hpp"
#include "rules/routes.hpp"
#include "util/state_archive.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace migroute {

// One of the rule sets (engine/rules/), as the scenario's `rules` says.
using RuleSetState = std::variant<BasicRules, RoutesRules, FleeRules>;

class Simulation : private PolicyActions {
public:
    // threads <= 0: all available cores. Before allocating the agents, estimates the memory the run
    // needs and throws InputError when it exceeds what is available (util/memory.hpp).
    Simulation(const Scenario& scenario, const RouteGraph& graph, int threads = 0);
    ~Simulation() override;

    // Runs one day.
    void step();
    // Runs `days` days, calling `after_day(day_done)` after each one.
    void run(int days, const std::function<void(int)>& after_day = {});

    int day() const { return day_; }
    int threads() const { return threads_; }
    const Series& series() const { return series_; }
    const Agents& agents() const { return agents_; }
    const std::vector<std::string>& nationalities() const { return nationalities_; }
    const DayTables& tables() const { return tables_; }
    std::int64_t persons_per_agent() const { return persons_per_agent_; }

    // Policy modules (core/policy_api.hpp), called at their hooks in the order added. Add them
    // before the first step.
    void add_policy(std::unique_ptr<PolicyModule> module);
    const std::vector<std::unique_ptr<PolicyModule>>& policies() const { return policies_; }
    // The routes rule set, when rules == routes (nullptr otherwise).
    const RoutesRules* routes() const { return std::get_if<RoutesRules>(&rules_); }
    // The flee rule set, when rules == flee (nullptr otherwise).
    const FleeRules* flee() const { return std::get_if<FleeRules>(&rules_); }

    // Saves the state of the run after the last completed day into `ar`, or loads it (ar.loading()):
    // then into a simulation freshly constructed from the same scenario, with the same policy modules
    // added, before any step. Everything a later day reads is in the state; what the day start
    // recomputes is included too, so that a resumed run does not depend on the order of recomputation.
    // simulation/simulation_state.cpp; the file format is io/checkpoint.hpp's.
    void checkpoint(StateArchive& ar);

private:
    // The phases of a day (docs/MODEL.md "One day").
    void apply_schedule();
    void policies_day_start();
    void day_start_tables();
    void spawn();
    void legal_pathways();
    void decide_and_move();
    void policies_after_move();
    void policies_day_end();
    void record();

    PolicyDay policy_day(const DayCounters* counters);
    void call_hook(PolicyModule::Hook hook, const std::function<void(PolicyModule&, PolicyDay&)>& call,
                   const DayCounters* counters);

    // PolicyActions.
    bool travel_safely(std::size_t agent, std::uint32_t location, std::uint32_t via_link) override;
    void hold(std::size_t agent, int until_day) override;
    bool set_status(std::size_t agent, Status status) override;
    void report(const AsylumEvent& event) override;
    std::uint32_t intended_destination(std::size_t agent) const override;
    void use_move_chance_factors() override;

    MoveContext move_context();

    const Scenario& scenario_;
    const RouteGraph& graph_;
    int threads_;
    tbb::task_arena arena_;
    Rng rng_;
    std::int64_t persons_per_agent_;
    int day_ = 0;

    Agents agents_;
    DayTables tables_;
    std::vector<std::string> nationalities_;

    std::vector<std::int64_t> location_agents_;
    std::vector<std::int64_t> link_agents_;
    std::int64_t agents_created_ = 0;
    std::int64_t agents_dead_ = 0;
    std::int64_t agents_arrived_ = 0;
    std::int64_t agents_left_ = 0;

    tbb::enumerable_thread_specific<DayCounters> thread_counters_;
    DayCounters day_counters_;
    Series series_;

    RuleSetState rules_;
    std::vector<std::unique_ptr<PolicyModule>> policies_;
    unsigned policy_hooks_ = 0;            // union of the modules' hooks
    PolicyTables saved_tables_;            // the tables before today's policy changes
    std::vector<AsylumEvent> asylum_events_;  // reported today
};

}  // namespace migroute
