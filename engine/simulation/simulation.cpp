#include "simulation/simulation.hpp"

#include "rules/link_choice.hpp"

#include "util/error.hpp"
#include "util/memory.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace migroute {

// ---- counters ----------------------------------------------------------------------------------

void DayCounters::resize(std::size_t locations, std::size_t links, std::size_t countries) {
    location_delta.assign(locations, 0);
    link_delta.assign(links, 0);
    link_flow.assign(links, 0);
    link_deaths.assign(links, 0);
    country_arrivals.assign(countries, 0);
    deaths = arrivals = 0;
    border.resize(links);
}

void DayCounters::clear() {
    std::fill(location_delta.begin(), location_delta.end(), 0);
    std::fill(link_delta.begin(), link_delta.end(), 0);
    std::fill(link_flow.begin(), link_flow.end(), 0);
    std::fill(link_deaths.begin(), link_deaths.end(), 0);
    std::fill(country_arrivals.begin(), country_arrivals.end(), 0);
    deaths = arrivals = 0;
    border.clear();
}

void DayCounters::add_to(DayCounters& total) const {
    auto add = [](const std::vector<std::int64_t>& from, std::vector<std::int64_t>& to) {
        for (std::size_t i = 0; i < from.size(); ++i) to[i] += from[i];
    };
    add(location_delta, total.location_delta);
    add(link_delta, total.link_delta);
    add(link_flow, total.link_flow);
    add(link_deaths, total.link_deaths);
    add(country_arrivals, total.country_arrivals);
    total.deaths += deaths;
    total.arrivals += arrivals;
    border.add_to(total.border);
}

// ---- set-up ------------------------------------------------------------------------------------

