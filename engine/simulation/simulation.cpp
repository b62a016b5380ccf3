#include "simulation/simulation.hpp"

#include "core/movement.hpp"
#include "util/error.hpp"
#include "util/memory.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace migroute {

// ---- set-up ------------------------------------------------------------------------------------

namespace {

int resolve_threads(int threads) {
    if (threads > 0) return threads;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

const Scenario& checked(const Scenario& scenario) {
    if (scenario.persons_per_agent < 1) throw InputError("persons_per_agent must be at least 1");
    if (scenario.days > std::numeric_limits<std::uint16_t>::max() - 1)
        throw InputError("a run is limited to 65534 days");
    return scenario;
}

// Nationalities in order of first appearance: placements first, then spawn rules.
std::vector<std::string> nationalities_of(const Scenario& scenario) {
    std::vector<std::string> list;
    auto add = [&list](const std::string& code) {
        if (std::find(list.begin(), list.end(), code) != list.end()) return;
        if (list.size() >= std::numeric_limits<std::uint16_t>::max())
            throw InputError("too many nationalities (at most 65535)");
        list.push_back(code);
    };
    for (const auto& p : scenario.initial) add(p.nationality);
    for (const auto& s : scenario.spawn) add(s.nationality);
    return list;
}

RuleSetState make_rules(const Scenario& scenario, const RouteGraph& graph, const std::vector<std::string>& nationalities) {
    switch (scenario.rules) {
        case RuleSet::routes: return RuleSetState(std::in_place_type<RoutesRules>, scenario, graph, nationalities, scenario.seed);
        case RuleSet::flee: return RuleSetState(std::in_place_type<FleeRules>, scenario, graph);
        case RuleSet::basic: break;
    }
    return RuleSetState(std::in_place_type<BasicRules>, scenario, graph, nationalities);
}

}  // namespace

Simulation::Simulation(const Scenario& scenario, const RouteGraph& graph, int threads)
    : scenario_(checked(scenario)),
      graph_(graph),
      threads_(resolve_threads(threads)),
      arena_(threads_),
      rng_(scenario.seed),
      persons_per_agent_(scenario.persons_per_agent),
      nationalities_(nationalities_of(scenario)),
      thread_counters_([&graph] {
          DayCounters c;
          c.resize(graph.location_count(), graph.link_count(), graph.country_count());
          return c;
      }),
      rules_(make_rules(scenario, graph, nationalities_)) {
    const std::size_t n_loc = graph.location_count();
    const std::size_t n_link = graph.link_count();
    day_counters_.resize(n_loc, n_link, graph.country_count());
    location_agents_.assign(n_loc, 0);
    link_agents_.assign(n_link, 0);

    // The tables as the scenario sets them.
    const auto& mv = scenario.movement;
    tables_.resize(n_loc, n_link, nationalities_.size(), false);
    for (std::size_t l = 0; l < n_loc; ++l) {
        const auto& loc = scenario.locations[l];
        const auto type = static_cast<std::size_t>(loc.type);
        tables_.location_move_chance[l] = loc.move_chance.value_or(mv.move_chance[type]);
        tables_.location_attractiveness[l] = loc.attractiveness.value_or(mv.attractiveness[type]);
        tables_.location_capacity[l] = loc.capacity ? *loc.capacity / static_cast<double>(persons_per_agent_)
                                                    : std::numeric_limits<double>::infinity();
    }
    for (std::size_t k = 0; k < n_link; ++k) {
        const auto& spec = scenario.links[graph.link_spec[k]];
        tables_.link_speed_km_per_day[k] =
            spec.speed_km_per_day.value_or(mv.speed_km_per_day[static_cast<std::size_t>(spec.mode)]);
        tables_.link_death_per_crossing[k] = spec.death_risk_per_crossing;
        tables_.link_death_per_day[k] = spec.death_risk_per_day;
    }

    // Before the agent arrays are allocated: does the run fit in memory? Every agent the run will
    // create is reserved, so that the arrays never reallocate.
    const std::size_t expected_agents = std::visit([](const auto& r) { return r.expected_agents(); }, rules_) + 16;
    MemoryEstimate estimate;
    estimate.agents = expected_agents;
    estimate.bytes_per_agent = Agents::bytes_per_agent() +
                               std::visit([](const auto& r) { return r.bytes_per_agent(); }, rules_);
    // The series (kept by the simulation and copied once for the caller), and the graph and tables.
    const std::uint64_t row = n_loc + 3 * n_link + graph.country_count() + 5;
    estimate.other_bytes = 2 * static_cast<std::uint64_t>(scenario.days) * row * sizeof(std::int64_t) +
                           (n_loc + n_link) * 256;
    check_memory(estimate, available_memory(), scenario.name, scenario.persons_per_agent);

    agents_.reserve(expected_agents);
    agents_created_ += std::visit([&](auto& r) { return r.place_initial(agents_, tables_, location_agents_); }, rules_);
}

Simulation::~Simulation() = default;

// ---- the day -----------------------------------------------------------------------------------

void Simulation::step() {
    day_counters_.clear();
    apply_schedule();         // 1. the day's events (conflicts, closures of the rule set)
    policies_day_start();     // 2. policy modules change the policy tables
    day_start_tables();       // 2. what the rule set derives from them (capacities, choice weights, route costs)
    spawn();                  // 3. newly displaced people
    legal_pathways();         // 4. visas and resettlement: safe travel for the people selected
    decide_and_move();        // 5-7. decide, travel, deaths, border events, arrivals (core/movement.hpp)
    policies_after_move();    // today's arrivals and asylum events, to the modules that take them
    policies_day_end();       // policy counters; policy tables reset, to be applied afresh tomorrow
    record();                 // 8. the day's series
    ++day_;
}

void Simulation::run(int days, const std::function<void(int)>& after_day) {
    for (int d = 0; d < days; ++d) {
        step();
        if (after_day) after_day(day_);
    }
}

void Simulation::apply_schedule() {
    std::visit([&](auto& r) { r.apply_schedule(day_, tables_); }, rules_);
}

void Simulation::day_start_tables() {
    std::visit([&](auto& r) { r.day_start(day_, tables_, location_agents_, link_agents_); }, rules_);
}

void Simulation::spawn() {
    agents_created_ += std::visit([&](auto& r) { return r.spawn(day_, rng_, tables_, agents_, location_agents_); }, rules_);
}

MoveContext Simulation::move_context() {
    return MoveContext{graph_, tables_, rng_, agents_, static_cast<std::uint32_t>(day_),
                       (policy_hooks_ & PolicyModule::kArrivals) != 0};
}

void Simulation::decide_and_move() {
    for (auto& c : thread_counters_) c.clear();
    const std::size_t n = agents_.size();
    const MoveContext context = move_context();
    std::visit(
        [&](auto& rules) {
            arena_.execute([&] {
                tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 8192),
                                  [&](const tbb::blocked_range<std::size_t>& r) {
                                      rules.move_agents(context, r.begin(), r.end(), thread_counters_.local());
                                  });
            });
        },
        rules_);
    for (const auto& c : thread_counters_) c.add_to(day_counters_);  // cleared at the start of the day
    // Each thread's arrivals are in id order; merged, they are sorted (ids are unique).
    std::sort(day_counters_.arrived.begin(), day_counters_.arrived.end());
    for (std::size_t l = 0; l < location_agents_.size(); ++l) location_agents_[l] += day_counters_.location_delta[l];
    for (std::size_t k = 0; k < link_agents_.size(); ++k) link_agents_[k] += day_counters_.link_delta[k];
    agents_dead_ += day_counters_.deaths;
    agents_arrived_ += day_counters_.arrivals;
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
    policy_hooks_ |= policies_.back()->hooks();
    PolicyDay context = policy_day(nullptr);
    policies_.back()->prepare(context);
}

