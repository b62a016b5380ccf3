// Small text helpers shared by the sweep code: quoting, joining, "did you mean" suggestions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migroute::sweep {

std::string join(const std::vector<std::string>& words, const std::string& separator);
// 'text', shortened and with control characters escaped, for one line of a message.
std::string quote(std::string_view text);
// "did you mean 'X'?" for the candidate closest to `word` (a likely typo), or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);
// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace migroute::sweep
