#include "io/flee_scenario.hpp"

#include "util/error.hpp"
#include "io/flee_reader.hpp"

#include <charconv>
#include <filesystem>
#include <sstream>

namespace migroute {

namespace {

LocationType location_type(flee::LocationKind kind) {
    switch (kind) {
        case flee::LocationKind::conflict_zone: return LocationType::conflict_zone;
        case flee::LocationKind::town: return LocationType::town;
        case flee::LocationKind::camp: return LocationType::camp;
        case flee::LocationKind::idpcamp: return LocationType::idpcamp;
        case flee::LocationKind::forward: return LocationType::forward;
        case flee::LocationKind::marker: return LocationType::marker;
    }
    return LocationType::town;
}

std::string indent(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    std::string out, line;
    while (std::getline(in, line)) {
        out += prefix;
        out += line;
        out += '\n';
    }
    return out;
}

// "key=value" with a whole number >= 0; nullopt when `entry` is not about `key`.
std::optional<std::uint64_t> run_override(const std::string& entry, const std::string& key) {
    if (entry.rfind(key + "=", 0) != 0) return std::nullopt;
    const std::string value = entry.substr(key.size() + 1);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        std::string message = "--set '";
        message += entry;
        message += "': expected a whole number >= 0 for ";
        message += key;
        message += ", found '";
        message += value;
        message += "'";
        throw InputError(message);
    }
    return n;
}

}  // namespace

Scenario flee_scenario(std::shared_ptr<const flee::Inputs> inputs, std::uint64_t seed) {
    if (!inputs) throw std::invalid_argument("flee_scenario: no inputs");
    const flee::Inputs& in = *inputs;
    Scenario s;
    std::filesystem::path folder(in.folder);
    s.name = folder.filename().string();
    if (s.name.empty()) s.name = folder.parent_path().filename().string();
    s.source_path = in.folder;
    s.start = in.period.start;
    s.days = in.period.days;
    s.seed = seed;
    s.persons_per_agent = 1;
    s.rules = RuleSet::flee;

    // The engine's own movement table mirrors the Flee settings, for the record; the flee rule set
    // reads the Flee settings themselves.
    const flee::MoveRules& mr = in.settings.move_rules;
    s.movement.move_chance[static_cast<int>(LocationType::conflict_zone)] = mr.conflict_movechance;
    s.movement.move_chance[static_cast<int>(LocationType::town)] = mr.default_movechance;
    s.movement.move_chance[static_cast<int>(LocationType::camp)] = mr.camp_movechance;
    s.movement.move_chance[static_cast<int>(LocationType::idpcamp)] = mr.idpcamp_movechance;
    s.movement.attractiveness[static_cast<int>(LocationType::conflict_zone)] = mr.conflict_weight;
    s.movement.attractiveness[static_cast<int>(LocationType::camp)] = mr.camp_weight;
    s.movement.speed_km_per_day[static_cast<int>(LinkMode::land)] = mr.max_move_speed_km_per_day;
    s.movement.softening_km = mr.softening_km;
    s.movement.distance_power = mr.distance_power;
    s.movement.capacity_buffer = mr.capacity_buffer;
    s.movement.avoid_backtracking = false;

    for (const flee::Location& loc : in.locations) {
        bool known = false;
        for (const Country& c : s.countries) known = known || c.code == loc.country;
        if (!known) {
            Country c;
            c.code = loc.country;
            c.name = loc.country;
            c.roles = {loc.country == in.home_country ? CountryRole::origin : CountryRole::first_asylum};
            s.countries.push_back(std::move(c));
        }
        Location l;
        l.name = loc.name;
        l.country = loc.country;
        l.type = location_type(loc.kind);
        l.latitude = loc.latitude;
        l.longitude = loc.longitude;
        l.population = loc.population;
        if (loc.capacity) l.capacity = *loc.capacity * mr.capacity_scaling;
        s.locations.push_back(std::move(l));
    }
    for (const flee::Route& r : in.routes) {
        LinkSpec link;
        link.from = r.name1;
        link.to = r.name2;
        link.distance_km = r.distance_km;
        link.mode = LinkMode::land;
        link.speed_km_per_day = r.max_move_speed_km_per_day;
        link.two_way = true;
        s.links.push_back(std::move(link));
    }

    std::ostringstream yaml;
    yaml << "# A Flee scenario folder, run with the flee rule set (docs/FLEE.md)\n"
         << "name: " << s.name << "\n"
         << "flee_folder: " << in.folder << "\n"
         << "flee_settings_file: " << (in.settings_path.empty() ? "(none: Flee's defaults)" : in.settings_path) << "\n";
    if (!in.setting_overrides.empty()) {
        yaml << "flee_settings_overrides:\n";
        for (const auto& o : in.setting_overrides) yaml << "  - \"" << o << "\"\n";
    }
    yaml << "start: " << format_date(s.start) << "\n"
         << "days: " << s.days << "\n"
         << "seed: " << s.seed << "\n"
         << "persons_per_agent: 1\n"
         << "rules: flee\n"
         << "flee_settings:\n"
         << indent(flee::format_settings_yaml(in.settings), "  ");
    s.resolved_yaml = yaml.str();
    s.flee = std::move(inputs);
    return s;
}

Scenario load_flee_scenario(const std::string& folder, const std::vector<std::string>& overrides,
                            const std::string& settings_yaml) {
    std::optional<std::uint64_t> seed, days;
    std::vector<std::string> settings;
    for (const std::string& o : overrides) {
        if (auto v = run_override(o, "seed")) seed = v;
        else if (auto d = run_override(o, "days")) days = d;
        else settings.push_back(o);
    }
    auto inputs = std::make_shared<flee::Inputs>(flee::read_flee_folder(folder, settings_yaml, settings));
    const int period = inputs->period.days;
    Scenario s = flee_scenario(std::move(inputs), seed.value_or(1));
    if (days) {
        if (*days < 1 || *days > static_cast<std::uint64_t>(period)) {
            std::string message = "--days ";
            message += std::to_string(*days);
            message += ": a Flee run covers 1 to ";
            message += std::to_string(period);
            message += " days (Length in sim_period.csv)";
            throw InputError(message);
        }
        s.days = static_cast<int>(*days);
        // Keep the recorded scenario in step with the run.
        std::string from = "days: ";
        from += std::to_string(period);
        from += '\n';
        std::string to = "days: ";
        to += std::to_string(s.days);
        to += '\n';
        const auto at = s.resolved_yaml.find(from);
        if (at != std::string::npos) s.resolved_yaml.replace(at, from.size(), to);
    }
    return s;
}

}  // namespace migroute
