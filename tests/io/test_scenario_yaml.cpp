// The scenario loader: enum spellings, dates, a valid scenario field by field, and one specific error
// (file, line, phrase) for each malformed scenario under tests/data/scenarios/bad/.
#include "util/error.hpp"
#include "model/scenario.hpp"
#include "io/scenario_yaml.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace migroute;

namespace {

const std::string kScenarioDir = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/scenarios/";

// The message of the InputError that loading throws ("" when it loads: the caller's check then fails).
std::string file_error(const std::string& path, const std::vector<std::string>& overrides = {}) {
    try {
        load_scenario(path, overrides);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

std::string text_error(const std::string& text, const std::vector<std::string>& overrides = {}) {
    try {
        load_scenario_text(text, "inline.yaml", overrides);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

// A small valid scenario to vary in text tests.
const std::string kMinimal = R"(name: minimal
start: 2020-02-01
days: 30
countries:
  - {code: AAA}
locations:
  - {name: A, country: AAA, lat: 0, lon: 0}
  - {name: B, country: AAA, lat: 1, lon: 1}
links:
  - {from: A, to: B, km: 100}
)";

}  // namespace

TEST_CASE("Enumerations read and write their scenario spellings", "[yaml]") {
    for (int i = 0; i < kLocationTypeCount; ++i) {
        const auto type = static_cast<LocationType>(i);
        CHECK(parse_location_type(to_string(type)) == type);
    }
    for (int i = 0; i < kLinkModeCount; ++i) {
        const auto mode = static_cast<LinkMode>(i);
        CHECK(parse_link_mode(to_string(mode)) == mode);
    }
    for (auto role : {CountryRole::origin, CountryRole::first_asylum, CountryRole::transit, CountryRole::eu_member,
                      CountryRole::other}) {
        CHECK(parse_country_role(to_string(role)) == role);
    }
    for (auto rules : {RuleSet::basic, RuleSet::flee, RuleSet::routes}) CHECK(parse_rule_set(to_string(rules)) == rules);

    CHECK(to_string(LocationType::conflict_zone) == "conflict_zone");
    CHECK(to_string(CountryRole::eu_member) == "eu_member");
    CHECK(to_string(LinkMode::sea) == "sea");
    CHECK(to_string(RuleSet::basic) == "basic");
    CHECK_FALSE(parse_location_type("Town"));
    CHECK_FALSE(parse_location_type("city"));
    CHECK_FALSE(parse_link_mode(""));
    CHECK_FALSE(parse_country_role("eu"));
    CHECK_FALSE(parse_rule_set("agents"));
    CHECK(valid_link_modes() == "land, sea, air");
    CHECK(valid_rule_sets() == "basic, flee, routes");
    CHECK(valid_country_roles() == "origin, first_asylum, transit, eu_member, other");
    CHECK(valid_location_types() ==
          "conflict_zone, town, camp, idpcamp, transit_hub, border_post, coast, landing, destination, forward, marker");
}

TEST_CASE("Dates: day numbers, strict YYYY-MM-DD parsing, leap years", "[yaml]") {
    CHECK(days_from_civil(Date{1970, 1, 1}) == 0);
    CHECK(days_from_civil(Date{1969, 12, 31}) == -1);
    CHECK(days_from_civil(Date{2000, 3, 1}) == 11017);
    CHECK(days_from_civil(Date{2016, 3, 1}) - days_from_civil(Date{2016, 1, 1}) == 60);  // 31 + 29
    CHECK(days_from_civil(Date{2015, 3, 1}) - days_from_civil(Date{2015, 1, 1}) == 59);
    CHECK(civil_from_days(0) == Date{1970, 1, 1});
    CHECK(civil_from_days(11016) == Date{2000, 2, 29});
    for (std::int64_t day = -800000; day <= 800000; day += 997) {
        CHECK(days_from_civil(civil_from_days(day)) == day);
    }

    CHECK(parse_date("2016-02-29") == Date{2016, 2, 29});
    CHECK(parse_date("2000-02-29") == Date{2000, 2, 29});
    CHECK(parse_date("2016-12-31") == Date{2016, 12, 31});
    CHECK_FALSE(parse_date("2015-02-29"));
    CHECK_FALSE(parse_date("1900-02-29"));  // divisible by 100, not by 400
    CHECK_FALSE(parse_date("2016-02-30"));
    CHECK_FALSE(parse_date("2016-04-31"));
    CHECK_FALSE(parse_date("2016-13-01"));
    CHECK_FALSE(parse_date("2016-00-10"));
    CHECK_FALSE(parse_date("2016-01-00"));
    CHECK_FALSE(parse_date("2016-1-01"));
    CHECK_FALSE(parse_date("2016/01/01"));
    CHECK_FALSE(parse_date(" 2016-01-01"));
    CHECK_FALSE(parse_date("2016-01-01T00:00"));
    CHECK_FALSE(parse_date("+016-01-01"));
    CHECK_FALSE(parse_date(""));

    CHECK(format_date(Date{2016, 3, 5}) == "2016-03-05");
    CHECK(format_date(Date{987, 12, 1}) == "0987-12-01");
}

TEST_CASE("A valid scenario loads with the exact values written in it", "[yaml]") {
    const std::string path = kScenarioDir + "tiny.yaml";
    const Scenario s = load_scenario(path);

    CHECK(s.name == "tiny-aegean");
    CHECK(s.source_path == path);
    CHECK(s.start == Date{2016, 1, 1});
    CHECK(s.days == 60);
    CHECK(s.seed == 42);
    CHECK(s.persons_per_agent == 10);
    CHECK(s.rules == RuleSet::routes);

    // movement: given values replace the defaults, the others stay
    const auto town = static_cast<int>(LocationType::town);
    const auto camp = static_cast<int>(LocationType::camp);
    const auto destination = static_cast<int>(LocationType::destination);
    const auto conflict = static_cast<int>(LocationType::conflict_zone);
    const MovementParams defaults;
    CHECK(s.movement.move_chance[town] == 0.4);
    CHECK(s.movement.move_chance[camp] == 0.002);
    CHECK(s.movement.move_chance[conflict] == defaults.move_chance[conflict]);
    CHECK(s.movement.attractiveness[destination] == 5.0);
    CHECK(s.movement.attractiveness[town] == defaults.attractiveness[town]);
    CHECK(s.movement.speed_km_per_day[static_cast<int>(LinkMode::sea)] == 100.0);
    CHECK(s.movement.speed_km_per_day[static_cast<int>(LinkMode::land)] == 360.0);
    CHECK(s.movement.softening_km == 5.0);
    CHECK(s.movement.distance_power == 1.5);
    CHECK(s.movement.capacity_buffer == 0.8);
    CHECK_FALSE(s.movement.avoid_backtracking);

    REQUIRE(s.countries.size() == 3);
    CHECK(s.countries[0].code == "SYR");
    CHECK(s.countries[0].name == "Syria");
    CHECK(s.countries[0].roles == std::vector<CountryRole>{CountryRole::origin});
    CHECK(s.countries[0].population == 21e6);
    CHECK(s.countries[1].name == "TUR");  // defaults to the code
    CHECK(s.countries[1].roles == std::vector<CountryRole>{CountryRole::first_asylum, CountryRole::transit});
    CHECK(s.countries[1].population == 0.0);
    CHECK(s.countries[2].gdp_usd == 219e9);

    REQUIRE(s.locations.size() == 4);
    const Location& aleppo = s.locations[0];
    CHECK(aleppo.name == "Aleppo");
    CHECK(aleppo.country == "SYR");
    CHECK(aleppo.type == LocationType::conflict_zone);
    CHECK(aleppo.latitude == 36.2);
    CHECK(aleppo.longitude == 37.16);
    CHECK(aleppo.population == 1.8e6);
    CHECK_FALSE(aleppo.capacity);
    CHECK_FALSE(aleppo.move_chance);
    CHECK_FALSE(aleppo.attractiveness);
    const Location& lesbos = s.locations[2];
    CHECK(lesbos.type == LocationType::landing);
    CHECK(lesbos.capacity == 20000.0);
    CHECK(lesbos.move_chance == 0.5);
    CHECK(lesbos.attractiveness == 2.5);
    CHECK(s.locations[3].type == LocationType::destination);

    REQUIRE(s.links.size() == 3);
    const LinkSpec& land = s.links[0];
    CHECK(land.name() == "Aleppo-Izmir");
    CHECK(land.distance_km == 1100.0);
    CHECK(land.mode == LinkMode::land);  // default
    CHECK(land.death_risk_per_crossing == 0.0);
    CHECK(land.death_risk_per_day == 0.0);
    CHECK_FALSE(land.speed_km_per_day);
    CHECK(land.two_way);
    const LinkSpec& sea = s.links[1];
    CHECK(sea.name() == "Izmir-Lesbos");
    CHECK(sea.mode == LinkMode::sea);
    CHECK(sea.death_risk_per_crossing == 0.002);
    CHECK(sea.speed_km_per_day == 100.0);
    CHECK_FALSE(sea.two_way);
    CHECK(s.links[2].death_risk_per_day == 0.0001);

    REQUIRE(s.initial.size() == 1);
    CHECK(s.initial[0].at == "Izmir");
    CHECK(s.initial[0].nationality == "SYR");
    CHECK(s.initial[0].persons == 50000.0);

    REQUIRE(s.spawn.size() == 3);
    const SpawnRule& constant = s.spawn[0];
    CHECK(constant.at == "Aleppo");
    CHECK(constant.per_day == 1500.0);
    CHECK(constant.table.empty());
    CHECK_FALSE(constant.share_of_population_per_day);
    CHECK(constant.from_day == 0);
    CHECK(constant.to_day == 30);  // 2016-01-31
    const SpawnRule& table = s.spawn[1];
    CHECK_FALSE(table.per_day);
    REQUIRE(table.table.size() == 2);
    CHECK(table.table[0].from_day == 0);
    CHECK(table.table[0].per_day == 100.0);
    CHECK(table.table[1].from_day == 60);  // 2016-03-01 in a leap year
    CHECK(table.table[1].per_day == 300.0);
    CHECK(table.from_day == 0);
    CHECK(table.to_day == std::numeric_limits<int>::max());
    const SpawnRule& share = s.spawn[2];
    CHECK(share.nationality == "IRQ");
    CHECK(share.share_of_population_per_day == 0.0001);
    CHECK(share.from_day == 10);  // a day index

    REQUIRE(s.policies.size() == 2);
    CHECK(s.policies[0].type == "pushback");
    CHECK(s.policies[0].source == path + ":43:5");
    CHECK(s.policies[0].yaml_text == "{type: pushback, links: [Izmir-Lesbos], probability: 0.8}");
    CHECK(s.policies[1].type == "search_and_rescue");
    CHECK(s.policies[1].source == path + ":44:5");
    CHECK(s.policies[1].yaml_text.find("coverage: 0.5") != std::string::npos);

    CHECK(s.resolved_yaml.find("name: tiny-aegean") != std::string::npos);
}

TEST_CASE("Optional keys take their documented defaults", "[yaml]") {
    const Scenario s = load_scenario_text(kMinimal, "minimal.yaml");
    const MovementParams defaults;
    CHECK(s.source_path == "minimal.yaml");
    CHECK(s.seed == 1);
    CHECK(s.persons_per_agent == 1);
    CHECK(s.rules == RuleSet::basic);
    for (int i = 0; i < kLocationTypeCount; ++i) CHECK(s.movement.move_chance[i] == defaults.move_chance[i]);
    CHECK(s.movement.avoid_backtracking);
    CHECK(s.countries[0].name == "AAA");
    CHECK(s.countries[0].roles.empty());
    CHECK(s.locations[0].type == LocationType::town);
    CHECK(s.links[0].two_way);
    CHECK(s.initial.empty());
    CHECK(s.spawn.empty());
    CHECK(s.policies.empty());

    // Empty optional lists, integer seeds, exponents, '+' signs and day indices.
    const Scenario t = load_scenario_text(kMinimal + "initial:\nspawn: []\npolicies:\nseed: 18446744073709551615\n"
                                                     "persons_per_agent: 1e2\n",
                                          "t.yaml");
    CHECK(t.seed == 18446744073709551615ull);
    CHECK(t.persons_per_agent == 100);
    const Scenario u = load_scenario_text(
        kMinimal + "spawn:\n  - {at: A, nationality: AAA, per_day: +5, from: 3, to: 2020-02-10}\n", "u.yaml");
    CHECK(u.spawn[0].per_day == 5.0);
    CHECK(u.spawn[0].from_day == 3);
    CHECK(u.spawn[0].to_day == 9);
}

namespace {

struct BadCase {
    const char* file;      // under tests/data/scenarios/bad/
    int line;              // 1-based line the message must point at
    int column;            // 1-based column, or 0 to leave it unchecked
    std::vector<const char*> phrases;
};

}  // namespace

TEST_CASE("Each malformed scenario gives its own specific error", "[yaml]") {
    const std::vector<BadCase> cases = {
        {"unknown_top_key", 16, 1, {"key 'seeed'", "unknown key 'seeed'", "did you mean 'seed'?"}},
        {"unknown_location_key", 11, 70, {"key 'locations[1].popluation'", "did you mean 'population'?"}},
        {"missing_days", 2, 1, {"key 'days'", "the key is missing"}},
        {"missing_lat", 11, 5, {"key 'locations[1].lat'", "expected a latitude", "the key is missing"}},
        {"bad_date", 3, 8, {"key 'start'", "expected a start date YYYY-MM-DD, found '2016/01/01'"}},
        {"feb30", 17, 56, {"key 'spawn[0].from'", "found '2016-02-30'", "February 2016 has 29 days"}},
        {"negative_distance", 15, 35, {"key 'links[1].km'", "expected a distance in km > 0, found '-20'"}},
        {"zero_distance", 14, 35, {"key 'links[0].km'", "expected a distance in km > 0, found '0'"}},
        {"probability_above_one", 15, 62, {"key 'links[1].death_risk'", "expected a probability in [0, 1], found '1.5'"}},
        {"bad_location_type", 11, 39,
         {"key 'locations[1].type'", "expected one of conflict_zone, town, camp, idpcamp", "found 'city'"}},
        {"bad_link_mode", 15, 45, {"key 'links[1].mode'", "expected one of land, sea, air, found 'boat'"}},
        {"bad_role", 6, 25,
         {"key 'countries[0].roles[0]'", "one of origin, first_asylum, transit, eu_member, other",
          "did you mean 'origin'?"}},
        {"bad_rules", 5, 8, {"key 'rules'", "expected one of basic, flee, routes, found 'agents'"}},
        {"unknown_country", 10, 29, {"key 'locations[0].country'", "unknown country 'SYX'", "did you mean 'SYR'?"}},
        {"unknown_link_endpoint", 15, 23, {"key 'links[1].to'", "unknown location 'Lesbo'", "did you mean 'Lesbos'?"}},
        {"unknown_initial_location", 17, 10,
         {"key 'initial[0].at'", "unknown location 'Smyrna'", "declared: Aleppo, Izmir, Lesbos"}},
        {"duplicate_location", 13, 12, {"duplicate location name 'Izmir'", "first declared at line 11"}},
        {"duplicate_country", 9, 12, {"duplicate country code 'TUR'", "first declared at line 7"}},
        {"duplicate_key", 12, 72, {"key 'locations[2].lat'", "expected each key once", "found 'lat' again"}},
        {"self_link", 16, 24, {"key 'links[2].to'", "a link cannot lead from a location to itself", "found 'Lesbos'"}},
        {"duplicate_link", 16, 5,
         {"key 'links[2]'", "a second link from 'Lesbos' to 'Izmir'", "link 'Izmir-Lesbos' at line 15"}},
        {"spawn_two_rates", 17, 5,
         {"key 'spawn[0]'", "expected exactly one of per_day, table, share_of_population_per_day",
          "found both per_day and share_of_population_per_day"}},
        {"spawn_no_rate", 17, 5, {"key 'spawn[0]'", "expected exactly one of per_day", "found none of them"}},
        {"spawn_to_before_from", 21, 9,
         {"key 'spawn[0].to'", "on or after 'from' (2016-01-20, day 19)", "found '2016-01-10'", "'to' is before 'from'"}},
        {"spawn_before_start", 17, 56, {"key 'spawn[0].from'", "found '2015-12-31'", "that date is before the start"}},
        {"spawn_table_order", 21, 16, {"key 'spawn[0].table[1].from'", "rows go in time order", "found '2016-01-02'"}},
        {"not_a_number", 12, 54, {"key 'locations[2].lat'", "expected a latitude in degrees in [-90, 90], found 'north'"}},
        {"list_instead_of_map", 5, 11, {"key 'movement'", "expected a map (movement parameters), found a list"}},
        {"syntax_error", 14, 3, {"YAML syntax error"}},
        {"empty", 1, 1, {"expected a scenario", "found an empty file"}},
        {"top_level_list", 2, 1, {"top level", "expected a scenario", "found a list"}},
        {"two_documents", 16, 1, {"expected a single YAML document, found more than one document"}},
        {"negative_persons", 17, 44, {"key 'initial[0].persons'", "expected a number of persons >= 0, found '-1000'"}},
        {"zero_days", 4, 7, {"key 'days'", "an integer in [1, 100000]", "found '0'"}},
        {"persons_per_agent_zero", 5, 20, {"key 'persons_per_agent'", "an integer >= 1", "found '0'"}},
        {"unknown_move_chance_type", 7, 5, {"key 'movement.move_chance.twon'", "did you mean 'town'?"}},
        {"zero_capacity", 12, 82, {"key 'locations[2].capacity'", "expected a capacity in persons > 0, found '0'"}},
        {"bad_bool", 15, 59, {"key 'links[1].two_way'", "expected true or false, found 'maybe'"}},
        {"policy_without_type", 17, 5, {"key 'policies[0].type'", "the key is missing"}},
        {"seed_negative", 5, 7, {"key 'seed'", "found '-1'"}},
    };
    CHECK(cases.size() >= 20);
    for (const auto& bad : cases) {
        const std::string relative = std::string("bad/") + bad.file + ".yaml";
        const std::string message = file_error(kScenarioDir + relative);
        INFO(relative << " -> " << message);
        std::string position = relative + ":" + std::to_string(bad.line) + ":";
        if (bad.column > 0) position += std::to_string(bad.column) + ":";
        CHECK(message.find(position) != std::string::npos);
        for (const char* phrase : bad.phrases) CHECK(message.find(phrase) != std::string::npos);
    }
}

TEST_CASE("A missing or unreadable file is an InputError naming it", "[yaml]") {
    const std::string missing = kScenarioDir + "bad/no_such_file.yaml";
    const std::string message = file_error(missing);
    CHECK(message.find(missing) != std::string::npos);
    CHECK(message.find("cannot read the scenario file") != std::string::npos);

    const std::string directory = file_error(kScenarioDir + "bad");
    CHECK(directory.find("it is a directory") != std::string::npos);
    CHECK(file_error("").find("empty path") != std::string::npos);
}

TEST_CASE("Errors in text name the display name, and values are checked as numbers", "[yaml]") {
    CHECK(text_error(kMinimal + "days: 3\n").find("inline.yaml:11:1: key 'days': expected each key once") !=
          std::string::npos);
    const std::string nan_lat = text_error(R"(name: x
start: 2020-01-01
days: 1
countries: [{code: A}]
locations: [{name: L, country: A, lat: .nan, lon: 0}]
links: []
)");
    CHECK(nan_lat.find("inline.yaml:5:40: key 'locations[0].lat'") != std::string::npos);
    const std::string big = text_error(kMinimal + "persons_per_agent: 1e999\n");
    CHECK(big.find("key 'persons_per_agent'") != std::string::npos);
    const std::string quoted_list = text_error(kMinimal + "initial:\n  - {at: A, nationality: [AAA], persons: 1}\n");
    CHECK(quoted_list.find("key 'initial[0].nationality'") != std::string::npos);
    CHECK(quoted_list.find("found a list") != std::string::npos);
    const std::string no_locations = text_error("name: x\nstart: 2020-01-01\ndays: 1\ncountries: [{code: A}]\n"
                                                "locations: []\nlinks: []\n");
    CHECK(no_locations.find("key 'locations': expected a non-empty list of locations, found an empty list") !=
          std::string::npos);
    const std::string table_row = text_error(kMinimal + "spawn:\n  - {at: A, nationality: X, table: [{from: 1}]}\n");
    CHECK(table_row.find("key 'spawn[0].table[0].per_day'") != std::string::npos);

    // Policy blocks: the loader checks the type and that keys are given once; modules check the rest.
    const std::string policy_type = text_error(kMinimal + "policies:\n  - {type: [pushback]}\n");
    CHECK(policy_type.find("inline.yaml:12:12: key 'policies[0].type': expected the policy's type") != std::string::npos);
    CHECK(policy_type.find("found a list") != std::string::npos);
    const std::string policy_twice =
        text_error(kMinimal + "policies:\n  - type: closure\n    links: [A-B]\n    links: [B-A]\n");
    CHECK(policy_twice.find("inline.yaml:14:5: key 'policies[0].links': expected each key once in a policy") !=
          std::string::npos);
    CHECK(policy_twice.find("first given at line 13") != std::string::npos);
}

TEST_CASE("A stray ',' where a document starts is a syntax error, not a hang", "[yaml]") {
    CHECK(text_error(",name: x\n").find("inline.yaml:1:1: YAML syntax error: unexpected ','") != std::string::npos);
    CHECK(text_error("{name: x}\n,\n").find("inline.yaml:2:1: YAML syntax error: unexpected ','") != std::string::npos);
}

TEST_CASE("The loader never crashes on hostile input", "[yaml]") {
    const std::vector<std::string> inputs = {
        std::string(5000, '['),
        std::string(100000, '{'),
        "{",
        ":",
        "- - - -",
        "\t\tname: x",
        "name: &a [*a]\nstart: 2020-01-01\n",
        "? [a, b]\n: c\n",
        "name: x\nstart: 2020-01-01\ndays: 1\ncountries: {code: A}\n",
        "name: x\nstart: 2020-01-01\ndays: 1\ncountries: [~]\n",
        "name: x\nstart: 2020-01-01\ndays: 1\ncountries: [{code: A}]\nlocations: [{name: &n [*n]}]\n",
        "name: x\nstart: 99999-01-01\ndays: 1\n",
        "name: x\nstart: 2020-01-01\ndays: 99999999999999999999999\n",
        std::string("name: \0\x01\x02\xff\xfe", 11),
        "%YAML 9.9\n---\nname: x\n",
        "!!binary name: x",
        "*unknown_alias",
        ",",                      // yaml-cpp 0.7's LoadAll loops forever on these (jbeder/yaml-cpp#1040)
        ",name: x\n",
        "name: [a, b]\n,\n",
        "[a, b]\n,",
    };
    for (const auto& input : inputs) {
        INFO(input.substr(0, 60));
        CHECK_THROWS_AS(load_scenario_text(input, "hostile.yaml"), InputError);
    }
}
