#include "io/flee_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "util/error.hpp"
#include "util/text.hpp"
#include "io/yaml_guard.hpp"

namespace migroute::flee {

namespace {

namespace fs = std::filesystem;

// Longest simulation accepted (sim_period.csv Length): a century of days.
constexpr int kMaxDays = 36600;

// Largest settings YAML accepted; Flee's own are about 1 kB.
constexpr std::size_t kMaxSettingsBytes = 1u << 20;

// ---- messages ------------------------------------------------------------------------------------

// `text` shortened to `max_length` bytes, with control and non-ASCII bytes escaped (\xNN), so that it
// stays on one line of a message.
std::string escaped(std::string_view text, std::size_t max_length) {
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < max_length; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    if (text.size() > max_length) out += "...";
    return out;
}

// `text` in quotes, shortened, escaped, for error messages.
std::string quote(std::string_view text) { return "'" + escaped(text, 60) + "'"; }

// A message from a library: yaml-cpp quotes the offending character as it is, a line break included.
std::string library_message(std::string_view text) { return escaped(text, 200); }

std::string found(std::string_view text) { return text.empty() ? "nothing" : quote(text); }

// Messages show the input on one line (util/text.hpp): file names come from data_layout.csv as they
// are, and so do the names in "did you mean" and in lists of valid names.
[[noreturn]] void fail_at(const std::string& file, int line, const std::string& message) {
    throw InputError(one_line(file + ":" + std::to_string(line) + ": " + message));
}

[[noreturn]] void fail_file(const std::string& file, const std::string& message) {
    throw InputError(one_line(file + ": " + message));
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// A note after a message, in parentheses: " (did you mean 'X'?)" for util/text.hpp's did_you_mean.
std::string in_parentheses(const std::string& note) { return note.empty() ? note : " (" + note + ")"; }

// ---- numbers and dates -----------------------------------------------------------------------------

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<int> parse_int(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(value);
}

// A whole number of persons, 0 .. 1e15.
std::optional<double> parse_persons(std::string_view text) {
    const auto value = parse_number(text);
    if (!value || *value < 0.0 || *value > 1e15 || std::floor(*value) != *value) return std::nullopt;
    return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// YYYY-MM-DD (month and day may have one digit, as Python's strptime accepts).
std::optional<Date> parse_flee_date(std::string_view text) {
    text = trim(text);
    const auto digits = [](std::string_view part, std::size_t min_len, std::size_t max_len) -> std::optional<int> {
        if (part.size() < min_len || part.size() > max_len) return std::nullopt;
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        return value;
    };
    const std::size_t dash1 = text.find('-');
    if (dash1 == std::string_view::npos) return std::nullopt;
    const std::size_t dash2 = text.find('-', dash1 + 1);
    if (dash2 == std::string_view::npos) return std::nullopt;
    const auto year = digits(text.substr(0, dash1), 4, 4);
    const auto month = digits(text.substr(dash1 + 1, dash2 - dash1 - 1), 1, 2);
    const auto day = digits(text.substr(dash2 + 1), 1, 2);
    if (!year || !month || !day || *year < 1 || *month < 1 || *month > 12) return std::nullopt;
    if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    return Date{*year, *month, *day};
}

std::string number_text(double value) {
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (error != std::errc{}) return "0";
    return std::string(buffer, end);
}

// ---- CSV -----------------------------------------------------------------------------------------

struct CsvRow {
    int line = 0;
    bool comment = false;  // the line starts with '#': a header or a comment ('#' removed)
    std::vector<std::string> fields;

    const std::string& field(std::size_t i) const {
        static const std::string kEmpty;
        return i < fields.size() ? fields[i] : kEmpty;
    }
};

std::string read_text(const std::string& path, const std::string& expected) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) fail_file(path, "file not found: expected " + expected);
    if (!fs::is_regular_file(status)) fail_file(path, "is not a regular file: expected " + expected);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_file(path, "cannot be opened for reading");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> split_fields(std::string_view line, const std::string& path, int line_number) {
    std::vector<std::string> fields;
    std::string current;
    bool quoted = false;    // inside a quoted field
    bool was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    current += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                current += c;
            }
        } else if (c == '"' && !was_quoted && trim(current).empty()) {
            quoted = true;
            was_quoted = true;
            current.clear();
        } else if (c == ',') {
            fields.push_back(was_quoted ? current : std::string(trim(current)));
            current.clear();
            was_quoted = false;
        } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
            current += c;
        }
    }
    if (quoted) fail_at(path, line_number, "unterminated quoted field: expected a closing '\"', found the end of the line");
    fields.push_back(was_quoted ? current : std::string(trim(current)));
    // Trailing commas: drop empty fields at the end of the line.
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    return fields;
}

// Every line that is not blank (CRLF, CR or LF line ends; a UTF-8 byte-order mark is skipped).
std::vector<CsvRow> read_csv(const std::string& path, const std::string& expected) {
    std::string text = read_text(path, expected);
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    std::vector<CsvRow> rows;
    int line_number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string::npos) end = text.size();
        ++line_number;
        const std::string_view line = trim(std::string_view(text).substr(pos, end - pos));
        pos = end;
        if (pos < text.size() && text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        if (line.empty()) continue;
        CsvRow row;
        row.line = line_number;
        row.comment = line.front() == '#';
        row.fields = split_fields(row.comment ? line.substr(1) : line, path, line_number);
        if (row.fields.empty() && !row.comment) continue;  // only commas
        rows.push_back(std::move(row));
    }
    return rows;
}

bool file_exists(const std::string& path) {
    std::error_code error;
    return fs::exists(path, error);
}

std::string join_path(const std::string& folder, std::string_view a, std::string_view b = {}) {
    fs::path p = fs::path(folder) / a;
    if (!b.empty()) p /= b;
    return p.string();
}

// ---- settings ------------------------------------------------------------------------------------

// A YAML value of one setting and where it came from ("file:line:col: block.key").
struct SettingValue {
    YAML::Node node;
    std::string where;
};

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Scalar: return quote(node.Scalar());
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a map";
        default: return "nothing";
    }
}

[[noreturn]] void bad_value(const SettingValue& value, const std::string& expected) {
    throw InputError(value.where + ": expected " + expected + ", found " + describe(value.node));
}

double number(const SettingValue& value, const std::string& expected) {
    if (!value.node.IsScalar()) bad_value(value, expected);
    const auto parsed = parse_number(value.node.Scalar());
    if (!parsed) bad_value(value, expected);
    return *parsed;
}

double any_number(const SettingValue& v) { return number(v, "a number"); }

double positive(const SettingValue& v) {
    const double x = number(v, "a number > 0");
    if (!(x > 0.0)) bad_value(v, "a number > 0");
    return x;
}

