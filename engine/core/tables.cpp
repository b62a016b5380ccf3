#include "core/tables.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace migroute {

namespace {

template <typename T, typename V>
void size_table(std::vector<T>& table, std::size_t n, V initial) {
    table.assign(n, static_cast<T>(initial));
}

template <typename V>
void size_table(bool& flag, std::size_t, V initial) {
    flag = static_cast<bool>(initial);
}

}  // namespace

void PolicyTables::resize(std::size_t locations, std::size_t links, std::size_t nationalities,
                          bool with_move_chance_factors) {
    auto size_of = [&](TableDimension d) -> std::size_t {
        switch (d) {
            case TableDimension::location: return locations;
            case TableDimension::link: return links;
            case TableDimension::location_x_nationality: return with_move_chance_factors ? locations * nationalities : 0;
            case TableDimension::scalar: return 1;
        }
        return 0;
    };
#define MIGROUTE_SIZE_TABLE(member, dimension, initial) size_table(member, size_of(TableDimension::dimension), initial);
    MIGROUTE_POLICY_TABLES(MIGROUTE_SIZE_TABLE)
#undef MIGROUTE_SIZE_TABLE
}

void PolicyTables::reset_to(const PolicyTables& base) {
#define MIGROUTE_RESET_TABLE(member, dimension, initial) member = base.member;
    MIGROUTE_POLICY_TABLES(MIGROUTE_RESET_TABLE)
#undef MIGROUTE_RESET_TABLE
}

double capacity_multiplier(double occupied, double capacity, double buffer) {
    if (!std::isfinite(capacity)) return 1.0;
    const double full_from = buffer * capacity;
    if (occupied >= capacity) return 0.0;
    if (occupied > full_from) return (capacity - occupied) / (capacity - full_from);
    return 1.0;
}

void DayCounters::resize(std::size_t locations, std::size_t links, std::size_t countries) {
    location_delta.assign(locations, 0);
    link_delta.assign(links, 0);
    link_flow.assign(links, 0);
    link_deaths.assign(links, 0);
    country_arrivals.assign(countries, 0);
    deaths = arrivals = 0;
    BorderCounters::each(border, [links](std::vector<std::int64_t>& v) { v.assign(links, 0); });
    arrived.clear();
}

void DayCounters::clear() {
    auto zero = [](std::vector<std::int64_t>& v) { std::fill(v.begin(), v.end(), 0); };
    zero(location_delta);
    zero(link_delta);
    zero(link_flow);
    zero(link_deaths);
    zero(country_arrivals);
    deaths = arrivals = 0;
    BorderCounters::each(border, zero);
    arrived.clear();
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
    std::vector<const std::vector<std::int64_t>*> sources;
    BorderCounters::each(border, [&](const std::vector<std::int64_t>& v) { sources.push_back(&v); });
    std::size_t i = 0;
    BorderCounters::each(total.border, [&](std::vector<std::int64_t>& v) { add(*sources[i++], v); });
    total.arrived.insert(total.arrived.end(), arrived.begin(), arrived.end());
}

}  // namespace migroute
