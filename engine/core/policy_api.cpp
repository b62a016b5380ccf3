#include "core/policy_api.hpp"

namespace migroute {

void CounterSeries::add_row(const std::vector<std::int64_t>& row, std::int64_t scale) {
    width = row.size();
    for (const auto v : row) data.push_back(v * scale);
}

}  // namespace migroute
