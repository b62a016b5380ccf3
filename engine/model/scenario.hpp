// Typed, validated description of a simulation: what the YAML loader (io/) produces and the engine
// (core/) consumes. Nothing in core/ ever sees a YAML node.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migroute {

namespace flee {
struct Inputs;  // rules/flee/inputs.hpp
}

// ---- enumerations, with their scenario-file spellings ------------------------------------------

enum class CountryRole : std::uint8_t { origin, first_asylum, transit, eu_member, other };

enum class LocationType : std::uint8_t {
    conflict_zone,
    town,
    camp,
    idpcamp,
    transit_hub,
    border_post,
    coast,        // departure point of a sea crossing
    landing,      // EU arrival / registration point
    destination,  // an EU member state's asylum system: people who reach it have arrived
    forward,
    marker,
};
inline constexpr int kLocationTypeCount = 11;

// What a location type means to the people there (docs/MODEL.md "Entities"), the one definition the
// engine uses: people who stay at a camp or an IDP camp are "in a camp" (unless the rule set closes
// it); people who reach a destination have reached an EU asylum system and stay there.
constexpr bool is_camp(LocationType type) { return type == LocationType::camp || type == LocationType::idpcamp; }

enum class LinkMode : std::uint8_t { land, sea, air };
inline constexpr int kLinkModeCount = 3;

// Which rules agents follow when they decide and move (docs/MODEL.md "Rule sets").
enum class RuleSet : std::uint8_t { basic, flee, routes };

std::string_view to_string(CountryRole role);
std::string_view to_string(LocationType type);
std::string_view to_string(LinkMode mode);
std::string_view to_string(RuleSet rules);
std::optional<CountryRole> parse_country_role(std::string_view text);
std::optional<LocationType> parse_location_type(std::string_view text);
std::optional<LinkMode> parse_link_mode(std::string_view text);
std::optional<RuleSet> parse_rule_set(std::string_view text);
// The valid spellings, comma separated, for error messages.
std::string valid_country_roles();
std::string valid_location_types();
std::string valid_link_modes();
std::string valid_rule_sets();

// ---- calendar ----------------------------------------------------------------------------------

// A proleptic Gregorian calendar date.
struct Date {
    int year = 2000;
    int month = 1;
    int day = 1;
    friend bool operator==(const Date&, const Date&) = default;
};
// Days since 1970-01-01 (may be negative).
std::int64_t days_from_civil(const Date& date);
Date civil_from_days(std::int64_t days);
// Parses exactly YYYY-MM-DD with a valid day of month; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);

// ---- entities ----------------------------------------------------------------------------------

struct Country {
    std::string code;  // ISO3 or any unique short code
    std::string name;  // defaults to code
    std::vector<CountryRole> roles;
    double population = 0.0;  // persons, for distribution keys
    double gdp_usd = 0.0;     // current US$, for distribution keys
};

struct Location {
    std::string name;
    std::string country;  // a Country::code
    LocationType type = LocationType::town;
    double latitude = 0.0;
    double longitude = 0.0;
    double population = 0.0;                     // resident population (persons), used by spawn shares
    std::optional<double> capacity;              // persons; camps fill up to it (absent = unlimited)
    std::optional<double> move_chance;           // overrides the per-type daily move chance
    std::optional<double> attractiveness;        // overrides the per-type attractiveness
};

// One entry of `links:`; a two-way entry becomes two directed links in the graph.
struct LinkSpec {
    std::string from;
    std::string to;
    double distance_km = 0.0;
    LinkMode mode = LinkMode::land;
    double death_risk_per_crossing = 0.0;  // probability of dying per traversal (sea crossings)
    double death_risk_per_day = 0.0;       // probability of dying per day spent travelling on it (deserts)
    std::optional<double> speed_km_per_day;  // overrides the per-mode speed
    double smuggling_cost_usd = 0.0;       // price of the crossing per person (routes rule set)
    bool two_way = true;
    // The name used in output and in override paths: "from-to".
    std::string name() const { return from + "-" + to; }
};

// People present on day 0 (the millions already in Turkey, Libya or camps when a scenario starts).
struct Placement {
    std::string at;           // location name
    std::string nationality;  // any code; nationalities are indexed in order of first appearance
    double persons = 0.0;
};

// Newly displaced people appearing at a location. Exactly one of the three forms is used:
//  - a constant `per_day` between `from_day` and `to_day` (inclusive),
//  - a dated `table` of daily rates, each row in force from its day until the next row,
//  - `share_of_population_per_day`: that share of the location's resident population each day.
struct SpawnRule {
    struct Row {
        int from_day = 0;
        double per_day = 0.0;
    };
    std::string at;
    std::string nationality;
    std::optional<double> per_day;
    std::vector<Row> table;
    std::optional<double> share_of_population_per_day;
    int from_day = 0;                                     // day index relative to the scenario start
    int to_day = std::numeric_limits<int>::max();         // inclusive
};

