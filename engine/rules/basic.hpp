// The `basic` rule set (docs/MODEL.md "Rule sets"), and what it shares with the `routes` rule set:
//  - ScenarioPeople: the people of a scenario file, placed on day 0 (`initial`) and spawned by its
//    `spawn` rules, with fractions of an agent carried to the next day;
//  - DayShareRules: travel in shares of a day. A person at a location leaves with the day's move
//    chance (x the policy multiplier of its nationality), chooses a link (the rule set's choose()),
//    travels at the link's speed, and at each location reached decides again with the rest of the day,
//    up to kMaxHopsPerDay steps.
// The basic rule set chooses a link with probability proportional to
//     attractiveness(to) x capacity multiplier(to) / (softening_km + km)^distance_power,
// never the link back to where the person came from while another link has weight (avoid_backtracking),
// never an air link (air links are for legal pathways).
#pragma once

#include "core/agents.hpp"
#include "core/movement.hpp"
#include "core/tables.hpp"
#include "graph/route_graph.hpp"
#include "model/scenario.hpp"
#include "rules/link_choice.hpp"
#include "util/state_archive.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace migroute {

// The people a scenario file describes: placements on day 0 and spawn rules.
class ScenarioPeople {
public:
    ScenarioPeople(const Scenario& scenario, const RouteGraph& graph, const std::vector<std::string>& nationalities);
    // Agents the whole run creates (an upper bound), to reserve the arrays.
    std::size_t expected_agents() const;
    // Appends the day-0 placements; calls added(first, count, nationality) for each block of agents.
    template <typename Added>
    std::int64_t place_initial(Agents& agents, const DayTables& tables, std::vector<std::int64_t>& location_agents,
                               Added&& added);
    // Appends the people spawned on `day`; calls added(first, count, nationality) for each block.
    template <typename Added>
    std::int64_t spawn(int day, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents,
                       Added&& added);
    void checkpoint(StateArchive& ar);

private:
    double persons_on(std::size_t rule, int day) const;

    const Scenario& scenario_;
    const RouteGraph& graph_;
    std::vector<std::uint32_t> initial_location_;   // per placement
    std::vector<std::uint16_t> initial_nationality_;
    std::vector<std::uint32_t> spawn_location_;     // per spawn rule
    std::vector<std::uint16_t> spawn_nationality_;
    std::vector<double> spawn_carry_;               // per spawn rule: fraction of an agent carried over
};

// Travel in shares of a day, shared by the basic and routes rule sets; Derived provides
// choose(id, location, came_from, u) -> link or kNone.
template <typename Derived>
class DayShareRules {
public:
    static constexpr std::uint32_t kMaxSteps = kMaxHopsPerDay;
    struct Day {
        double time_left = 1.0;  // share of today still available for travel
        double exposure = 0.0;   // of the link being travelled
        double speed = 0.0;
    };

    DayShareRules(const RouteGraph& graph, bool avoid_backtracking, std::size_t nationalities)
        : graph_(graph), avoid_backtracking_(avoid_backtracking), nationalities_(nationalities) {}

    bool idle(const MoveContext&, std::size_t) const { return false; }
    Day begin_day(std::size_t) const { return {}; }
    Leg travel(const MoveContext& c, std::size_t id, std::uint32_t link, Day& d) const {
        d.speed = c.tables.link_speed_km_per_day[link];
        const double remaining = graph_.link_km[link] - static_cast<double>(c.agents.link_km_done[id]);
        const bool arrives = remaining <= d.speed * d.time_left;
        d.exposure = arrives ? remaining / d.speed : d.time_left;
        return {arrives, d.exposure};
    }
    void stay_on_link(const MoveContext& c, std::size_t id, std::uint32_t, Day& d) const {
        float& done = c.agents.link_km_done[id];
        done = static_cast<float>(static_cast<double>(done) + d.speed * d.time_left);
    }
    bool arrived(const MoveContext&, std::size_t, std::uint32_t, Day& d) const {
        d.time_left -= d.exposure;
        return d.time_left > 0.0;
    }
    void sent_back(std::size_t, Day&) const {}
    std::uint32_t decide(const MoveContext& c, std::size_t id, std::uint32_t location, std::uint32_t step, Day&) const {
        double move_chance = c.tables.location_move_chance[location];
        const auto& factor = c.tables.move_chance_factor;
        if (!factor.empty())
            move_chance *= static_cast<double>(factor[location * nationalities_ + c.agents.nationality[id]]);
        if (!(move_chance > 0.0)) return RouteGraph::kNone;
        const auto [u_move, u_choice] = c.rng.pair(Stream::move, id, c.day, step);
        if (u_move >= move_chance) return RouteGraph::kNone;
        return static_cast<const Derived*>(this)->choose(id, location, c.agents.came_from[id], u_choice);
    }
    void end_day(const MoveContext&, std::size_t, Day&) const {}
    // The day of agents [begin, end) through the movement kernel.
    void move_agents(const MoveContext& c, std::size_t begin, std::size_t end, DayCounters& counters) {
        movement::move_agents(static_cast<Derived&>(*this), c, begin, end, counters);
    }

protected:
    const RouteGraph& graph_;
    bool avoid_backtracking_;
    std::size_t nationalities_;
};

