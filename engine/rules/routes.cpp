#include "rules/routes.hpp"

#include "util/error.hpp"
#include "core/rng.hpp"

#include <algorithm>
#include <limits>

namespace migroute {

RoutesRules::RoutesRules(const Scenario& scenario, const RouteGraph& graph,
                         const std::vector<std::string>& nationalities, std::uint64_t seed)
    : DayShareRules(graph, scenario.movement.avoid_backtracking, nationalities.size()),
      scenario_(scenario),
      people_(scenario, graph, nationalities),
      seed_(seed),
      link_count_(graph.link_count()),
      location_count_(graph.location_count()) {
    for (std::uint32_t l = 0; l < graph.location_count(); ++l)
        if (graph.location_type[l] == LocationType::destination) destinations_.push_back(l);
    if (destinations_.empty())
        throw InputError(scenario.source_path + ": rules: routes needs at least one location of type destination");
    if (destinations_.size() > 255)
        throw InputError(scenario.source_path + ": rules: routes supports at most 255 destination locations");

    // Per nationality: its own entry, else "default", else all destinations alike.
    const auto& params = scenario.routes;
    const RoutesParams::Destinations* fallback = nullptr;
    for (const auto& entry : params.destinations)
        if (entry.nationality == "default") fallback = &entry;
    for (const auto& nationality : nationalities) {
        const RoutesParams::Destinations* entry = fallback;
        for (const auto& e : params.destinations)
            if (e.nationality == nationality) entry = &e;
        std::vector<double> weight(destinations_.size(), entry ? 0.0 : 1.0);
        if (entry)
            for (const auto& [name, w] : entry->weights) {
                const auto at = graph.location_index(name);
                const auto it = std::find(destinations_.begin(), destinations_.end(), at);
                if (it == destinations_.end())
                    throw InputError(scenario.source_path + ": routes.destinations: '" + name +
                                     "' is not a location of type destination");
                weight[static_cast<std::size_t>(it - destinations_.begin())] += w;
            }
        double total = 0.0;
        std::vector<double> cumulative;
        for (const double w : weight) cumulative.push_back(total += w);
        if (!(total > 0.0))
            throw InputError(scenario.source_path + ": routes.destinations: the weights for nationality '" +
                             nationality + "' sum to 0");
        for (auto& c : cumulative) c /= total;
        cumulative_.push_back(std::move(cumulative));
    }

    static_cost_.resize(link_count_);
    prior_death_.resize(link_count_);
    for (std::size_t k = 0; k < link_count_; ++k) {
        const auto& spec = scenario.links[graph.link_spec[k]];
        static_cost_[k] = graph.link_km[k] + params.km_per_usd * spec.smuggling_cost_usd;
        const double speed =
            spec.speed_km_per_day.value_or(scenario.movement.speed_km_per_day[static_cast<std::size_t>(spec.mode)]);
        const double travel_days = graph.link_km[k] / speed;
        prior_death_[k] = 1.0 - (1.0 - spec.death_risk_per_crossing) * std::pow(1.0 - spec.death_risk_per_day, travel_days);
    }
    perceived_death_ = prior_death_;
    perceived_failure_.assign(link_count_, 0.0);
    history_days_ = static_cast<std::size_t>(std::max(1, params.information_delay_days + params.information_window_days));
    seen_flow_.assign(history_days_ * link_count_, 0);
    seen_deaths_.assign(history_days_ * link_count_, 0);
    seen_failures_.assign(history_days_ * link_count_, 0);
    route_cost_.assign(destinations_.size() * location_count_, std::numeric_limits<double>::infinity());
    weight_.assign(destinations_.size() * link_count_, 0.0);
}

void RoutesRules::add_agents(std::size_t first, std::size_t count, std::uint16_t nationality) {
    destination_of_.resize(first + count, 0);
    const auto& cumulative = cumulative_[nationality];
    for (std::size_t id = first; id < first + count; ++id) {
        const double u = draw(seed_, Stream::destination, id, 0, 0);
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        destination_of_[id] = static_cast<std::uint8_t>(
            std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1));
    }
}

std::int64_t RoutesRules::place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents) {
    set_camps_from_types(graph_, tables);
    return people_.place_initial(agents, tables, location_agents,
                                 [this](std::size_t first, std::size_t n, std::uint16_t nat) { add_agents(first, n, nat); });
}