double non_negative(const SettingValue& v) {
    const double x = number(v, "a number >= 0");
    if (x < 0.0) bad_value(v, "a number >= 0");
    return x;
}

double probability(const SettingValue& v) {
    const double x = number(v, "a probability between 0 and 1");
    if (x < 0.0 || x > 1.0) bad_value(v, "a probability between 0 and 1");
    return x;
}

int integer(const SettingValue& v, int min, int max) {
    const std::string expected = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    const double x = number(v, expected);
    if (std::floor(x) != x || x < min || x > max) bad_value(v, expected);
    return static_cast<int>(x);
}

bool boolean(const SettingValue& v) {
    if (v.node.IsScalar()) {
        const std::string t = ascii_lower(trim(v.node.Scalar()));
        if (t == "true" || t == "yes" || t == "on" || t == "y" || t == "1") return true;
        if (t == "false" || t == "no" || t == "off" || t == "n" || t == "0") return false;
    }
    bad_value(v, "true or false");
}

std::vector<double> number_list(const SettingValue& v) {
    const std::string expected = "a list of numbers >= 0, e.g. [1.0, 1.0, 0.5]";
    if (v.node.IsNull()) return {};
    if (!v.node.IsSequence()) bad_value(v, expected);
    std::vector<double> out;
    for (std::size_t i = 0; i < v.node.size(); ++i) {
        const YAML::Node item = v.node[i];
        SettingValue element{item, v.where + "[" + std::to_string(i) + "]"};
        if (!item.IsScalar()) bad_value(element, "a number >= 0");
        const auto x = parse_number(item.Scalar());
        if (!x || *x < 0.0) bad_value(element, "a number >= 0");
        out.push_back(*x);
    }
    return out;
}

using Setter = void (*)(Settings&, const SettingValue&);
struct KeySpec {
    std::string_view block;
    std::string_view key;
    Setter set;
};

// Every key of Flee's settings YAML (docs/FLEE.md).
const std::array<KeySpec, 30> kSettingKeys = {{
    {"log_levels", "agent", [](Settings& s, const SettingValue& v) { s.log_levels.agent = integer(v, 0, 100); }},
    {"log_levels", "camp", [](Settings& s, const SettingValue& v) { s.log_levels.camp = integer(v, 0, 100); }},
    {"log_levels", "init", [](Settings& s, const SettingValue& v) { s.log_levels.init = integer(v, 0, 100); }},
    {"log_levels", "conflict", [](Settings& s, const SettingValue& v) { s.log_levels.conflict = integer(v, 0, 100); }},
    {"log_levels", "link", [](Settings& s, const SettingValue& v) { s.log_levels.link = integer(v, 0, 100); }},
    {"spawn_rules", "sum_from_camps", [](Settings& s, const SettingValue& v) { s.spawn_rules.sum_from_camps = boolean(v); }},
    {"spawn_rules", "conflict_spawn_decay",
     [](Settings& s, const SettingValue& v) { s.spawn_rules.conflict_spawn_decay = number_list(v); }},
    {"spawn_rules", "conflict_spawn_decay_interval",
     [](Settings& s, const SettingValue& v) { s.spawn_rules.conflict_spawn_decay_interval_days = integer(v, 1, kMaxDays); }},
    {"spawn_rules", "empty_camps_on_day0",
     [](Settings& s, const SettingValue& v) { s.spawn_rules.empty_camps_on_day0 = boolean(v); }},
    {"spawn_rules", "take_from_population",
     [](Settings& s, const SettingValue& v) { s.spawn_rules.take_from_population = boolean(v); }},
    {"spawn_rules", "insert_day0", [](Settings& s, const SettingValue& v) { s.spawn_rules.insert_day0 = boolean(v); }},
    {"move_rules", "max_move_speed",
     [](Settings& s, const SettingValue& v) { s.move_rules.max_move_speed_km_per_day = positive(v); }},
    {"move_rules", "max_walk_speed",
     [](Settings& s, const SettingValue& v) { s.move_rules.max_walk_speed_km_per_day = positive(v); }},
    {"move_rules", "camp_weight", [](Settings& s, const SettingValue& v) { s.move_rules.camp_weight = non_negative(v); }},
    {"move_rules", "softening", [](Settings& s, const SettingValue& v) { s.move_rules.softening_km = non_negative(v); }},
    {"move_rules", "default_movechance",
     [](Settings& s, const SettingValue& v) { s.move_rules.default_movechance = probability(v); }},
    {"move_rules", "start_on_foot", [](Settings& s, const SettingValue& v) { s.move_rules.start_on_foot = boolean(v); }},
    {"move_rules", "avoid_short_stints",
     [](Settings& s, const SettingValue& v) { s.move_rules.avoid_short_stints = boolean(v); }},
    {"move_rules", "capacity_scaling",
     [](Settings& s, const SettingValue& v) { s.move_rules.capacity_scaling = positive(v); }},
    {"move_rules", "distance_power",
     [](Settings& s, const SettingValue& v) { s.move_rules.distance_power = any_number(v); }},
    {"move_rules", "weight_power", [](Settings& s, const SettingValue& v) { s.move_rules.weight_power = any_number(v); }},
    {"move_rules", "awareness_level",
     [](Settings& s, const SettingValue& v) { s.move_rules.awareness_level = integer(v, 0, 10); }},
    {"move_rules", "camp_movechance",
     [](Settings& s, const SettingValue& v) { s.move_rules.camp_movechance = probability(v); }},
    {"move_rules", "conflict_movechance",
     [](Settings& s, const SettingValue& v) { s.move_rules.conflict_movechance = probability(v); }},
    {"move_rules", "conflict_weight",
     [](Settings& s, const SettingValue& v) { s.move_rules.conflict_weight = non_negative(v); }},
    {"move_rules", "foreign_weight",
     [](Settings& s, const SettingValue& v) { s.move_rules.foreign_weight = non_negative(v); }},
    {"move_rules", "idpcamp_movechance",
     [](Settings& s, const SettingValue& v) { s.move_rules.idpcamp_movechance = probability(v); }},
    {"move_rules", "weight_softening",
     [](Settings& s, const SettingValue& v) { s.move_rules.weight_softening = non_negative(v); }},
    {"move_rules", "capacity_buffer",
     [](Settings& s, const SettingValue& v) {
         const double x = number(v, "a number > 0 and <= 1");
         if (!(x > 0.0 && x <= 1.0)) bad_value(v, "a number > 0 and <= 1");
         s.move_rules.capacity_buffer = x;
     }},
    {"optimisations", "hasten", [](Settings& s, const SettingValue& v) { s.optimisations.hasten = integer(v, 1, 1000000); }},
}};

