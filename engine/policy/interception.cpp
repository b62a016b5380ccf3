#include "policy/interception.hpp"

#include "policy/registry.hpp"

#include <algorithm>

namespace migroute::policy {

InterceptionPolicy::InterceptionPolicy(const InterceptionSettings& settings, Window window)
    : ModuleBase("interception", window), settings_(settings) {
    interceptions_ = add_counter("interceptions", "link", "persons intercepted at sea and returned");
}

void InterceptionPolicy::prepare(PolicyDay& day) {
    links_ = link_ids(day.graph, settings_.links);
    if (!settings_.return_to.empty()) return_to_ = day.graph.location_index(settings_.return_to);
}

void InterceptionPolicy::day_start(PolicyDay& day) {
    if (!active(day)) return;
    BorderTables& b = day.tables.border;
    b.active = true;
    for (const auto k : links_) {
        b.interception_probability[k] = 1.0 - (1.0 - b.interception_probability[k]) * (1.0 - settings_.probability);
        b.interception_return_to[k] = return_to_;
        b.detention_days[k] = static_cast<std::uint16_t>(std::clamp(settings_.detention_days, 0, 65535));
    }
}

void InterceptionPolicy::day_end(PolicyDay& day) {
    add_row(interceptions_, on_links(day.counters->border.interceptions, links_), day.persons_per_agent);
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names, {"links", "probability", "return_to", "detention_days"});
    InterceptionSettings p;
    if (!s.has("links")) s.fail("links", "a list of names of sea links (from-to)", "nothing (the key is missing)");
    for (const auto i : s.name_list("links", names.sea_links, "sea link")) p.links.push_back(names.sea_links[i]);
    p.probability = s.number("probability", 0.0, 1.0, "a probability in [0, 1]");
    p.detention_days = s.integer_or("detention_days", 0, 0, 3650, "a number of days in [0, 3650]");
    if (s.has("return_to")) {
        p.return_to = names.locations[s.name("return_to", names.locations, "location")];
        auto country_of = [&](const std::string& location) {
            for (const auto& l : scenario.locations)
                if (l.name == location) return l.country;
            return std::string();
        };
        // Returned to the departure country: every link must leave from the return location's country.
        for (const auto& link : p.links) {
            const auto dash_from = std::find_if(scenario.links.begin(), scenario.links.end(), [&](const LinkSpec& l) {
                return l.name() == link || (l.two_way && l.to + "-" + l.from == link);
            });
            const std::string from = dash_from->name() == link ? dash_from->from : dash_from->to;
            if (country_of(from) != country_of(p.return_to))
                s.fail("return_to", "a location in the departure country of every link (" + country_of(from) + " for " + link + ")",
                       "'" + p.return_to + "' in " + country_of(p.return_to));
        }
    }
    return typed_settings<InterceptionPolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(interception, migroute::policy::make)
