#include "policy/closure.hpp"

#include "policy/registry.hpp"

#include <algorithm>
#include <limits>

namespace migroute::policy {

ClosurePolicy::ClosurePolicy(const ClosureSettings& settings, Window window)
    : ModuleBase("closure", window), settings_(settings) {
    closed_ = add_counter("closed", "link", "1 while the policy keeps the link closed, else 0 (a flag, not persons)");
    turned_back_ = add_counter("turned_back", "link", "persons who reached the end of the closed link and went back");
}

void ClosurePolicy::prepare(PolicyDay& day) {
    const RouteGraph& g = day.graph;
    std::vector<std::uint8_t> closed(g.link_count(), 0);
    for (const auto k : link_ids(g, settings_.links)) {
        closed[k] = 1;
        if (!settings_.one_way && g.link_reverse[k] != RouteGraph::kNone) closed[g.link_reverse[k]] = 1;
    }
    for (const auto& name : settings_.locations) {
        const auto l = g.location_index(name);
        for (std::uint32_t k = 0; k < g.link_count(); ++k)
            if (g.link_from[k] == l || g.link_to[k] == l) closed[k] = 1;
    }
    for (const auto& [a, b] : settings_.country_pairs) {
        std::uint32_t ca = 0, cb = 0;
        for (std::uint32_t c = 0; c < g.country_count(); ++c) {
            if (g.country_code[c] == a) ca = c;
            if (g.country_code[c] == b) cb = c;
        }
        for (std::uint32_t k = 0; k < g.link_count(); ++k) {
            const auto from = g.location_country[g.link_from[k]], to = g.location_country[g.link_to[k]];
            if ((from == ca && to == cb) || (from == cb && to == ca)) closed[k] = 1;
        }
    }
    for (std::uint32_t k = 0; k < g.link_count(); ++k)
        if (closed[k]) links_.push_back(k);
    for (const auto& name : settings_.camps) camps_.push_back(g.location_index(name));
}

void ClosurePolicy::day_start(PolicyDay& day) {
    if (!active(day)) return;
    for (const auto k : links_) day.tables.link_open[k] = 0;
    // A closed camp is a town: the town's move chance and attractiveness, no capacity (Flee).
    const auto town = static_cast<std::size_t>(LocationType::town);
    for (const auto l : camps_) {
        day.tables.location_move_chance[l] = day.scenario.movement.move_chance[town];
        day.tables.location_attractiveness[l] = day.scenario.movement.attractiveness[town];
        day.tables.location_capacity[l] = std::numeric_limits<double>::infinity();
    }
}

void ClosurePolicy::day_end(PolicyDay& day) {
    std::vector<std::int64_t> closed(day.graph.link_count(), 0);
    if (active(day))
        for (const auto k : links_) closed[k] = 1;
    add_row(closed_, closed, 1);
    add_row(turned_back_, on_links(day.counters->border.turned_back, links_), day.persons_per_agent);
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names, {"links", "one_way", "locations", "country_pairs", "camps"});
    ClosureSettings p;
    for (const auto i : s.name_list("links", names.links, "link")) p.links.push_back(names.links[i]);
    p.one_way = s.boolean_or("one_way", false);
    for (const auto i : s.name_list("locations", names.locations, "location")) p.locations.push_back(names.locations[i]);
    for (const auto& [a, b] : s.name_pairs("country_pairs", names.countries, "country"))
        p.country_pairs.emplace_back(names.countries[a], names.countries[b]);
    std::vector<std::string> camp_names;
    for (const auto& l : scenario.locations)
        if (l.type == LocationType::camp || l.type == LocationType::idpcamp) camp_names.push_back(l.name);
    for (const auto i : s.name_list("camps", camp_names, "camp")) p.camps.push_back(camp_names[i]);
    if (p.links.empty() && p.locations.empty() && p.country_pairs.empty() && p.camps.empty())
        s.fail("links", "something to close: links, locations, country_pairs or camps", "none of them");
    return typed_settings<ClosurePolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(closure, migroute::policy::make)
