#include "policy/settings.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace migroute::policy {

namespace {

std::string describe(const PolicyNode& node) {
    switch (node.kind) {
        case PolicyNode::Kind::null: return "an empty value";
        case PolicyNode::Kind::scalar: return "'" + node.scalar + "'";
        case PolicyNode::Kind::sequence: return "a list";
        case PolicyNode::Kind::map: return "a map";
    }
    return "nothing";
}

bool is_scalar(const PolicyNode& node) { return node.kind == PolicyNode::Kind::scalar; }
bool is_sequence(const PolicyNode& node) { return node.kind == PolicyNode::Kind::sequence; }

std::optional<double> parse_number(const std::string& text) {
    std::string_view view = text;
    if (view.size() > 1 && view.front() == '+') view.remove_prefix(1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (view.empty() || error != std::errc() || end != view.data() + view.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

}  // namespace

Names::Names(const Scenario& scenario) : start(scenario.start), days(scenario.days) {
    for (const auto& l : scenario.locations) locations.push_back(l.name);
    for (const auto& c : scenario.countries) countries.push_back(c.code);
    auto add_nationality = [this](const std::string& code) {
        if (std::find(nationalities.begin(), nationalities.end(), code) == nationalities.end())
            nationalities.push_back(code);
    };
    for (const auto& p : scenario.initial) add_nationality(p.nationality);
    for (const auto& s : scenario.spawn) add_nationality(s.nationality);
    for (const auto& l : scenario.links) {
        links.push_back(l.name());
        if (l.mode == LinkMode::sea) sea_links.push_back(l.name());
        if (l.two_way) {
            std::string reverse = l.to;
            reverse += "-";
            reverse += l.from;
            links.push_back(reverse);
            if (l.mode == LinkMode::sea) sea_links.push_back(reverse);
        }
    }
}

Settings::Settings(const Scenario& scenario, std::size_t index, const Names& names, std::vector<std::string> allowed)
    : names_(names),
      source_(scenario.policies[index].source),
      file_(scenario.policies[index].file),
      index_(index),
      type_(scenario.policies[index].type),
      root_(scenario.policies[index].block) {
    if (root_.kind != PolicyNode::Kind::map)
        throw InputError(one_line(context({}) + ": expected a map of settings, found " + describe(root_)));
    for (const char* always : {"type", "from", "to"}) allowed.emplace_back(always);
    std::vector<std::string> seen;
    for (const auto& [key, value] : root_.entries) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            fail(key, "one of " + join(allowed), "unknown key '" + key + "'", did_you_mean(key, allowed));
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) fail(key, "each key once", "'" + key + "' again");
        seen.push_back(key);
    }
}

std::string Settings::context(const std::string& key) const {
    // The position of the value at fault: the key's value, or an element of it ("links[2]", "pairs[0][1]").
    std::string base = key;
    std::vector<std::size_t> path;
    while (!base.empty() && base.back() == ']') {
        const auto open = base.rfind('[');
        if (open == std::string::npos) break;
        path.insert(path.begin(), static_cast<std::size_t>(std::strtoull(base.c_str() + open + 1, nullptr, 10)));
        base.erase(open);
    }
    const PolicyNode* node = get(base);
    for (const auto i : path)
        node = node && is_sequence(*node) && i < node->items.size() ? &node->items[i] : nullptr;
    std::string out = node && node->line > 0 && !file_.empty()
                          ? file_ + ":" + std::to_string(node->line) + ":" + std::to_string(node->column)
                          : source_;
    out += ": policies[";
    out += std::to_string(index_);
    out += "] (";
    out += type_;
    out += ")";
    return out;
}

void Settings::fail(const std::string& key, const std::string& expected, const std::string& found,
                    const std::string& note) const {
    std::string message = context(key);
    message += ": key '";
    message += key;
    message += "': expected ";
    message += expected;
    message += ", found ";
    message += found;
    if (!note.empty()) {
        message += "; ";
        message += note;
    }
    throw InputError(one_line(message));  // keys and values from the file may hold line breaks
}

const PolicyNode* Settings::get(const std::string& key) const {
    for (const auto& [name, value] : root_.entries)
        if (name == key) return &value;
    return nullptr;
}

bool Settings::has(const std::string& key) const { return get(key) != nullptr; }

double Settings::number(const std::string& key, double low, double high, const std::string& expected) const {
    const auto node = get(key);
    if (!node) fail(key, expected, "nothing (the key is missing)");
    if (!is_scalar(*node)) fail(key, expected, describe(*node));
    const auto value = parse_number(node->scalar);
    if (!value || *value < low || *value > high) fail(key, expected, describe(*node));
    return *value;
}

double Settings::number_or(const std::string& key, double fallback, double low, double high,
                           const std::string& expected) const {
    return has(key) ? number(key, low, high, expected) : fallback;
}

int Settings::integer_or(const std::string& key, int fallback, int low, int high, const std::string& expected) const {
    if (!has(key)) return fallback;
    const double value = number(key, low, high, expected);
    if (std::trunc(value) != value) fail(key, expected, describe(*get(key)));
    return static_cast<int>(value);
}

bool Settings::boolean_or(const std::string& key, bool fallback) const {
    const auto node = get(key);
    if (!node) return fallback;
    if (is_scalar(*node)) {
        const std::string& v = node->scalar;
        if (v == "true" || v == "True" || v == "TRUE") return true;
        if (v == "false" || v == "False" || v == "FALSE") return false;
    }
    fail(key, "true or false", describe(*node));
}

std::string Settings::text(const std::string& key, const std::string& expected) const {
    const auto node = get(key);
    if (!node) fail(key, expected, "nothing (the key is missing)");
    if (!is_scalar(*node) || node->scalar.empty()) fail(key, expected, describe(*node));
    return node->scalar;
}

std::string Settings::text_or(const std::string& key, const std::string& fallback, const std::string& expected) const {
    return has(key) ? text(key, expected) : fallback;
}

std::string Settings::choice_or(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& choices) const {
    if (!has(key)) return fallback;
    const std::string value = text(key, "one of " + join(choices));
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
        fail(key, "one of " + join(choices), "'" + value + "'", did_you_mean(value, choices));
    return value;
}

namespace {

std::uint32_t resolve(const Settings& settings, const std::string& key, const std::string& value,
                      const std::vector<std::string>& valid, const std::string& kind) {
    const auto it = std::find(valid.begin(), valid.end(), value);
    if (it != valid.end()) return static_cast<std::uint32_t>(it - valid.begin());
    std::string note = did_you_mean(value, valid);
    if (!note.empty()) note += " ";
    note += valid.size() <= 40 ? "valid: " + join(valid) : std::to_string(valid.size()) + " are declared";
    if (valid.empty()) note = "the scenario has none";
    settings.fail(key, "the name of " + kind, "unknown " + kind + " '" + value + "'", note);
}

}  // namespace

std::uint32_t Settings::name(const std::string& key, const std::vector<std::string>& valid, const std::string& kind) const {
    return resolve(*this, key, text(key, "the name of " + kind), valid, kind);
}

std::vector<std::uint32_t> Settings::name_list(const std::string& key, const std::vector<std::string>& valid,
                                               const std::string& kind) const {
    std::vector<std::uint32_t> out;
    const auto node = get(key);
    if (!node) return out;
    const std::string expected = "a list of names of " + kind + "s";
    if (is_scalar(*node)) {
        out.push_back(resolve(*this, key, node->scalar, valid, kind));
        return out;
    }
    if (!is_sequence(*node)) fail(key, expected, describe(*node));
    for (std::size_t i = 0; i < node->items.size(); ++i) {
        const PolicyNode& element = node->items[i];
        const std::string element_key = key + "[" + std::to_string(i) + "]";
        if (!is_scalar(element)) fail(element_key, "the name of " + kind, describe(element));
        const auto index = resolve(*this, element_key, element.scalar, valid, kind);
        if (std::find(out.begin(), out.end(), index) != out.end())
            fail(element_key, "each name once", "'" + element.scalar + "' again");
        out.push_back(index);
    }
    return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> Settings::name_pairs(const std::string& key,
                                                                           const std::vector<std::string>& valid,
                                                                           const std::string& kind) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    const auto node = get(key);
    if (!node) return out;
    const std::string expected = "a list of pairs [A, B] of " + kind + "s";
    if (!is_sequence(*node)) fail(key, expected, describe(*node));
    for (std::size_t i = 0; i < node->items.size(); ++i) {
        const PolicyNode& pair = node->items[i];
        const std::string pair_key = key + "[" + std::to_string(i) + "]";
        if (!is_sequence(pair) || pair.items.size() != 2 || !is_scalar(pair.items[0]) || !is_scalar(pair.items[1]))
            fail(pair_key, "a pair [A, B] of " + kind + "s", describe(pair));
        const auto a = resolve(*this, pair_key + "[0]", pair.items[0].scalar, valid, kind);
        const auto b = resolve(*this, pair_key + "[1]", pair.items[1].scalar, valid, kind);
        if (a == b) fail(pair_key, "two different " + kind + "s", "'" + pair.items[0].scalar + "' twice");
        out.emplace_back(a, b);
    }
    return out;
}

int Settings::day_of(const std::string& key) const {
    const std::string expected =
        "a date YYYY-MM-DD on or after the start " + format_date(names_.start) + " or a day index >= 0";
    const std::string value = text(key, expected);
    if (const auto date = parse_date(value)) {
        const auto index = days_from_civil(*date) - days_from_civil(names_.start);
        if (index < 0) fail(key, expected, "'" + value + "'", "that date is before the start");
        if (index > std::numeric_limits<int>::max()) fail(key, expected, "'" + value + "'");
        return static_cast<int>(index);
    }
    const auto number_value = parse_number(value);
    if (!number_value || *number_value < 0 || std::trunc(*number_value) != *number_value || *number_value > 1e9)
        fail(key, expected, "'" + value + "'");
    return static_cast<int>(*number_value);
}

Window Settings::window() const {
    Window w;
    if (has("from")) w.from_day = day_of("from");
    if (has("to")) {
        w.to_day = day_of("to");
        if (w.to_day < w.from_day) {
            const std::string from_text = format_date(civil_from_days(days_from_civil(names_.start) + w.from_day)) +
                                          ", day " + std::to_string(w.from_day);
            fail("to", "a day on or after 'from' (" + from_text + ")", "'" + text("to", "") + "'", "'to' is before 'from'");
        }
    }
    return w;
}

}  // namespace migroute::policy