namespace {

int resolve_threads(int threads) {
    if (threads > 0) return threads;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::int64_t agents_for(double persons, std::int64_t persons_per_agent) {
    return std::llround(persons / static_cast<double>(persons_per_agent));
}

}  // namespace

Simulation::Simulation(const Scenario& scenario, const RouteGraph& graph, int threads)
    : scenario_(scenario),
      graph_(graph),
      threads_(resolve_threads(threads)),
      arena_(threads_),
      rng_(scenario.seed),
      persons_per_agent_(scenario.persons_per_agent),
      thread_counters_([&graph] {
          DayCounters c;
          c.resize(graph.location_count(), graph.link_count(), graph.country_count());
          return c;
      }) {
    if (scenario.persons_per_agent < 1) throw InputError("persons_per_agent must be at least 1");
    if (scenario.days > std::numeric_limits<std::uint16_t>::max() - 1)
        throw InputError("a run is limited to 65534 days");
    const std::size_t n_loc = graph.location_count();
    const std::size_t n_link = graph.link_count();
    day_counters_.resize(n_loc, n_link, graph.country_count());
    location_agents_.assign(n_loc, 0);
    link_agents_.assign(n_link, 0);

    // Nationalities in order of first appearance: placements first, then spawn rules.
    auto nationality_index = [this](const std::string& code) {
        const auto it = std::find(nationalities_.begin(), nationalities_.end(), code);
        if (it != nationalities_.end()) return static_cast<std::uint16_t>(it - nationalities_.begin());
        if (nationalities_.size() >= std::numeric_limits<std::uint16_t>::max())
            throw InputError("too many nationalities (at most 65535)");
        nationalities_.push_back(code);
        return static_cast<std::uint16_t>(nationalities_.size() - 1);
    };
    for (const auto& p : scenario.initial) nationality_index(p.nationality);
    for (const auto& s : scenario.spawn) {
        spawn_nationality_.push_back(nationality_index(s.nationality));
        const auto at = graph.location_index(s.at);
        if (at == RouteGraph::kNone) throw InputError("spawn location '" + s.at + "' is not a location");
        spawn_location_.push_back(at);
    }
    spawn_carry_.assign(scenario.spawn.size(), 0.0);

    // Static parts of the tables.
    const auto& mv = scenario.movement;
    tables_.location_move_chance.resize(n_loc);
    tables_.location_attractiveness.resize(n_loc);
    tables_.location_capacity.resize(n_loc);
    for (std::size_t l = 0; l < n_loc; ++l) {
        const auto& loc = scenario.locations[l];
        const auto type = static_cast<std::size_t>(loc.type);
        tables_.location_move_chance[l] = loc.move_chance.value_or(mv.move_chance[type]);
        tables_.location_attractiveness[l] = loc.attractiveness.value_or(mv.attractiveness[type]);
        tables_.location_capacity[l] = loc.capacity ? *loc.capacity / static_cast<double>(persons_per_agent_)
                                                    : std::numeric_limits<double>::infinity();
    }
    tables_.link_open.assign(n_link, 1);
    tables_.link_speed_km_per_day.resize(n_link);
    tables_.link_death_per_crossing.resize(n_link);
    tables_.link_death_per_day.resize(n_link);
    tables_.link_choice_weight.assign(n_link, 0.0);
    for (std::size_t k = 0; k < n_link; ++k) {
        const auto& spec = scenario.links[graph.link_spec[k]];
        tables_.link_speed_km_per_day[k] =
            spec.speed_km_per_day.value_or(mv.speed_km_per_day[static_cast<std::size_t>(spec.mode)]);
        tables_.link_death_per_crossing[k] = spec.death_risk_per_crossing;
        tables_.link_death_per_day[k] = spec.death_risk_per_day;
    }
    tables_.border.resize(n_link);
    if (scenario.rules == RuleSet::routes) routes_ = std::make_unique<RoutesRules>(scenario, graph, nationalities_, scenario.seed);
    if (scenario.rules == RuleSet::flee) flee_ = std::make_unique<FleeRules>(scenario, graph);

    // Reserve every agent the run will create, so that the arrays never reallocate.
    double expected = 0.0;
    for (const auto& p : scenario.initial) expected += p.persons;
    for (std::size_t r = 0; r < scenario.spawn.size(); ++r) {
        const auto& s = scenario.spawn[r];
        const int last = std::min(s.to_day, scenario.days - 1);
        for (int d = std::max(0, s.from_day); d <= last; ++d) {
            if (s.per_day) expected += *s.per_day;
            else if (s.share_of_population_per_day)
                expected += *s.share_of_population_per_day * scenario.locations[spawn_location_[r]].population;
            else
                for (auto it = s.table.rbegin(); it != s.table.rend(); ++it)
                    if (it->from_day <= d) { expected += it->per_day; break; }
        }
    }
    std::size_t expected_agents = static_cast<std::size_t>(expected / static_cast<double>(persons_per_agent_)) +
                                  scenario.initial.size() + scenario.spawn.size() + 16;
    if (flee_) expected_agents += flee_->expected_agents();

    // Before the agent arrays are allocated: does the run fit in memory?
    MemoryEstimate estimate;
    estimate.agents = expected_agents;
    estimate.bytes_per_agent = Agents::bytes_per_agent() + (routes_ ? RoutesRules::bytes_per_agent() : 0) +
                               (flee_ ? FleeRules::bytes_per_agent() : 0);
    // The series (kept by the simulation and copied once for the caller), and the graph and tables.
    const std::uint64_t row = n_loc + 3 * n_link + graph.country_count() + 5;
    estimate.other_bytes = 2 * static_cast<std::uint64_t>(scenario.days) * row * sizeof(std::int64_t) +
                           (n_loc + n_link) * 256;
    check_memory(estimate, available_memory(), scenario.name, scenario.persons_per_agent);

    agents_.reserve(expected_agents);
    place_initial();
    if (flee_) agents_created_ += flee_->place_initial(agents_, location_agents_);  // insert_day0
}

void Simulation::place_initial() {
    for (const auto& p : scenario_.initial) {
        const auto at = graph_.location_index(p.at);
        if (at == RouteGraph::kNone) throw InputError("initial location '" + p.at + "' is not a location");
        const auto n = agents_for(p.persons, persons_per_agent_);
        if (n <= 0) continue;
        const auto nat = static_cast<std::uint16_t>(
            std::find(nationalities_.begin(), nationalities_.end(), p.nationality) - nationalities_.begin());
        const Status st = graph_.location_type[at] == LocationType::camp ? Status::in_camp : Status::displaced;
        const std::size_t first = agents_.add(static_cast<std::size_t>(n), at, nat, 0, st);
        if (routes_) routes_->add_agents(first, static_cast<std::size_t>(n), nat);
        location_agents_[at] += n;
        agents_created_ += n;
    }
}

// ---- the day -----------------------------------------------------------------------------------

void Simulation::step() {
    day_counters_.clear();
    apply_schedule();      // 1. the day's events
    policies_day_start();  // 2. policy modules change the tables they own
    update_tables();       // 2. day-start tables (capacities, choice weights, route costs)
    spawn();               // 3. newly displaced people
    legal_pathways();      // 4. visas and resettlement: safe travel for the people selected
    decide_and_move();     // 5-7. decide, travel, crossing and border events, arrivals
    policies_day_end();    // policy counters; policy changes undone, to be applied afresh tomorrow
    record();              // 8. the day's series
    ++day_;
}

void Simulation::run(int days, const std::function<void(int)>& after_day) {
    for (int d = 0; d < days; ++d) {
        step();
        if (after_day) after_day(day_);
    }
}

void Simulation::apply_schedule() {
    // Scheduled events (conflicts, closures, policy windows) are applied here by the rule sets and
    // policy modules that define them. The basic rule set has none.
    if (flee_) flee_->apply_schedule(day_, tables_);  // conflicts row, closures
}

void Simulation::update_tables() {
    const auto& mv = scenario_.movement;
    // Capacity multiplier (Flee): 1 below capacity_buffer x capacity, falling linearly to 0 at capacity.
    std::vector<double> target_weight(graph_.location_count());
    for (std::size_t l = 0; l < target_weight.size(); ++l) {
        const double cap = tables_.location_capacity[l];
        double multiplier = 1.0;
        if (std::isfinite(cap)) {
            const double occupied = static_cast<double>(location_agents_[l]);
            const double full_from = mv.capacity_buffer * cap;
            if (occupied >= cap) multiplier = 0.0;
            else if (occupied > full_from) multiplier = (cap - occupied) / (cap - full_from);
        }
        target_weight[l] = tables_.location_attractiveness[l] * multiplier;
    }
    for (std::size_t k = 0; k < graph_.link_count(); ++k) {
        tables_.link_choice_weight[k] =
            tables_.link_open[k] && graph_.link_mode[k] != LinkMode::air  // air links: legal pathways only
                ? target_weight[graph_.link_to[k]] / std::pow(mv.softening_km + graph_.link_km[k], mv.distance_power)
                : 0.0;
    }
    tables_.location_choice_total.assign(graph_.location_count(), 0.0);
    for (std::size_t l = 0; l < graph_.location_count(); ++l)
        for (std::uint32_t k = graph_.out_begin[l]; k < graph_.out_begin[l + 1]; ++k)
            tables_.location_choice_total[l] += tables_.link_choice_weight[k];
    if (routes_) routes_->day_start(day_, tables_, location_agents_, mv.capacity_buffer);
    if (flee_) flee_->day_start(day_, tables_, location_agents_, link_agents_);
}

void Simulation::spawn() {
    if (flee_) {  // validation mode: the rise of the observed camp totals
        agents_created_ += flee_->spawn(day_, rng_, agents_, location_agents_);
        return;
    }
    for (std::size_t r = 0; r < scenario_.spawn.size(); ++r) {
        const auto& rule = scenario_.spawn[r];
        if (day_ < rule.from_day || day_ > rule.to_day) continue;
        double persons = 0.0;
        if (rule.per_day) persons = *rule.per_day;
        else if (rule.share_of_population_per_day)
            persons = *rule.share_of_population_per_day * scenario_.locations[spawn_location_[r]].population;
        else
            for (auto it = rule.table.rbegin(); it != rule.table.rend(); ++it)
                if (it->from_day <= day_) { persons = it->per_day; break; }
        // Fractions of an agent are carried to the next day, so totals are exact over time.
        spawn_carry_[r] += persons / static_cast<double>(persons_per_agent_);
        const auto n = static_cast<std::int64_t>(std::floor(spawn_carry_[r] + 1e-9));
        if (n <= 0) continue;
        spawn_carry_[r] -= static_cast<double>(n);
        const auto at = spawn_location_[r];
        const std::size_t first = agents_.add(static_cast<std::size_t>(n), at, spawn_nationality_[r],
                                              static_cast<std::uint16_t>(day_), Status::displaced);
        if (routes_) routes_->add_agents(first, static_cast<std::size_t>(n), spawn_nationality_[r]);
        location_agents_[at] += n;
        agents_created_ += n;
    }
}

void Simulation::decide_and_move() {
    for (auto& c : thread_counters_) c.clear();
    const std::size_t n = agents_.size();
    arena_.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 8192), [&](const tbb::blocked_range<std::size_t>& r) {
            DayCounters& counters = thread_counters_.local();
            if (flee_) flee_->move_agents(r.begin(), r.end(), static_cast<std::uint32_t>(day_), rng_, agents_, tables_, counters);
            else for (std::size_t id = r.begin(); id != r.end(); ++id) move_agent(id, counters);
        });
    });
    for (const auto& c : thread_counters_) c.add_to(day_counters_);  // cleared at the start of the day
    for (std::size_t l = 0; l < location_agents_.size(); ++l) location_agents_[l] += day_counters_.location_delta[l];
    for (std::size_t k = 0; k < link_agents_.size(); ++k) link_agents_[k] += day_counters_.link_delta[k];
    agents_dead_ += day_counters_.deaths;
    agents_arrived_ += day_counters_.arrivals;
}