const std::vector<std::string>& block_names() {
    static const std::vector<std::string> kBlocks = {"log_levels", "spawn_rules", "move_rules", "optimisations"};
    return kBlocks;
}

std::vector<std::string> keys_of(std::string_view block) {
    std::vector<std::string> keys;
    for (const KeySpec& spec : kSettingKeys) {
        if (spec.block == block) keys.emplace_back(spec.key);
    }
    return keys;
}

// " (did you mean 'BLOCK.KEY'?)": the key named in its block.
std::string qualified_note(const KeySpec& spec) {
    return in_parentheses("did you mean '" + std::string(spec.block) + "." + std::string(spec.key) + "'?");
}

// The message for a key that `block` does not have.
std::string unknown_key_message(std::string_view block, std::string_view key) {
    std::string message = "unknown key " + quote(key) + " in " + std::string(block);
    const std::vector<std::string> keys = keys_of(block);
    const std::string note = did_you_mean(key, keys);
    if (!note.empty()) {
        message += in_parentheses(note);
    } else {
        // The right key in the wrong block?
        std::vector<std::string> bare;
        for (const KeySpec& spec : kSettingKeys) bare.emplace_back(spec.key);
        if (const auto other = closest(key, bare)) {
            const auto i = static_cast<std::size_t>(std::find(bare.begin(), bare.end(), *other) - bare.begin());
            message += qualified_note(kSettingKeys[i]);
        }
    }
    message += "; valid keys: " + join(keys);
    return message;
}

std::string unknown_block_message(std::string_view block) {
    std::string message = "unknown settings block " + quote(block);
    const std::string note = did_you_mean(block, block_names());
    if (!note.empty()) {
        message += in_parentheses(note);
    } else {
        for (const KeySpec& spec : kSettingKeys) {
            if (ascii_lower(spec.key) == ascii_lower(block)) {
                message += qualified_note(spec);
                break;
            }
        }
    }
    message += "; valid blocks: " + join(block_names());
    return message;
}

const KeySpec* find_key(std::string_view block, std::string_view key) {
    for (const KeySpec& spec : kSettingKeys) {
        if (spec.block == block && spec.key == key) return &spec;
    }
    return nullptr;
}

std::string mark_text(const std::string& path, const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0) return one_line(path);
    return one_line(path) + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Size, nesting depth and aliases of settings YAML, before yaml-cpp builds a tree (io/yaml_guard.hpp).
// `where`: the file (followed by the line and column in messages), or the override.
void check_yaml(const std::string& text, const std::string& where, bool is_file) {
    YamlLimits limits;
    limits.max_bytes = kMaxSettingsBytes;
    const auto problem = scan_yaml(text, limits).problem;
    if (!problem) return;
    std::string message = (is_file ? mark_text(where, problem->mark) : where) + ": ";
    if (!problem->path.empty()) message += quote(problem->path) + ": ";
    throw InputError(message + "expected " + problem->expected + ", found " + problem->found);
}

void apply_settings_yaml(Settings& settings, const std::string& path) {
    const std::string text = read_text(path, "a Flee settings YAML (move_rules, spawn_rules, ...)");
    YAML::Node root;
    try {
        check_yaml(text, path, true);
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw InputError(mark_text(path, e.mark) + ": not valid YAML: " + library_message(e.msg));
    } catch (const YAML::Exception& e) {
        throw InputError(one_line(path) + ": not valid YAML: " + library_message(e.what()));
    }
    if (root.IsNull()) return;  // an empty file: Flee's defaults
    if (!root.IsMap()) {
        throw InputError(mark_text(path, root.Mark()) + ": expected a map of settings blocks (" + join(block_names()) +
                         "), found " + describe(root));
    }
    std::map<std::string, int> seen;  // "block" and "block.key" -> line
    for (auto block_it = root.begin(); block_it != root.end(); ++block_it) {
        const YAML::Node block_key = block_it->first;  // copies: the iterator hands out temporaries
        const std::string where_block = mark_text(path, block_key.Mark());
        if (!block_key.IsScalar()) throw InputError(where_block + ": expected a block name, found " + describe(block_key));
        const std::string block = block_key.Scalar();
        if (std::find(block_names().begin(), block_names().end(), block) == block_names().end()) {
            throw InputError(where_block + ": " + unknown_block_message(block));
        }
        if (const auto previous = seen.find(block); previous != seen.end()) {
            throw InputError(where_block + ": block " + quote(block) + " given twice (first at line " +
                             std::to_string(previous->second) + ")");
        }
        seen[block] = block_key.Mark().line + 1;
        const YAML::Node body = block_it->second;
        if (body.IsNull()) continue;
        if (!body.IsMap()) {
            throw InputError(mark_text(path, body.Mark()) + ": " + block + ": expected a map of keys, found " +
                             describe(body));
        }
        for (auto it = body.begin(); it != body.end(); ++it) {
            const YAML::Node key_node = it->first;
            const std::string where_key = mark_text(path, key_node.Mark());
            if (!key_node.IsScalar()) throw InputError(where_key + ": expected a key name, found " + describe(key_node));
            const std::string key = key_node.Scalar();
            const KeySpec* spec = find_key(block, key);
            if (spec == nullptr) throw InputError(where_key + ": " + unknown_key_message(block, key));
            const std::string qualified = block + "." + key;
            if (const auto previous = seen.find(qualified); previous != seen.end()) {
                throw InputError(where_key + ": " + qualified + " given twice (first at line " +
                                 std::to_string(previous->second) + ")");
            }
            seen[qualified] = key_node.Mark().line + 1;
            const YAML::Node value = it->second;
            const YAML::Mark value_mark = value.IsNull() ? key_node.Mark() : value.Mark();
            spec->set(settings, SettingValue{value, mark_text(path, value_mark) + ": " + qualified});
        }
    }
}

void apply_override(Settings& settings, const std::string& override_text) {
    const std::string where = "setting override " + quote(override_text);
    const std::size_t equals = override_text.find('=');
    if (equals == std::string::npos) {
        throw InputError(where + ": expected block.key=value, e.g. move_rules.max_move_speed=400");
    }
    const std::string path(trim(std::string_view(override_text).substr(0, equals)));
    const std::string value_text(trim(std::string_view(override_text).substr(equals + 1)));
    const std::size_t dot = path.find('.');
    if (dot == std::string::npos) {
        std::string message = where + ": expected block.key=value, found no block in " + quote(path);
        for (const KeySpec& spec : kSettingKeys) {
            if (spec.key == path) {
                message += qualified_note(spec);
                break;
            }
        }
        throw InputError(message);
    }
    const std::string block = path.substr(0, dot);
    const std::string key = path.substr(dot + 1);
    if (std::find(block_names().begin(), block_names().end(), block) == block_names().end()) {
        throw InputError(where + ": " + unknown_block_message(block));
    }
    const KeySpec* spec = find_key(block, key);
    if (spec == nullptr) throw InputError(where + ": " + unknown_key_message(block, key));
    YAML::Node value;
    try {
        check_yaml(value_text, where, false);
        value = YAML::Load(value_text);
    } catch (const YAML::Exception& e) {
        throw InputError(where + ": the value is not valid YAML: " + library_message(e.msg));
    }
    spec->set(settings, SettingValue{value, where + ": " + path});
}

