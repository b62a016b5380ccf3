#include "rules/flee/flee_rules.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace migroute {

namespace {

using flee::LocationKind;

const flee::Settings kDefaultSettings{};  // for the error path of the constructor only

constexpr std::size_t kMaxPaths = 50'000'000;  // guards against awareness levels that explode

bool is_camp_kind(LocationKind kind) { return kind == LocationKind::camp || kind == LocationKind::idpcamp; }

}  // namespace

FleeRules::FleeRules(const Scenario& scenario, const RouteGraph& graph)
    : inputs_(scenario.flee),
      graph_(graph),
      move_rules_(scenario.flee ? scenario.flee->settings.move_rules : kDefaultSettings.move_rules),
      spawn_rules_(scenario.flee ? scenario.flee->settings.spawn_rules : kDefaultSettings.spawn_rules) {
    if (!inputs_)
        throw InputError("the flee rule set runs Flee scenario folders (migroute run FLEE_DIR); scenario '" +
                         scenario.name + "' has no Flee inputs");
    const flee::Inputs& in = *inputs_;
    const std::size_t n_loc = graph.location_count();
    const std::size_t n_link = graph.link_count();
    if (n_loc != in.locations.size())
        throw std::logic_error("flee rule set: the graph's locations are not those of the Flee inputs");

    base_kind_.resize(n_loc);
    foreign_.resize(n_loc);
    capacity_.resize(n_loc);
    conflict_column_.assign(n_loc, -1);
    population_.resize(n_loc);
    for (std::size_t l = 0; l < n_loc; ++l) {
        const flee::Location& loc = in.locations[l];
        base_kind_[l] = loc.kind;
        foreign_[l] = loc.country != in.home_country;
        capacity_[l] = loc.is_camp() && loc.capacity ? *loc.capacity * move_rules_.capacity_scaling
                                                     : std::numeric_limits<double>::infinity();
        population_[l] = loc.population;
    }
    for (std::size_t c = 0; c < in.conflicts.location_index.size(); ++c)
        conflict_column_[in.conflicts.location_index[c]] = static_cast<int>(c);

    link_speed_.resize(n_link);
    link_walk_probability_.resize(n_link);
    for (std::size_t k = 0; k < n_link; ++k) {
        const flee::Route& route = in.routes[graph.link_spec[k]];
        link_speed_[k] = route.max_move_speed_km_per_day.value_or(move_rules_.max_move_speed_km_per_day);
        link_walk_probability_[k] = route.walk_probability.value_or(0.0);
    }

    // Closures: the links or camp each one acts on (docs/FLEE.md).
    for (const flee::Closure& c : in.closures) {
        ClosureTarget target;
        target.start_day = c.start_day;
        target.end_day = c.end_day;
        const auto index1 = graph.location_index(c.name1);
        const auto index2 = graph.location_index(c.name2);
        switch (c.type) {
            case flee::ClosureType::country:
                for (std::uint32_t k = 0; k < n_link; ++k) {
                    const std::string& from = in.locations[graph.link_from[k]].country;
                    const std::string& to = in.locations[graph.link_to[k]].country;
                    if ((from == c.name1 && to == c.name2) || (from == c.name2 && to == c.name1))
                        target.links.push_back(k);
                }
                break;
            case flee::ClosureType::location:
                for (std::uint32_t k = 0; k < n_link; ++k)
                    if (graph.link_from[k] == index1 || graph.link_to[k] == index1) target.links.push_back(k);
                break;
            case flee::ClosureType::link:
                for (std::uint32_t k = 0; k < n_link; ++k)
                    if ((graph.link_from[k] == index1 && graph.link_to[k] == index2) ||
                        (graph.link_from[k] == index2 && graph.link_to[k] == index1))
                        target.links.push_back(k);
                break;
            case flee::ClosureType::camp:
            case flee::ClosureType::idpcamp:
                target.camp = index1;
                break;
            case flee::ClosureType::remove_forced_redirection:
                break;  // accepted; Flee does not use forced redirection in movement
        }
        closures_.push_back(std::move(target));
    }
    link_open_.assign(n_link, 1);
    camp_closed_.assign(n_loc, 0);

    intensity_.assign(n_loc, 0.0);
    conflict_onset_.assign(n_loc, -1);
    kind_.resize(n_loc);
    for (std::size_t l = 0; l < n_loc; ++l) kind_[l] = in.locations[l].kind_on_day0();
    move_chance_.assign(n_loc, -1.0);
    chance_changed_.assign(n_loc, 0);
    score_.assign(n_loc, 1.0);
    cap_multiplier_.assign(n_loc, 1.0);

    enumerate_paths(move_rules_.awareness_level);

    // Spawning targets: the running maximum of the summed camp series (or of the total series), so that
    // a fall is a debt that later rises repay before anyone new appears.
    const int days = in.period.days;
    std::vector<double> series(static_cast<std::size_t>(days), 0.0);
    if (spawn_rules_.sum_from_camps || in.total_observed.empty()) {
        for (const flee::CampSeries& camp : in.camps)
            for (int t = 0; t < days; ++t) series[t] += camp.observed[t];
    } else {
        for (int t = 0; t < days; ++t) series[t] = in.total_observed[t];
    }
    const bool insert = spawn_rules_.insert_day0 && !spawn_rules_.empty_camps_on_day0;
    spawn_target_.assign(static_cast<std::size_t>(days), 0);
    double running_max = days > 0 ? series[0] : 0.0;
    const auto base = insert ? static_cast<std::int64_t>(std::floor(running_max + 1e-9)) : 0;
    for (int t = 0; t < days; ++t) {
        running_max = std::max(running_max, series[t]);
        spawn_target_[t] = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(running_max + 1e-9)) - base);
    }
}

