// The contract between the day loop and the policy modules (engine/policy/, engine/asylum/). Core knows
// only this interface; the modules, their settings and their registry live in policy/.
//
// A module
//  - subscribes to hooks of the day (PolicyModule::hooks), called single-threaded, between the agent
//    phases, in the order the modules are listed in the scenario;
//  - writes only the policy tables (core/tables.hpp, PolicyDay::tables), whose every change the day
//    loop undoes at the end of the day: modules apply their changes afresh each day and changes compose;
//  - acts on people only through PolicyActions (move a person safely, hold, set a status);
//  - receives the day's arrivals, and asylum events, as batches in agent-id order, so the per-agent
//    loop never calls a module.
#pragma once

#include "core/agents.hpp"
#include "core/rng.hpp"
#include "core/tables.hpp"
#include "graph/route_graph.hpp"
#include "model/scenario.hpp"
#include "util/state_archive.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace migroute {

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

// An event of the asylum system for one person, as reported by a module through PolicyActions and
// handed to every module subscribed to kAsylumEvents at the end of the day.
struct AsylumEvent {
    enum class Kind : std::uint8_t { lodged, recognised, rejected, transferred, returned, resettled };
    std::size_t agent = 0;
    Kind kind = Kind::lodged;
    std::uint32_t location = RouteGraph::kNone;  // where it happened (or where the person is sent)
};

// What modules may do to people. Implemented by the simulation; every call keeps the location counts
// and today's counters right.
class PolicyActions {
public:
    virtual ~PolicyActions() = default;
    // Legal pathways: moves a person who is at a location straight to `location` (safe travel, e.g. by
    // air with a visa; `via_link` counts in link_flow when not kNone). Reaching a destination is an
    // arrival. Returns false (and does nothing) for a person travelling, dead or arrived.
    virtual bool travel_safely(std::size_t agent, std::uint32_t location, std::uint32_t via_link = RouteGraph::kNone) = 0;
    // Keeps a person at its location until `day` (exclusive).
    virtual void hold(std::size_t agent, int until_day) = 0;
    // Sets the status of a person at a location (an asylum decision, a return). Returns false for a
    // person travelling or dead, and for Status::dead or Status::in_transit (not set this way).
    virtual bool set_status(std::size_t agent, Status status) = 0;
    // Reports an asylum event; the day's events reach the kAsylumEvents hook at day end, sorted by agent.
    virtual void report(const AsylumEvent& event) = 0;
    // The destination a person intends to reach, where the rule set draws one (routes), else kNone.
    virtual std::uint32_t intended_destination(std::size_t agent) const = 0;
    // Allocates PolicyTables::move_chance_factor (location x nationality). Call in prepare().
    virtual void use_move_chance_factors() = 0;
};

// What a module sees at a hook.
struct PolicyDay {
    int day = 0;                 // index since the scenario start
    Date date;                   // calendar date of the day
    const Scenario& scenario;
    const RouteGraph& graph;
    const Rng& rng;
    const std::vector<std::string>& nationalities;
    std::int64_t persons_per_agent = 1;
    PolicyTables& tables;        // reset at the end of each day (core/tables.hpp)
    const Agents& agents;
    const std::vector<std::int64_t>& location_agents;  // agents present, per location
    const DayCounters* counters = nullptr;  // the day's counts, at the day-end and batch hooks only
    PolicyActions& actions;
};

// A policy module as the day loop sees it.
class PolicyModule {
public:
    enum Hook : unsigned {
        kDayStart = 1u,       // change tables for today
        kLegalPathways = 2u,  // move selected people safely (visas, resettlement)
        kDayEnd = 4u,         // record counters
        kArrivals = 8u,       // today's arrivals at destinations, after the move phase
        kAsylumEvents = 16u,  // today's asylum events, after the arrivals
    };
    virtual ~PolicyModule() = default;
    virtual std::string type() const = 0;
    virtual unsigned hooks() const = 0;
    // Once, before day 0, with the simulation's nationalities known.
    virtual void prepare(PolicyDay&) {}
    virtual void day_start(PolicyDay&) {}
    virtual void legal_pathways(PolicyDay&) {}
    // The agents who reached a destination today (by the move phase or by safe travel), ascending.
    virtual void arrivals(PolicyDay&, std::span<const std::size_t>) {}
    // The asylum events reported today, ordered by agent (then in the order reported).
    virtual void asylum_events(PolicyDay&, std::span<const AsylumEvent>) {}
    virtual void day_end(PolicyDay&) {}
    // The module's daily counters, one row per simulated day.
    virtual std::vector<CounterSeries> counters() const = 0;
    // Saves or loads every value the module changes while the run goes on (its counters, quotas
    // carried over, pending decisions), for checkpoints (Simulation::checkpoint). Loading happens after
    // prepare(), into a module built from the same settings.
    virtual void checkpoint(StateArchive& ar) = 0;
};

// The typed settings of one policy block (model/scenario.hpp PolicySpec::settings): parsed and checked
// once when the scenario is loaded, then used to build the module once for each run.
class PolicySettings {
public:
    virtual ~PolicySettings() = default;
    virtual std::unique_ptr<PolicyModule> build() const = 0;
};

}  // namespace migroute
