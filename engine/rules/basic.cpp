#include "rules/basic.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cmath>

namespace migroute {

namespace {

std::uint16_t nationality_of(const std::vector<std::string>& nationalities, const std::string& code) {
    return static_cast<std::uint16_t>(std::find(nationalities.begin(), nationalities.end(), code) - nationalities.begin());
}

}  // namespace

// ---- ScenarioPeople ----------------------------------------------------------------------------

ScenarioPeople::ScenarioPeople(const Scenario& scenario, const RouteGraph& graph,
                               const std::vector<std::string>& nationalities)
    : scenario_(scenario), graph_(graph) {
    for (const auto& p : scenario.initial) {
        const auto at = graph.location_index(p.at);
        if (at == RouteGraph::kNone) throw InputError("initial location '" + p.at + "' is not a location");
        initial_location_.push_back(at);
        initial_nationality_.push_back(nationality_of(nationalities, p.nationality));
    }
    for (const auto& s : scenario.spawn) {
        const auto at = graph.location_index(s.at);
        if (at == RouteGraph::kNone) throw InputError("spawn location '" + s.at + "' is not a location");
        spawn_location_.push_back(at);
        spawn_nationality_.push_back(nationality_of(nationalities, s.nationality));
    }
    spawn_carry_.assign(scenario.spawn.size(), 0.0);
}

double ScenarioPeople::persons_on(std::size_t r, int day) const {
    const auto& rule = scenario_.spawn[r];
    if (rule.per_day) return *rule.per_day;
    if (rule.share_of_population_per_day)
        return *rule.share_of_population_per_day * scenario_.locations[spawn_location_[r]].population;
    for (auto it = rule.table.rbegin(); it != rule.table.rend(); ++it)
        if (it->from_day <= day) return it->per_day;
    return 0.0;
}

std::size_t ScenarioPeople::expected_agents() const {
    double expected = 0.0;
    for (const auto& p : scenario_.initial) expected += p.persons;
    for (std::size_t r = 0; r < scenario_.spawn.size(); ++r) {
        const auto& s = scenario_.spawn[r];
        const int last = std::min(s.to_day, scenario_.days - 1);
        for (int d = std::max(0, s.from_day); d <= last; ++d) expected += persons_on(r, d);
    }
    return static_cast<std::size_t>(expected / static_cast<double>(scenario_.persons_per_agent)) +
           scenario_.initial.size() + scenario_.spawn.size();
}

void ScenarioPeople::checkpoint(StateArchive& ar) { ar.fixed(spawn_carry_, "spawn_carry"); }

// ---- the basic rule set ------------------------------------------------------------------------

void set_camps_from_types(const RouteGraph& graph, DayTables& tables) {
    tables.location_in_camp.resize(graph.location_count());
    for (std::size_t l = 0; l < graph.location_count(); ++l)
        tables.location_in_camp[l] = is_camp(graph.location_type[l]) ? 1 : 0;
}

BasicRules::BasicRules(const Scenario& scenario, const RouteGraph& graph, const std::vector<std::string>& nationalities)
    : DayShareRules(graph, scenario.movement.avoid_backtracking, nationalities.size()),
      scenario_(scenario),
      people_(scenario, graph, nationalities) {
    link_choice_weight_.assign(graph.link_count(), 0.0);
}

std::int64_t BasicRules::place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents) {
    set_camps_from_types(graph_, tables);
    return people_.place_initial(agents, tables, location_agents, [](std::size_t, std::size_t, std::uint16_t) {});
}

std::int64_t BasicRules::spawn(int day, const Rng&, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents) {
    return people_.spawn(day, tables, agents, location_agents, [](std::size_t, std::size_t, std::uint16_t) {});
}

void BasicRules::day_start(int, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                           const std::vector<std::int64_t>&) {
    const auto& mv = scenario_.movement;
    const std::size_t n_loc = graph_.location_count();
    std::vector<double> target_weight(n_loc);
    for (std::size_t l = 0; l < n_loc; ++l)
        target_weight[l] = tables.location_attractiveness[l] *
                           capacity_multiplier(static_cast<double>(location_agents[l]), tables.location_capacity[l],
                                               mv.capacity_buffer);
    for (std::size_t k = 0; k < graph_.link_count(); ++k) {
        link_choice_weight_[k] =
            tables.link_open[k] && graph_.link_mode[k] != LinkMode::air  // air links: legal pathways only
                ? target_weight[graph_.link_to[k]] / std::pow(mv.softening_km + graph_.link_km[k], mv.distance_power)
                : 0.0;
    }
    location_choice_total_.assign(n_loc, 0.0);
    for (std::size_t l = 0; l < n_loc; ++l)
        for (std::uint32_t k = graph_.out_begin[l]; k < graph_.out_begin[l + 1]; ++k)
            location_choice_total_[l] += link_choice_weight_[k];
}

void BasicRules::checkpoint(StateArchive& ar, std::size_t) {
    people_.checkpoint(ar);
    ar.fixed(link_choice_weight_, "link_choice_weight");
    ar.vector(location_choice_total_);  // empty before the first day
}

}  // namespace migroute
