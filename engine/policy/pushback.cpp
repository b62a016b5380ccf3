#include "policy/pushback.hpp"

#include "policy/registry.hpp"

#include <algorithm>

namespace migroute::policy {

PushbackPolicy::PushbackPolicy(const PushbackSettings& settings, Window window)
    : ModuleBase("pushback", window), settings_(settings) {
    pushbacks_ = add_counter("pushbacks", "link", "persons pushed back at the end of the link (every attempt)");
    first_ = add_counter("first_pushbacks", "link", "persons pushed back for the first time");
    injuries_ = add_counter("injuries", "link", "persons injured during a pushback");
    deaths_ = add_counter("deaths", "link", "persons killed during a pushback (also in link_deaths)");
}

void PushbackPolicy::prepare(PolicyDay& day) { links_ = link_ids(day.graph, settings_.links); }

void PushbackPolicy::day_start(PolicyDay& day) {
    if (!active(day)) return;
    BorderTables& b = day.tables.border;
    b.active = true;
    const auto clamp16 = [](int days) { return static_cast<std::uint16_t>(std::clamp(days, 0, 65535)); };
    for (const auto k : links_) {
        // Several pushback policies on one link: independent chances, the longest waits.
        b.pushback_probability[k] = 1.0 - (1.0 - b.pushback_probability[k]) * (1.0 - settings_.probability);
        b.pushback_wait_days[k] = std::max(b.pushback_wait_days[k], clamp16(settings_.retry_after_days));
        b.injury_probability[k] = std::max(b.injury_probability[k], settings_.injury_probability);
        b.injury_days[k] = std::max(b.injury_days[k], clamp16(settings_.injury_days));
        b.violence_death_probability[k] = std::max(b.violence_death_probability[k], settings_.death_probability);
    }
}

void PushbackPolicy::day_end(PolicyDay& day) {
    const BorderCounters& c = day.counters->border;
    add_row(pushbacks_, on_links(c.pushbacks, links_), day.persons_per_agent);
    add_row(first_, on_links(c.first_pushbacks, links_), day.persons_per_agent);
    add_row(injuries_, on_links(c.injuries, links_), day.persons_per_agent);
    add_row(deaths_, on_links(c.pushback_deaths, links_), day.persons_per_agent);
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names,
                     {"links", "probability", "retry_after_days", "injury_probability", "injury_days", "death_probability"});
    PushbackSettings p;
    if (!s.has("links")) s.fail("links", "a list of names of links (from-to)", "nothing (the key is missing)");
    for (const auto i : s.name_list("links", names.links, "link")) p.links.push_back(names.links[i]);
    const char* const kProbability = "a probability in [0, 1]";
    p.probability = s.number("probability", 0.0, 1.0, kProbability);
    p.retry_after_days = s.integer_or("retry_after_days", p.retry_after_days, 0, 3650, "a number of days in [0, 3650]");
    p.injury_probability = s.number_or("injury_probability", 0.0, 0.0, 1.0, kProbability);
    p.injury_days = s.integer_or("injury_days", 0, 0, 3650, "a number of days in [0, 3650]");
    p.death_probability = s.number_or("death_probability", 0.0, 0.0, 1.0, kProbability);
    return typed_settings<PushbackPolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(pushback, migroute::policy::make)
