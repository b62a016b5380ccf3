#include "policy/settings.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace migroute::policy {

namespace {

std::string describe(const YAML::Node& node) {
    if (!node.IsDefined()) return "nothing";
    switch (node.Type()) {
        case YAML::NodeType::Null: return "an empty value";
        case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Undefined: break;
    }
    return "nothing";
}

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
    : names_(names), source_(scenario.policies[index].source), index_(index), type_(scenario.policies[index].type) {
    try {
        root_ = YAML::Load(scenario.policies[index].yaml_text);
    } catch (const YAML::Exception& error) {
        throw InputError(one_line(context() + ": cannot read the block: " + error.msg));
    }
    if (!root_.IsMap()) throw InputError(one_line(context() + ": expected a map of settings, found " + describe(root_)));
    for (const char* always : {"type", "from", "to"}) allowed.emplace_back(always);
    std::vector<std::string> seen;
    for (auto it = root_.begin(); it != root_.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            fail(key, "one of " + join(allowed), "unknown key '" + key + "'", did_you_mean(key, allowed));
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) fail(key, "each key once", "'" + key + "' again");
        seen.push_back(key);
    }
}

std::string Settings::context() const {
    std::string out = source_;
    out += ": policies[";
    out += std::to_string(index_);
    out += "] (";
    out += type_;
    out += ")";
    return out;
}

void Settings::fail(const std::string& key, const std::string& expected, const std::string& found,
                    const std::string& note) const {
    std::string message = context();
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

std::optional<YAML::Node> Settings::get(const std::string& key) const {
    for (auto it = root_.begin(); it != root_.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key) return YAML::Node(it->second);
    return std::nullopt;
}

bool Settings::has(const std::string& key) const { return get(key).has_value(); }

double Settings::number(const std::string& key, double low, double high, const std::string& expected) const {
    const auto node = get(key);
    if (!node) fail(key, expected, "nothing (the key is missing)");
    if (!node->IsScalar()) fail(key, expected, describe(*node));
    const auto value = parse_number(node->Scalar());
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
    if (node->IsScalar()) {
        const std::string& v = node->Scalar();
        if (v == "true" || v == "True" || v == "TRUE") return true;
        if (v == "false" || v == "False" || v == "FALSE") return false;
    }
    fail(key, "true or false", describe(*node));
}

std::string Settings::text(const std::string& key, const std::string& expected) const {
    const auto node = get(key);
    if (!node) fail(key, expected, "nothing (the key is missing)");
    if (!node->IsScalar() || node->Scalar().empty()) fail(key, expected, describe(*node));
    return node->Scalar();
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
    if (node->IsScalar()) {
        out.push_back(resolve(*this, key, node->Scalar(), valid, kind));
        return out;
    }
    if (!node->IsSequence()) fail(key, expected, describe(*node));
    for (std::size_t i = 0; i < node->size(); ++i) {
        const YAML::Node element = (*node)[i];
        const std::string element_key = key + "[" + std::to_string(i) + "]";
        if (!element.IsScalar()) fail(element_key, "the name of " + kind, describe(element));
        const auto index = resolve(*this, element_key, element.Scalar(), valid, kind);
        if (std::find(out.begin(), out.end(), index) != out.end())
            fail(element_key, "each name once", "'" + element.Scalar() + "' again");
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
    if (!node->IsSequence()) fail(key, expected, describe(*node));
    for (std::size_t i = 0; i < node->size(); ++i) {
        const YAML::Node pair = (*node)[i];
        const std::string pair_key = key + "[" + std::to_string(i) + "]";
        if (!pair.IsSequence() || pair.size() != 2 || !pair[0].IsScalar() || !pair[1].IsScalar())
            fail(pair_key, "a pair [A, B] of " + kind + "s", describe(pair));
        const auto a = resolve(*this, pair_key + "[0]", pair[0].Scalar(), valid, kind);
        const auto b = resolve(*this, pair_key + "[1]", pair[1].Scalar(), valid, kind);
        if (a == b) fail(pair_key, "two different " + kind + "s", "'" + pair[0].Scalar() + "' twice");
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
