// The `flee` rule set (docs/MODEL.md "Rule sets"; docs/FLEE.md "Rule set"):
// Flee's default rules, run by the engine's day loop on a scenario converted from a Flee folder
// (io/flee_scenario.hpp). The scenario carries the typed Flee inputs (Scenario::flee).
//
// A day, in the Simulation's phases:
//   apply_schedule  the day's conflicts row (zones appear, change intensity, revert to towns at 0) and
//                   the closures acting today (close on start_day, reopen on end_day);
//   day_start       once per day, never per agent: each location's kind, move chance, score and
//                   capacity multiplier, then the weight of every candidate path;
//   spawn           validation mode: the rise of the summed camp series (falls are a debt) becomes new
//                   agents at the conflict zones, in proportion to population x intensity x decay;
//   move_agent      per agent: follow the planned route (chance 1) or decide to leave (move chance; 1 at
//                   a town reached today after short stints), pick a candidate path in proportion to its
//                   weight, travel at the day's speed, and decide again at once after each arrival.
// Spawning happens after the closures in the engine's order, while Flee spawns before them; spawning
// reads no link or camp state, so the two orders give the same result.
//
// Candidate paths are precomputed per location: every path of up to awareness_level hops (markers are
// passed through, are no destination and count as no hop; no location twice), each prefix a candidate.
// Weight of a path ending at `end` after `km`:
//     w = ((weight_softening + score(end)) / (softening + km)^distance_power) x cap(end),  then w^weight_power
// with score = foreign_weight (if end's country differs from the first location's) x camp_weight (open
// camps) x conflict_weight^(decay x intensity) (conflict zones), cap = the capacity multiplier. A path
// through a closed link has no weight. An agent that picks a path of several links keeps it as a plan
// and follows it on later days.
//
// Randomness: Stream::move (leave? and which path; one pair per decision), Stream::choice (walking a
// link with a walk_probability), Stream::spawn (conflict zone of a new agent), each keyed by agent id
// and day, so results do not depend on the number of threads.
#pragma once

#include "core/agents.hpp"
#include "core/movement.hpp"
#include "core/tables.hpp"
#include "rules/flee/inputs.hpp"
#include "core/rng.hpp"
#include "model/scenario.hpp"
#include "util/state_archive.hpp"
#include "graph/route_graph.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace migroute {

class FleeRules {
public:
    // Throws InputError when the scenario carries no Flee inputs (rules: flee needs a Flee folder).
    FleeRules(const Scenario& scenario, const RouteGraph& graph);

    // Phases of the day, in the Simulation's order (the same set for every rule set).
    // Agents the whole run creates (day-0 insertion plus spawning), to reserve the arrays.
    std::size_t expected_agents() const;
    // insert_day0: the camps' day-0 observed counts, as agents in the camps. Returns the agents added.
    std::int64_t place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents);
    void apply_schedule(int day, DayTables& tables);
    void day_start(int day, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                   const std::vector<std::int64_t>& link_agents);
    std::int64_t spawn(int day, const Rng& rng, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents);
    // The day of agents [begin, end) through the movement kernel (core/movement.hpp).
    void move_agents(const MoveContext& c, std::size_t begin, std::size_t end, DayCounters& counters);
    void day_end(int, const DayCounters&) {}
    std::uint32_t intended_destination(std::size_t) const { return RouteGraph::kNone; }

    // The movement kernel's hooks (core/movement.hpp).
    static constexpr std::uint32_t kMaxSteps = 2 * kMaxHopsPerDay;
    struct Day {
        double moved_km = 0.0;  // distance moved today
        bool arrived = false;   // arrived somewhere today (decides again at once)
        std::uint32_t draw = 0; // decisions made today: the counter of the day's draws
        double before = 0.0;    // km covered on the current link before today's travel on it
        double speed = 0.0;     // today's speed on the current link
    };
    bool idle(const MoveContext& c, std::size_t id) const;
    Day begin_day(std::size_t) const { return {}; }
    Leg travel(const MoveContext& c, std::size_t id, std::uint32_t link, Day& d) const;
    void stay_on_link(const MoveContext& c, std::size_t id, std::uint32_t link, Day& d) const;
    bool arrived(const MoveContext& c, std::size_t id, std::uint32_t link, Day& d);
    void sent_back(std::size_t id, Day& d);
    std::uint32_t decide(const MoveContext& c, std::size_t id, std::uint32_t location, std::uint32_t step, Day& d);
    void end_day(const MoveContext& c, std::size_t id, Day& d);

    // ---- inspection (tests, output) ----
    const flee::Inputs& inputs() const { return *inputs_; }
    flee::LocationKind kind(std::uint32_t location) const { return kind_[location]; }
    double move_chance(std::uint32_t location) const { return move_chance_[location]; }
    double score(std::uint32_t location) const { return score_[location]; }
    double capacity_multiplier(std::uint32_t location) const { return cap_multiplier_[location]; }
    double conflict_intensity(std::uint32_t location) const { return intensity_[location]; }
    // Candidate paths from a location: their links, end, length and today's weight.
    std::size_t path_count(std::uint32_t location) const { return path_begin_[location + 1] - path_begin_[location]; }
    std::vector<std::uint32_t> path_links(std::uint32_t location, std::size_t i) const;
    std::uint32_t path_end(std::uint32_t location, std::size_t i) const { return path_end_[path_begin_[location] + i]; }
    double path_km(std::uint32_t location, std::size_t i) const { return path_km_[path_begin_[location] + i]; }
    double path_weight(std::uint32_t location, std::size_t i) const { return path_weight_[path_begin_[location] + i]; }
    // Per-agent state of this rule set.
    // recent at the end of the last day run.
    double recent_travel(std::size_t id) const { return recent_until(id, static_cast<std::uint32_t>(day_ + 1)); }
    bool has_plan(std::size_t id) const { return plan_[id] != kNoPlan; }
    std::int64_t spawned_total() const { return spawned_; }
    std::int64_t spawn_debt() const { return debt_; }
    // Bytes per agent held by this rule set (recent travel and its day, the day of leaving and the day
    // it was drawn, planned path and position, walk flags): 16.
    static constexpr std::size_t bytes_per_agent() {
        return sizeof(float) + sizeof(std::uint16_t) * 3 + sizeof(std::uint32_t) + sizeof(std::uint8_t) * 2;
    }
    // Saves or loads what changes during a run: the per-location state of the day, closures in force,
    // the day's path weights, spawning totals and the per-agent state (`agents` of them).
    void checkpoint(StateArchive& ar, std::size_t agents);