void FleeRules::enumerate_paths(int awareness_level) {
    const int levels = std::max(awareness_level, 1);
    const std::size_t n_loc = graph_.location_count();
    path_begin_.assign(n_loc + 1, 0);
    path_link_begin_.assign(1, 0);
    std::vector<std::uint32_t> stack_links;
    std::vector<std::uint8_t> on_path(n_loc, 0);
    // Depth-first: extend the path by each link to a location not yet on it; a non-marker end is a
    // candidate and counts as a hop; markers are passed through.
    auto extend = [&](auto&& self, std::uint32_t at, int hops, double km) -> void {
        for (std::uint32_t k = graph_.out_begin[at]; k < graph_.out_begin[at + 1]; ++k) {
            const std::uint32_t to = graph_.link_to[k];
            if (on_path[to]) continue;
            const double total_km = km + graph_.link_km[k];
            const bool marker = base_kind_[to] == LocationKind::marker;
            const int new_hops = hops + (marker ? 0 : 1);
            stack_links.push_back(k);
            on_path[to] = 1;
            if (!marker) {
                if (path_end_.size() >= kMaxPaths)
                {
                    std::string message = "awareness_level ";
                    message += std::to_string(awareness_level);
                    message += " gives more than 50 million candidate routes; use a lower level";
                    throw InputError(message);
                }
                if (stack_links.size() > 255)
                    throw InputError("a candidate route has more than 255 links (chains of markers)");
                path_links_.insert(path_links_.end(), stack_links.begin(), stack_links.end());
                path_link_begin_.push_back(static_cast<std::uint32_t>(path_links_.size()));
                path_end_.push_back(to);
                path_km_.push_back(total_km);
            }
            if (marker || new_hops < levels) self(self, to, new_hops, total_km);
            on_path[to] = 0;
            stack_links.pop_back();
        }
    };
    for (std::uint32_t l = 0; l < n_loc; ++l) {
        path_begin_[l] = static_cast<std::uint32_t>(path_end_.size());
        on_path[l] = 1;
        extend(extend, l, 0, 0.0);
        on_path[l] = 0;
    }
    path_begin_[n_loc] = static_cast<std::uint32_t>(path_end_.size());
    const std::size_t n_path = path_end_.size();
    path_denominator_.resize(n_path);
    for (std::size_t p = 0; p < n_path; ++p)
        path_denominator_[p] = std::pow(move_rules_.softening_km + path_km_[p], move_rules_.distance_power);
    path_weight_.assign(n_path, 0.0);
    path_cumulative_.assign(n_path, 0.0);
    path_open_.assign(n_path, 0);
    open_paths_.assign(n_loc, 0);
}

std::vector<std::uint32_t> FleeRules::path_links(std::uint32_t location, std::size_t i) const {
    const std::size_t p = path_begin_[location] + i;
    return {path_links_.begin() + path_link_begin_[p], path_links_.begin() + path_link_begin_[p + 1]};
}

