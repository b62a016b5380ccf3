#include "sweep/text_util.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <optional>

namespace migroute::sweep {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}


}  // namespace

std::string join(const std::vector<std::string>& words, const std::string& separator) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += separator;
        out += w;
    }
    return out;
}

std::string quote(std::string_view text) {
    constexpr std::size_t kMaxLength = 80;
    std::string out = "'";
    for (const char c : text) {
        if (out.size() > kMaxLength) {
            out += "...";
            break;
        }
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += '?';
        else out += c;
    }
    out += "'";
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.empty() || word.size() > 100) return {};
    const std::string needle = lower(word);
    const std::size_t threshold = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = threshold + 1;
    for (const auto& candidate : candidates) {
        if (candidate == word) continue;
        const std::size_t gap = candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
        if (gap > threshold) continue;
        const std::size_t d = edit_distance(needle, lower(candidate));
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    if (!best) return {};
    std::string out = "did you mean '";
    out += *best;
    out += "'?";
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

}  // namespace migroute::sweep
