#include "core/series.hpp"

namespace migroute {

void Table2D::add_row(const std::vector<std::int64_t>& row, std::int64_t scale) {
    width = row.size();
    for (const auto v : row) data.push_back(v * scale);
}

}  // namespace migroute
