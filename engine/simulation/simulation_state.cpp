// The state of a run for checkpoints: Simulation::checkpoint and the checkpoint functions of the rule
// sets. Each lists the members that change while the run goes on; members set once by the constructor
// from the scenario are rebuilt by constructing the simulation again, and are not stored.
#include "simulation/simulation.hpp"

#include <algorithm>
#include <type_traits>

namespace migroute {

namespace {

void flag(StateArchive& ar, bool& b) {
    std::uint8_t v = b ? 1 : 0;
    ar.value(v);
    if (ar.loading()) {
        if (v > 1) ar.fail("a flag holds " + std::to_string(v) + ", expected 0 or 1");
        b = v == 1;
    }
}

void table(StateArchive& ar, Table2D& t) {
    ar.value(t.width);
    ar.vector(t.data);
    if (ar.loading() && t.width != 0 && t.data.size() % t.width != 0)
        ar.fail("a series of " + std::to_string(t.data.size()) + " values does not fill rows of " +
                std::to_string(t.width));
}

}  // namespace

void Simulation::checkpoint(StateArchive& ar) {
    ar.section("simulation");
    ar.value(day_);
    if (ar.loading() && (day_ < 0 || day_ > scenario_.days))
        ar.fail("the day " + std::to_string(day_) + " is outside the scenario's 0.." + std::to_string(scenario_.days));

    ar.section("agents");
    std::uint64_t n = agents_.size();
    ar.value(n);
    if (ar.loading() && n > ar.remaining() / Agents::bytes_per_agent())
        ar.fail(std::to_string(n) + " agents do not fit in the bytes left");
    const auto count = static_cast<std::size_t>(n);
    ar.sized(agents_.where, count, "where");
    ar.sized(agents_.link_km_done, count, "link_km_done");
    ar.sized(agents_.came_from, count, "came_from");
    ar.sized(agents_.nationality, count, "nationality");
    ar.sized(agents_.status, count, "status");
    ar.sized(agents_.flags, count, "flags");
    ar.sized(agents_.displaced_day, count, "displaced_day");
    ar.sized(agents_.arrived_day, count, "arrived_day");
    ar.sized(agents_.wait_until_day, count, "wait_until_day");
    ar.sized(agents_.attempts, count, "attempts");
    if (ar.loading())
        for (std::size_t id = 0; id < count; ++id) {
            const bool on_link = agents_.flags[id] & kOnLink;
            if (agents_.where[id] >= (on_link ? graph_.link_count() : graph_.location_count()))
                ar.fail("agent " + std::to_string(id) + " is on a link or at a location the scenario does not have");
            // Flee scenarios name no nationalities: every agent has index 0.
            if (agents_.nationality[id] >= std::max<std::size_t>(1, nationalities_.size()))
                ar.fail("agent " + std::to_string(id) + " has a nationality the scenario does not have");
        }

    ar.section("tables");
    tables_.for_each([&](const char* name, auto& table) {
        if constexpr (std::is_same_v<std::decay_t<decltype(table)>, bool>) flag(ar, table);
        else ar.fixed(table, name);
    });
    ar.fixed(tables_.location_in_camp, "location_in_camp");
    ar.section("counts");
    ar.fixed(location_agents_, "location_agents");
    ar.fixed(link_agents_, "link_agents");
    ar.value(agents_created_);
    ar.value(agents_dead_);
    ar.value(agents_arrived_);
    ar.value(agents_left_);

    ar.section("series");
    table(ar, series_.location_population);
    table(ar, series_.link_population);
    table(ar, series_.link_flow);
    table(ar, series_.link_deaths);
    table(ar, series_.country_arrivals);
    ar.vector(series_.total_spawned);
    ar.vector(series_.total_alive);
    ar.vector(series_.total_dead);
    ar.vector(series_.total_arrived);
    ar.vector(series_.total_left);
    if (ar.loading() && series_.days() != static_cast<std::size_t>(day_))
        ar.fail("the series hold " + std::to_string(series_.days()) + " days, expected " + std::to_string(day_));

    ar.section("rules");
    std::visit([&](auto& r) { r.checkpoint(ar, count); }, rules_);
    ar.section("policies");
    std::uint64_t modules = policies_.size();
    ar.value(modules);
    if (ar.loading() && modules != policies_.size())
        ar.fail(std::to_string(modules) + " policy modules, expected " + std::to_string(policies_.size()));
    for (auto& module : policies_) {
        ar.section("policy " + module->type());
        module->checkpoint(ar);
    }
    ar.section("end");
}

void RoutesRules::checkpoint(StateArchive& ar, std::size_t agents) {
    people_.checkpoint(ar);
    ar.sized(destination_of_, agents, "destination_of");
    if (ar.loading())
        for (const auto d : destination_of_)
            if (d >= destinations_.size()) ar.fail("an intended destination is out of range");
    ar.fixed(perceived_death_, "perceived_death");
    ar.fixed(perceived_failure_, "perceived_failure");
    ar.fixed(seen_flow_, "seen_flow");
    ar.fixed(seen_deaths_, "seen_deaths");
    ar.fixed(seen_failures_, "seen_failures");
    ar.fixed(route_cost_, "route_cost");
    ar.fixed(weight_, "weight");
}

void FleeRules::checkpoint(StateArchive& ar, std::size_t agents) {
    ar.value(day_);
    ar.fixed(population_, "population");
    ar.fixed(intensity_, "intensity");
    ar.fixed(conflict_onset_, "conflict_onset");
    ar.fixed(kind_, "kind");
    ar.fixed(move_chance_, "move_chance");
    ar.fixed(chance_changed_, "chance_changed");
    ar.fixed(score_, "score");
    ar.fixed(cap_multiplier_, "cap_multiplier");
    ar.fixed(link_open_, "link_open");
    ar.fixed(camp_closed_, "camp_closed");
    std::uint64_t closures = closures_.size();
    ar.value(closures);
    if (ar.loading() && closures != closures_.size())
        ar.fail(std::to_string(closures) + " closures, expected " + std::to_string(closures_.size()));
    for (auto& c : closures_) flag(ar, c.active);
    ar.fixed(path_weight_, "path_weight");
    ar.fixed(path_cumulative_, "path_cumulative");
    ar.fixed(path_open_, "path_open");
    ar.fixed(open_paths_, "open_paths");
    ar.value(spawned_);
    ar.value(debt_);
    ar.value(inserted_);
    ar.sized(recent_, agents, "recent");
    ar.sized(recent_day_, agents, "recent_day");
    ar.sized(leave_day_, agents, "leave_day");
    ar.sized(leave_drawn_, agents, "leave_drawn");
    ar.sized(plan_, agents, "plan");
    ar.sized(plan_pos_, agents, "plan_pos");
    ar.sized(state_, agents, "state");
    if (ar.loading())
        for (const auto p : plan_)
            if (p != kNoPlan && p >= path_end_.size()) ar.fail("a planned path is out of range");
}

}  // namespace migroute
