// The simulation: one object owns the agents, the day-start tables the agents read, and the series.
// Simulation::step() is the day of MODEL.md, one call per phase, in order.
#pragma once

#include "core/agents.hpp"
#include "core/policy_hooks.hpp"
#include "core/rng.hpp"
#include "model/scenario.hpp"
#include "rules/routes.hpp"
#include "rules/flee/flee_rules.hpp"
#include "core/series.hpp"
#include "util/state_archive.hpp"
#include "graph/route_graph.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace migroute {

// Integer counters that agents add to during the parallel phases. Each thread has its own; they are
// merged after the phase. Integer sums do not depend on the order of merging, so the result is the
// same for any number of threads.
struct DayCounters {
    std::vector<std::int64_t> location_delta;  // agents arrived minus agents left, per location
    std::vector<std::int64_t> link_delta;      // agents entered minus agents left, per link
    std::vector<std::int64_t> link_flow;       // agents who entered the link
    std::vector<std::int64_t> link_deaths;
    std::vector<std::int64_t> country_arrivals;
    std::int64_t deaths = 0;
    std::int64_t arrivals = 0;
    BorderCounters border;                     // pushbacks, interceptions, ... per link

    void resize(std::size_t locations, std::size_t links, std::size_t countries);
    void clear();
    void add_to(DayCounters& total) const;
};

// The tables that the per-agent loop reads. They are written only between the agent phases (day
// start, schedule, policies) and read-only while agents move.
struct DayTables {
    std::vector<double> location_move_chance;
    std::vector<double> location_attractiveness;  // before the capacity multiplier
    std::vector<double> location_capacity;        // agents; +infinity when unlimited
    std::vector<std::uint8_t> link_open;
    std::vector<double> link_speed_km_per_day;
    std::vector<double> link_death_per_crossing;
    std::vector<double> link_death_per_day;
    std::vector<double> link_choice_weight;       // recomputed every day start
    std::vector<double> location_choice_total;    // sum of link_choice_weight over the outgoing links
    BorderTables border;                          // written by policy modules at day start
};

class Simulation {
public:
    // threads <= 0: all available cores. Before allocating the agents, estimates the memory the run
    // needs and throws InputError when it exceeds what is available (util/memory.hpp).
    Simulation(const Scenario& scenario, const RouteGraph& graph, int threads = 0);

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

    // Policy modules (core/policy_hooks.hpp), called at their hooks in the order added. Add them
    // before the first step.
    void add_policy(std::unique_ptr<PolicyModule> module);
    const std::vector<std::unique_ptr<PolicyModule>>& policies() const { return policies_; }
    // Allocates the per location x nationality move-chance multipliers (the aid policy).
    void use_move_chance_factors();
    // Legal pathways: moves an agent that is at a location straight to `location` (safe travel, e.g.
    // by air with a visa; `via_link` is counted in link_flow if not kNone). Reaching a destination is
    // an arrival. Returns false (and does nothing) for an agent that is travelling, dead or arrived.
    bool travel_safely(std::size_t id, std::uint32_t location, std::uint32_t via_link = RouteGraph::kNone);
    // Keeps an agent at its location until `day` (exclusive).
    void hold_agent(std::size_t id, int until_day);
    // The routes rule set, when rules == routes (nullptr otherwise).
    const RoutesRules* routes() const { return routes_.get(); }
    // The flee rule set, when rules == flee (nullptr otherwise).
    const FleeRules* flee() const { return flee_.get(); }

    // Saves the state of the run after the last completed day into `ar`, or loads it (ar.loading()):
    // then into a simulation freshly constructed from the same scenario, with the same policy modules
    // added, before any step. Everything a later day reads is in the state; what the day start
    // recomputes is included too, so that a resumed run does not depend on the order of recomputation.
    // simulation/simulation_state.cpp; the file format is io/checkpoint.hpp's.
    void checkpoint(StateArchive& ar);

private:
    // The phases of a day (MODEL.md "One day").
    void apply_schedule();
    void update_tables();
    void spawn();
    void decide_and_move();
    void record();
    void policies_day_start();
    void legal_pathways();
    void policies_day_end();
    PolicyDay policy_day(const DayCounters* counters);
    bool border_events(std::size_t id, std::uint32_t link, std::uint32_t day, std::uint32_t hop, DayCounters& counters);

    void place_initial();
    void move_agent(std::size_t id, DayCounters& counters);
    std::uint32_t choose_link(std::size_t id, std::uint32_t location, double u) const;

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
    std::vector<std::uint16_t> spawn_nationality_;  // per spawn rule
    std::vector<std::uint32_t> spawn_location_;     // per spawn rule
    std::vector<double> spawn_carry_;               // per spawn rule: fraction of an agent carried over

    std::vector<std::int64_t> location_agents_;
    std::vector<std::int64_t> link_agents_;
    std::int64_t agents_created_ = 0;
    std::int64_t agents_dead_ = 0;
    std::int64_t agents_arrived_ = 0;
    std::int64_t agents_left_ = 0;

    tbb::enumerable_thread_specific<DayCounters> thread_counters_;
    DayCounters day_counters_;
    Series series_;

    std::vector<std::unique_ptr<PolicyModule>> policies_;
    std::unique_ptr<RoutesRules> routes_;
    std::unique_ptr<FleeRules> flee_;
    std::vector<float> move_chance_factor_;  // location x nationality; empty unless aid uses it
    DayTables saved_tables_;                 // the tables before today's policy changes
};

// Maximum number of links an agent can complete in one day (guards against chains of very short
// links; Flee has no bound, but with speeds of a few hundred km a day no real route reaches it).
inline constexpr std::uint32_t kMaxHopsPerDay = 16;

}  // namespace migroute