std::uint32_t Simulation::choose_link(std::size_t id, std::uint32_t location, double u) const {
    const std::uint32_t begin = graph_.out_begin[location];
    const std::uint32_t end = graph_.out_begin[location + 1];
    const auto& weight = tables_.link_choice_weight;
    // The link back to where the agent came from is avoided while another choice has weight.
    const std::uint32_t came_from = agents_.came_from[id];
    std::uint32_t back = RouteGraph::kNone;
    if (scenario_.movement.avoid_backtracking && came_from != Agents::kNowhere)
        for (std::uint32_t k = begin; k < end; ++k)
            if (graph_.link_to[k] == came_from) back = k;
    return pick_link(weight.data(), begin, end, back, tables_.location_choice_total[location], u);
}

void Simulation::move_agent(std::size_t id, DayCounters& counters) {
    Agents& a = agents_;  // each agent is touched by exactly one thread in this phase
    const Status status = a.status[id];
    if (status == Status::dead || status == Status::applicant || status == Status::resettled) return;
    const auto day = static_cast<std::uint32_t>(day_);
    if (!(a.flags[id] & kOnLink) && a.wait_until_day[id] > day) return;

    double time_left = 1.0;  // share of today still available for travel
    for (std::uint32_t hop = 0; hop < kMaxHopsPerDay; ++hop) {
        if (a.flags[id] & kOnLink) {
            const std::uint32_t link = a.where[id];
            const double speed = tables_.link_speed_km_per_day[link];
            const double remaining = graph_.link_km[link] - static_cast<double>(a.link_km_done[id]);
            const bool arrives = remaining <= speed * time_left;
            const double exposure = arrives ? remaining / speed : time_left;
            const double per_day_risk = tables_.link_death_per_day[link];
            bool dies = per_day_risk > 0.0 &&
                        rng_(Stream::death, id, day, 2 * hop) < 1.0 - std::pow(1.0 - per_day_risk, exposure);
            if (!dies && arrives) {
                // Border events at the end of the link (MODEL.md step 6): turned back at a closed link,
                // pushback, interception; then death on the crossing; then arrival.
                if ((tables_.border.active || !tables_.link_open[link]) && border_events(id, link, day, hop, counters))
                    return;
                const double crossing_risk = tables_.link_death_per_crossing[link];
                dies = crossing_risk > 0.0 && rng_(Stream::death, id, day, 2 * hop + 1) < crossing_risk;
            }
            if (dies) {
                a.status[id] = Status::dead;
                --counters.link_delta[link];
                ++counters.link_deaths[link];
                ++counters.deaths;
                return;
            }
            if (!arrives) {
                a.link_km_done[id] = static_cast<float>(static_cast<double>(a.link_km_done[id]) + speed * time_left);
                return;
            }
            time_left -= exposure;
            std::uint32_t to = graph_.link_to[link];
            if (tables_.border.active && tables_.border.disembark_share[link] > 0.0 &&
                rng_(Stream::border, id, day, kMaxHopsPerDay + hop) < tables_.border.disembark_share[link]) {
                to = tables_.border.disembark_at[link];  // rescued and brought to the allocated port
                ++counters.border.disembarked[link];
            }
            a.flags[id] = static_cast<std::uint8_t>(a.flags[id] & ~kOnLink);
            a.where[id] = to;
            a.came_from[id] = graph_.link_from[link];
            a.link_km_done[id] = 0.0f;
            a.arrived_day[id] = static_cast<std::uint16_t>(day);
            --counters.link_delta[link];
            ++counters.location_delta[to];
            const LocationType type = graph_.location_type[to];
            if (type == LocationType::destination) {
                a.status[id] = Status::applicant;
                ++counters.country_arrivals[graph_.location_country[to]];
                ++counters.arrivals;
                return;
            }
            a.status[id] = type == LocationType::camp ? Status::in_camp : Status::displaced;
            if (!(time_left > 0.0)) return;
        } else {
            const std::uint32_t location = a.where[id];
            double move_chance = tables_.location_move_chance[location];
            if (!move_chance_factor_.empty())
                move_chance *= static_cast<double>(move_chance_factor_[location * nationalities_.size() + a.nationality[id]]);
            if (!(move_chance > 0.0)) return;
            const auto [u_move, u_choice] = rng_.pair(Stream::move, id, day, hop);
            if (u_move >= move_chance) return;
            const std::uint32_t link =
                routes_ ? routes_->choose(id, location, a.came_from[id], scenario_.movement.avoid_backtracking, u_choice)
                        : choose_link(id, location, u_choice);
            if (link == RouteGraph::kNone) return;
            a.flags[id] = static_cast<std::uint8_t>(a.flags[id] | kOnLink);
            a.where[id] = link;
            a.link_km_done[id] = 0.0f;
            a.status[id] = Status::in_transit;
            --counters.location_delta[location];
            ++counters.link_delta[link];
            ++counters.link_flow[link];
        }
    }
}

