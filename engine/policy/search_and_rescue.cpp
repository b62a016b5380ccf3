#include "policy/search_and_rescue.hpp"

#include "policy/registry.hpp"

#include <algorithm>

namespace migroute::policy {

SearchAndRescuePolicy::SearchAndRescuePolicy(const SearchAndRescueSettings& settings, Window window)
    : ModuleBase("search_and_rescue", window), settings_(settings) {
    crossings_ = add_counter("crossings", "link", "persons who set out on a covered sea link");
    deaths_ = add_counter("deaths", "link", "persons who died on a covered sea link");
    disembarked_ = add_counter("disembarked", "link", "rescued persons brought to the allocated port");
}

void SearchAndRescuePolicy::prepare(PolicyDay& day) {
    links_ = link_ids(day.graph, settings_.links);
    for (const auto k : links_) coasts_.push_back(day.graph.link_from[k]);
    std::sort(coasts_.begin(), coasts_.end());
    coasts_.erase(std::unique(coasts_.begin(), coasts_.end()), coasts_.end());
    if (settings_.allocated_port) port_ = day.graph.location_index(settings_.port);
}

void SearchAndRescuePolicy::day_start(PolicyDay& day) {
    if (!active(day)) return;
    const double reduction = settings_.coverage * settings_.effectiveness;
    for (const auto k : links_) day.tables.link_death_per_crossing[k] *= 1.0 - reduction;
    if (settings_.departure_elasticity != 0.0)
        for (const auto l : coasts_) {
            double& chance = day.tables.location_move_chance[l];
            chance = std::clamp(chance * (1.0 + settings_.departure_elasticity * settings_.coverage), 0.0, 1.0);
        }
    if (settings_.allocated_port) {
        BorderTables& b = day.tables.border;
        b.active = true;
        for (const auto k : links_) {
            b.disembark_share[k] = settings_.coverage;
            b.disembark_at[k] = port_;
        }
    }
}

void SearchAndRescuePolicy::day_end(PolicyDay& day) {
    add_row(crossings_, on_links(day.counters->link_flow, links_), day.persons_per_agent);
    add_row(deaths_, on_links(day.counters->link_deaths, links_), day.persons_per_agent);
    add_row(disembarked_, on_links(day.counters->border.disembarked, links_), day.persons_per_agent);
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names,
                     {"links", "countries", "coverage", "effectiveness", "departure_elasticity", "disembarkation", "port"});
    SearchAndRescueSettings p;
    for (const auto i : s.name_list("links", names.sea_links, "sea link")) p.links.push_back(names.sea_links[i]);
    // A region: every sea link that leaves a location of these countries.
    for (const auto c : s.name_list("countries", names.countries, "country"))
        for (const auto& link : scenario.links) {
            if (link.mode != LinkMode::sea) continue;
            auto country_of = [&](const std::string& location) {
                for (const auto& l : scenario.locations)
                    if (l.name == location) return l.country;
                return std::string();
            };
            auto add = [&](const std::string& from, const std::string& to) {
                if (country_of(from) != names.countries[c]) return;
                std::string name = from;
                name += "-";
                name += to;
                if (std::find(p.links.begin(), p.links.end(), name) == p.links.end()) p.links.push_back(name);
            };
            add(link.from, link.to);
            if (link.two_way) add(link.to, link.from);
        }
    if (p.links.empty())
        s.fail(s.has("countries") ? "countries" : "links", "sea links to cover (links: [from-to], or countries whose coasts the sea links leave)",
               s.has("countries") ? "no sea link leaving those countries" : "nothing",
               names.sea_links.empty() ? "the scenario has no sea links" : "sea links: " + join(names.sea_links));
    const char* const kShare = "a share in [0, 1]";
    p.coverage = s.number_or("coverage", p.coverage, 0.0, 1.0, kShare);
    p.effectiveness = s.number_or("effectiveness", p.effectiveness, 0.0, 1.0, kShare);
    p.departure_elasticity = s.number_or("departure_elasticity", 0.0, -1.0, 100.0, "an elasticity in [-1, 100]");
    p.allocated_port = s.choice_or("disembarkation", "nearest", {"nearest", "allocated"}) == "allocated";
    if (p.allocated_port) p.port = names.locations[s.name("port", names.locations, "location")];
    else if (s.has("port")) s.fail("port", "no port unless disembarkation: allocated", "'" + s.text("port", "") + "'");
    return typed_settings<SearchAndRescuePolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(search_and_rescue, migroute::policy::make)
