#include "core/agents.hpp"

namespace migroute {

void Agents::reserve(std::size_t n) {
    where.reserve(n);
    link_km_done.reserve(n);
    came_from.reserve(n);
    nationality.reserve(n);
    status.reserve(n);
    flags.reserve(n);
    displaced_day.reserve(n);
    arrived_day.reserve(n);
    wait_until_day.reserve(n);
    attempts.reserve(n);
}

std::size_t Agents::add(std::size_t count, std::uint32_t location, std::uint16_t nationality_index,
                        std::uint16_t day, Status initial_status) {
    const std::size_t first = size();
    const std::size_t n = first + count;
    where.resize(n, location);
    link_km_done.resize(n, 0.0f);
    came_from.resize(n, kNowhere);
    nationality.resize(n, nationality_index);
    status.resize(n, initial_status);
    flags.resize(n, 0);
    displaced_day.resize(n, day);
    arrived_day.resize(n, day);
    wait_until_day.resize(n, 0);
    attempts.resize(n, 0);
    return first;
}

}  // namespace migroute