// ---- locations.csv -------------------------------------------------------------------------------

using NameIndex = std::unordered_map<std::string, std::size_t>;

NameIndex index_locations(const std::vector<Location>& locations) {
    NameIndex index;
    for (std::size_t i = 0; i < locations.size(); ++i) index.emplace(locations[i].name, i);
    return index;
}

std::vector<std::string> location_names(const std::vector<Location>& locations) {
    std::vector<std::string> names;
    names.reserve(locations.size());
    for (const Location& location : locations) names.push_back(location.name);
    return names;
}

std::string unknown_location(std::string_view name, const std::vector<Location>& locations) {
    return "unknown location " + quote(name) + ": expected a name from locations.csv" +
           in_parentheses(did_you_mean(name, location_names(locations)));
}

std::vector<Location> read_locations(const std::string& path, int hasten) {
    static const std::vector<std::string> kColumns = {"name", "region", "country", "latitude",
                                                      "longitude", "location_type", "conflict_date",
                                                      "population"};
    const std::vector<CsvRow> rows =
        read_csv(path, "locations.csv (name,region,country,latitude,longitude,location_type,conflict_date,population)");
    std::vector<std::string> extra_columns;
    std::vector<Location> locations;
    std::unordered_map<std::string, int> first_line;
    for (const CsvRow& row : rows) {
        if (row.comment) {
            if (row.fields.size() > kColumns.size()) {
                extra_columns.assign(row.fields.begin() + static_cast<std::ptrdiff_t>(kColumns.size()), row.fields.end());
            }
            continue;
        }
        const auto column_error = [&](std::size_t column, const std::string& expected) {
            fail_at(path, row.line,
                    "column " + std::to_string(column + 1) + " (" + kColumns[column] + "): expected " + expected +
                        ", found " + found(row.field(column)));
        };
        Location location;
        location.line = row.line;
        location.name = row.field(0);
        if (location.name.empty()) column_error(0, "a location name");
        if (const auto previous = first_line.find(location.name); previous != first_line.end()) {
            fail_at(path, row.line,
                    "location " + quote(location.name) + " is listed twice (first at line " +
                        std::to_string(previous->second) + ")");
        }
        location.region = row.field(1).empty() ? "unknown" : row.field(1);
        location.country = row.field(2).empty() ? "unknown" : row.field(2);
        if (!row.field(3).empty()) {
            const auto lat = parse_number(row.field(3));
            if (!lat || *lat < -90.0 || *lat > 90.0) column_error(3, "a latitude in degrees (-90 to 90)");
            location.latitude = *lat;
        }
        if (!row.field(4).empty()) {
            const auto lon = parse_number(row.field(4));
            if (!lon || *lon < -180.0 || *lon > 180.0) column_error(4, "a longitude in degrees (-180 to 180)");
            location.longitude = *lon;
        }
        location.type = row.field(5);
        const auto kind = parse_location_kind(location.type);
        if (!kind) column_error(5, "a location type (" + valid_location_kinds() + ")");
        location.kind = *kind;
        if (!row.field(6).empty()) {
            const auto day = parse_int(row.field(6));
            if (!day || *day < 0) column_error(6, "a day number >= 0 (or nothing)");
            location.conflict_date = *day;
        }
        double persons = 0.0;
        const bool has_persons = !row.field(7).empty();
        if (has_persons) {
            const auto value = parse_persons(row.field(7));
            if (!value) {
                column_error(7, std::string("a whole number of persons >= 0 (") +
                                    (location.is_camp() ? "the camp's capacity" : "the population") + ")");
            }
            // hasten: integer division, as Flee does for populations and capacities.
            persons = hasten > 1 ? static_cast<double>(static_cast<long long>(*value) / hasten) : *value;
        }
        if (location.is_camp()) {
            if (has_persons) location.capacity = persons;
        } else {
            location.population = persons;
        }
        for (std::size_t i = kColumns.size(); i < row.fields.size(); ++i) {
            const std::size_t extra = i - kColumns.size();
            if (extra >= extra_columns.size() || extra_columns[extra].empty()) {
                fail_at(path, row.line,
                        "column " + std::to_string(i + 1) + " has the value " + found(row.fields[i]) +
                            ": expected at most " + std::to_string(kColumns.size() + extra_columns.size()) +
                            " columns, or a '#' header line naming column " + std::to_string(i + 1));
            }
            location.attributes.emplace_back(extra_columns[extra], row.fields[i]);
        }
        first_line.emplace(location.name, row.line);
        locations.push_back(std::move(location));
    }
    if (locations.empty()) {
        fail_file(path, "no locations: expected rows name,region,country,latitude,longitude,location_type,"
                        "conflict_date,population");
    }
    return locations;
}

// ---- routes.csv ----------------------------------------------------------------------------------

