// A Flee scenario as plain data: what io/flee_reader produces from a Flee folder (input_csv/,
// source_data/, settings YAML) and what the `flee` rule set consumes. No YAML, no file I/O here.
// Formats, defaults and the exact semantics are described in docs/FLEE.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/scenario.hpp"  // Date

namespace migroute::flee {

// ---- settings (the settings YAML), with Flee's defaults ----------------------------------------

// log_levels: accepted for compatibility; the engine has its own output options.
struct LogLevels {
    int agent = 0;
    int camp = 0;
    int init = 0;
    int conflict = 0;
    int link = 0;
};

struct SpawnRules {
    // New agents per day = rise of the summed camp series (validation mode).
    bool sum_from_camps = true;
    // Spawn weight of a conflict zone by time since its conflict began, one entry per
    // conflict_spawn_decay_interval_days; the last entry holds afterwards. Empty: no decay (1.0).
    std::vector<double> conflict_spawn_decay;
    int conflict_spawn_decay_interval_days = 30;  // YAML: conflict_spawn_decay_interval
    bool empty_camps_on_day0 = false;
    bool take_from_population = false;
    bool insert_day0 = true;  // camps start with their day-0 observed counts

    // The decay factor for a zone whose conflict began `days_since_conflict` days ago.
    double conflict_decay(int days_since_conflict) const;
};

struct MoveRules {
    double max_move_speed_km_per_day = 360.0;  // YAML: max_move_speed
    double max_walk_speed_km_per_day = 35.0;   // YAML: max_walk_speed
    double camp_weight = 1.0;
    double foreign_weight = 1.0;
    double conflict_weight = 0.25;
    double conflict_movechance = 1.0;  // daily chance of leaving, per location kind
    double camp_movechance = 0.001;
    double idpcamp_movechance = 0.1;
    double default_movechance = 0.3;  // towns
    int awareness_level = 1;          // hops of a candidate route
    double softening_km = 10.0;       // YAML: softening; added to every route length
    double weight_softening = 0.0;    // added to every location score
    double distance_power = 1.0;
    double weight_power = 1.0;
    double capacity_scaling = 1.0;  // multiplies every capacity in locations.csv
    double capacity_buffer = 0.9;   // share of capacity where the choice weight starts to fall
    bool avoid_short_stints = false;
    bool start_on_foot = false;
};

struct Optimisations {
    int hasten = 1;  // run with 1/hasten of the people (populations, capacities, observed series)
};

struct Settings {
    LogLevels log_levels;
    SpawnRules spawn_rules;
    MoveRules move_rules;
    Optimisations optimisations;
};

// ---- geography -----------------------------------------------------------------------------------

enum class LocationKind : std::uint8_t { conflict_zone, town, camp, idpcamp, forward, marker };
inline constexpr int kLocationKindCount = 6;

std::string_view to_string(LocationKind kind);
// Flee's spellings, case-insensitive: any type containing "conflict"; town, default; camp; idpcamp;
// forward, forwarding_hub; marker. nullopt for anything else.
std::optional<LocationKind> parse_location_kind(std::string_view type);
// "conflict_zone, town, default, camp, idpcamp, forward, forwarding_hub, marker"
std::string valid_location_kinds();

// One row of locations.csv.
struct Location {
    std::string name;
    std::string region;   // "unknown" when empty (as Flee)
    std::string country;  // "unknown" when empty (as Flee)
    double latitude = 0.0;   // degrees; 0 when empty (as Flee)
    double longitude = 0.0;  // degrees; 0 when empty
    std::string type;        // as written
    LocationKind kind = LocationKind::town;
    int conflict_date = 0;  // day on which a conflict zone becomes one; empty = 0
    // Persons living there (non-camps), after hasten. 0 for camps.
    double population = 0.0;
    // Camps and idpcamps: the last column, after hasten; nullopt when the column is empty.
    std::optional<double> capacity;
    // Extra columns beyond the eighth, named by the '#' header line: (column name, value).
    std::vector<std::pair<std::string, std::string>> attributes;
    int line = 0;  // line in locations.csv