std::int64_t RoutesRules::spawn(int day, const Rng&, const DayTables& tables, Agents& agents, std::vector<std::int64_t>& location_agents) {
    return people_.spawn(day, tables, agents, location_agents,
                         [this](std::size_t first, std::size_t n, std::uint16_t nat) { add_agents(first, n, nat); });
}

void RoutesRules::day_end(int day, const DayCounters& counters) {
    const std::size_t slot = static_cast<std::size_t>(day) % history_days_ * link_count_;
    for (std::size_t k = 0; k < link_count_; ++k) {
        seen_flow_[slot + k] = counters.link_flow[k];
        seen_deaths_[slot + k] = counters.link_deaths[k];
        seen_failures_[slot + k] = counters.border.pushbacks[k] + counters.border.interceptions[k];
    }
}

void RoutesRules::day_start(int day, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                            const std::vector<std::int64_t>&) {
    const auto& params = scenario_.routes;
    // What is known today: the days [day - delay - window, day - delay).
    const int last = day - params.information_delay_days;  // exclusive
    const int first = std::max(0, last - params.information_window_days);
    std::vector<double> flow(link_count_, 0.0), deaths(link_count_, 0.0), failures(link_count_, 0.0);
    for (int d = first; d < last; ++d) {
        const std::size_t slot = static_cast<std::size_t>(d) % history_days_ * link_count_;
        for (std::size_t k = 0; k < link_count_; ++k) {
            flow[k] += static_cast<double>(seen_flow_[slot + k]);
            deaths[k] += static_cast<double>(seen_deaths_[slot + k]);
            failures[k] += static_cast<double>(seen_failures_[slot + k]);
        }
    }
    std::vector<double> cost(link_count_);
    for (std::size_t k = 0; k < link_count_; ++k) {
        const double n = params.prior_crossings + flow[k];
        perceived_death_[k] = n > 0.0 ? std::min(1.0, (params.prior_crossings * prior_death_[k] + deaths[k]) / n) : prior_death_[k];
        perceived_failure_[k] = n > 0.0 ? std::min(1.0, failures[k] / n) : 0.0;
        const bool usable = tables.link_open[k] && graph_.link_mode[k] != LinkMode::air;
        cost[k] = usable ? static_cost_[k] + params.risk_aversion_km * perceived_death_[k] +
                               params.failure_cost_km * perceived_failure_[k]
                         : std::numeric_limits<double>::infinity();
    }
    // Capacity multiplier of the target (as in the other rule sets).
    std::vector<double> capacity(location_count_);
    for (std::size_t l = 0; l < location_count_; ++l)
        capacity[l] = capacity_multiplier(static_cast<double>(location_agents[l]), tables.location_capacity[l],
                                          scenario_.movement.capacity_buffer);
    constexpr double kInf = std::numeric_limits<double>::infinity();
    for (std::size_t d = 0; d < destinations_.size(); ++d) {
        const std::uint32_t target = destinations_[d];
        // People stop at the first asylum system they reach: no route leads through another destination.
        std::vector<double> cost_d = cost;
        for (std::size_t k = 0; k < link_count_; ++k)
            if (graph_.link_to[k] != target && graph_.location_type[graph_.link_to[k]] == LocationType::destination)
                cost_d[k] = kInf;
        const std::vector<double> remaining = costs_to(graph_, target, cost_d);
        std::copy(remaining.begin(), remaining.end(), route_cost_.begin() + static_cast<std::ptrdiff_t>(d * location_count_));
        double* weight = weight_.data() + d * link_count_;
        for (std::size_t k = 0; k < link_count_; ++k) {
            const double here = remaining[graph_.link_from[k]];
            const double there = remaining[graph_.link_to[k]];
            if (!std::isfinite(cost_d[k]) || !std::isfinite(there) || !std::isfinite(here)) {
                weight[k] = 0.0;
                continue;
            }
            const double excess = cost_d[k] + there - here;  // >= 0: how much worse than the best route
            weight[k] = std::exp(-excess / params.logit_scale_km) * capacity[graph_.link_to[k]];
        }
    }
}

}  // namespace migroute
