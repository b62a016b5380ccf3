// The checks of one fuzz input (harness.hpp).
#include "harness.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.hpp"
#include "rules/flee/inputs.hpp"
#include "model/scenario.hpp"
#include "io/flee_reader.hpp"
#include "io/overrides.hpp"
#include "io/scenario_yaml.hpp"

namespace migroute::fuzz {

namespace {

namespace fs = std::filesystem;

std::string shorten(std::string_view text) {
    constexpr std::size_t kMax = 2000;
    return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

bool starts_with_any(std::string_view message, const std::vector<std::string>& prefixes) {
    for (const auto& prefix : prefixes) {
        if (message.substr(0, prefix.size()) == prefix) return true;
    }
    return false;
}

// An InputError says which file or argument it is about, on one line (input text is quoted with its
// line breaks escaped), and is not the scenario loader's catch-all for an exception it did not expect
// (`catch_all`: what such a message starts with).
void check_message(std::string_view message, const std::vector<std::string>& prefixes, const std::string& catch_all = {}) {
    if (message.empty()) throw Finding("an InputError without a message");
    if (!starts_with_any(message, prefixes)) {
        throw Finding("an InputError that does not start with the file or argument: " + shorten(message));
    }
    for (char c : message) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            throw Finding("an InputError with a line break or another control character: " + shorten(message));
        }
    }
    if (!catch_all.empty() && message.substr(0, catch_all.size()) == catch_all) {
        throw Finding("an unexpected exception, wrapped as an InputError: " + shorten(message));
    }
}

std::string catch_all_of(const std::string& name) { return name + ": cannot load the scenario: "; }

std::string number_text(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

std::string optional_text(const std::optional<double>& value) { return value ? number_text(*value) : "-"; }

// The typed scenario as text, to compare two loads: every field except where it was loaded from.
std::string typed_text(const Scenario& s) {
    std::ostringstream out;
    out << s.name << '|' << format_date(s.start) << '|' << s.days << '|' << s.seed << '|' << s.persons_per_agent << '|'
        << to_string(s.rules) << '\n';
    const MovementParams& m = s.movement;
    for (int i = 0; i < kLocationTypeCount; ++i) out << number_text(m.move_chance[i]) << ',' << number_text(m.attractiveness[i]) << ';';
    for (int i = 0; i < kLinkModeCount; ++i) out << number_text(m.speed_km_per_day[i]) << ';';
    out << number_text(m.softening_km) << ',' << number_text(m.distance_power) << ',' << number_text(m.capacity_buffer)
        << ',' << m.avoid_backtracking << '\n';
    const RoutesParams& r = s.routes;
    out << number_text(r.logit_scale_km) << ',' << number_text(r.risk_aversion_km) << ',' << number_text(r.failure_cost_km)
        << ',' << number_text(r.km_per_usd) << ',' << r.information_delay_days << ',' << r.information_window_days << ','
        << number_text(r.prior_crossings) << '\n';
    for (const auto& d : r.destinations) {
        out << "destinations " << d.nationality;
        for (const auto& [name, weight] : d.weights) out << ' ' << name << '=' << number_text(weight);
        out << '\n';
    }
    for (const auto& c : s.countries) {
        out << "country " << c.code << '|' << c.name << '|' << number_text(c.population) << '|' << number_text(c.gdp_usd);
        for (auto role : c.roles) out << '|' << to_string(role);
        out << '\n';
    }
    for (const auto& l : s.locations) {
        out << "location " << l.name << '|' << l.country << '|' << to_string(l.type) << '|' << number_text(l.latitude)
            << '|' << number_text(l.longitude) << '|' << number_text(l.population) << '|' << optional_text(l.capacity)
            << '|' << optional_text(l.move_chance) << '|' << optional_text(l.attractiveness) << '\n';
    }
    for (const auto& k : s.links) {
        out << "link " << k.from << '|' << k.to << '|' << number_text(k.distance_km) << '|' << to_string(k.mode) << '|'
            << number_text(k.death_risk_per_crossing) << '|' << number_text(k.death_risk_per_day) << '|'
            << optional_text(k.speed_km_per_day) << '|' << number_text(k.smuggling_cost_usd) << '|' << k.two_way << '\n';
    }
    for (const auto& p : s.initial) out << "initial " << p.at << '|' << p.nationality << '|' << number_text(p.persons) << '\n';
    for (const auto& rule : s.spawn) {
        out << "spawn " << rule.at << '|' << rule.nationality << '|' << optional_text(rule.per_day) << '|'
            << optional_text(rule.share_of_population_per_day) << '|' << rule.from_day << '|' << rule.to_day;
        for (const auto& row : rule.table) out << '|' << row.from_day << '=' << number_text(row.per_day);
        out << '\n';
    }
    for (const auto& p : s.policies) out << "policy " << p.type << '\n' << p.yaml_text << '\n';
    return out.str();
}

// docs/SCENARIO.md, "The resolved scenario": the resolved YAML loads back to the same scenario.
void check_loads_back(const Scenario& scenario, const std::string& name) {
    Scenario again;
    try {
        again = load_scenario_text(scenario.resolved_yaml, name);
    } catch (const InputError& error) {
        throw Finding("the resolved scenario does not load back: " + std::string(error.what()) + "\n" +
                      shorten(scenario.resolved_yaml));
    }
    if (typed_text(again) != typed_text(scenario)) {
        throw Finding("the resolved scenario loads back to a different scenario:\n" + typed_text(scenario) + "\nagain:\n" +
                      typed_text(again));
    }
    if (again.resolved_yaml != scenario.resolved_yaml) {
        throw Finding("the resolved scenario, loaded back, resolves to different text:\n" + shorten(scenario.resolved_yaml) +
                      "\nagain:\n" + shorten(again.resolved_yaml));
    }
}

void check_scenario_invariants(const Scenario& s) {
    if (s.days < 1 || s.days > kMaxScenarioDays) throw Finding("a scenario with days = " + std::to_string(s.days));
    if (s.countries.empty() || s.locations.empty()) throw Finding("a scenario without countries or locations");
    if (s.persons_per_agent < 1) throw Finding("a scenario with persons_per_agent < 1");
}

bool is_file_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.find_first_not_of('.') == std::string_view::npos) return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

bool is_flee_file_name(std::string_view name) {
    if (name == "simsetting.yml") return true;
    for (std::string_view folder : {"input_csv/", "source_data/"}) {
        if (name.substr(0, folder.size()) == folder) return is_file_name(name.substr(folder.size()));
    }
    return false;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write the fuzz input file " + path.string());
}

void check_flee_invariants(const flee::Inputs& in) {
    const auto days = static_cast<std::size_t>(in.period.days);
    if (in.period.days < 1) throw Finding("a Flee period of " + std::to_string(in.period.days) + " days");
    if (in.locations.empty()) throw Finding("Flee inputs without locations");
    for (const auto& route : in.routes) {
        if (route.location1 >= in.locations.size() || route.location2 >= in.locations.size()) {
            throw Finding("a route to a location index out of range, line " + std::to_string(route.line));
        }
    }
    const auto& conflicts = in.conflicts;
    if (!conflicts.empty()) {
        if (conflicts.intensity.size() % conflicts.columns.size() != 0 ||
            conflicts.location_index.size() != conflicts.columns.size()) {
            throw Finding("a conflict table whose size is not days x columns");
        }
        for (auto index : conflicts.location_index) {
            if (index >= in.locations.size()) throw Finding("a conflict column for a location index out of range");
        }
    }
    for (const auto& camp : in.camps) {
        if (camp.location >= in.locations.size()) throw Finding("a camp series for a location index out of range");
        if (camp.observed.size() != days) throw Finding("a camp series that does not cover the period");
        for (double value : camp.observed) {
            if (!std::isfinite(value)) throw Finding("a camp series with a value that is not finite");
        }
    }
    if (in.total_observed.size() != days) throw Finding("a total series that does not cover the period");
}

}  // namespace