std::vector<Route> read_routes(const std::string& path, const std::vector<Location>& locations) {
    static const std::vector<std::string> kColumns = {"name1", "name2", "distance", "forced_redirection"};
    const std::vector<CsvRow> rows = read_csv(path, "routes.csv (name1,name2,distance,forced_redirection)");
    const NameIndex index = index_locations(locations);
    std::vector<std::string> extra_columns;
    std::vector<Route> routes;
    std::map<std::pair<std::size_t, std::size_t>, int> first_line;
    for (const CsvRow& row : rows) {
        if (row.comment) {
            if (row.fields.size() > kColumns.size()) {
                extra_columns.assign(row.fields.begin() + static_cast<std::ptrdiff_t>(kColumns.size()), row.fields.end());
            }
            continue;
        }
        const auto column_error = [&](std::size_t column, const std::string& expected) {
            fail_at(path, row.line,
                    "column " + std::to_string(column + 1) + " (" + kColumns[column] + "): expected " + expected +
                        ", found " + found(row.field(column)));
        };
        Route route;
        route.line = row.line;
        route.name1 = row.field(0);
        route.name2 = row.field(1);
        for (std::size_t column = 0; column < 2; ++column) {
            const std::string& name = row.field(column);
            if (name.empty()) column_error(column, "a location name");
            const auto it = index.find(name);
            if (it == index.end()) {
                fail_at(path, row.line,
                        "column " + std::to_string(column + 1) + " (" + kColumns[column] + "): " +
                            unknown_location(name, locations));
            }
            (column == 0 ? route.location1 : route.location2) = it->second;
        }
        if (route.location1 == route.location2) {
            fail_at(path, row.line, "route from " + quote(route.name1) + " to itself: expected two different locations");
        }
        const auto distance = parse_number(row.field(2));
        if (!distance || !(*distance > 0.0)) column_error(2, "a distance in km > 0");
        route.distance_km = *distance;
        if (!row.field(3).empty()) {
            const auto redirection = parse_int(row.field(3));
            if (!redirection || *redirection < 0 || *redirection > 2) column_error(3, "0, 1, 2 or nothing");
            route.forced_redirection = *redirection;
        }
        for (std::size_t i = kColumns.size(); i < row.fields.size(); ++i) {
            const std::size_t extra = i - kColumns.size();
            if (extra >= extra_columns.size() || extra_columns[extra].empty()) {
                fail_at(path, row.line,
                        "column " + std::to_string(i + 1) + " has the value " + found(row.fields[i]) +
                            ": expected at most " + std::to_string(kColumns.size() + extra_columns.size()) +
                            " columns, or a '#' header line naming column " + std::to_string(i + 1));
            }
            const std::string& name = extra_columns[extra];
            const std::string& value = row.fields[i];
            const std::string where = "column " + std::to_string(i + 1) + " (" + name + "): expected ";
            if (value.empty()) continue;
            if (name == "max_move_speed") {
                const auto speed = parse_number(value);
                if (!speed || !(*speed > 0.0)) fail_at(path, row.line, where + "a speed in km/day > 0, found " + found(value));
                route.max_move_speed_km_per_day = *speed;
            } else if (name == "walk_probability") {
                const auto p = parse_number(value);
                if (!p || *p < 0.0 || *p > 1.0) {
                    fail_at(path, row.line, where + "a probability between 0 and 1, found " + found(value));
                }
                route.walk_probability = *p;
            } else if (name == "walk") {
                const std::string t = ascii_lower(value);
                if (t == "1" || t == "true" || t == "yes") {
                    route.walk_probability = 1.0;
                } else if (t == "0" || t == "false" || t == "no") {
                    route.walk_probability = 0.0;
                } else {
                    fail_at(path, row.line, where + "0 or 1, found " + found(value));
                }
            } else {
                route.attributes.emplace_back(name, value);
            }
        }
        const auto key = std::minmax(route.location1, route.location2);
        if (const auto previous = first_line.find(key); previous != first_line.end()) {
            fail_at(path, row.line,
                    "route " + quote(route.name1 + "-" + route.name2) + " is listed twice (first at line " +
                        std::to_string(previous->second) + ")");
        }
        first_line.emplace(key, row.line);
        routes.push_back(std::move(route));
    }
    return routes;
}

// ---- closures.csv --------------------------------------------------------------------------------

std::vector<Closure> read_closures(const std::string& path, const std::vector<Location>& locations,
                                   const std::vector<Route>& routes) {
    static const std::vector<std::string> kColumns = {"closure_type", "name1", "name2", "closure_start",
                                                      "closure_end"};
    if (!file_exists(path)) return {};
    const std::vector<CsvRow> rows = read_csv(path, "closures.csv (closure_type,name1,name2,closure_start,closure_end)");
    const NameIndex index = index_locations(locations);
    std::vector<std::string> countries;
    for (const Location& location : locations) {
        if (std::find(countries.begin(), countries.end(), location.country) == countries.end()) {
            countries.push_back(location.country);
        }
    }
    std::vector<Closure> closures;
    for (const CsvRow& row : rows) {
        if (row.comment) continue;
        const auto column_error = [&](std::size_t column, const std::string& expected) {
            fail_at(path, row.line,
                    "column " + std::to_string(column + 1) + " (" + kColumns[column] + "): expected " + expected +
                        ", found " + found(row.field(column)));
        };
        if (row.fields.size() > kColumns.size()) {
            fail_at(path, row.line,
                    "expected 5 columns (closure_type,name1,name2,closure_start,closure_end), found " +
                        std::to_string(row.fields.size()));
        }
        Closure closure;
        closure.line = row.line;
        const auto type = parse_closure_type(row.field(0));
        if (!type) {
            std::vector<std::string> types = {"country", "location", "link", "camp", "idpcamp", "remove_forced_redirection"};
            fail_at(path, row.line,
                    "column 1 (closure_type): unknown closure type " + quote(row.field(0)) +
                        in_parentheses(did_you_mean(row.field(0), types)) + ": expected one of " + valid_closure_types());
        }
        closure.type = *type;
        closure.name1 = row.field(1);
        closure.name2 = row.field(2);
        const auto require_location = [&](std::size_t column) {
            const std::string& name = row.field(column);
            if (name.empty()) column_error(column, "a location name");
            const auto it = index.find(name);
            if (it == index.end()) {
                fail_at(path, row.line,
                        "column " + std::to_string(column + 1) + " (" + kColumns[column] + "): " +
                            unknown_location(name, locations));
            }
            return it->second;
        };
        switch (closure.type) {
            case ClosureType::country:
                for (std::size_t column = 1; column <= 2; ++column) {
                    const std::string& name = row.field(column);
                    if (std::find(countries.begin(), countries.end(), name) == countries.end()) {
                        column_error(column, "a country of locations.csv (" + join(countries) + ")" +
                                                 in_parentheses(did_you_mean(name, countries)));
                    }
                }
                break;
            case ClosureType::location:
                require_location(1);  // name2 is ignored (ssudan2013 puts a country there)
                break;
            case ClosureType::link:
            case ClosureType::remove_forced_redirection: {
                const std::size_t a = require_location(1);
                const std::size_t b = require_location(2);
                if (closure.type == ClosureType::link) {
                    const bool linked = std::any_of(routes.begin(), routes.end(), [&](const Route& r) {
                        return (r.location1 == a && r.location2 == b) || (r.location1 == b && r.location2 == a);
                    });
                    if (!linked) {
                        fail_at(path, row.line,
                                "link closure " + quote(closure.name1 + "-" + closure.name2) +
                                    ": expected a route of routes.csv, found no route between them");
                    }
                }
                break;
            }
            case ClosureType::camp:
            case ClosureType::idpcamp: {
                const std::size_t camp = require_location(1);
                if (!locations[camp].is_camp()) {
                    fail_at(path, row.line,
                            "column 2 (name1): " + quote(closure.name1) + " is a " + std::string(to_string(locations[camp].kind)) +
                                " in locations.csv: expected a camp or idpcamp");
                }
                break;
            }
        }
        const auto start = parse_int(row.field(3));
        if (!start) column_error(3, "a day number");
        closure.start_day = *start;
        const auto end = parse_int(row.field(4));
        if (!end) column_error(4, "a day number (-1: never reopens)");
        closure.end_day = *end;
        closures.push_back(std::move(closure));
    }
    return closures;
}