void Simulation::record() {
    const std::int64_t ppa = persons_per_agent_;
    series_.location_population.add_row(location_agents_, ppa);
    series_.link_population.add_row(link_agents_, ppa);
    series_.link_flow.add_row(day_counters_.link_flow, ppa);
    series_.link_deaths.add_row(day_counters_.link_deaths, ppa);
    series_.country_arrivals.add_row(day_counters_.country_arrivals, ppa);
    std::int64_t alive = 0;
    for (const auto v : location_agents_) alive += v;
    for (const auto v : link_agents_) alive += v;
    series_.total_spawned.push_back(agents_created_ * ppa);
    series_.total_alive.push_back(alive * ppa);
    series_.total_dead.push_back(agents_dead_ * ppa);
    series_.total_arrived.push_back(agents_arrived_ * ppa);
    series_.total_left.push_back(agents_left_ * ppa);
}

// ---- policy hooks ------------------------------------------------------------------------------

void Simulation::add_policy(std::unique_ptr<PolicyModule> module) {
    if (day_ != 0) throw std::logic_error("policy modules are added before the first day");
    policies_.push_back(std::move(module));
    PolicyDay context = policy_day(nullptr);
    policies_.back()->prepare(context);
}

void Simulation::use_move_chance_factors() {
    if (move_chance_factor_.empty()) move_chance_factor_.assign(graph_.location_count() * nationalities_.size(), 1.0f);
}