private:
    static constexpr std::uint32_t kNoPlan = 0xffffffffu;
    static constexpr std::uint16_t kStale = 0xffffu;  // leave_drawn_: no day of leaving drawn here yet
    static constexpr std::uint16_t kNever = 0xfffeu;  // leave_day_: not within any run
    enum StateBits : std::uint8_t { kWalking = 1u << 0, kJourneyStarted = 1u << 1 };

    void enumerate_paths(int awareness_level);
    void set_camps(DayTables& tables) const;
    void grow_agent_state(std::size_t n);
    double recent_until(std::size_t id, std::uint32_t day) const;  // recent at the end of day - 1
    static std::uint16_t leave_day(std::uint32_t day, double u, double chance);
    // Index of the chosen path among the location's candidates, or kNoPlan (u uniform in [0, 1)).
    std::uint32_t choose_path(std::uint32_t location, double u) const;

    std::shared_ptr<const flee::Inputs> inputs_;
    const RouteGraph& graph_;
    const flee::MoveRules& move_rules_;
    const flee::SpawnRules& spawn_rules_;

    // Static, per location.
    std::vector<flee::LocationKind> base_kind_;
    std::vector<std::uint8_t> foreign_;                 // country differs from the first row's
    std::vector<double> capacity_;                      // x capacity_scaling; +inf when none
    std::vector<int> conflict_column_;                  // column in conflicts.csv, or -1
    std::vector<double> population_;                    // spawn weights (take_from_population lowers it)
    // Static, per link.
    std::vector<double> link_speed_;                    // km/day when not walking
    std::vector<double> link_walk_probability_;
    // Closures: the directed links or the camp each one acts on, and whether it is in force.
    struct ClosureTarget {
        std::vector<std::uint32_t> links;
        std::uint32_t camp = RouteGraph::kNone;
        int start_day = 0;
        int end_day = 0;
        bool active = false;
    };
    std::vector<ClosureTarget> closures_;
    std::vector<std::uint8_t> link_open_;               // closures only
    std::vector<std::uint8_t> camp_closed_;             // camps treated as towns

    // Per location, updated once a day.
    std::vector<double> intensity_;
    std::vector<int> conflict_onset_;                   // day the current conflict began; -1 none
    std::vector<flee::LocationKind> kind_;
    std::vector<double> move_chance_;
    std::vector<int> chance_changed_;                   // day the move chance last changed
    std::vector<double> score_;
    std::vector<double> cap_multiplier_;

    // Candidate paths (CSR by origin location), and their weights today.
    std::vector<std::uint32_t> path_begin_;             // per location + 1
    std::vector<std::uint32_t> path_link_begin_;        // per path + 1, into path_links_
    std::vector<std::uint32_t> path_links_;
    std::vector<std::uint32_t> path_end_;
    std::vector<double> path_km_;
    std::vector<double> path_denominator_;              // (softening + km)^distance_power
    std::vector<double> path_weight_;
    std::vector<double> path_cumulative_;               // running sum within the origin's range
    std::vector<std::uint8_t> path_open_;               // every link of the path open today
    std::vector<std::uint32_t> open_paths_;             // per location: candidates with every link open

    // Spawning.
    std::vector<std::int64_t> spawn_target_;            // agents to have spawned by the end of each day
    std::int64_t spawned_ = 0;
    std::int64_t debt_ = 0;                             // agents due but not placed (no conflict zone)
    std::int64_t inserted_ = 0;
    std::vector<std::uint32_t> spawn_zone_;             // scratch: today's conflict zones with weight
    std::vector<double> spawn_weight_;                  // scratch: their cumulative weights

    // Per agent (only in runs with this rule set).
    int day_ = 0;                                       // the day being run (or last run)
    std::vector<float> recent_;                         // (recent + km moved today / max_move_speed) / 2
    std::vector<std::uint16_t> recent_day_;             // ... as of the end of this day
    std::vector<std::uint16_t> leave_day_;              // day on which the agent leaves its location
    std::vector<std::uint16_t> leave_drawn_;            // day leave_day_ was drawn, or kStale
    std::vector<std::uint32_t> plan_;                   // global path id being followed, or kNoPlan
    std::vector<std::uint8_t> plan_pos_;                // index of the next link of the plan
    std::vector<std::uint8_t> state_;                   // StateBits
};

}  // namespace migroute