// ---- conflicts.csv -------------------------------------------------------------------------------

ConflictTable read_conflicts(const std::string& path, const std::vector<Location>& locations, int days) {
    ConflictTable table;
    if (!file_exists(path)) return table;
    const std::vector<CsvRow> rows = read_csv(path, "conflicts.csv (#Day,<location>,<location>,...)");
    if (rows.empty()) fail_file(path, "empty: expected a header line #Day,<location>,... and one row per day");
    const NameIndex index = index_locations(locations);
    const CsvRow& header = rows.front();
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 1; i < header.fields.size(); ++i) {
        const std::string& name = header.fields[i];
        if (name.empty()) {
            fail_at(path, header.line, "header column " + std::to_string(i + 1) + ": expected a location name, found nothing");
        }
        const auto it = index.find(name);
        if (it == index.end()) {
            fail_at(path, header.line, "header column " + std::to_string(i + 1) + ": " + unknown_location(name, locations));
        }
        if (seen.count(name) != 0) {
            fail_at(path, header.line,
                    "header column " + std::to_string(i + 1) + ": location " + quote(name) + " is listed twice (first in column " +
                        std::to_string(seen[name] + 1) + ")");
        }
        seen.emplace(name, i);
        table.columns.push_back(name);
        table.location_index.push_back(it->second);
    }
    if (table.columns.empty()) {
        fail_at(path, header.line, "header: expected #Day followed by location names, found no location");
    }
    const std::size_t width = table.columns.size() + 1;
    int expected_day = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.comment) continue;
        if (row.fields.size() != width) {
            fail_at(path, row.line,
                    "expected " + std::to_string(width) + " values (the day and " + std::to_string(table.columns.size()) +
                        " locations of the header), found " + std::to_string(row.fields.size()));
        }
        const auto day = parse_int(row.fields[0]);
        if (!day || *day != expected_day) {
            fail_at(path, row.line,
                    "column 1 (day): expected day " + std::to_string(expected_day) + " (one row per day from 0), found " +
                        found(row.fields[0]));
        }
        for (std::size_t c = 1; c < width; ++c) {
            const auto intensity = parse_number(row.fields[c]);
            if (!intensity || *intensity < 0.0 || *intensity > 1.0) {
                fail_at(path, row.line,
                        "column " + std::to_string(c + 1) + " (" + table.columns[c - 1] +
                            "): expected a conflict intensity between 0 and 1, found " + found(row.fields[c]));
            }
            table.intensity.push_back(*intensity);
        }
        ++expected_day;
        if (expected_day > kMaxDays) fail_at(path, row.line, "more than " + std::to_string(kMaxDays) + " day rows");
    }
    if (expected_day < days) {
        fail_file(path, "has " + std::to_string(expected_day) + " day rows: expected at least " + std::to_string(days) +
                            " (sim_period.csv Length)");
    }
    return table;
}

// ---- sim_period.csv ------------------------------------------------------------------------------

SimPeriod read_sim_period(const std::string& path) {
    const std::vector<CsvRow> rows = read_csv(path, "sim_period.csv (StartDate,YYYY-MM-DD and Length,<days>)");
    SimPeriod period;
    int start_line = 0;
    int length_line = 0;
    for (const CsvRow& row : rows) {
        if (row.comment) continue;
        const std::string key = ascii_lower(row.field(0));
        if (row.fields.size() > 2) {
            fail_at(path, row.line, "expected 2 columns (key,value), found " + std::to_string(row.fields.size()));
        }
        if (key == "startdate") {
            if (start_line != 0) fail_at(path, row.line, "StartDate given twice (first at line " + std::to_string(start_line) + ")");
            const auto date = parse_flee_date(row.field(1));
            if (!date) fail_at(path, row.line, "StartDate: expected a date YYYY-MM-DD, found " + found(row.field(1)));
            period.start = *date;
            start_line = row.line;
        } else if (key == "length") {
            if (length_line != 0) fail_at(path, row.line, "Length given twice (first at line " + std::to_string(length_line) + ")");
            const auto days = parse_int(row.field(1));
            if (!days || *days < 1 || *days > kMaxDays) {
                fail_at(path, row.line,
                        "Length: expected a number of days from 1 to " + std::to_string(kMaxDays) + ", found " +
                            found(row.field(1)));
            }
            period.days = *days;
            length_line = row.line;
        } else {
            fail_at(path, row.line,
                    "expected StartDate or Length, found " + found(row.field(0)) +
                        in_parentheses(did_you_mean(row.field(0), {"StartDate", "Length"})));
        }
    }
    if (start_line == 0) fail_file(path, "expected a row StartDate,YYYY-MM-DD, found none");
    if (length_line == 0) fail_file(path, "expected a row Length,<days>, found none");
    return period;
}

// ---- source_data: series -------------------------------------------------------------------------

// A series file: YYYY-MM-DD,count rows at increasing dates, as day offsets from `start`.
std::vector<SeriesPoint> read_series(const std::string& path, std::int64_t start) {
    const std::vector<CsvRow> rows = read_csv(path, "a series file (YYYY-MM-DD,count rows)");
    std::vector<SeriesPoint> points;
    int previous_line = 0;
    bool first = true;
    for (const CsvRow& row : rows) {
        if (row.comment) continue;
        const bool header = first && (ascii_lower(row.field(0)) == "date" || ascii_lower(row.field(0)) == "datetime");
        first = false;
        if (header) continue;
        if (row.fields.size() > 2) {
            fail_at(path, row.line, "expected 2 columns (YYYY-MM-DD,count), found " + std::to_string(row.fields.size()));
        }
        const auto date = parse_flee_date(row.field(0));
        if (!date) fail_at(path, row.line, "column 1: expected a date YYYY-MM-DD, found " + found(row.field(0)));
        if (row.field(1).empty()) continue;  // a date without a count is skipped, as Flee does
        const auto count = parse_number(row.field(1));
        if (!count || *count < 0.0) fail_at(path, row.line, "column 2: expected a count >= 0, found " + found(row.field(1)));
        const std::int64_t offset = days_from_civil(*date) - start;
        const int day = static_cast<int>(offset);  // |offset| < 4 million: years are 1..9999
        if (!points.empty() && day <= points.back().day) {
            fail_at(path, row.line,
                    "expected dates in increasing order, found " + format_date(*date) + " after the date on line " +
                        std::to_string(previous_line));
        }
        points.push_back(SeriesPoint{day, *count});
        previous_line = row.line;
    }
    if (points.empty()) fail_file(path, "no data points: expected rows YYYY-MM-DD,count");
    return points;
}

