// The tables the per-agent loop reads, and the counters it writes.
//
// PolicyTables are the tables policy modules may write (engine/policy/): each is declared once, in
// MIGROUTE_POLICY_TABLES below, and that one list gives their sizes, the day-end reset (every change a
// module makes is undone at the end of the day, so modules apply their changes afresh each day and
// changes compose) and their place in checkpoints. A table not in the list cannot be written by a
// module: DayTables adds what the rule sets derive each day, which modules never see.
#pragma once

#include "graph/route_graph.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace migroute {

// Border and crossing events at the end of a link (docs/MODEL.md "Movement"), per directed link.
// `active` is false when every probability is 0, so that the hot loop skips all of it.
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
};

// What a table is indexed by, for its size.
enum class TableDimension : std::uint8_t { location, link, location_x_nationality, scalar };

// Every table policy modules may write: X(member, dimension, initial value). Members of `border` are
// named with their prefix. To let modules write a new table, add its member to PolicyTables and one
// line here; nothing else lists the tables.
#define MIGROUTE_POLICY_TABLES(X)                                                 \
    X(location_move_chance, location, 0.0)                                        \
    X(location_attractiveness, location, 0.0)                                     \
    X(location_capacity, location, 0.0)           /* agents; +inf = unlimited */  \
    X(link_open, link, 1)                                                         \
    X(link_speed_km_per_day, link, 0.0)                                           \
    X(link_death_per_crossing, link, 0.0)                                         \
    X(link_death_per_day, link, 0.0)                                              \
    X(move_chance_factor, location_x_nationality, 1.0f)                           \
    X(border.active, scalar, false)                                               \
    X(border.pushback_probability, link, 0.0)                                     \
    X(border.pushback_wait_days, link, 0)                                         \
    X(border.injury_probability, link, 0.0)                                       \
    X(border.injury_days, link, 0)                                                \
    X(border.violence_death_probability, link, 0.0)                               \
    X(border.interception_probability, link, 0.0)                                 \
    X(border.interception_return_to, link, RouteGraph::kNone)                     \
    X(border.detention_days, link, 0)                                             \
    X(border.disembark_share, link, 0.0)                                          \
    X(border.disembark_at, link, RouteGraph::kNone)

struct PolicyTables {
    std::vector<double> location_move_chance;     // daily chance of leaving
    std::vector<double> location_attractiveness;  // as a choice target, before the capacity multiplier
    std::vector<double> location_capacity;        // agents; +infinity when unlimited
    std::vector<std::uint8_t> link_open;
    std::vector<double> link_speed_km_per_day;
    std::vector<double> link_death_per_crossing;  // probability per traversal
    std::vector<double> link_death_per_day;       // probability per day spent travelling on the link
    // Multiplier of the daily move chance per location x nationality (index loc * nationalities + nat);
    // empty unless a module asks for it (PolicyActions::use_move_chance_factors).
    std::vector<float> move_chance_factor;
    BorderTables border;

    // Sizes every table and sets it to its initial value (move_chance_factor stays empty unless
    // `with_move_chance_factors`).
    void resize(std::size_t locations, std::size_t links, std::size_t nationalities, bool with_move_chance_factors);
    // Calls f(name, member) for every declared table, in the order of MIGROUTE_POLICY_TABLES.
    template <typename F>
    void for_each(F&& f) {
#define MIGROUTE_VISIT_TABLE(member, dimension, initial) f(#member, member);
        MIGROUTE_POLICY_TABLES(MIGROUTE_VISIT_TABLE)
#undef MIGROUTE_VISIT_TABLE
    }
    // Sets every declared table to its value in `base` (the day-end reset).
    void reset_to(const PolicyTables& base);
};

// The tables of a day: the policy tables, plus what the rule set derives from them each day.
struct DayTables : PolicyTables {
    // Per location: 1 when a person who stays there is in a camp today (core/movement.hpp,
    // status_at). Set by the rule set: a location of type camp or idpcamp that is not closed.
    std::vector<std::uint8_t> location_in_camp;
};

// Capacity multiplier of a location as a choice target: 1 below `buffer` x capacity, falling linearly
// to 0 at capacity, 0 above (Flee's capacity_buffer rule). `capacity` is +infinity when unlimited.
double capacity_multiplier(double occupied, double capacity, double buffer);

// Daily counts of border events per directed link, in agents (the series are scaled to persons).
struct BorderCounters {
    std::vector<std::int64_t> pushbacks;        // every pushback (attempts)
    std::vector<std::int64_t> first_pushbacks;  // pushbacks of people never pushed back before
    std::vector<std::int64_t> injuries;
    std::vector<std::int64_t> pushback_deaths;  // deaths from violence during a pushback
    std::vector<std::int64_t> interceptions;
    std::vector<std::int64_t> disembarked;      // survivors brought to an allocated port
    std::vector<std::int64_t> turned_back;      // reached the end of a link closed while travelling

    // Calls f(member) for every counter of `self` (const or not).
    template <typename Self, typename F>
    static void each(Self& self, F&& f) {
        f(self.pushbacks);
        f(self.first_pushbacks);
        f(self.injuries);
        f(self.pushback_deaths);
        f(self.interceptions);
        f(self.disembarked);
        f(self.turned_back);
    }
};

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
    // Agents who reached a destination today, when a module asked for them (the arrivals hook); each
    // thread's list is in id order, and the merged list is sorted.
    std::vector<std::size_t> arrived;

    void resize(std::size_t locations, std::size_t links, std::size_t countries);
    void clear();
    void add_to(DayCounters& total) const;
};

}  // namespace migroute