    bool is_camp() const { return kind == LocationKind::camp || kind == LocationKind::idpcamp; }
    // A conflict zone with conflict_date > 0 starts as a town (docs/FLEE.md).
    LocationKind kind_on_day0() const {
        return kind == LocationKind::conflict_zone && conflict_date > 0 ? LocationKind::town : kind;
    }
};

// One row of routes.csv: an undirected link (two directed links in the graph).
struct Route {
    std::string name1;
    std::string name2;
    std::size_t location1 = 0;  // index into Inputs::locations
    std::size_t location2 = 0;
    double distance_km = 0.0;
    // 0: none; 1: name1 redirects to name2; 2: name2 redirects to name1. Read, unused by Flee.
    int forced_redirection = 0;
    std::optional<double> max_move_speed_km_per_day;  // extra column `max_move_speed`
    // Extra column `walk_probability` (or a 0/1 `walk` flag): chance that the link is walked.
    std::optional<double> walk_probability;
    std::vector<std::pair<std::string, std::string>> attributes;  // other extra columns
    int line = 0;
};

enum class ClosureType : std::uint8_t { country, location, link, camp, idpcamp, remove_forced_redirection };
std::string_view to_string(ClosureType type);
std::optional<ClosureType> parse_closure_type(std::string_view text);
std::string valid_closure_types();

// One row of closures.csv. Acts on the day equal to start_day (close) and to end_day (reopen).
struct Closure {
    ClosureType type = ClosureType::link;
    std::string name1;
    std::string name2;  // ignored for `location`, empty for `camp`/`idpcamp`
    int start_day = 0;
    int end_day = 0;
    int line = 0;
};

// conflicts.csv: intensity in [0, 1] per day (row) and location (column).
struct ConflictTable {
    std::vector<std::string> columns;           // location names, in file order
    std::vector<std::size_t> location_index;    // index into Inputs::locations, per column
    std::vector<double> intensity;              // row-major: day * columns.size() + column

    bool empty() const { return columns.empty(); }
    std::size_t day_count() const { return columns.empty() ? 0 : intensity.size() / columns.size(); }
    double at(std::size_t day, std::size_t column) const { return intensity[day * columns.size() + column]; }
    // The column of a location, or nullopt when conflicts.csv has none.
    std::optional<std::size_t> column_of(std::size_t location) const;
};

struct SimPeriod {
    Date start;
    int days = 0;  // simulated days 0 .. days-1
};

// One row of registration_corrections.csv: camp,date,normalize. Every data point of the camp dated
// before `date` was multiplied by `factor` = value(date) / value(point before date).
struct RegistrationCorrection {
    std::string camp;
    Date date;
    double factor = 1.0;
    int line = 0;
};

// ---- observations ----------------------------------------------------------------------------

// A dated data point, as a day offset from the simulation start (may be negative).
struct SeriesPoint {
    int day = 0;
    double count = 0.0;
};

// The observed series of one camp (or of the total), from data_layout.csv.
struct CampSeries {
    std::string name;
    std::size_t location = 0;        // index into Inputs::locations (unused for the total)
    std::vector<std::string> files;  // as listed in data_layout.csv, relative to source_data/
    // The dated points (files summed on the union of their dates), after registration corrections
    // and hasten.
    std::vector<SeriesPoint> points;
    // One value per simulated day: linear between points, held flat outside them.
    std::vector<double> observed;
    int line = 0;  // line in data_layout.csv
};

// Linear interpolation of dated points at `day`, held flat before the first and after the last
// point. `points` must be sorted by day with distinct days and not be empty.
double interpolate(const std::vector<SeriesPoint>& points, int day);

// ---- the whole scenario ----------------------------------------------------------------------

struct Inputs {
    std::string folder;
    std::string settings_path;                 // empty: Flee's defaults were used
    std::vector<std::string> setting_overrides;  // as given, applied after the file
    Settings settings;
    std::vector<Location> locations;
    std::vector<Route> routes;
    std::vector<Closure> closures;
    ConflictTable conflicts;  // empty when there is no conflicts.csv
    SimPeriod period;
    std::vector<RegistrationCorrection> registration_corrections;
    std::vector<CampSeries> camps;  // in data_layout.csv order
    // The `total` row of data_layout.csv (refugees.csv), one value per simulated day, after hasten;
    // the sum of the camps when there is no `total` row (then total_files is empty).
    std::vector<double> total_observed;
    std::vector<std::string> total_files;
    std::string home_country;             // country of the first row of locations.csv

    std::optional<std::size_t> find_location(std::string_view name) const;
    // observed[c][t] of every camp in `camps`, for the ARD.
    std::vector<std::vector<double>> observed_matrix() const;
};

}  // namespace migroute::flee