PolicyDay Simulation::policy_day(const DayCounters* counters) {
    const Date date = civil_from_days(days_from_civil(scenario_.start) + day_);
    return PolicyDay{day_,    date,   scenario_,         graph_,   rng_, nationalities_, persons_per_agent_,
                     tables_, agents_, location_agents_, counters, *this};
}

void Simulation::call_hook(PolicyModule::Hook hook, const std::function<void(PolicyModule&, PolicyDay&)>& call,
                           const DayCounters* counters) {
    if (!(policy_hooks_ & hook)) return;
    PolicyDay context = policy_day(counters);
    for (auto& module : policies_)
        if (module->hooks() & hook) call(*module, context);
}

void Simulation::policies_day_start() {
    if (policies_.empty()) return;
    // The tables as the scenario and the schedule left them; every change the modules make to a policy
    // table is undone at the end of the day (policies_day_end).
    saved_tables_ = static_cast<const PolicyTables&>(tables_);
    call_hook(PolicyModule::kDayStart, [](PolicyModule& m, PolicyDay& d) { m.day_start(d); }, nullptr);
}

void Simulation::legal_pathways() {
    call_hook(PolicyModule::kLegalPathways, [](PolicyModule& m, PolicyDay& d) { m.legal_pathways(d); }, nullptr);
}

