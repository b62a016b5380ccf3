// Small text helpers shared by the loaders (scenario, Flee, policy and sweep files).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migroute {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two
// adjacent characters each cost 1. Used for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// `text` with the ASCII letters A-Z in lower case; other bytes as they are.
std::string ascii_lower(std::string_view text);

// The candidate closest to `word` (edit_distance, ignoring ASCII case) if it is close enough to be a
// likely typo: at most word.size() / 3 edits, at least 1 and at most 3. The first of equally close
// ones. Nothing for an empty word or a word longer than 100 characters; longer candidates are passed
// over.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);
// "did you mean 'X'?" for X = closest(word, candidates), or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// The words with `separator` between them.
std::string join(const std::vector<std::string>& words, std::string_view separator = ", ");

// `text` made safe to show on one line of a message: a line break as \n, a tab as \t, other control
// characters as '?'. For messages that quote names and values from a file, or another library's words
// (yaml-cpp quotes the offending character as it is, a line break included).
// Stops at max_length characters of output and adds "..." when text is longer.
std::string one_line(std::string_view text, std::size_t max_length = std::string_view::npos);
// 'text': one_line(text, 80) in single quotes.
std::string quote(std::string_view text);

// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);
// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace migroute
