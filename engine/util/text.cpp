#include "util/text.hpp"

#include <algorithm>

namespace migroute {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> previous2(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], previous2[j - 2] + 1);
        }
        std::swap(previous2, previous);
        std::swap(previous, current);
    }
    return previous[m];
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
    constexpr std::size_t kLongest = 100;  // no suggestions for very long words: keeps this cheap
    if (word.empty() || word.size() > kLongest) return std::nullopt;
    const std::string needle = ascii_lower(word);
    const std::size_t threshold = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = threshold + 1;
    for (const auto& candidate : candidates) {
        if (candidate.size() > kLongest) continue;
        const std::size_t length_gap =
            candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
        if (length_gap > threshold) continue;  // at least that many edits
        const std::size_t distance = edit_distance(needle, ascii_lower(candidate));
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const auto best = closest(word, candidates);
    if (!best) return {};
    std::string out = "did you mean '";
    out += *best;
    out += "'?";
    return out;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
    std::string out;
    for (const auto& word : words) {
        if (!out.empty()) out += separator;
        out += word;
    }
    return out;
}

std::string one_line(std::string_view text, std::size_t max_length) {
    std::string out;
    out.reserve(std::min(text.size(), max_length));
    for (char c : text) {
        if (out.size() >= max_length) {
            out += "...";
            break;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += '?';
        } else {
            out += c;
        }
    }
    return out;
}

std::string quote(std::string_view text) {
    std::string out = "'";  // built with += : GCC 12 warns (-Wrestrict) about "'" + std::string&&
    out += one_line(text, 80);
    out += "'";
    return out;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += "\"\"";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') continue;
        else out += c;
    }
    out += '"';
    return out;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return fields;
}

}  // namespace migroute