PolicyDay Simulation::policy_day(const DayCounters* counters) {
    const Date date = civil_from_days(days_from_civil(scenario_.start) + day_);
    return PolicyDay{day_,   date,  scenario_, graph_, rng_, nationalities_, persons_per_agent_, tables_,
                     move_chance_factor_, agents_, location_agents_, counters, *this};
}

void Simulation::policies_day_start() {
    if (policies_.empty()) return;
    // Keep the tables as the schedule left them; policy changes are undone at the end of the day.
    saved_tables_.link_open = tables_.link_open;
    saved_tables_.link_death_per_crossing = tables_.link_death_per_crossing;
    saved_tables_.location_move_chance = tables_.location_move_chance;
    saved_tables_.location_attractiveness = tables_.location_attractiveness;
    saved_tables_.location_capacity = tables_.location_capacity;
    std::fill(move_chance_factor_.begin(), move_chance_factor_.end(), 1.0f);
    tables_.border.resize(graph_.link_count());
    PolicyDay context = policy_day(nullptr);
    for (auto& module : policies_)
        if (module->hooks() & PolicyModule::kDayStart) module->day_start(context);
}

void Simulation::legal_pathways() {
    if (policies_.empty()) return;
    PolicyDay context = policy_day(nullptr);
    for (auto& module : policies_)
        if (module->hooks() & PolicyModule::kLegalPathways) module->legal_pathways(context);
}

