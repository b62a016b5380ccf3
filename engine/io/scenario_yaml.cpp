// Scenario YAML -> typed, validated Scenario (scenario_yaml.hpp). The schema is in docs/SCENARIO.md.
//
// The YAML tree is walked once, schema-first: every map is checked for unknown and repeated keys before
// its values are read, every value is checked for type and range when it is read, and references are
// checked against what was declared before them (countries, then locations, then links, placements and
// spawn rules). The first problem found is thrown as an InputError.
#include "io/scenario_yaml.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "util/error.hpp"
#include "io/overrides.hpp"
#include "io/yaml_guard.hpp"
#include "policy/registry.hpp"

namespace migroute {

namespace {

// ---- text helpers --------------------------------------------------------------------------------

std::vector<std::string> split_list(const std::string& comma_separated) {
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (begin <= comma_separated.size()) {
        const std::size_t end = comma_separated.find(", ", begin);
        out.push_back(comma_separated.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
        if (end == std::string::npos) break;
        begin = end + 2;
    }
    return out;
}

// Text from the file, made safe to quote on one line of a message.
std::string printable(std::string_view text, std::size_t max_length = 80) { return one_line(text, max_length); }

// ---- numbers -------------------------------------------------------------------------------------

std::string_view strip_plus(std::string_view text) {
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    return text;
}

std::optional<double> parse_double(std::string_view text) {
    text = strip_plus(text);
    if (text.empty()) return std::nullopt;
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// An integer written as digits, or as a number with an integral value (1e6) exactly representable.
std::optional<std::int64_t> parse_integer(std::string_view text) {
    const std::string_view digits = strip_plus(text);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (!digits.empty() && error == std::errc() && end == digits.data() + digits.size()) return value;
    const auto real = parse_double(text);
    constexpr double kExact = 9007199254740992.0;  // 2^53
    if (real && std::trunc(*real) == *real && std::fabs(*real) <= kExact) return static_cast<std::int64_t>(*real);
    return std::nullopt;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    const std::string_view digits = strip_plus(text);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (!digits.empty() && digits.front() != '-' && error == std::errc() && end == digits.data() + digits.size()) {
        return value;
    }
    const auto integer = parse_integer(text);
    if (integer && *integer >= 0) return static_cast<std::uint64_t>(*integer);
    return std::nullopt;
}

struct Range {
    const char* expected;  // what the message says is expected
    double low;
    double high;
    bool low_open = false;   // low itself is not allowed
    bool high_open = false;  // high itself is not allowed

    bool contains(double value) const {
        if (low_open ? !(value > low) : !(value >= low)) return false;
        if (high_open ? !(value < high) : !(value <= high)) return false;
        return true;
    }
};

constexpr double kInf = std::numeric_limits<double>::infinity();
const Range kProbability{"a probability in [0, 1]", 0.0, 1.0};
const Range kShareOfPopulation{"a share of the population per day in [0, 1]", 0.0, 1.0};
const Range kDistanceKm{"a distance in km > 0", 0.0, kInf, true};
const Range kSofteningKm{"a distance in km >= 0", 0.0, kInf};
const Range kPersons{"a number of persons >= 0", 0.0, kInf};
const Range kPersonsPerDay{"a number of persons per day >= 0", 0.0, kInf};
const Range kPopulation{"a population (persons) >= 0", 0.0, kInf};
const Range kCapacity{"a capacity in persons > 0", 0.0, kInf, true};
const Range kGdp{"a GDP in US$ >= 0", 0.0, kInf};
const Range kLatitude{"a latitude in degrees in [-90, 90]", -90.0, 90.0};
const Range kLongitude{"a longitude in degrees in [-180, 180]", -180.0, 180.0};
const Range kSpeed{"a speed in km per day > 0", 0.0, kInf, true};
const Range kAttractiveness{"an attractiveness >= 0", 0.0, kInf};
const Range kExponent{"an exponent >= 0", 0.0, kInf};
const Range kCapacityBuffer{"a share of capacity in (0, 1]", 0.0, 1.0, true};

// ---- the tree walk -------------------------------------------------------------------------------

// A value of the tree with its canonical path (as in override paths) and the position to report.
// Assigning a YAML::Node to another overwrites the tree node it refers to (yaml-cpp's reference
// semantics), so Item rebinds its node with reset() instead: copying Items never changes the tree.
struct Item {
    YAML::Node node;
    YAML::Mark mark;
    std::string path;

    Item(YAML::Node node_, YAML::Mark mark_, std::string path_)
        : node(std::move(node_)), mark(mark_), path(std::move(path_)) {}
    Item(const Item& other) = default;
    Item& operator=(const Item& other) {
        if (this != &other) {
            node.reset(other.node);
            mark = other.mark;
            path = other.path;
        }
        return *this;
    }
    ~Item() = default;
};

bool has_position(const YAML::Mark& mark) { return mark.line >= 0 && mark.column >= 0; }

// A policy block as a plain tree with positions (model/scenario.hpp PolicyNode). Nesting is bounded by
// the checks before parsing (io/yaml_guard.hpp).
PolicyNode to_policy_node(const YAML::Node& node) {
    PolicyNode out;
    if (has_position(node.Mark())) {
        out.line = node.Mark().line + 1;
        out.column = node.Mark().column + 1;
    }
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            out.kind = PolicyNode::Kind::scalar;
            out.scalar = node.Scalar();
            break;
        case YAML::NodeType::Sequence:
            out.kind = PolicyNode::Kind::sequence;
            for (const auto& item : node) out.items.push_back(to_policy_node(item));
            break;
        case YAML::NodeType::Map:
            out.kind = PolicyNode::Kind::map;
            for (auto it = node.begin(); it != node.end(); ++it)
                out.entries.push_back({it->first.IsScalar() ? it->first.Scalar() : std::string("?"),
                                       to_policy_node(it->second)});
            break;
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: break;
    }
    return out;
}

// yaml-cpp puts the mark of an empty value at the start of whatever follows it: report the key instead.
YAML::Mark value_mark(const YAML::Node& value, const YAML::Mark& fallback) {
    if (!value.IsDefined() || value.IsNull() || !has_position(value.Mark())) return fallback;
    return value.Mark();
}

std::string describe(const YAML::Node& node) {
    if (!node.IsDefined()) return "nothing";
    switch (node.Type()) {
        case YAML::NodeType::Null: return "an empty value";
        case YAML::NodeType::Scalar: return quote(node.Scalar());
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Undefined: break;
    }
    return "nothing";
}

const char* const kMissing = "nothing (the key is missing)";

class Loader;

// A map whose keys have been checked: all known, none repeated.
class MapView {
public:
    MapView(const Loader& loader, const Item& item, std::string_view what, const std::vector<std::string>& allowed);
    std::optional<Item> get(std::string_view key) const;
    bool has(std::string_view key) const { return get(key).has_value(); }
    // The value of a required key; a missing key is reported at the map.
    Item require(std::string_view key, std::string_view expected) const;
    const Item& item() const { return item_; }

private:
    const Loader* loader_;
    Item item_;
    std::vector<std::pair<std::string, Item>> fields_;
};

class Loader {
public:
    Loader(std::string file, std::vector<OverrideOrigin> origins)
        : file_(std::move(file)), origins_(std::move(origins)) {}

    Scenario convert(const YAML::Node& root) const;

    // "FILE:LINE:COLUMN", or "--set 'ARGUMENT'" for a value that came from an override.
    std::string where(const Item& item) const {
        if (const auto* origin = find_override_origin(origins_, item.path)) return "--set '" + one_line(origin->argument) + "'";
        if (has_position(item.mark)) {
            return file_ + ":" + std::to_string(item.mark.line + 1) + ":" + std::to_string(item.mark.column + 1);
        }
        return file_;
    }

    // "line N" or "--set 'ARGUMENT'", to point at an earlier declaration.
    std::string position_of(const Item& item) const {
        if (const auto* origin = find_override_origin(origins_, item.path)) return "--set '" + one_line(origin->argument) + "'";
        if (has_position(item.mark)) return "line " + std::to_string(item.mark.line + 1);
        return "an unknown line";
    }

    [[noreturn]] void fail(const Item& item, std::string_view expected, std::string_view found,
                           std::string_view note = {}) const {
        std::string message = where(item) + ": ";
        message += item.path.empty() ? std::string("top level") : "key '" + printable(item.path) + "'";
        message += ": expected ";
        message += expected;
        message += ", found ";
        message += found;
        if (!note.empty()) {
            message += "; ";
            message += note;
        }
        // Names in notes ("did you mean", the declared names) come from the file as they are.
        throw InputError(one_line(message));
    }

    [[noreturn]] void fail_value(const Item& item, std::string_view expected, std::string_view note = {}) const {
        fail(item, expected, describe(item.node), note);
    }

    // ---- typed values

    std::vector<Item> elements(const Item& list, const std::string& what, bool non_empty) const {
        std::vector<Item> out;
        if (list.node.IsNull() && !non_empty) return out;
        if (!list.node.IsSequence()) fail_value(list, (non_empty ? "a non-empty list of " : "a list of ") + what);
        if (non_empty && list.node.size() == 0) fail(list, "a non-empty list of " + what, "an empty list");
        // Aliases can make a short file describe a huge tree (a spawn table shared by many rules):
        // bound the total work instead of hanging.
        list_elements_read_ += list.node.size();
        if (list_elements_read_ > kMaxListElements) {
            fail(list, "at most " + std::to_string(kMaxListElements) + " list elements in the whole scenario",
                 "more (the scenario is too large)");
        }
        out.reserve(list.node.size());
        std::size_t index = 0;
        for (auto it = list.node.begin(); it != list.node.end(); ++it, ++index) {
            const YAML::Node element = *it;
            out.push_back(Item{element, value_mark(element, list.mark), child_index_path(list.path, index)});
        }
        return out;
    }

    std::string text(const Item& item, std::string_view expected) const {
        if (!item.node.IsScalar()) fail_value(item, expected);
        if (item.node.Scalar().empty()) fail(item, expected, "an empty string");
        return item.node.Scalar();
    }

    double number(const Item& item, const Range& range) const {
        if (!item.node.IsScalar()) fail_value(item, range.expected);
        const auto value = parse_double(item.node.Scalar());
        if (!value || !range.contains(*value)) fail_value(item, range.expected);
        return *value;
    }

    std::int64_t integer(const Item& item, std::string_view expected, std::int64_t low, std::int64_t high) const {
        if (!item.node.IsScalar()) fail_value(item, expected);
        const auto value = parse_integer(item.node.Scalar());
        if (!value || *value < low || *value > high) fail_value(item, expected);
        return *value;
    }

    std::uint64_t unsigned_integer(const Item& item, std::string_view expected) const {
        if (!item.node.IsScalar()) fail_value(item, expected);
        const auto value = parse_unsigned(item.node.Scalar());
        if (!value) fail_value(item, expected);
        return *value;
    }

    bool boolean(const Item& item) const {
        static const std::vector<std::string> kTrue = {"true", "True", "TRUE"};
        static const std::vector<std::string> kFalse = {"false", "False", "FALSE"};
        if (item.node.IsScalar()) {
            const std::string& value = item.node.Scalar();
            if (std::find(kTrue.begin(), kTrue.end(), value) != kTrue.end()) return true;
            if (std::find(kFalse.begin(), kFalse.end(), value) != kFalse.end()) return false;
        }
        fail_value(item, "true or false");
    }

    Date date(const Item& item, std::string_view expected) const {
        if (!item.node.IsScalar()) fail_value(item, expected);
        const std::string& value = item.node.Scalar();
        if (auto parsed = parse_date(value)) return *parsed;
        fail_value(item, expected, date_hint(value));
    }

    // A day index relative to the start: a date on or after the start, or an integer >= 0.
    int day(const Item& item, const Date& start) const {
        const auto expected = [&] {
            return "a date YYYY-MM-DD on or after the start " + format_date(start) + " or a day index >= 0";
        };
        if (!item.node.IsScalar()) fail_value(item, expected());
        const std::string& value = item.node.Scalar();
        if (auto parsed = parse_date(value)) {
            const std::int64_t index = days_from_civil(*parsed) - days_from_civil(start);
            if (index < 0) fail_value(item, expected(), "that date is before the start");
            return static_cast<int>(index);
        }
        if (auto index = parse_integer(value)) {
            if (*index < 0 || *index > std::numeric_limits<int>::max()) fail_value(item, expected());
            return static_cast<int>(*index);
        }
        fail_value(item, expected(), date_hint(value));
    }

    std::string describe_day(int day_index, const Date& start) const {
        return format_date(civil_from_days(days_from_civil(start) + day_index)) + ", day " + std::to_string(day_index);
    }

    template <typename Enum>
    Enum enumeration(const Item& item, std::optional<Enum> (*parse)(std::string_view), const std::string& valid) const {
        const std::string expected = "one of " + valid;
        if (!item.node.IsScalar()) fail_value(item, expected);
        if (auto value = parse(item.node.Scalar())) return *value;
        fail_value(item, expected, did_you_mean(item.node.Scalar(), split_list(valid)));
    }

    // ---- references

    // A name that must be declared in `declared` (name -> index); `kind` is "location" or "country".
    std::size_t reference(const Item& item, const std::unordered_map<std::string, std::size_t>& declared,
                          const std::vector<std::string>& names, const std::string& kind,
                          const std::string& expected) const {
        const std::string value = text(item, expected);
        if (auto it = declared.find(value); it != declared.end()) return it->second;
        std::string note = did_you_mean(value, names);
        if (note.empty() && names.size() <= 20) note = "declared: " + join(names);
        fail(item, expected, "unknown " + kind + " " + quote(value), note);
    }

    const std::string& file() const { return file_; }

private:
    static std::string date_hint(const std::string& value) {
        // A well-formed date with no such day: say why.
        if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
            const auto year = parse_integer(value.substr(0, 4));
            const auto month = parse_integer(value.substr(5, 2));
            const auto day_of_month = parse_integer(value.substr(8, 2));
            if (year && month && day_of_month && *month >= 1 && *month <= 12) {
                static const char* const kMonths[12] = {"January", "February", "March",     "April",   "May",      "June",
                                                        "July",    "August",   "September", "October", "November", "December"};
                const Date first{static_cast<int>(*year), static_cast<int>(*month), 1};
                const Date next_first = *month == 12 ? Date{first.year + 1, 1, 1} : Date{first.year, first.month + 1, 1};
                const auto length = days_from_civil(next_first) - days_from_civil(first);
                return "no such day: " + std::string(kMonths[*month - 1]) + " " + value.substr(0, 4) + " has " +
                       std::to_string(length) + " days";
            }
            if (month) return "no such month: months are 01 to 12";
        }
        return {};
    }

    static constexpr std::size_t kMaxListElements = 2'000'000;  // a file with that many would be over 100 MB

    std::string file_;
    std::vector<OverrideOrigin> origins_;
    mutable std::size_t list_elements_read_ = 0;
};

MapView::MapView(const Loader& loader, const Item& item, std::string_view what,
                 const std::vector<std::string>& allowed)
    : loader_(&loader), item_(item) {
    if (!item.node.IsMap()) loader.fail_value(item, "a map (" + std::string(what) + ")");
    for (auto it = item.node.begin(); it != item.node.end(); ++it) {
        const YAML::Node key_node = it->first;
        const Item key_item{key_node, value_mark(key_node, item.mark),
                            child_key_path(item.path, key_node.IsScalar() ? key_node.Scalar() : "?")};
        if (!key_node.IsScalar() || key_node.Scalar().empty()) {
            loader.fail(key_item, "a key name (" + join(allowed) + ")", describe(key_node));
        }
        const std::string& key = key_node.Scalar();
        for (const auto& [seen, seen_item] : fields_) {
            if (seen == key) {
                loader.fail(key_item, "each key once in " + std::string(what), quote(key) + " again",
                            "first given at " + loader.position_of(seen_item));
            }
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            loader.fail(key_item, "one of " + join(allowed), "unknown key " + quote(key), did_you_mean(key, allowed));
        }
        const YAML::Node value = it->second;
        fields_.emplace_back(key, Item{value, value_mark(value, key_item.mark), key_item.path});
    }
}

std::optional<Item> MapView::get(std::string_view key) const {
    for (const auto& [name, value] : fields_) {
        if (name == key) return value;
    }
    return std::nullopt;
}

Item MapView::require(std::string_view key, std::string_view expected) const {
    if (auto value = get(key)) return *value;
    const Item missing{YAML::Node(), item_.mark, child_key_path(item_.path, key)};
    loader_->fail(missing, expected, kMissing);
}

// The keys each kind of map may have, in the order of docs/SCENARIO.md.
const std::vector<std::string> kTopLevelKeys = {
    "name", "start", "days", "seed", "persons_per_agent", "rules", "movement", "routes",
    "countries", "locations", "links", "initial", "spawn", "policies"};
const std::vector<std::string> kRoutesKeys = {
    "destinations", "logit_scale_km", "risk_aversion_km", "failure_cost_km", "km_per_usd",
    "information_delay_days", "information_window_days", "prior_crossings"};
const std::vector<std::string> kMovementKeys = {
    "move_chance", "attractiveness", "speed_km_per_day", "softening_km",
    "distance_power", "capacity_buffer", "avoid_backtracking"};
const std::vector<std::string> kCountryKeys = {"code", "name", "roles", "population", "gdp_usd"};
const std::vector<std::string> kLocationKeys = {
    "name", "country", "type", "lat", "lon", "population", "capacity", "move_chance", "attractiveness"};
const std::vector<std::string> kLinkKeys = {
    "from", "to", "km", "mode", "death_risk", "death_risk_per_day", "speed_km_per_day", "two_way",
    "smuggling_cost_usd"};
const std::vector<std::string> kPlacementKeys = {"at", "nationality", "persons"};
const std::vector<std::string> kSpawnKeys = {
    "at", "nationality", "per_day", "table", "share_of_population_per_day", "from", "to"};
const std::vector<std::string> kTableRowKeys = {"from", "per_day"};

std::vector<std::string> names_of_location_types() {
    std::vector<std::string> names;
    for (int i = 0; i < kLocationTypeCount; ++i) names.emplace_back(to_string(static_cast<LocationType>(i)));
    return names;
}

std::vector<std::string> names_of_link_modes() {
    std::vector<std::string> names;
    for (int i = 0; i < kLinkModeCount; ++i) names.emplace_back(to_string(static_cast<LinkMode>(i)));
    return names;
}

std::string emit(const YAML::Node& node) {
    YAML::Emitter out;
    out << node;
    if (!out.good()) throw InputError("cannot write the scenario back as YAML: " + out.GetLastError());
    return out.c_str();
}

void read_movement(const Loader& loader, const Item& item, MovementParams& movement) {
    const MapView map(loader, item, "movement parameters", kMovementKeys);
    static const std::vector<std::string> types = names_of_location_types();
    if (auto chances = map.get("move_chance")) {
        const MapView per_type(loader, *chances, "move chances by location type", types);
        for (int i = 0; i < kLocationTypeCount; ++i) {
            if (auto value = per_type.get(types[static_cast<std::size_t>(i)])) {
                movement.move_chance[i] = loader.number(*value, kProbability);
            }
        }
    }
    if (auto weights = map.get("attractiveness")) {
        const MapView per_type(loader, *weights, "attractiveness by location type", types);
        for (int i = 0; i < kLocationTypeCount; ++i) {
            if (auto value = per_type.get(types[static_cast<std::size_t>(i)])) {
                movement.attractiveness[i] = loader.number(*value, kAttractiveness);
            }
        }
    }
    if (auto speeds = map.get("speed_km_per_day")) {
        static const std::vector<std::string> modes = names_of_link_modes();
        const MapView per_mode(loader, *speeds, "speeds by link mode", modes);
        for (int i = 0; i < kLinkModeCount; ++i) {
            if (auto value = per_mode.get(modes[static_cast<std::size_t>(i)])) {
                movement.speed_km_per_day[i] = loader.number(*value, kSpeed);
            }
        }
    }
    if (auto value = map.get("softening_km")) movement.softening_km = loader.number(*value, kSofteningKm);
    if (auto value = map.get("distance_power")) movement.distance_power = loader.number(*value, kExponent);
    if (auto value = map.get("capacity_buffer")) movement.capacity_buffer = loader.number(*value, kCapacityBuffer);
    if (auto value = map.get("avoid_backtracking")) movement.avoid_backtracking = loader.boolean(*value);
}

Scenario Loader::convert(const YAML::Node& root) const {
    Scenario scenario;
    const Item top{root, has_position(root.Mark()) ? root.Mark() : YAML::Mark(), ""};
    const MapView map(*this, top, "the scenario", kTopLevelKeys);

    // ---- run settings
    const char* const kNameExpected = "the scenario's name (a string)";
    scenario.name = text(map.require("name", kNameExpected), kNameExpected);
    const char* const kStartExpected = "a start date YYYY-MM-DD";
    scenario.start = date(map.require("start", kStartExpected), kStartExpected);
    const std::string days_expected = "a number of days: an integer in [1, " + std::to_string(kMaxScenarioDays) + "]";
    scenario.days = static_cast<int>(integer(map.require("days", days_expected), days_expected, 1, kMaxScenarioDays));
    if (auto seed = map.get("seed")) {
        scenario.seed = unsigned_integer(*seed, "a seed: an integer in [0, 18446744073709551615]");
    }
    if (auto value = map.get("persons_per_agent")) {
        scenario.persons_per_agent = static_cast<int>(
            integer(*value, "an integer >= 1 (persons per agent)", 1, std::numeric_limits<int>::max()));
    }
    if (auto value = map.get("rules")) scenario.rules = enumeration<RuleSet>(*value, parse_rule_set, valid_rule_sets());
    if (auto value = map.get("movement")) read_movement(*this, *value, scenario.movement);

    // ---- countries
    std::unordered_map<std::string, std::size_t> country_index;
    std::vector<std::string> country_codes;
    std::vector<Item> country_items;
    for (const Item& element : elements(map.require("countries", "a non-empty list of countries"), "countries", true)) {
        const MapView fields(*this, element, "a country", kCountryKeys);
        Country country;
        const char* const kCodeExpected = "a country code (a string such as SYR)";
        const Item code = fields.require("code", kCodeExpected);
        country.code = text(code, kCodeExpected);
        if (auto it = country_index.find(country.code); it != country_index.end()) {
            fail(code, "a unique country code", "duplicate country code " + quote(country.code),
                 "first declared at " + position_of(country_items[it->second]));
        }
        country.name = country.code;
        if (auto name = fields.get("name")) country.name = text(*name, "a country name (a string)");
        if (auto roles = fields.get("roles")) {
            for (const Item& role_item : elements(*roles, "country roles (" + valid_country_roles() + ")", false)) {
                const auto role = enumeration<CountryRole>(role_item, parse_country_role, valid_country_roles());
                if (std::find(country.roles.begin(), country.roles.end(), role) != country.roles.end()) {
                    fail_value(role_item, "each role once");
                }
                country.roles.push_back(role);
            }
        }
        if (auto value = fields.get("population")) country.population = number(*value, kPopulation);
        if (auto value = fields.get("gdp_usd")) country.gdp_usd = number(*value, kGdp);
        country_index.emplace(country.code, scenario.countries.size());
        country_codes.push_back(country.code);
        country_items.push_back(code);
        scenario.countries.push_back(std::move(country));
    }

    // ---- locations
    std::unordered_map<std::string, std::size_t> location_index;
    std::vector<std::string> location_names;
    std::vector<Item> location_items;
    for (const Item& element : elements(map.require("locations", "a non-empty list of locations"), "locations", true)) {
        const MapView fields(*this, element, "a location",
                             kLocationKeys);
        Location location;
        const char* const kNameOfLocation = "a location name (a string)";
        const Item name = fields.require("name", kNameOfLocation);
        location.name = text(name, kNameOfLocation);
        if (auto it = location_index.find(location.name); it != location_index.end()) {
            fail(name, "a unique location name", "duplicate location name " + quote(location.name),
                 "first declared at " + position_of(location_items[it->second]));
        }
        const char* const kCountryExpected = "the code of a declared country";
        location.country = scenario.countries[reference(fields.require("country", kCountryExpected), country_index,
                                                        country_codes, "country", kCountryExpected)]
                               .code;
        if (auto value = fields.get("type")) {
            location.type = enumeration<LocationType>(*value, parse_location_type, valid_location_types());
        }
        location.latitude = number(fields.require("lat", kLatitude.expected), kLatitude);
        location.longitude = number(fields.require("lon", kLongitude.expected), kLongitude);
        if (auto value = fields.get("population")) location.population = number(*value, kPopulation);
        if (auto value = fields.get("capacity")) location.capacity = number(*value, kCapacity);
        if (auto value = fields.get("move_chance")) location.move_chance = number(*value, kProbability);
        if (auto value = fields.get("attractiveness")) location.attractiveness = number(*value, kAttractiveness);
        location_index.emplace(location.name, scenario.locations.size());
        location_names.push_back(location.name);
        location_items.push_back(name);
        scenario.locations.push_back(std::move(location));
    }
    const char* const kLocationExpected = "the name of a declared location";
    auto location_reference = [&](const Item& item) {
        return scenario.locations[reference(item, location_index, location_names, "location", kLocationExpected)].name;
    };

    // ---- links
    struct DirectedLink {
        std::string name;  // the entry that declared it
        Item item;
    };
    std::unordered_map<std::string, DirectedLink> directed_links;  // key: from + '\n' + to
    for (const Item& element : elements(map.require("links", "a list of links"), "links", false)) {
        const MapView fields(*this, element, "a link",
                             kLinkKeys);
        LinkSpec link;
        link.from = location_reference(fields.require("from", kLocationExpected));
        const Item to = fields.require("to", kLocationExpected);
        link.to = location_reference(to);
        if (link.to == link.from) {
            fail(to, "a location other than 'from' (a link cannot lead from a location to itself)",
                 quote(link.to));
        }
        link.distance_km = number(fields.require("km", kDistanceKm.expected), kDistanceKm);
        if (auto value = fields.get("mode")) link.mode = enumeration<LinkMode>(*value, parse_link_mode, valid_link_modes());
        if (auto value = fields.get("death_risk")) link.death_risk_per_crossing = number(*value, kProbability);
        if (auto value = fields.get("death_risk_per_day")) link.death_risk_per_day = number(*value, kProbability);
        if (auto value = fields.get("speed_km_per_day")) link.speed_km_per_day = number(*value, kSpeed);
        if (auto value = fields.get("two_way")) link.two_way = boolean(*value);
        if (auto value = fields.get("smuggling_cost_usd")) {
            link.smuggling_cost_usd = number(*value, Range{"an amount in US$ >= 0", 0.0, kInf});
        }

        auto add_direction = [&](const std::string& from, const std::string& to_name) {
            const std::string key = from + '\n' + to_name;
            if (auto it = directed_links.find(key); it != directed_links.end()) {
                fail(element, "each link once (a two-way link counts in both directions)",
                     "a second link from " + quote(from) + " to " + quote(to_name),
                     "link " + quote(it->second.name) + " at " + position_of(it->second.item) + " already goes there");
            }
            directed_links.emplace(key, DirectedLink{link.name(), element});
        };
        add_direction(link.from, link.to);
        if (link.two_way) add_direction(link.to, link.from);
        scenario.links.push_back(std::move(link));
    }

    // ---- people present on day 0
    if (auto initial = map.get("initial")) {
        for (const Item& element : elements(*initial, "placements (at, nationality, persons)", false)) {
            const MapView fields(*this, element, "a placement", kPlacementKeys);
            Placement placement;
            placement.at = location_reference(fields.require("at", kLocationExpected));
            const char* const kNationality = "a nationality (a string such as SYR)";
            placement.nationality = text(fields.require("nationality", kNationality), kNationality);
            placement.persons = number(fields.require("persons", kPersons.expected), kPersons);
            scenario.initial.push_back(std::move(placement));
        }
    }

    // ---- spawn rules
    if (auto spawn = map.get("spawn")) {
        for (const Item& element : elements(*spawn, "spawn rules", false)) {
            const MapView fields(*this, element, "a spawn rule",
                                 kSpawnKeys);
            SpawnRule rule;
            rule.at = location_reference(fields.require("at", kLocationExpected));
            const char* const kNationality = "a nationality (a string such as SYR)";
            rule.nationality = text(fields.require("nationality", kNationality), kNationality);

            std::vector<std::string> forms;
            for (const char* form : {"per_day", "table", "share_of_population_per_day"}) {
                if (fields.has(form)) forms.emplace_back(form);
            }
            const char* const kOneForm = "exactly one of per_day, table, share_of_population_per_day";
            if (forms.empty()) fail(element, kOneForm, "none of them");
            if (forms.size() > 1) {
                fail(element, kOneForm, forms.size() == 2 ? "both " + forms[0] + " and " + forms[1] : "all three");
            }
            if (auto value = fields.get("per_day")) rule.per_day = number(*value, kPersonsPerDay);
            if (auto value = fields.get("share_of_population_per_day")) {
                rule.share_of_population_per_day = number(*value, kShareOfPopulation);
            }
            if (auto table = fields.get("table")) {
                std::optional<Item> previous;
                for (const Item& row_item : elements(*table, "rows {from, per_day}", true)) {
                    const MapView row_fields(*this, row_item, "a table row", kTableRowKeys);
                    SpawnRule::Row row;
                    const Item from = row_fields.require("from", "the day the row starts (a date or a day index)");
                    row.from_day = day(from, scenario.start);
                    if (previous && row.from_day <= rule.table.back().from_day) {
                        fail_value(from,
                                   "a day after the previous row's (" + describe_day(rule.table.back().from_day, scenario.start) +
                                       "): rows go in time order");
                    }
                    row.per_day = number(row_fields.require("per_day", kPersonsPerDay.expected), kPersonsPerDay);
                    rule.table.push_back(row);
                    previous = from;
                }
            }
            if (auto from = fields.get("from")) rule.from_day = day(*from, scenario.start);
            if (auto to = fields.get("to")) {
                rule.to_day = day(*to, scenario.start);
                if (rule.to_day < rule.from_day) {
                    fail_value(*to, "a day on or after 'from' (" + describe_day(rule.from_day, scenario.start) + ")",
                               "'to' is before 'from'");
                }
            }
            scenario.spawn.push_back(std::move(rule));
        }
    }

    // ---- parameters of the routes rule set (read whatever the rules; used when rules: routes)
    if (auto routes = map.get("routes")) {
        const MapView fields(*this, *routes, "parameters of the routes rule set", kRoutesKeys);
        RoutesParams& r = scenario.routes;
        const Range km{"a cost in km-equivalent >= 0", 0.0, kInf};
        if (auto value = fields.get("logit_scale_km")) r.logit_scale_km = number(*value, Range{"a scale in km > 0", 0.0, kInf, true});
        if (auto value = fields.get("risk_aversion_km")) r.risk_aversion_km = number(*value, km);
        if (auto value = fields.get("failure_cost_km")) r.failure_cost_km = number(*value, km);
        if (auto value = fields.get("km_per_usd")) r.km_per_usd = number(*value, Range{"km per US$ >= 0", 0.0, kInf});
        if (auto value = fields.get("information_delay_days")) {
            r.information_delay_days = static_cast<int>(integer(*value, "a number of days in [0, 3650]", 0, 3650));
        }
        if (auto value = fields.get("information_window_days")) {
            r.information_window_days = static_cast<int>(integer(*value, "a number of days in [1, 3650]", 1, 3650));
        }
        if (auto value = fields.get("prior_crossings")) {
            r.prior_crossings = number(*value, Range{"a number of crossings >= 0", 0.0, kInf});
        }
        if (auto destinations = fields.get("destinations")) {
            std::vector<std::string> destination_names;
            for (const auto& location : scenario.locations) {
                if (location.type == LocationType::destination) destination_names.push_back(location.name);
            }
            if (!destinations->node.IsMap()) {
                fail_value(*destinations, "a map from nationality (or default) to {destination: weight}");
            }
            for (auto it = destinations->node.begin(); it != destinations->node.end(); ++it) {
                const std::string nationality = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
                const Item entry{it->second, value_mark(it->second, destinations->mark),
                                 child_key_path(destinations->path, nationality)};
                const MapView weights(*this, entry, "destination weights of a nationality", destination_names);
                RoutesParams::Destinations d;
                d.nationality = nationality;
                double total = 0.0;
                for (const auto& name : destination_names) {
                    if (auto w = weights.get(name)) {
                        d.weights.emplace_back(name, number(*w, Range{"a weight >= 0", 0.0, kInf}));
                        total += d.weights.back().second;
                    }
                }
                if (!(total > 0.0)) fail_value(entry, "weights of destination locations with a sum > 0");
                r.destinations.push_back(std::move(d));
            }
        }
    }

    // ---- policies: only the type is checked here; each policy module validates its own settings
    if (auto policies = map.get("policies")) {
        for (const Item& element : elements(*policies, "policies (maps with a 'type' key)", false)) {
            if (!element.node.IsMap()) fail_value(element, "a map (a policy with a 'type' key)");
            // The module checks which keys it knows; keys are names given once in any case.
            std::optional<Item> type;
            std::unordered_map<std::string, Item> keys;
            for (auto it = element.node.begin(); it != element.node.end(); ++it) {
                const YAML::Mark key_mark = value_mark(it->first, element.mark);
                const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
                const Item key_item{it->first, key_mark, child_key_path(element.path, key.empty() ? "?" : key)};
                if (key.empty()) fail(key_item, "a key name", describe(it->first));
                if (auto seen = keys.find(key); seen != keys.end()) {
                    fail(key_item, "each key once in a policy", quote(key) + " again",
                         "first given at " + position_of(seen->second));
                }
                keys.emplace(key, key_item);
                if (key == "type") type = Item{it->second, value_mark(it->second, key_mark), key_item.path};
            }
            const char* const kTypeExpected = "the policy's type (a string such as pushback)";
            if (!type) fail(Item{YAML::Node(), element.mark, child_key_path(element.path, "type")}, kTypeExpected, kMissing);
            PolicySpec policy;
            policy.type = text(*type, kTypeExpected);
            policy.yaml_text = emit(element.node);
            policy.source = where(element);
            policy.file = file_;
            policy.block = to_policy_node(element.node);
            scenario.policies.push_back(std::move(policy));
        }
    }
    return scenario;
}

Scenario load_parsed(const std::string& yaml_text, const std::string& display_name,
                     const std::vector<std::string>& overrides) {
    const char* const kScenarioExpected = "a scenario: a map with the keys name, start, days, countries, locations, links";
    const Loader plain(display_name, {});
    // Before yaml-cpp builds the tree: size, nesting depth, aliases (io/yaml_guard.hpp).
    YamlLimits limits;
    limits.max_bytes = kMaxScenarioFileBytes;
    const YamlScan scan = scan_yaml(yaml_text, limits);
    if (const auto& problem = scan.problem) {
        if (!has_position(problem->mark)) {  // the size
            throw InputError(display_name + ": expected a scenario of " + problem->expected + ", found " + problem->found);
        }
        if (problem->path.empty()) {  // the encoding: no key to name
            throw InputError(plain.where(Item{YAML::Node(), problem->mark, ""}) + ": expected " + problem->expected +
                             ", found " + problem->found);
        }
        plain.fail(Item{YAML::Node(), problem->mark, problem->path}, problem->expected, problem->found);
    }
    const std::vector<YAML::Mark>& documents = scan.document_starts;
    if (documents.size() > 1) {
        plain.fail(Item{YAML::Node(), documents[1], ""}, "a single YAML document", "more than one document");
    }
    YAML::Node root = YAML::Load(yaml_text);
    if (documents.empty() || !root.IsDefined() || root.IsNull()) {
        YAML::Mark first_line;
        first_line.line = 0;
        first_line.column = 0;
        plain.fail(Item{YAML::Node(), first_line, ""}, kScenarioExpected, "an empty file");
    }
    if (!root.IsMap()) plain.fail_value(Item{root, root.Mark(), ""}, kScenarioExpected);

    std::vector<OverrideOrigin> origins = apply_overrides(root, overrides);
    const Loader loader(display_name, std::move(origins));
    Scenario scenario = loader.convert(root);
    scenario.source_path = display_name;
    scenario.resolved_yaml = emit(root) + "\n";
    policy::parse_policies(scenario);  // each module's typed settings, checked against the scenario
    return scenario;
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides) {
    try {
        return load_parsed(yaml_text, display_name, overrides);
    } catch (const InputError&) {
        throw;
    } catch (const YAML::ParserException& error) {
        // Syntax, including nesting deeper than yaml-cpp's own limit. yaml-cpp quotes the offending
        // character as it is ("unknown escape character: " and a line break): escaped here.
        std::string where = display_name;
        if (has_position(error.mark)) {
            where += ":" + std::to_string(error.mark.line + 1) + ":" + std::to_string(error.mark.column + 1);
        }
        throw InputError(where + ": YAML syntax error: " +
                         printable(error.msg.empty() ? std::string(error.what()) : error.msg, 200));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& error) {
        // Not a problem of the text but of the loader (a YAML::RepresentationException here is a misuse of
        // yaml-cpp): still an InputError for the command line, and a finding for the fuzz target.
        throw InputError(display_name + ": cannot load the scenario: " + error.what());
    }
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    namespace fs = std::filesystem;
    if (path.empty()) throw InputError("scenario file: expected a file name, found an empty path");
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
        throw InputError(path + ": cannot read the scenario file: " +
                         (error ? error.message() : std::string("no such file or directory")));
    }
    if (fs::is_directory(status)) throw InputError(path + ": cannot read the scenario file: it is a directory");
    if (fs::is_regular_file(status)) {
        const auto size = fs::file_size(path, error);
        if (!error && size > kMaxScenarioFileBytes) {
            throw InputError(path + ": cannot read the scenario file: it has " + std::to_string(size) +
                             " bytes, more than the limit of " + std::to_string(kMaxScenarioFileBytes));
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the scenario file: " + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw InputError(path + ": cannot read the scenario file: read error");
    return load_scenario_text(content.str(), path, overrides);
}

}  // namespace migroute
