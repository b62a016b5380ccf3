// The movement kernel: one per-agent day loop for every rule set (engine/rules/). It does the hops of
// a day, death per travelling day and per crossing, the border events at the end of a link, and
// arrival; every status transition of a person is written here and nowhere else (the legal pathways
// of PolicyActions use the same transitions). The rule set decides what is particular to it: how far a
// person gets on a link today and whether it moves on, and which link a person at a location takes.
//
// A rule set type R provides (all inline, called per agent without any virtual call):
//   static constexpr std::uint32_t kMaxSteps;     steps (link ends plus departures) per day
//   struct Day;                                     the person's state for the day being moved
//   bool idle(const MoveContext&, id) const;        true: skipped today without a draw
//   Day begin_day(id) const;
//   Leg travel(const MoveContext&, id, link, Day&);           how far the person gets on `link` today
//   void stay_on_link(const MoveContext&, id, link, Day&);    did not reach the end: record progress
//   bool arrived(const MoveContext&, id, link, Day&);         reached a location; true = move on today
//   void sent_back(id, Day&);                                  turned back, pushed back or intercepted
//   std::uint32_t decide(const MoveContext&, id, location, step, Day&);  link to take, or kNone
//   void end_day(const MoveContext&, id, Day&);
#pragma once

#include "core/agents.hpp"
#include "core/rng.hpp"
#include "core/tables.hpp"
#include "graph/route_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace migroute {

// Steps a person takes in one day under the basic and routes rule sets: each departure onto a link and
// each arrival at its end is a step, so at most 8 links are completed a day (the flee rule set allows
// 2 x kMaxHopsPerDay steps: 16 links). Guards against chains of very short links; Flee has no bound,
// but with speeds of a few hundred km a day no real route reaches it. Assumption.
inline constexpr std::uint32_t kMaxHopsPerDay = 16;

// What the per-agent loop reads and writes. Each agent is touched by exactly one thread.
struct MoveContext {
    const RouteGraph& graph;
    const DayTables& tables;
    const Rng& rng;
    Agents& agents;
    std::uint32_t day;
    bool collect_arrivals;  // record the ids of today's arrivals (a module subscribed to them)
};

// How far a person gets on a link today.
struct Leg {
    bool arrives = false;        // reaches the end of the link today
    double exposure_days = 0.0;  // days (or share of today) spent on the link today, for per-day risks
};

