// Small text helpers shared by the loaders (scenario, Flee, policy and sweep files).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migroute {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two
// adjacent characters each cost 1. Used for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// `text` made safe to show on one line of a message: a line break as \n, a tab as \t, other control
// characters as '?'. For messages that quote names and values from a file, or another library's words
// (yaml-cpp quotes the offending character as it is, a line break included).
// Stops at max_length characters of output and adds "..." when text is longer.
std::string one_line(std::string_view text, std::size_t max_length = std::string_view::npos);

}  // namespace migroute
