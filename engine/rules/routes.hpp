// The `routes` rule set (docs/MODEL.md "Rule sets"; docs/POLICIES.md "The routes rule set").
//
// Each person gets an intended destination when spawned or placed, drawn from the per-nationality
// distribution of the scenario (Stream::destination). A person who moves on chooses the next link by a
// logit over the generalised cost of the link plus the cheapest remaining route from its end to the
// destination:
//     weight(k) = exp(-(cost(k) + R_d(to(k)) - R_d(here)) / logit_scale_km) x capacity multiplier(to(k))
//     cost(k)   = km + km_per_usd x smuggling cost + risk_aversion_km x perceived death risk
//                 + failure_cost_km x perceived chance of a pushback or an interception
// R_d is computed every day with Boost.Graph's Dijkstra over the open links (so closures and reopened
// links change routes at once), leaving out links into other destinations (people stop at the first
// asylum system they reach). Perceived risks follow what happened on each link: the deaths, pushbacks
// and interceptions observed over `information_window_days`, `information_delay_days` ago, against the
// crossings in the same days, shrunk towards the scenario's death risk by `prior_crossings`.
// Spatial substitution emerges from this: nothing in the rules names a route.
#pragma once

#include "rules/basic.hpp"
#include "rules/link_choice.hpp"
#include "model/scenario.hpp"
#include "util/state_archive.hpp"
#include "graph/route_graph.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace migroute {

class RoutesRules : public DayShareRules<RoutesRules> {
public:
    RoutesRules(const Scenario& scenario, const RouteGraph& graph, const std::vector<std::string>& nationalities,
                std::uint64_t seed);

    // Phases of the day, in the Simulation's order (the same set for every rule set).
    std::size_t expected_agents() const { return people_.expected_agents(); }
    std::int64_t place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents);
    void apply_schedule(int, DayTables&) {}
    // Day start, after the policies changed the tables: perceived risks, route costs, choice weights.
    void day_start(int day, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                   const std::vector<std::int64_t>& link_agents);
    std::int64_t spawn(int day, const Rng& rng, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents);
    // Day end: what happened on each link today, known `information_delay_days` later.
    void day_end(int day, const DayCounters& counters);
    std::uint32_t intended_destination(std::size_t id) const { return destinations_[destination_of_[id]]; }

    // Draws the intended destination of agents [first, first + count), all of one nationality.
    void add_agents(std::size_t first, std::size_t count, std::uint16_t nationality);

    // The link agent `id` takes from `location` (u uniform in [0, 1)), or RouteGraph::kNone when no
    // route to its destination is open: the person then waits where it is.
    std::uint32_t choose(std::size_t id, std::uint32_t location, std::uint32_t came_from, double u) const {
        const std::size_t d = destination_of_[id];
        const double* weight = weight_.data() + d * link_count_;
        const std::uint32_t begin = graph_.out_begin[location];
        const std::uint32_t end = graph_.out_begin[location + 1];
        double sum = 0.0;
        std::uint32_t back = RouteGraph::kNone;
        for (std::uint32_t k = begin; k < end; ++k) {
            sum += weight[k];
            if (avoid_backtracking_ && graph_.link_to[k] == came_from) back = k;
        }
        return pick_link(weight, begin, end, back, sum, u);
    }

    // Inspection, for tests and output.
    const std::vector<std::uint32_t>& destinations() const { return destinations_; }  // location ids
    double perceived_death_risk(std::uint32_t link) const { return perceived_death_[link]; }
    double perceived_failure(std::uint32_t link) const { return perceived_failure_[link]; }
    // Remaining route cost (km-equivalent) from a location to destination index d.
    double route_cost(std::size_t d, std::uint32_t location) const { return route_cost_[d * location_count_ + location]; }
    static constexpr std::size_t bytes_per_agent() { return sizeof(std::uint8_t); }
    // Saves or loads the spawning state, the per-agent destinations (`agents` of them), the
    // observations and the day's costs and weights (Simulation::checkpoint).
    void checkpoint(StateArchive& ar, std::size_t agents);

private:
    const Scenario& scenario_;
    ScenarioPeople people_;
    std::uint64_t seed_;
    std::size_t link_count_;
    std::size_t location_count_;
    std::vector<std::uint32_t> destinations_;            // destination locations, scenario order
    std::vector<std::vector<double>> cumulative_;        // per nationality: cumulative weights over destinations_
    std::vector<std::uint8_t> destination_of_;           // per agent: index into destinations_
    std::vector<double> static_cost_;                    // per link: km + km_per_usd x cost
    std::vector<double> prior_death_;                    // per link: the scenario's risk of dying on it
    std::vector<double> perceived_death_;
    std::vector<double> perceived_failure_;
    // Ring buffers of daily observations (slot = day % history_days_), per link.
    std::size_t history_days_;
    std::vector<std::int64_t> seen_flow_, seen_deaths_, seen_failures_;
    std::vector<double> route_cost_;                     // per destination x location
    std::vector<double> weight_;                         // per destination x link
};

}  // namespace migroute
