// The daily time series a run produces, in persons (agents x persons_per_agent), day-major:
// value(day, i) = data[day * width + i].
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migroute {

struct Table2D {
    std::size_t width = 0;
    std::vector<std::int64_t> data;
    void add_row(const std::vector<std::int64_t>& row, std::int64_t scale);
    std::size_t rows() const { return width == 0 ? 0 : data.size() / width; }
    std::int64_t at(std::size_t row, std::size_t col) const { return data[row * width + col]; }
};

struct Series {
    Table2D location_population;  // persons at each location at the end of the day
    Table2D link_population;      // persons travelling on each link at the end of the day
    Table2D link_flow;            // persons who entered each link during the day
    Table2D link_deaths;          // persons who died on each link during the day
    Table2D country_arrivals;     // persons who reached a destination in each country during the day
    // Cumulative totals at the end of each day. Conservation: spawned = alive + dead + left.
    std::vector<std::int64_t> total_spawned;  // placed on day 0 or spawned, since the start
    std::vector<std::int64_t> total_alive;
    std::vector<std::int64_t> total_dead;
    std::vector<std::int64_t> total_arrived;  // reached a destination
    std::vector<std::int64_t> total_left;     // left the model (resettled elsewhere, returned home)

    std::size_t days() const { return total_alive.size(); }
};

}  // namespace migroute
