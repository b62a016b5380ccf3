// The weighted pick of an outgoing link, shared by the rule sets that choose by link weights.
#pragma once

#include "graph/route_graph.hpp"

#include <cstdint>

namespace migroute {

// Picks one of the links [begin, end) with probability proportional to weight[k], given
// u uniform in [0, 1) and `sum`, the total weight of those links. The link `back` (the way back to where
// the agent came from, or RouteGraph::kNone) is left out while another link has weight. Returns
// RouteGraph::kNone when no link has weight.
inline std::uint32_t pick_link(const double* weight, std::uint32_t begin, std::uint32_t end, std::uint32_t back,
                               double sum, double u) {
    if (back != RouteGraph::kNone) {
        if (sum - weight[back] > 0.0) sum -= weight[back];
        else back = RouteGraph::kNone;
    }
    if (!(sum > 0.0)) return RouteGraph::kNone;
    u *= sum;
    std::uint32_t last = RouteGraph::kNone;
    for (std::uint32_t k = begin; k < end; ++k) {
        if (!(weight[k] > 0.0) || k == back) continue;
        last = k;
        if (u < weight[k]) return k;
        u -= weight[k];
    }
    return last;  // rounding: the last candidate
}

}  // namespace migroute