class BasicRules : public DayShareRules<BasicRules> {
public:
    BasicRules(const Scenario& scenario, const RouteGraph& graph, const std::vector<std::string>& nationalities);

    // Phases of the day, in the Simulation's order (the same set for every rule set).
    std::size_t expected_agents() const { return people_.expected_agents(); }
    static constexpr std::size_t bytes_per_agent() { return 0; }
    std::int64_t place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents);
    void apply_schedule(int, DayTables&) {}
    void day_start(int day, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                   const std::vector<std::int64_t>& link_agents);
    std::int64_t spawn(int day, const Rng& rng, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents);
    void day_end(int, const DayCounters&) {}
    std::uint32_t intended_destination(std::size_t) const { return RouteGraph::kNone; }
    void checkpoint(StateArchive& ar, std::size_t agents);

    // The link a person at `location` takes (u uniform in [0, 1)), or kNone when no link has weight.
    std::uint32_t choose(std::size_t, std::uint32_t location, std::uint32_t came_from, double u) const {
        const std::uint32_t begin = graph_.out_begin[location];
        const std::uint32_t end = graph_.out_begin[location + 1];
        std::uint32_t back = RouteGraph::kNone;
        if (avoid_backtracking_ && came_from != Agents::kNowhere)
            for (std::uint32_t k = begin; k < end; ++k)
                if (graph_.link_to[k] == came_from) back = k;
        return pick_link(link_choice_weight_.data(), begin, end, back, location_choice_total_[location], u);
    }
    double link_choice_weight(std::uint32_t link) const { return link_choice_weight_[link]; }

private:
    const Scenario& scenario_;
    ScenarioPeople people_;
    std::vector<double> link_choice_weight_;     // recomputed every day start
    std::vector<double> location_choice_total_;  // sum of link_choice_weight_ over the outgoing links
};

// The day-0 "in a camp" meaning of a scenario's locations: type camp or idpcamp.
void set_camps_from_types(const RouteGraph& graph, DayTables& tables);

// ---- ScenarioPeople templates --------------------------------------------------------------------

template <typename Added>
std::int64_t ScenarioPeople::place_initial(Agents& agents, const DayTables& tables,
                                           std::vector<std::int64_t>& location_agents, Added&& added) {
    std::int64_t total = 0;
    const auto ppa = static_cast<double>(scenario_.persons_per_agent);
    for (std::size_t p = 0; p < scenario_.initial.size(); ++p) {
        const auto n = std::llround(scenario_.initial[p].persons / ppa);
        if (n <= 0) continue;
        const auto at = initial_location_[p];
        const Status status = movement::status_at(graph_, tables, at);
        const std::size_t first = agents.add(static_cast<std::size_t>(n), at, initial_nationality_[p], 0, status);
        added(first, static_cast<std::size_t>(n), initial_nationality_[p]);
        location_agents[at] += n;
        total += n;
    }
    return total;
}

template <typename Added>
std::int64_t ScenarioPeople::spawn(int day, const DayTables& tables, Agents& agents,
                                   std::vector<std::int64_t>& location_agents, Added&& added) {
    std::int64_t total = 0;
    for (std::size_t r = 0; r < scenario_.spawn.size(); ++r) {
        const auto& rule = scenario_.spawn[r];
        if (day < rule.from_day || day > rule.to_day) continue;
        // Fractions of an agent are carried to the next day, so totals are exact over time.
        spawn_carry_[r] += persons_on(r, day) / static_cast<double>(scenario_.persons_per_agent);
        const auto n = static_cast<std::int64_t>(std::floor(spawn_carry_[r] + 1e-9));
        if (n <= 0) continue;
        spawn_carry_[r] -= static_cast<double>(n);
        const auto at = spawn_location_[r];
        const std::size_t first = agents.add(static_cast<std::size_t>(n), at, spawn_nationality_[r],
                                             static_cast<std::uint16_t>(day), movement::status_at(graph_, tables, at));
        added(first, static_cast<std::size_t>(n), spawn_nationality_[r]);
        location_agents[at] += n;
        total += n;
    }
    return total;
}

}  // namespace migroute