std::size_t FleeRules::expected_agents() const {
    std::size_t n = spawn_target_.empty() ? 0 : static_cast<std::size_t>(spawn_target_.back());
    if (spawn_rules_.insert_day0 && !spawn_rules_.empty_camps_on_day0)
        for (const flee::CampSeries& camp : inputs_->camps)
            if (!camp.observed.empty()) n += static_cast<std::size_t>(std::llround(std::max(camp.observed[0], 0.0)));
    return n;
}

void FleeRules::grow_agent_state(std::size_t n) {
    recent_.resize(n, 0.0f);
    recent_day_.resize(n, 0);
    leave_day_.resize(n, kNever);
    leave_drawn_.resize(n, kStale);
    plan_.resize(n, kNoPlan);
    plan_pos_.resize(n, 0);
    state_.resize(n, 0);
}

std::int64_t FleeRules::place_initial(Agents& agents, DayTables& tables, std::vector<std::int64_t>& location_agents) {
    set_camps(tables);
    if (!spawn_rules_.insert_day0 || spawn_rules_.empty_camps_on_day0) return 0;
    std::int64_t added = 0;
    for (const flee::CampSeries& camp : inputs_->camps) {
        if (camp.observed.empty()) continue;
        const std::int64_t n = std::llround(std::max(camp.observed[0], 0.0));
        if (n <= 0) continue;
        const auto at = static_cast<std::uint32_t>(camp.location);
        agents.add(static_cast<std::size_t>(n), at, 0, 0, movement::status_at(graph_, tables, at));
        location_agents[at] += n;
        added += n;
    }
    grow_agent_state(agents.size());
    inserted_ = added;
    return added;
}

// ---- the day -----------------------------------------------------------------------------------

void FleeRules::apply_schedule(int day, DayTables& tables) {
    const flee::Inputs& in = *inputs_;
    const std::size_t n_loc = graph_.location_count();

    // Conflicts: the day's row of conflicts.csv for the locations it names; otherwise a conflict zone
    // is one (intensity 1) from its conflict_date on. Camps never become conflict zones.
    const bool has_row = !in.conflicts.empty() && static_cast<std::size_t>(day) < in.conflicts.day_count();
    for (std::size_t l = 0; l < n_loc; ++l) {
        double intensity = 0.0;
        if (conflict_column_[l] >= 0) {
            if (has_row) intensity = in.conflicts.at(static_cast<std::size_t>(day), static_cast<std::size_t>(conflict_column_[l]));
            else intensity = intensity_[l];  // beyond the table: the last row holds
        } else if (base_kind_[l] == LocationKind::conflict_zone && day >= in.locations[l].conflict_date) {
            intensity = 1.0;
        }
        if (is_camp_kind(base_kind_[l])) intensity = 0.0;
        if (intensity > 0.0 && !(intensity_[l] > 0.0)) conflict_onset_[l] = day;
        if (!(intensity > 0.0)) conflict_onset_[l] = -1;
        intensity_[l] = intensity;
    }

    // Closures act on the day equal to start_day (close) and to end_day (reopen), nothing else.
    bool changed = day == 0;
    for (ClosureTarget& c : closures_) {
        if (day == c.start_day && !c.active) { c.active = true; changed = true; }
        if (day == c.end_day && c.active) { c.active = false; changed = true; }
    }
    if (changed) {
        std::fill(link_open_.begin(), link_open_.end(), 1);
        std::fill(camp_closed_.begin(), camp_closed_.end(), 0);
        for (const ClosureTarget& c : closures_) {
            if (!c.active) continue;
            for (const std::uint32_t k : c.links) link_open_[k] = 0;
            if (c.camp != RouteGraph::kNone) camp_closed_[c.camp] = 1;
        }
    }
    tables.link_open = link_open_;

    // Each location's kind today.
    for (std::size_t l = 0; l < n_loc; ++l) {
        LocationKind kind = base_kind_[l];
        if (intensity_[l] > 0.0) kind = LocationKind::conflict_zone;
        else if (kind == LocationKind::conflict_zone) kind = LocationKind::town;
        else if (is_camp_kind(kind) && camp_closed_[l]) kind = LocationKind::town;
        kind_[l] = kind;
        double chance = 1.0;
        switch (kind) {
            case LocationKind::conflict_zone: chance = move_rules_.conflict_movechance; break;
            case LocationKind::town: chance = move_rules_.default_movechance; break;
            case LocationKind::camp: chance = move_rules_.camp_movechance; break;
            case LocationKind::idpcamp: chance = move_rules_.idpcamp_movechance; break;
            case LocationKind::forward:
            case LocationKind::marker: chance = 1.0; break;
        }
        if (chance != move_chance_[l]) chance_changed_[l] = day;
        move_chance_[l] = chance;
    }
    set_camps(tables);
    day_ = day;
}