void check_scenario_yaml(std::string_view input) {
    const std::string name = "fuzz.yaml";
    Scenario scenario;
    try {
        scenario = load_scenario_text(std::string(input), name);
    } catch (const InputError& error) {
        check_message(error.what(), {name}, catch_all_of(name));
        return;
    }
    check_scenario_invariants(scenario);
    check_loads_back(scenario, name);
}

const char* const kOverrideBaseScenario = R"(name: base
start: 2016-01-01
days: 30
seed: 7
rules: routes
movement:
  move_chance: {town: 0.4}
  avoid_backtracking: false
routes:
  destinations: {default: {Athens: 1}}
countries:
  - {code: SYR, roles: [origin]}
  - {code: TUR, roles: [first_asylum, transit]}
  - {code: GRC, name: Greece, roles: [eu_member]}
locations:
  - {name: Aleppo, country: SYR, type: conflict_zone, lat: 36.2, lon: 37.16, population: 1.8e6}
  - {name: Izmir, country: TUR, type: coast, lat: 38.42, lon: 27.14}
  - {name: Lesbos, country: GRC, type: landing, lat: 39.1, lon: 26.55, capacity: 20000}
  - {name: Athens, country: GRC, type: destination, lat: 37.98, lon: 23.73}
links:
  - {from: Aleppo, to: Izmir, km: 1100}
  - {from: Izmir, to: Lesbos, km: 20, mode: sea, death_risk: 0.002}
  - {from: Lesbos, to: Athens, km: 350, mode: sea}
