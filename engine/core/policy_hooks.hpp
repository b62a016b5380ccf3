// What policy modules (engine/policy/) may change and read, and the hooks of the day they subscribe
// to. Core knows only this interface; the modules, their YAML settings and their registry live in
// policy/. Modules change tables (per link, per location, per location x nationality) between the
// agent phases; the per-agent loop reads the tables and never calls a module.
#pragma once

#include "core/agents.hpp"
#include "core/rng.hpp"
#include "model/scenario.hpp"
#include "util/state_archive.hpp"
#include "graph/route_graph.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace migroute {

struct DayTables;
struct DayCounters;

// Border and crossing events of MODEL.md step 6, per directed link. Written by the pushback,
// interception and search_and_rescue modules at day start; read when an agent reaches the end of a
// link. `active` is false when every probability is 0, so that the hot loop skips all of it.
struct BorderTables {
    bool active = false;
    std::vector<double> pushback_probability;         // per crossing attempt
    std::vector<std::uint16_t> pushback_wait_days;    // before the person may try again
    std::vector<double> injury_probability;           // per pushback
    std::vector<std::uint16_t> injury_days;           // extra days before moving again after an injury
    std::vector<double> violence_death_probability;   // per pushback
    std::vector<double> interception_probability;     // per sea crossing
    std::vector<std::uint32_t> interception_return_to;  // location; RouteGraph::kNone = the link's start
    std::vector<std::uint16_t> detention_days;        // after an interception
    std::vector<double> disembark_share;              // share of survivors brought to disembark_at
    std::vector<std::uint32_t> disembark_at;          // allocated port; RouteGraph::kNone = none

    void resize(std::size_t links);
};

// Daily counts of border events per directed link, in agents (the series are scaled to persons).
struct BorderCounters {
    std::vector<std::int64_t> pushbacks;        // every pushback (attempts)
    std::vector<std::int64_t> first_pushbacks;  // pushbacks of people never pushed back before
    std::vector<std::int64_t> injuries;
    std::vector<std::int64_t> pushback_deaths;  // deaths from violence during a pushback
    std::vector<std::int64_t> interceptions;
    std::vector<std::int64_t> disembarked;      // survivors brought to an allocated port
    std::vector<std::int64_t> turned_back;      // reached the end of a link closed while travelling

    void resize(std::size_t links);
    void clear();
    void add_to(BorderCounters& total) const;
};

// A daily counter a module keeps, for the result file: `dimension` is "link", "location",
// "country", "nationality" or "" (one value a day). Values are in persons.
struct CounterSeries {
    std::string name;        // dataset name, e.g. policy_pushback_pushbacks
    std::string dimension;
    std::string long_name;
    std::size_t width = 1;
    std::vector<std::int64_t> data;  // day-major: data[day * width + i]

    void add_row(const std::vector<std::int64_t>& row, std::int64_t scale);
};

class Simulation;

// What a module sees at a hook. Tables are reset to the scenario's values at the start of each day
// (the schedule phase), so modules apply their changes afresh every day and changes compose.
struct PolicyDay {
    int day = 0;                 // index since the scenario start
    Date date;                   // calendar date of the day
    const Scenario& scenario;
    const RouteGraph& graph;
    const Rng& rng;
    const std::vector<std::string>& nationalities;
    std::int64_t persons_per_agent = 1;
    DayTables& tables;
    // Per location x nationality multiplier of the daily move chance (index loc * nationalities + nat);
    // empty unless a module asked for it with Simulation::use_move_chance_factors().
    std::vector<float>& move_chance_factor;
    const Agents& agents;
    const std::vector<std::int64_t>& location_agents;  // agents present, per location
    const DayCounters* counters = nullptr;  // the day's counts, at the day-end hook only
    Simulation& simulation;
};

// A policy module as the day loop sees it. Hooks are called in the order the modules are listed in
// the scenario, single-threaded, between the agent phases.
class PolicyModule {
public:
    enum Hook : unsigned { kDayStart = 1u, kLegalPathways = 2u, kDayEnd = 4u };
    virtual ~PolicyModule() = default;
    virtual std::string type() const = 0;
    virtual unsigned hooks() const = 0;
    // Once, before day 0, with the simulation's nationalities known.
    virtual void prepare(const PolicyDay&) {}
    virtual void day_start(PolicyDay&) {}
    virtual void legal_pathways(PolicyDay&) {}
    virtual void day_end(PolicyDay&) {}
    // The module's daily counters, one row per simulated day.
    virtual std::vector<CounterSeries> counters() const = 0;
    // Saves or loads every value the module changes while the run goes on (its counters, quotas
    // carried over, pending decisions), for checkpoints (Simulation::checkpoint). Loading happens after
    // prepare(), into a module built from the same settings.
    virtual void checkpoint(StateArchive& ar) = 0;
};

}  // namespace migroute