void Simulation::policies_day_end() {
    if (routes_) routes_->observe(day_, day_counters_);
    if (policies_.empty()) return;
    PolicyDay context = policy_day(&day_counters_);
    for (auto& module : policies_)
        if (module->hooks() & PolicyModule::kDayEnd) module->day_end(context);
    tables_.link_open = saved_tables_.link_open;
    tables_.link_death_per_crossing = saved_tables_.link_death_per_crossing;
    tables_.location_move_chance = saved_tables_.location_move_chance;
    tables_.location_attractiveness = saved_tables_.location_attractiveness;
    tables_.location_capacity = saved_tables_.location_capacity;
}

bool Simulation::travel_safely(std::size_t id, std::uint32_t location, std::uint32_t via_link) {
    Agents& a = agents_;
    const Status status = a.status[id];
    if ((a.flags[id] & kOnLink) || status == Status::dead || status == Status::applicant ||
        status == Status::resettled)
        return false;
    const std::uint32_t from = a.where[id];
    --location_agents_[from];
    ++location_agents_[location];
    if (via_link != RouteGraph::kNone) ++day_counters_.link_flow[via_link];
    a.where[id] = location;
    a.came_from[id] = from;
    a.arrived_day[id] = static_cast<std::uint16_t>(day_);
    a.wait_until_day[id] = 0;
    if (graph_.location_type[location] == LocationType::destination) {
        a.status[id] = Status::applicant;
        ++day_counters_.country_arrivals[graph_.location_country[location]];
        ++day_counters_.arrivals;  // added to the run total after the move phase
    } else {
        a.status[id] = graph_.location_type[location] == LocationType::camp ? Status::in_camp : Status::displaced;
    }
    return true;
}

void Simulation::hold_agent(std::size_t id, int until_day) {
    agents_.wait_until_day[id] = static_cast<std::uint16_t>(std::clamp(until_day, 0, 65535));
}

// Border events when an agent reaches the end of `link`. Returns true when the agent's day ends
// here: turned back, pushed back, intercepted (it is back at a location) or killed.
bool Simulation::border_events(std::size_t id, std::uint32_t link, std::uint32_t day, std::uint32_t hop,
                               DayCounters& counters) {
    Agents& a = agents_;
    std::uint32_t back_to = RouteGraph::kNone;
    std::uint32_t wait_days = 0;
    const BorderTables& border = tables_.border;
    if (!tables_.link_open[link]) {
        // Flee: an agent that reaches the end of a link closed while it travelled goes back to its start.
        back_to = graph_.link_from[link];
        ++counters.border.turned_back[link];
    } else {
        const double p_pushback = border.pushback_probability[link];
        if (p_pushback > 0.0 && rng_(Stream::border, id, day, hop) < p_pushback) {
            ++counters.border.pushbacks[link];
            if (a.attempts[id] == 0) ++counters.border.first_pushbacks[link];
            if (a.attempts[id] < 255) ++a.attempts[id];
            const auto [u_death, u_injury] = rng_.pair(Stream::injury, id, day, hop);
            if (u_death < border.violence_death_probability[link]) {
                a.status[id] = Status::dead;
                --counters.link_delta[link];
                ++counters.link_deaths[link];
                ++counters.deaths;
                ++counters.border.pushback_deaths[link];
                return true;
            }
            wait_days = border.pushback_wait_days[link];
            if (u_injury < border.injury_probability[link]) {
                wait_days += border.injury_days[link];
                ++counters.border.injuries[link];
            }
            back_to = graph_.link_from[link];
        } else {
            const double p_interception = border.interception_probability[link];
            if (p_interception > 0.0 && rng_(Stream::interception, id, day, hop) < p_interception) {
                ++counters.border.interceptions[link];
                const std::uint32_t to = border.interception_return_to[link];
                back_to = to == RouteGraph::kNone ? graph_.link_from[link] : to;
                wait_days = border.detention_days[link];
            }
        }
    }
    if (back_to == RouteGraph::kNone) return false;
    a.flags[id] = static_cast<std::uint8_t>(a.flags[id] & ~kOnLink);
    a.where[id] = back_to;
    a.came_from[id] = Agents::kNowhere;  // sent back: every direction is open to a new choice
    a.link_km_done[id] = 0.0f;
    a.arrived_day[id] = static_cast<std::uint16_t>(day);
    a.wait_until_day[id] = static_cast<std::uint16_t>(std::min<std::uint32_t>(day + wait_days, 65535));
    a.status[id] = graph_.location_type[back_to] == LocationType::camp ? Status::in_camp : Status::displaced;
    --counters.link_delta[link];
    ++counters.location_delta[back_to];
    return true;
}

}  // namespace migroute