void Simulation::policies_after_move() {
    const std::span<const std::size_t> arrived(day_counters_.arrived);
    call_hook(PolicyModule::kArrivals, [&](PolicyModule& m, PolicyDay& d) { m.arrivals(d, arrived); }, &day_counters_);
    if (asylum_events_.empty()) return;
    std::stable_sort(asylum_events_.begin(), asylum_events_.end(),
                     [](const AsylumEvent& a, const AsylumEvent& b) { return a.agent < b.agent; });
    const std::span<const AsylumEvent> events(asylum_events_);
    call_hook(PolicyModule::kAsylumEvents, [&](PolicyModule& m, PolicyDay& d) { m.asylum_events(d, events); },
              &day_counters_);
    asylum_events_.clear();
}

void Simulation::policies_day_end() {
    std::visit([&](auto& r) { r.day_end(day_, day_counters_); }, rules_);
    if (policies_.empty()) return;
    call_hook(PolicyModule::kDayEnd, [](PolicyModule& m, PolicyDay& d) { m.day_end(d); }, &day_counters_);
    tables_.reset_to(saved_tables_);
}

// ---- actions of the policy modules -------------------------------------------------------------

bool Simulation::travel_safely(std::size_t id, std::uint32_t location, std::uint32_t via_link) {
    Agents& a = agents_;
    if ((a.flags[id] & kOnLink) || movement::journey_over(a.status[id])) return false;
    const std::uint32_t from = a.where[id];
    --location_agents_[from];
    ++location_agents_[location];
    if (via_link != RouteGraph::kNone) ++day_counters_.link_flow[via_link];
    a.where[id] = location;
    a.came_from[id] = from;
    a.arrived_day[id] = static_cast<std::uint16_t>(day_);
    a.wait_until_day[id] = 0;
    a.status[id] = movement::status_at(graph_, tables_, location);
    // Arrivals count in the run total after the move phase (decide_and_move), with the others.
    movement::count_reached(move_context(), id, location, day_counters_);
    return true;
}

void Simulation::hold(std::size_t id, int until_day) {
    agents_.wait_until_day[id] = static_cast<std::uint16_t>(std::clamp(until_day, 0, 65535));
}

bool Simulation::set_status(std::size_t id, Status status) {
    if ((agents_.flags[id] & kOnLink) || agents_.status[id] == Status::dead) return false;
    if (status == Status::dead || status == Status::in_transit) return false;
    agents_.status[id] = status;
    return true;
}

void Simulation::report(const AsylumEvent& event) { asylum_events_.push_back(event); }

std::uint32_t Simulation::intended_destination(std::size_t id) const {
    return std::visit([id](const auto& r) { return r.intended_destination(id); }, rules_);
}

void Simulation::use_move_chance_factors() {
    if (!tables_.move_chance_factor.empty()) return;
    tables_.move_chance_factor.assign(graph_.location_count() * nationalities_.size(), 1.0f);
}

}  // namespace migroute