void FleeRules::set_camps(DayTables& tables) const {
    // In a camp: at a camp or IDP camp that is not closed today (a closed camp is a town).
    tables.location_in_camp.resize(kind_.size());
    for (std::size_t l = 0; l < kind_.size(); ++l) tables.location_in_camp[l] = is_camp_kind(kind_[l]) ? 1 : 0;
}

void FleeRules::day_start(int day, DayTables& tables, const std::vector<std::int64_t>& location_agents,
                          const std::vector<std::int64_t>& link_agents) {
    const std::size_t n_loc = graph_.location_count();
    const auto& mr = move_rules_;

    // Agents travelling towards a location count against its capacity, as if already there.
    std::vector<std::int64_t> occupancy(location_agents.begin(), location_agents.end());
    for (std::size_t k = 0; k < link_agents.size(); ++k) occupancy[graph_.link_to[k]] += link_agents[k];

    for (std::size_t l = 0; l < n_loc; ++l) {
        double s = 1.0;
        if (foreign_[l]) s *= mr.foreign_weight;
        const LocationKind kind = kind_[l];
        if (is_camp_kind(kind)) s *= mr.camp_weight;
        if (kind == LocationKind::conflict_zone) {
            const double decay = spawn_rules_.conflict_decay(day - conflict_onset_[l]);
            s *= std::pow(mr.conflict_weight, decay * intensity_[l]);
        }
        score_[l] = s;
        const double m = is_camp_kind(kind) ? migroute::capacity_multiplier(static_cast<double>(occupancy[l]), capacity_[l],
                                                                 mr.capacity_buffer)
                                           : 1.0;
        cap_multiplier_[l] = m;
    }

    for (std::size_t l = 0; l < n_loc; ++l) {
        double sum = 0.0;
        std::uint32_t open = 0;
        for (std::uint32_t p = path_begin_[l]; p < path_begin_[l + 1]; ++p) {
            bool path_open = true;
            for (std::uint32_t i = path_link_begin_[p]; i < path_link_begin_[p + 1]; ++i)
                if (!tables.link_open[path_links_[i]]) { path_open = false; break; }
            path_open_[p] = path_open ? 1 : 0;
            double w = 0.0;
            if (path_open) {
                ++open;
                const std::uint32_t end = path_end_[p];
                w = (mr.weight_softening + score_[end]) / path_denominator_[p] * cap_multiplier_[end];
                if (w > 0.0 && mr.weight_power != 1.0) w = std::pow(w, mr.weight_power);
                if (!std::isfinite(w) || w < 0.0) w = 0.0;
            }
            path_weight_[p] = w;
            sum += w;
            path_cumulative_[p] = sum;
        }
        open_paths_[l] = open;
    }
}

std::int64_t FleeRules::spawn(int day, const Rng& rng, const DayTables&, Agents& agents, std::vector<std::int64_t>& location_agents) {
    if (day < 0 || static_cast<std::size_t>(day) >= spawn_target_.size()) return 0;
    const std::int64_t due = spawn_target_[static_cast<std::size_t>(day)] - spawned_;
    debt_ = std::max<std::int64_t>(due, 0);
    if (due <= 0) return 0;
    // Conflict zones, in proportion to population x intensity x decay since the conflict began.
    const std::size_t n_loc = graph_.location_count();
    spawn_zone_.clear();
    spawn_weight_.clear();
    double total = 0.0;
    for (std::size_t l = 0; l < n_loc; ++l) {
        if (kind_[l] != LocationKind::conflict_zone) continue;
        const double w = population_[l] * intensity_[l] * spawn_rules_.conflict_decay(day - conflict_onset_[l]);
        if (!(w > 0.0)) continue;
        total += w;
        spawn_zone_.push_back(static_cast<std::uint32_t>(l));
        spawn_weight_.push_back(total);  // cumulative
    }
    if (!(total > 0.0)) return 0;  // nowhere to appear today: the agents stay due
    const auto d = static_cast<std::uint16_t>(day);
    for (std::int64_t i = 0; i < due; ++i) {
        const std::size_t id = agents.size();
        const double u = rng(Stream::spawn, id, static_cast<std::uint32_t>(day), 0) * total;
        auto it = std::upper_bound(spawn_weight_.begin(), spawn_weight_.end(), u);
        if (it == spawn_weight_.end()) --it;  // rounding at the top
        const std::uint32_t at = spawn_zone_[static_cast<std::size_t>(it - spawn_weight_.begin())];
        agents.add(1, at, 0, d, Status::displaced);
        ++location_agents[at];
        if (spawn_rules_.take_from_population) population_[at] = std::max(0.0, population_[at] - 1.0);
    }
    grow_agent_state(agents.size());
    spawned_ += due;
    debt_ = 0;
    return due;
}