// Several series summed: points at the union of their days. Sums of piecewise-linear series held flat
// outside their dates are piecewise linear with these breakpoints, so this equals summing the daily
// interpolations.
std::vector<SeriesPoint> sum_series(const std::vector<std::vector<SeriesPoint>>& series) {
    if (series.size() == 1) return series.front();
    std::set<int> days;
    for (const auto& s : series) {
        for (const SeriesPoint& p : s) days.insert(p.day);
    }
    std::vector<SeriesPoint> out;
    out.reserve(days.size());
    for (int day : days) {
        double total = 0.0;
        for (const auto& s : series) total += interpolate(s, day);
        out.push_back(SeriesPoint{day, total});
    }
    return out;
}

std::vector<double> daily(const std::vector<SeriesPoint>& points, int days) {
    std::vector<double> out(static_cast<std::size_t>(days));
    for (int t = 0; t < days; ++t) out[static_cast<std::size_t>(t)] = interpolate(points, t);
    return out;
}

struct LayoutRow {
    std::string name;
    std::vector<std::string> files;
    int line = 0;
};

std::vector<SeriesPoint> read_layout_series(const LayoutRow& row, const std::string& source_dir,
                                            const std::string& layout_path, std::int64_t start) {
    std::vector<std::vector<SeriesPoint>> series;
    for (const std::string& file : row.files) {
        const std::string path = join_path(source_dir, file);
        std::error_code error;
        if (!fs::is_regular_file(path, error)) {
            fail_at(layout_path, row.line,
                    "series file " + quote(file) + " of " + quote(row.name) + " not found: expected the file " + one_line(path));
        }
        series.push_back(read_series(path, start));
    }
    return sum_series(series);
}

struct CorrectionRow {
    std::string camp;
    Date date;
    int line = 0;
};

std::vector<CorrectionRow> read_correction_rows(const std::string& path) {
    std::vector<CorrectionRow> out;
    if (!file_exists(path)) return out;
    for (const CsvRow& row : read_csv(path, "registration_corrections.csv (camp,YYYY-MM-DD,normalize)")) {
        if (row.comment) continue;
        if (row.field(0).empty()) {
            fail_at(path, row.line, "column 1 (camp): expected a camp name, found nothing");
        }
        const auto date = parse_flee_date(row.field(1));
        if (!date) fail_at(path, row.line, "column 2 (date): expected a date YYYY-MM-DD, found " + found(row.field(1)));
        if (!row.field(2).empty() && ascii_lower(row.field(2)) != "normalize") {
            fail_at(path, row.line, "column 3: expected 'normalize' (or nothing), found " + found(row.field(2)));
        }
        if (row.fields.size() > 3) {
            fail_at(path, row.line, "expected 3 columns (camp,date,normalize), found " + std::to_string(row.fields.size()));
        }
        out.push_back(CorrectionRow{row.field(0), *date, row.line});
    }
    return out;
}

void read_observations(Inputs& inputs, const std::string& folder) {
    const std::string source_dir = join_path(folder, "source_data");
    const std::string layout_path = join_path(folder, "source_data", "data_layout.csv");
    const std::int64_t start = days_from_civil(inputs.period.start);
    const NameIndex index = index_locations(inputs.locations);

    std::optional<LayoutRow> total_row;
    std::vector<LayoutRow> camp_rows;
    std::unordered_map<std::string, int> first_line;
    for (const CsvRow& row : read_csv(layout_path, "data_layout.csv (total,refugees.csv then camp,file[,file...])")) {
        if (row.comment) continue;
        LayoutRow layout{row.field(0), {}, row.line};
        if (layout.name.empty()) fail_at(layout_path, row.line, "column 1: expected a camp name or 'total', found nothing");
        for (std::size_t i = 1; i < row.fields.size(); ++i) {
            if (!row.fields[i].empty()) layout.files.push_back(row.fields[i]);
        }
        if (layout.files.empty()) {
            fail_at(layout_path, row.line, "expected a series file after " + quote(layout.name) + ", found nothing");
        }
        if (const auto previous = first_line.find(layout.name); previous != first_line.end()) {
            fail_at(layout_path, row.line,
                    quote(layout.name) + " is listed twice (first at line " + std::to_string(previous->second) + ")");
        }
        first_line.emplace(layout.name, row.line);
        if (ascii_lower(layout.name) == "total") {
            total_row = std::move(layout);
            continue;
        }
        const auto it = index.find(layout.name);
        if (it == index.end()) {
            fail_at(layout_path, row.line, "column 1: " + unknown_location(layout.name, inputs.locations));
        }
        const Location& location = inputs.locations[it->second];
        if (!location.is_camp()) {
            fail_at(layout_path, row.line,
                    "column 1: " + quote(layout.name) + " is a " + std::string(to_string(location.kind)) +
                        " (line " + std::to_string(location.line) +
                        " of locations.csv): expected a camp or idpcamp, the only locations with observed series");
        }
        camp_rows.push_back(std::move(layout));
    }

    for (const LayoutRow& row : camp_rows) {
        CampSeries camp;
        camp.name = row.name;
        camp.location = index.at(row.name);
        camp.files = row.files;
        camp.line = row.line;
        camp.points = read_layout_series(row, source_dir, layout_path, start);
        inputs.camps.push_back(std::move(camp));
    }

    // Registration corrections, on the dated points (docs/FLEE.md).
    const std::string corrections_path = join_path(folder, "input_csv", "registration_corrections.csv");
    for (const CorrectionRow& row : read_correction_rows(corrections_path)) {
        const auto camp_it = std::find_if(inputs.camps.begin(), inputs.camps.end(),
                                          [&](const CampSeries& c) { return c.name == row.camp; });
        if (camp_it == inputs.camps.end()) {
            std::vector<std::string> names;
            for (const CampSeries& c : inputs.camps) names.push_back(c.name);
            fail_at(corrections_path, row.line,
                    "column 1 (camp): " + quote(row.camp) + " has no series in data_layout.csv" +
                        in_parentheses(did_you_mean(row.camp, names)) + ": expected one of " + join(names));
        }
        CampSeries& camp = *camp_it;
        const int day = static_cast<int>(days_from_civil(row.date) - start);
        const auto point = std::find_if(camp.points.begin(), camp.points.end(),
                                        [&](const SeriesPoint& p) { return p.day == day; });
        if (point == camp.points.end()) {
            fail_at(corrections_path, row.line,
                    "column 2 (date): expected a date of a data point of " + quote(camp.name) + " (" + join(camp.files) +
                        "), found " + format_date(row.date) + ", which is not one");
        }
        RegistrationCorrection correction{row.camp, row.date, 1.0, row.line};
        if (point != camp.points.begin()) {
            const double before = (point - 1)->count;
            if (!(before > 0.0)) {
                fail_at(corrections_path, row.line,
                        "cannot normalise " + quote(camp.name) + " at " + format_date(row.date) +
                            ": expected a count > 0 on the data point before it, found 0");
            }
            correction.factor = point->count / before;
            for (auto p = camp.points.begin(); p != point; ++p) p->count *= correction.factor;
        }
        inputs.registration_corrections.push_back(correction);
    }

    const int hasten = inputs.settings.optimisations.hasten;
    const int days = inputs.period.days;
    for (CampSeries& camp : inputs.camps) {
        if (hasten > 1) {
            for (SeriesPoint& p : camp.points) p.count /= static_cast<double>(hasten);
        }
        camp.observed = daily(camp.points, days);
    }
    if (total_row) {
        std::vector<SeriesPoint> points = read_layout_series(*total_row, source_dir, layout_path, start);
        if (hasten > 1) {
            for (SeriesPoint& p : points) p.count /= static_cast<double>(hasten);
        }
        inputs.total_observed = daily(points, days);
        inputs.total_files = total_row->files;
    } else {
        inputs.total_observed.assign(static_cast<std::size_t>(days), 0.0);
        for (const CampSeries& camp : inputs.camps) {
            for (std::size_t t = 0; t < camp.observed.size(); ++t) inputs.total_observed[t] += camp.observed[t];
        }
    }
}

}  // namespace