namespace movement {

// The status of a person who stays at `location`: an applicant at a destination (an EU asylum
// system), in a camp where the rule set says the location is one today, displaced elsewhere.
inline Status status_at(const RouteGraph& g, const DayTables& t, std::uint32_t location) {
    if (g.location_type[location] == LocationType::destination) return Status::applicant;
    return t.location_in_camp[location] ? Status::in_camp : Status::displaced;
}

// True for people whom nothing moves any more: dead, or in an asylum system or resettled.
inline bool journey_over(Status s) { return s == Status::dead || s == Status::applicant || s == Status::resettled; }

// Counts a person who has just reached `location` (after its location counts are updated): a
// destination is an arrival.
inline void count_reached(const MoveContext& c, std::size_t id, std::uint32_t location, DayCounters& counters) {
    if (c.graph.location_type[location] != LocationType::destination) return;
    ++counters.country_arrivals[c.graph.location_country[location]];
    ++counters.arrivals;
    if (c.collect_arrivals) counters.arrived.push_back(id);
}

// From `location` onto `link`.
inline void enter_link(const MoveContext& c, std::size_t id, std::uint32_t location, std::uint32_t link,
                       DayCounters& counters) {
    Agents& a = c.agents;
    a.flags[id] = static_cast<std::uint8_t>(a.flags[id] | kOnLink);
    a.where[id] = link;
    a.link_km_done[id] = 0.0f;
    a.status[id] = Status::in_transit;
    --counters.location_delta[location];
    ++counters.link_delta[link];
    ++counters.link_flow[link];
}

// Dies on `link` (while travelling, on the crossing, or from violence at its end).
inline void die_on_link(const MoveContext& c, std::size_t id, std::uint32_t link, DayCounters& counters) {
    c.agents.status[id] = Status::dead;
    --counters.link_delta[link];
    ++counters.link_deaths[link];
    ++counters.deaths;
}

// Off `link` at `location`, having come from `came_from`. Returns true when the location is a
// destination (the journey is over).
inline bool leave_link(const MoveContext& c, std::size_t id, std::uint32_t link, std::uint32_t location,
                       std::uint32_t came_from, DayCounters& counters) {
    Agents& a = c.agents;
    a.flags[id] = static_cast<std::uint8_t>(a.flags[id] & ~kOnLink);
    a.where[id] = location;
    a.came_from[id] = came_from;
    a.link_km_done[id] = 0.0f;
    a.arrived_day[id] = static_cast<std::uint16_t>(c.day);
    --counters.link_delta[link];
    ++counters.location_delta[location];
    a.status[id] = status_at(c.graph, c.tables, location);
    count_reached(c, id, location, counters);
    return a.status[id] == Status::applicant;
}

enum class BorderOutcome : std::uint8_t { crossed, sent_back, died };

// Border events when a person reaches the end of `link`, in order: turned back at a link closed while
// it travelled, pushback (with injury or death from violence), interception. `step` numbers the draws.
inline BorderOutcome border_events(const MoveContext& c, std::size_t id, std::uint32_t link, std::uint32_t step,
                                   DayCounters& counters) {
    Agents& a = c.agents;
    const RouteGraph& g = c.graph;
    const BorderTables& border = c.tables.border;
    std::uint32_t back_to = RouteGraph::kNone;
    std::uint32_t wait_days = 0;
    if (!c.tables.link_open[link]) {
        back_to = g.link_from[link];
        ++counters.border.turned_back[link];
    } else {
        const double p_pushback = border.pushback_probability[link];
        if (p_pushback > 0.0 && c.rng(Stream::border, id, c.day, step) < p_pushback) {
            ++counters.border.pushbacks[link];
            if (a.attempts[id] == 0) ++counters.border.first_pushbacks[link];
            if (a.attempts[id] < 255) ++a.attempts[id];
            const auto [u_death, u_injury] = c.rng.pair(Stream::injury, id, c.day, step);
            if (u_death < border.violence_death_probability[link]) {
                die_on_link(c, id, link, counters);
                ++counters.border.pushback_deaths[link];
                return BorderOutcome::died;
            }
            wait_days = border.pushback_wait_days[link];
            if (u_injury < border.injury_probability[link]) {
                wait_days += border.injury_days[link];
                ++counters.border.injuries[link];
            }
            back_to = g.link_from[link];
        } else {
            const double p_interception = border.interception_probability[link];
            if (p_interception > 0.0 && c.rng(Stream::interception, id, c.day, step) < p_interception) {
                ++counters.border.interceptions[link];
                const std::uint32_t to = border.interception_return_to[link];
                back_to = to == RouteGraph::kNone ? g.link_from[link] : to;
                wait_days = border.detention_days[link];
            }
        }
    }
    if (back_to == RouteGraph::kNone) return BorderOutcome::crossed;
    // Sent back: every direction is open to a new choice.
    leave_link(c, id, link, back_to, Agents::kNowhere, counters);
    a.wait_until_day[id] = static_cast<std::uint16_t>(std::min<std::uint32_t>(c.day + wait_days, 65535));
    return BorderOutcome::sent_back;
}

// The whole day of person `id` under rule set `rules`.
template <typename Rules>
void move_agent(Rules& rules, const MoveContext& c, std::size_t id, DayCounters& counters) {
    Agents& a = c.agents;
    if (journey_over(a.status[id])) return;
    if (!(a.flags[id] & kOnLink) && a.wait_until_day[id] > c.day) return;
    const RouteGraph& g = c.graph;
    const DayTables& t = c.tables;
    typename Rules::Day day = rules.begin_day(id);
    for (std::uint32_t step = 0; step < Rules::kMaxSteps; ++step) {
        if (a.flags[id] & kOnLink) {
            const std::uint32_t link = a.where[id];
            const Leg leg = rules.travel(c, id, link, day);
            const double per_day_risk = t.link_death_per_day[link];
            bool dies = per_day_risk > 0.0 && c.rng(Stream::death, id, c.day, 2 * step) <
                                                  1.0 - std::pow(1.0 - per_day_risk, leg.exposure_days);
            if (!dies && leg.arrives) {
                if (t.border.active || !t.link_open[link]) {
                    const BorderOutcome outcome = border_events(c, id, link, step, counters);
                    if (outcome == BorderOutcome::died) break;
                    if (outcome == BorderOutcome::sent_back) {
                        rules.sent_back(id, day);
                        break;
                    }
                }
                const double crossing_risk = t.link_death_per_crossing[link];
                dies = crossing_risk > 0.0 && c.rng(Stream::death, id, c.day, 2 * step + 1) < crossing_risk;
            }
            if (dies) {
                die_on_link(c, id, link, counters);
                break;
            }
            if (!leg.arrives) {
                rules.stay_on_link(c, id, link, day);
                break;
            }
            std::uint32_t to = g.link_to[link];
            if (t.border.active && t.border.disembark_share[link] > 0.0 &&
                c.rng(Stream::border, id, c.day, Rules::kMaxSteps + step) < t.border.disembark_share[link]) {
                to = t.border.disembark_at[link];  // rescued and brought to the allocated port
                ++counters.border.disembarked[link];
            }
            if (leave_link(c, id, link, to, g.link_from[link], counters)) break;
            if (!rules.arrived(c, id, link, day)) break;
        } else {
            const std::uint32_t location = a.where[id];
            const std::uint32_t link = rules.decide(c, id, location, step, day);
            if (link == RouteGraph::kNone) break;
            enter_link(c, id, location, link, counters);
        }
    }
    rules.end_day(c, id, day);
}

// The day of agents [begin, end).
template <typename Rules>
void move_agents(Rules& rules, const MoveContext& c, std::size_t begin, std::size_t end, DayCounters& counters) {
    for (std::size_t id = begin; id < end; ++id) {
        if (rules.idle(c, id)) continue;
        move_agent(rules, c, id, counters);
    }
}

}  // namespace movement

}  // namespace migroute