std::uint32_t FleeRules::choose_path(std::uint32_t location, double u) const {
    const std::uint32_t begin = path_begin_[location];
    const std::uint32_t end = path_begin_[location + 1];
    if (begin == end) return kNoPlan;
    const double total = path_cumulative_[end - 1];
    if (total > 0.0) {
        const double x = u * total;
        const auto first = path_cumulative_.begin() + begin;
        const auto last = path_cumulative_.begin() + end;
        auto it = std::upper_bound(first, last, x);
        if (it == last) --it;
        auto p = static_cast<std::uint32_t>(it - path_cumulative_.begin());
        while (!(path_weight_[p] > 0.0) && p > begin) --p;  // rounding: never a path without weight
        return p;
    }
    // Every candidate has weight 0: uniformly among those whose links are open.
    const std::uint32_t open = open_paths_[location];
    if (open == 0) return kNoPlan;
    auto pick = static_cast<std::uint32_t>(u * open);
    if (pick >= open) pick = open - 1;
    for (std::uint32_t p = begin; p < end; ++p) {
        if (!path_open_[p]) continue;
        if (pick == 0) return p;
        --pick;
    }
    return kNoPlan;
}

void FleeRules::move_agents(const MoveContext& c, std::size_t begin, std::size_t end, DayCounters& counters) {
    movement::move_agents(*this, c, begin, end, counters);
}

bool FleeRules::idle(const MoveContext& c, std::size_t id) const {
    // Most agents stay where they are on most days (in camps); they are passed over without a draw:
    // their day of leaving is already known (see decide).
    const Agents& a = c.agents;
    return !(a.flags[id] & kOnLink) && plan_[id] == kNoPlan && leave_drawn_[id] != kStale && leave_day_[id] > c.day &&
           chance_changed_[a.where[id]] <= static_cast<int>(leave_drawn_[id]);
}

Leg FleeRules::travel(const MoveContext& c, std::size_t id, std::uint32_t link, Day& d) const {
    // Each travelling day adds the day's speed to the distance covered on the link; the agent arrives
    // when that distance, less what it already moved today, exceeds the link's length.
    d.speed = link_speed_[link];
    if (state_[id] & kWalking) d.speed = std::min(d.speed, move_rules_.max_walk_speed_km_per_day);
    d.before = static_cast<double>(c.agents.link_km_done[id]);
    const double length = graph_.link_km[link];
    const bool arrives = d.before + d.speed - d.moved_km > length;
    const double km_today = arrives ? std::max(0.0, length - d.before) : d.speed;
    return {arrives, km_today / d.speed};
}

void FleeRules::stay_on_link(const MoveContext& c, std::size_t id, std::uint32_t, Day& d) const {
    c.agents.link_km_done[id] = static_cast<float>(d.before + d.speed);
}

bool FleeRules::arrived(const MoveContext&, std::size_t id, std::uint32_t link, Day& d) {
    d.moved_km += std::max(0.0, graph_.link_km[link] - d.before);  // km travelled today on this link
    d.arrived = true;
    leave_drawn_[id] = kStale;
    if (plan_[id] != kNoPlan && path_link_begin_[plan_[id]] + plan_pos_[id] >= path_link_begin_[plan_[id] + 1])
        plan_[id] = kNoPlan;
    return d.moved_km < d.speed;
}

void FleeRules::sent_back(std::size_t id, Day&) {
    plan_[id] = kNoPlan;
    leave_drawn_[id] = kStale;
}

