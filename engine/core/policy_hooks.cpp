#include "core/policy_hooks.hpp"

#include <algorithm>

namespace migroute {

void BorderTables::resize(std::size_t links) {
    active = false;
    pushback_probability.assign(links, 0.0);
    pushback_wait_days.assign(links, 0);
    injury_probability.assign(links, 0.0);
    injury_days.assign(links, 0);
    violence_death_probability.assign(links, 0.0);
    interception_probability.assign(links, 0.0);
    interception_return_to.assign(links, RouteGraph::kNone);
    detention_days.assign(links, 0);
    disembark_share.assign(links, 0.0);
    disembark_at.assign(links, RouteGraph::kNone);
}

namespace {

template <typename F>
void each(BorderCounters& c, F f) {
    f(c.pushbacks);
    f(c.first_pushbacks);
    f(c.injuries);
    f(c.pushback_deaths);
    f(c.interceptions);
    f(c.disembarked);
    f(c.turned_back);
}

}  // namespace

void BorderCounters::resize(std::size_t links) {
    each(*this, [links](std::vector<std::int64_t>& v) { v.assign(links, 0); });
}

void BorderCounters::clear() {
    each(*this, [](std::vector<std::int64_t>& v) { std::fill(v.begin(), v.end(), 0); });
}

void BorderCounters::add_to(BorderCounters& total) const {
    auto add = [](const std::vector<std::int64_t>& from, std::vector<std::int64_t>& to) {
        for (std::size_t i = 0; i < from.size(); ++i) to[i] += from[i];
    };
    add(pushbacks, total.pushbacks);
    add(first_pushbacks, total.first_pushbacks);
    add(injuries, total.injuries);
    add(pushback_deaths, total.pushback_deaths);
    add(interceptions, total.interceptions);
    add(disembarked, total.disembarked);
    add(turned_back, total.turned_back);
}

void CounterSeries::add_row(const std::vector<std::int64_t>& row, std::int64_t scale) {
    width = row.size();
    for (const auto v : row) data.push_back(v * scale);
}

}  // namespace migroute