initial:
  - {at: Izmir, nationality: SYR, persons: 500}
spawn:
  - {at: Aleppo, nationality: SYR, per_day: 150, from: 2016-01-01, to: 2016-01-20}
  - {at: Aleppo, nationality: SYR, table: [{from: 2016-01-01, per_day: 10}, {from: 2016-01-10, per_day: 30}]}
policies:
  - {type: pushback, links: [Izmir-Lesbos], probability: 0.8}
  - {type: search_and_rescue, links: [Izmir-Lesbos], coverage: 0.5}
)";

void check_overrides(std::string_view input) {
    std::vector<std::string> arguments;
    std::size_t begin = 0;
    while (begin <= input.size() && arguments.size() < kMaxOverrideLines) {
        std::size_t end = input.find('\n', begin);
        if (end == std::string_view::npos) end = input.size();
        arguments.emplace_back(input.substr(begin, end - begin));
        begin = end + 1;
    }
    for (const auto& argument : arguments) {
        try {
            const Override parsed = parse_override(argument);
            if (parsed.path.empty()) throw Finding("an override with an empty path: " + argument);
            for (const auto& step : parsed.path) {
                if (step.kind != OverrideStep::Kind::index && step.text.empty()) {
                    throw Finding("an override with an empty key or name: " + argument);
                }
            }
        } catch (const InputError& error) {
            check_message(error.what(), {"--set '"});
        }
    }
    const std::string name = "base.yaml";
    Scenario scenario;
    try {
        scenario = load_scenario_text(kOverrideBaseScenario, name, arguments);
    } catch (const InputError& error) {
        check_message(error.what(), {"--set '", name}, catch_all_of(name));
        return;
    }
    check_scenario_invariants(scenario);
    check_loads_back(scenario, name);
}

std::optional<FleeFolder> decode_flee_folder(std::string_view input) {
    FleeFolder folder;
    constexpr std::string_view kMarker = "=== ";
    std::string* current = nullptr;  // the file being read, or nullptr before the first marker
    bool in_overrides = false;
    std::size_t begin = 0;
    while (begin < input.size()) {
        std::size_t end = input.find('\n', begin);
        const std::size_t next = end == std::string_view::npos ? input.size() : end + 1;
        const std::string_view line = input.substr(begin, next - begin);
        begin = next;
        if (line.substr(0, kMarker.size()) == kMarker) {
            std::string_view name = line.substr(kMarker.size());
            while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.remove_suffix(1);
            if (name == "overrides") {
                in_overrides = true;
                current = nullptr;
                continue;
            }
            if (!is_flee_file_name(name)) return std::nullopt;
            in_overrides = false;
            folder.files.emplace_back(std::string(name), std::string());
            current = &folder.files.back().second;
            continue;
        }
        if (in_overrides) {
            std::string_view text = line;
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
            if (!text.empty()) folder.overrides.emplace_back(text);
        } else if (current != nullptr) {
            current->append(line);
        }
    }
    return folder;
}

bool check_flee_reader(std::string_view input, const std::string& scratch) {
    const auto folder = decode_flee_folder(input);
    if (!folder) return false;
    const fs::path root(scratch);
    fs::remove_all(root);
    fs::create_directories(root / "input_csv");
    fs::create_directories(root / "source_data");
    for (const auto& [name, text] : folder->files) write_file(root / name, text);

    flee::Inputs inputs;
    try {
        inputs = flee::read_flee_folder(scratch, "", folder->overrides);
    } catch (const InputError& error) {
        check_message(error.what(), {scratch, "setting override '"});
        return true;
    }
    check_flee_invariants(inputs);

    // The settings written out read back to the same settings.
    const std::string settings_text = flee::format_settings_yaml(inputs.settings);
    const fs::path settings_path = root / "settings-again.yml";
    write_file(settings_path, settings_text);
    try {
        const flee::Settings again = flee::read_flee_settings(settings_path.string());
        if (flee::format_settings_yaml(again) != settings_text) {
            throw Finding("the settings written out read back differently:\n" + settings_text + "\nagain:\n" +
                          flee::format_settings_yaml(again));
        }
    } catch (const InputError& error) {
        throw Finding("the settings written out do not read back: " + std::string(error.what()) + "\n" + settings_text);
    }
    return true;
}

}  // namespace migroute::fuzz