std::uint32_t FleeRules::decide(const MoveContext& c, std::size_t id, std::uint32_t location, std::uint32_t, Day& d) {
    const auto& mr = move_rules_;
    const auto day = c.day;
    std::uint32_t link = RouteGraph::kNone;
    if (plan_[id] != kNoPlan) {
        // A planned route is followed with chance 1, unless its next link has closed.
        const std::uint32_t next = path_links_[path_link_begin_[plan_[id]] + plan_pos_[id]];
        if (c.tables.link_open[next]) {
            link = next;
            ++plan_pos_[id];
        } else {
            plan_[id] = kNoPlan;
        }
    }
    if (link == RouteGraph::kNone) {
        // Leaving: a short stint at a town reached today means leaving at once; otherwise the day of
        // leaving is drawn (geometric in the move chance) when the agent comes to the location or its
        // move chance changes, which is the same as a daily draw.
        const bool forced = d.arrived && mr.avoid_short_stints && kind_[location] == LocationKind::town &&
                            (recent_until(id, day) + d.moved_km / mr.max_move_speed_km_per_day) / 2.0 < 0.5;
        double u_choice = -1.0;
        if (!forced) {
            if (leave_drawn_[id] == kStale || chance_changed_[location] > static_cast<int>(leave_drawn_[id])) {
                const auto [u_move, u] = c.rng.pair(Stream::move, id, day, d.draw);
                leave_day_[id] = leave_day(day, u_move, move_chance_[location]);
                leave_drawn_[id] = static_cast<std::uint16_t>(day);
                u_choice = u;
            }
            if (leave_day_[id] > day) return RouteGraph::kNone;
        }
        leave_drawn_[id] = kStale;  // staying after all (no open route): a new draw tomorrow
        if (u_choice < 0.0) u_choice = c.rng.pair(Stream::move, id, day, d.draw).second;
        const std::uint32_t p = choose_path(location, u_choice);
        if (p == kNoPlan) return RouteGraph::kNone;
        link = path_links_[path_link_begin_[p]];
        if (path_link_begin_[p + 1] - path_link_begin_[p] > 1) {
            plan_[id] = p;
            plan_pos_[id] = 1;
        }
    }
    // On foot or not, for this link.
    std::uint8_t state = state_[id];
    bool walking = false;
    if (mr.start_on_foot && !(state & kJourneyStarted)) walking = true;
    else if (link_walk_probability_[link] > 0.0) walking = c.rng(Stream::choice, id, day, d.draw) < link_walk_probability_[link];
    state_[id] = static_cast<std::uint8_t>((state & ~kWalking) | kJourneyStarted | (walking ? kWalking : 0));
    ++d.draw;
    return link;
}

void FleeRules::end_day(const MoveContext& c, std::size_t id, Day& d) {
    // recent = (recent + km moved today / max_move_speed) / 2 at the end of every day; kept lazily (a day
    // without travel halves it), so an agent that stays writes nothing.
    if (d.moved_km > 0.0) {
        recent_[id] = static_cast<float>((recent_until(id, c.day) + d.moved_km / move_rules_.max_move_speed_km_per_day) / 2.0);
        recent_day_[id] = static_cast<std::uint16_t>(c.day);
    }
}

double FleeRules::recent_until(std::size_t id, std::uint32_t day) const {
    // recent_ holds the value at the end of day recent_day_; each later day without travel halves it.
    const auto idle_days = static_cast<int>(day) - 1 - static_cast<int>(recent_day_[id]);
    return idle_days <= 0 ? static_cast<double>(recent_[id]) : std::ldexp(static_cast<double>(recent_[id]), -idle_days);
}

std::uint16_t FleeRules::leave_day(std::uint32_t day, double u, double chance) {
    // The first day (from `day` on) on which a daily chance `chance` of leaving comes true:
    // day + G - 1 with G geometric, P(G = g) = chance (1 - chance)^(g - 1), from one uniform u.
    if (chance >= 1.0 || u < chance) return static_cast<std::uint16_t>(day);
    if (!(chance > 0.0)) return kNever;
    const double g = std::floor(std::log1p(-u) / std::log1p(-chance));  // >= 1 here
    const double last = static_cast<double>(day) + g;
    return last >= static_cast<double>(kNever) ? kNever : static_cast<std::uint16_t>(last);
}

}  // namespace migroute
