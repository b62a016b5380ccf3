#include "policy/humanitarian_visa.hpp"

#include "policy/registry.hpp"

#include <algorithm>
#include <cmath>

namespace migroute::policy {

HumanitarianVisaPolicy::HumanitarianVisaPolicy(const HumanitarianVisaSettings& settings, Window window)
    : ModuleBase("humanitarian_visa", window), settings_(settings) {
    issued_ = add_counter("issued", "country", "humanitarian visas issued, by issuing country (persons)");
    used_ = add_counter("used", "country", "visa holders who travelled to their destination, by issuing country");
    issued_nat_ = add_counter("issued_by_nationality", "nationality", "humanitarian visas issued, by nationality");
}

void HumanitarianVisaPolicy::prepare(PolicyDay& day) {
    const RouteGraph& g = day.graph;
    for (const auto& code : settings_.issuing_countries)
        for (std::uint32_t c = 0; c < g.country_count(); ++c)
            if (g.country_code[c] == code) issuing_.push_back(c);
    slot_of_location_.assign(g.location_count(), -1);
    for (std::uint32_t l = 0; l < g.location_count(); ++l)
        for (std::size_t i = 0; i < issuing_.size(); ++i)
            if (g.location_country[l] == issuing_[i]) slot_of_location_[l] = static_cast<std::int32_t>(i);
    eligible_nationality_.assign(day.nationalities.size(), settings_.nationalities.empty() ? 1 : 0);
    for (const auto& code : settings_.nationalities) {
        const auto it = std::find(day.nationalities.begin(), day.nationalities.end(), code);
        if (it != day.nationalities.end()) eligible_nationality_[static_cast<std::size_t>(it - day.nationalities.begin())] = 1;
    }
    eligible_status_.assign(16, 0);
    for (const auto s : settings_.statuses) eligible_status_[static_cast<std::size_t>(s)] = 1;
    for (const auto& name : settings_.destinations) destinations_.push_back(g.location_index(name));
    carry_.assign(issuing_.size(), 0.0);
    issued_today_.assign(g.country_count(), 0);
    used_today_.assign(g.country_count(), 0);
    issued_by_nationality_today_.assign(day.nationalities.size(), 0);
}

void HumanitarianVisaPolicy::travel(PolicyDay& day, const Pending& visa) {
    // Safe travel: by an air link from where the person is, when the scenario has one.
    const RouteGraph& g = day.graph;
    const std::uint32_t at = day.agents.where[visa.agent];
    std::uint32_t via = RouteGraph::kNone;
    for (std::uint32_t k = g.out_begin[at]; k < g.out_begin[at + 1]; ++k)
        if (g.link_to[k] == visa.destination && g.link_mode[k] == LinkMode::air) via = k;
    if (day.actions.travel_safely(visa.agent, visa.destination, via)) ++used_today_[issuing_[visa.issuing]];
    holds_visa_[visa.agent] = false;
}

void HumanitarianVisaPolicy::issue(PolicyDay& day) {
    const Agents& a = day.agents;
    const std::size_t n = a.size();
    if (holds_visa_.size() < n) holds_visa_.resize(n, false);
    // Quotas in agents; fractions of an agent carry over to the next month, so totals stay exact.
    std::vector<std::size_t> quota(issuing_.size());
    for (std::size_t i = 0; i < issuing_.size(); ++i) {
        carry_[i] += settings_.quota_per_month / static_cast<double>(day.persons_per_agent);
        const double whole = std::floor(carry_[i] + 1e-9);
        carry_[i] -= whole;
        quota[i] = static_cast<std::size_t>(whole);
    }
    // Eligible people, ranked by a hashed key: the same choice for any number of threads.
    std::vector<std::vector<std::pair<double, std::uint32_t>>> candidates(issuing_.size());
    for (std::size_t id = 0; id < n; ++id) {
        if (a.flags[id] & kOnLink) continue;
        const std::int32_t slot = slot_of_location_[a.where[id]];
        if (slot < 0 || holds_visa_[id] || !eligible_status_[static_cast<std::size_t>(a.status[id])] ||
            !eligible_nationality_[a.nationality[id]])
            continue;
        const double key = day.rng(Stream::quota, id, static_cast<std::uint32_t>(day.day), 0);
        candidates[static_cast<std::size_t>(slot)].emplace_back(key, static_cast<std::uint32_t>(id));
    }
    for (std::size_t i = 0; i < issuing_.size(); ++i) {
        auto& list = candidates[i];
        const std::size_t take = std::min(quota[i], list.size());
        std::nth_element(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(take), list.end());
        list.resize(take);
        std::sort(list.begin(), list.end());
        for (const auto& [key, id] : list) {
            // The intended destination when it is one of the visa's; otherwise one of them at random.
            std::uint32_t destination = RouteGraph::kNone;
            const auto intended = day.actions.intended_destination(id);
            if (intended != RouteGraph::kNone &&
                std::find(destinations_.begin(), destinations_.end(), intended) != destinations_.end())
                destination = intended;
            if (destination == RouteGraph::kNone) {
                const double u = day.rng(Stream::quota, id, static_cast<std::uint32_t>(day.day), 1);
                destination = destinations_[std::min(destinations_.size() - 1,
                                                     static_cast<std::size_t>(u * static_cast<double>(destinations_.size())))];
            }
            holds_visa_[id] = true;
            ++issued_today_[issuing_[i]];
            ++issued_by_nationality_today_[a.nationality[id]];
            const Pending visa{id, destination, static_cast<std::uint32_t>(i), day.day + settings_.travel_after_days};
            if (settings_.travel_after_days == 0) {
                travel(day, visa);
            } else {
                day.actions.hold(id, visa.travel_day);
                pending_.push_back(visa);
            }
        }
    }
}

void HumanitarianVisaPolicy::legal_pathways(PolicyDay& day) {
    // Holders whose travel day has come (visas issued before the window closed are still used).
    std::vector<Pending> waiting;
    for (const auto& visa : pending_) {
        if (visa.travel_day <= day.day) travel(day, visa);
        else waiting.push_back(visa);
    }
    pending_ = std::move(waiting);
    // Visas are issued on the first day of the window and on the first day of each calendar month in it.
    if (active(day) && (day.day == window_.from_day || day.date.day == 1)) issue(day);
}

void HumanitarianVisaPolicy::day_end(PolicyDay& day) {
    add_row(issued_, issued_today_, day.persons_per_agent);
    add_row(used_, used_today_, day.persons_per_agent);
    add_row(issued_nat_, issued_by_nationality_today_, day.persons_per_agent);
    std::fill(issued_today_.begin(), issued_today_.end(), 0);
    std::fill(used_today_.begin(), used_today_.end(), 0);
    std::fill(issued_by_nationality_today_.begin(), issued_by_nationality_today_.end(), 0);
}

void HumanitarianVisaPolicy::checkpoint(StateArchive& ar) {
    ModuleBase::checkpoint(ar);
    ar.fixed(carry_, "the quota carried over");
    ar.vector(pending_);
    ar.vector(holds_visa_);
    // The counts of the day are zero between days (day_end clears them).
}

namespace {

std::shared_ptr<const PolicySettings> make(const Scenario& scenario, std::size_t index, const Names& names) {
    const Settings s(scenario, index, names,
                     {"issuing_countries", "quota_per_month", "nationalities", "statuses", "destinations",
                      "travel_after_days"});
    HumanitarianVisaSettings p;
    if (!s.has("issuing_countries"))
        s.fail("issuing_countries", "a list of country codes (where embassies issue visas)", "nothing (the key is missing)");
    for (const auto i : s.name_list("issuing_countries", names.countries, "country"))
        p.issuing_countries.push_back(names.countries[i]);
    p.quota_per_month = s.number("quota_per_month", 0.0, 1e12, "a number of persons per month >= 0");
    for (const auto i : s.name_list("nationalities", names.nationalities, "nationality"))
        p.nationalities.push_back(names.nationalities[i]);
    if (s.has("statuses")) {
        const std::vector<std::string> valid = {"displaced", "in_camp", "at_border", "rejected", "returned"};
        const std::vector<Status> values = {Status::displaced, Status::in_camp, Status::at_border, Status::rejected,
                                            Status::returned};
        p.statuses.clear();
        for (const auto i : s.name_list("statuses", valid, "status")) p.statuses.push_back(values[i]);
    }
    std::vector<std::string> destinations;
    for (const auto& l : scenario.locations)
        if (l.type == LocationType::destination) destinations.push_back(l.name);
    if (!s.has("destinations"))
        s.fail("destinations", "a list of destination locations", "nothing (the key is missing)",
               destinations.empty() ? "the scenario has no location of type destination" : "valid: " + join(destinations));
    for (const auto i : s.name_list("destinations", destinations, "destination location"))
        p.destinations.push_back(destinations[i]);
    if (p.destinations.empty()) s.fail("destinations", "at least one destination location", "an empty list");
    p.travel_after_days = s.integer_or("travel_after_days", 0, 0, 3650, "a number of days in [0, 3650]");
    return typed_settings<HumanitarianVisaPolicy>(p, s.window());
}

}  // namespace

}  // namespace migroute::policy

MIGROUTE_REGISTER_POLICY(humanitarian_visa, migroute::policy::make)
