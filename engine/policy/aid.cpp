#include "policy/aid.hpp"

#include "policy/registry.hpp"

#include <algorithm>
#include <cmath>

namespace migroute::policy {

AidPolicy::AidPolicy(const AidSettings& settings, Window window) : ModuleBase("aid", window), settings_(settings) {
    present_ = add_counter("persons_present", "location",
                           "persons (all nationalities) present at the aided location at the end of an aided day");
}

double AidPolicy::move_chance_factor() const { return std::pow(1.0 - settings_.onward_reduction, settings_.level); }

void AidPolicy::prepare(PolicyDay& day) {
    const RouteGraph& g = day.graph;
    std::vector<std::uint8_t> aided(g.location_count(), 0);
    for (const auto& name : settings_.locations) aided[g.location_index(name)] = 1;
    for (const auto& code : settings_.countries)
        for (std::uint32_t l = 0; l < g.location_count(); ++l)
            if (g.country_code[g.location_country[l]] == code) aided[l] = 1;
    for (std::uint32_t l = 0; l < g.location_count(); ++l)
        if (aided[l]) locations_.push_back(l);
    for (const auto& code : settings_.nationalities) {
        const auto it = std::find(day.nationalities.begin(), day.nationalities.end(), code);
        nationalities_.push_back(static_cast<std::uint16_t>(it - day.nationalities.begin()));
    }
    if (!nationalities_.empty()) day.actions.use_move_chance_factors();
}

void AidPolicy::day_start(PolicyDay& day) {
    if (!active(day)) return;
    const double factor = move_chance_factor();
    if (nationalities_.empty()) {
        for (const auto l : locations_) {
            day.tables.location_move_chance[l] *= factor;
            day.tables.location_attractiveness[l] *= 1.0 + settings_.attractiveness_gain * settings_.level;
        }
        return;
    }
    const std::size_t n_nat = day.nationalities.size();
    for (const auto l : locations_)
        for (const auto n : nationalities_) day.tables.move_chance_factor[l * n_nat + n] *= static_cast<float>(factor);
}

void AidPolicy::day_end(PolicyDay& day) {
    std::vector<std::int64_t> row(day.graph.location_count(), 0);
    if (active(day))
        for (const auto l : locations_) row[l] = day.location_agents[l];
    add_row(present_, row, day.persons_per_agent);
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names,
                     {"locations", "countries", "nationalities", "level", "budget_usd_per_person_per_month",
                      "full_level_usd_per_person_per_month", "onward_reduction", "attractiveness_gain"});
    AidSettings p;
    for (const auto i : s.name_list("locations", names.locations, "location")) p.locations.push_back(names.locations[i]);
    for (const auto i : s.name_list("countries", names.countries, "country")) p.countries.push_back(names.countries[i]);
    if (p.locations.empty() && p.countries.empty())
        s.fail("locations", "aided locations or countries (locations: [...] or countries: [...])", "none of them");
    for (const auto i : s.name_list("nationalities", names.nationalities, "nationality"))
        p.nationalities.push_back(names.nationalities[i]);
    const double kBig = 1e12;
    if (s.has("budget_usd_per_person_per_month")) {
        if (s.has("level")) s.fail("level", "either level or budget_usd_per_person_per_month", "both");
        const double budget = s.number("budget_usd_per_person_per_month", 0.0, kBig, "an amount in US$ >= 0");
        const double full = s.number("full_level_usd_per_person_per_month", 0.0, kBig,
                                     "the budget of a full aid package in US$ per person and month, > 0 (needed with a budget)");
        if (!(full > 0.0)) s.fail("full_level_usd_per_person_per_month", "an amount in US$ > 0", "'0'");
        p.level = budget / full;
    } else {
        if (s.has("full_level_usd_per_person_per_month"))
            s.fail("full_level_usd_per_person_per_month", "this key only with budget_usd_per_person_per_month", "it alone");
        p.level = s.number_or("level", 1.0, 0.0, 1000.0, "an aid level in [0, 1000] (1 = the full package)");
    }
    p.onward_reduction = s.number_or("onward_reduction", p.onward_reduction, 0.0, 1.0, "a share in [0, 1]");
    p.attractiveness_gain = s.number_or("attractiveness_gain", p.attractiveness_gain, 0.0, 1000.0, "a gain >= 0");
    return typed_settings<AidPolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(aid, migroute::policy::make)