// ---- public --------------------------------------------------------------------------------------

Settings read_flee_settings(const std::string& settings_yaml_path, const std::vector<std::string>& setting_overrides) {
    Settings settings;
    if (!settings_yaml_path.empty()) apply_settings_yaml(settings, settings_yaml_path);
    for (const std::string& override_text : setting_overrides) apply_override(settings, override_text);
    return settings;
}

Inputs read_flee_folder(const std::string& folder, const std::string& settings_yaml_path,
                        const std::vector<std::string>& setting_overrides) {
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        fail_file(folder, "not a folder: expected a Flee scenario folder with input_csv/ and source_data/");
    }
    Inputs inputs;
    inputs.folder = folder;
    if (!settings_yaml_path.empty()) {
        inputs.settings_path = settings_yaml_path;
    } else if (const std::string default_path = join_path(folder, "simsetting.yml"); file_exists(default_path)) {
        inputs.settings_path = default_path;
    }
    inputs.setting_overrides = setting_overrides;
    inputs.settings = read_flee_settings(inputs.settings_path, setting_overrides);
    const int hasten = inputs.settings.optimisations.hasten;

    inputs.period = read_sim_period(join_path(folder, "input_csv", "sim_period.csv"));
    inputs.locations = read_locations(join_path(folder, "input_csv", "locations.csv"), hasten);
    inputs.home_country = inputs.locations.front().country;
    inputs.routes = read_routes(join_path(folder, "input_csv", "routes.csv"), inputs.locations);
    inputs.closures = read_closures(join_path(folder, "input_csv", "closures.csv"), inputs.locations, inputs.routes);
    inputs.conflicts = read_conflicts(join_path(folder, "input_csv", "conflicts.csv"), inputs.locations, inputs.period.days);
    read_observations(inputs, folder);
    return inputs;
}

bool is_flee_folder(const std::string& path) noexcept {
    try {
        std::error_code error;
        return fs::is_directory(path, error) && fs::is_regular_file(join_path(path, "input_csv", "locations.csv"), error);
    } catch (...) {
        return false;
    }
}

std::string format_settings_yaml(const Settings& s) {
    const auto b = [](bool v) { return v ? "true" : "false"; };
    std::ostringstream out;
    out << "log_levels:\n"
        << "  agent: " << s.log_levels.agent << "\n"
        << "  camp: " << s.log_levels.camp << "\n"
        << "  init: " << s.log_levels.init << "\n"
        << "  conflict: " << s.log_levels.conflict << "\n"
        << "  link: " << s.log_levels.link << "\n";
    out << "spawn_rules:\n"
        << "  sum_from_camps: " << b(s.spawn_rules.sum_from_camps) << "\n"
        << "  conflict_spawn_decay: [";
    for (std::size_t i = 0; i < s.spawn_rules.conflict_spawn_decay.size(); ++i) {
        out << (i > 0 ? ", " : "") << number_text(s.spawn_rules.conflict_spawn_decay[i]);
    }
    out << "]\n"
        << "  conflict_spawn_decay_interval: " << s.spawn_rules.conflict_spawn_decay_interval_days << "\n"
        << "  empty_camps_on_day0: " << b(s.spawn_rules.empty_camps_on_day0) << "\n"
        << "  take_from_population: " << b(s.spawn_rules.take_from_population) << "\n"
        << "  insert_day0: " << b(s.spawn_rules.insert_day0) << "\n";
    const MoveRules& m = s.move_rules;
    out << "move_rules:\n"
        << "  max_move_speed: " << number_text(m.max_move_speed_km_per_day) << "\n"
        << "  max_walk_speed: " << number_text(m.max_walk_speed_km_per_day) << "\n"
        << "  camp_weight: " << number_text(m.camp_weight) << "\n"
        << "  foreign_weight: " << number_text(m.foreign_weight) << "\n"
        << "  conflict_weight: " << number_text(m.conflict_weight) << "\n"
        << "  conflict_movechance: " << number_text(m.conflict_movechance) << "\n"
        << "  camp_movechance: " << number_text(m.camp_movechance) << "\n"
        << "  idpcamp_movechance: " << number_text(m.idpcamp_movechance) << "\n"
        << "  default_movechance: " << number_text(m.default_movechance) << "\n"
        << "  awareness_level: " << m.awareness_level << "\n"
        << "  softening: " << number_text(m.softening_km) << "\n"
        << "  weight_softening: " << number_text(m.weight_softening) << "\n"
        << "  distance_power: " << number_text(m.distance_power) << "\n"
        << "  weight_power: " << number_text(m.weight_power) << "\n"
        << "  capacity_scaling: " << number_text(m.capacity_scaling) << "\n"
        << "  capacity_buffer: " << number_text(m.capacity_buffer) << "\n"
        << "  avoid_short_stints: " << b(m.avoid_short_stints) << "\n"
        << "  start_on_foot: " << b(m.start_on_foot) << "\n";
    out << "optimisations:\n"
        << "  hasten: " << s.optimisations.hasten << "\n";
    return out.str();
}

}  // namespace migroute::flee
