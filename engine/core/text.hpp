// Small text helpers shared by the loaders (scenario, Flee, policy and sweep files).
#pragma once

#include <cstddef>
#include <string_view>

namespace migroute {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two
// adjacent characters each cost 1. Used for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace migroute