// Parameters of the movement rules, with their defaults. Defaults follow Flee's (docs/FLEE.md)
// where Flee has the same parameter.
struct MovementParams {
    // Daily chance of leaving, per location type (index = LocationType).
    // Flee defaults: conflict 1.0, town 0.3, camp 0.001, idpcamp 0.1, forward/marker 1.0.
    double move_chance[kLocationTypeCount] = {
        1.0,    // conflict_zone
        0.3,    // town
        0.001,  // camp
        0.1,    // idpcamp
        0.5,    // transit_hub
        1.0,    // border_post
        0.5,    // coast
        1.0,    // landing
        0.0,    // destination: people who reach an asylum system stay there
        1.0,    // forward
        1.0,    // marker
    };
    // Attractiveness of a location as a choice target, per location type.
    double attractiveness[kLocationTypeCount] = {
        0.25,  // conflict_zone (Flee's conflict_weight)
        1.0,   // town
        1.0,   // camp
        1.0,   // idpcamp
        1.0,   // transit_hub
        1.0,   // border_post
        1.0,   // coast
        2.0,   // landing
        4.0,   // destination
        1.0,   // forward
        1.0,   // marker
    };
    // Travel speed in km per day, per link mode (index = LinkMode). Flee: max_move_speed 360.
    double speed_km_per_day[kLinkModeCount] = {360.0, 360.0, 1000.0};
    double softening_km = 10.0;     // Flee: softening
    double distance_power = 1.0;    // Flee: distance_power
    double capacity_buffer = 0.9;   // Flee: capacity_buffer; choice weight falls from this share of capacity
    bool avoid_backtracking = true; // never choose the link back to where one just came from, unless it is the only one
};

// Parameters of the `routes` rule set (docs/MODEL.md "Rule sets"; docs/SCENARIO.md "routes"). Generalised
// cost of a link, in km: km + km_per_usd x smuggling cost + risk_aversion_km x perceived death risk +
// failure_cost_km x perceived chance of being pushed back or intercepted. The defaults are assumptions
// to calibrate, not estimates (docs/POLICIES.md, "The routes rule set").
struct RoutesParams {
    // Intended destinations of one nationality: destination locations and their weights. The
    // nationality "default" applies to every nationality without an entry of its own; without either,
    // the destinations are equally likely.
    struct Destinations {
        std::string nationality;
        std::vector<std::pair<std::string, double>> weights;
    };
    std::vector<Destinations> destinations;
    double logit_scale_km = 200.0;        // a route 200 km longer is e times less likely
    double risk_aversion_km = 10000.0;    // a certain death weighs as a 10,000 km detour
    double failure_cost_km = 1000.0;      // a certain pushback or interception weighs as 1,000 km
    double km_per_usd = 0.5;              // a US$1,000 smuggling fee weighs as 500 km
    int information_delay_days = 30;      // assumption: what happened last month is known this month
    int information_window_days = 30;     // days of events that make up what is known
    double prior_crossings = 100.0;       // weight of the scenario's death risk, in observed crossings
};

// A policy block as read from the scenario file, once, by the loader (io/): a tree of scalars, lists
// and maps in file order, each with its position in the file. Policy modules (policy/) read their
// typed settings from it; nothing after the loader sees YAML.
struct PolicyNode {
    enum class Kind : std::uint8_t { null, scalar, sequence, map };
    Kind kind = Kind::null;
    std::string scalar;                                      // Kind::scalar: the text as written
    std::vector<PolicyNode> items;                           // Kind::sequence
    struct Entry;
    std::vector<Entry> entries;                              // Kind::map: key and value, in file order
    int line = 0;    // 1-based position in the file (0: unknown)
    int column = 0;
};
struct PolicyNode::Entry {
    std::string key;
    PolicyNode value;
};

// The typed settings of one policy module, checked against the scenario by the module's parser when
// the scenario is loaded (core/policy_api.hpp; policy/registry.hpp); builds the module for a run.
class PolicySettings;

struct PolicySpec {
    std::string type;
    std::string yaml_text;   // the whole block, re-emitted (written into the resolved scenario)
    std::string source;      // "file:line:column" of the block, for error messages
    std::string file;        // the file it was read from (its display name)
    PolicyNode block;        // the block as read
    // Set by the loader (policy::parse_policies); shared, read-only: copies of the scenario share it.
    std::shared_ptr<const PolicySettings> settings;
};

struct Scenario {
    std::string name;
    std::string source_path;     // the file it was loaded from
    std::string resolved_yaml;   // the scenario after overrides, as written into every output file
    Date start;
    int days = 0;
    std::uint64_t seed = 1;
    int persons_per_agent = 1;
    RuleSet rules = RuleSet::basic;
    MovementParams movement;
    RoutesParams routes;
    std::vector<Country> countries;
    std::vector<Location> locations;
    std::vector<LinkSpec> links;
    std::vector<Placement> initial;
    std::vector<SpawnRule> spawn;
    std::vector<PolicySpec> policies;
    // rules: flee: the Flee scenario as read from its folder (conflicts, closures, camp series,
    // settings); null for other rule sets. Shared, read-only: copies of the scenario share it.
    std::shared_ptr<const flee::Inputs> flee;
};

}  // namespace migroute
