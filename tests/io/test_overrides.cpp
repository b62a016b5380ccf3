// `--set PATH=VALUE` overrides: path syntax, where they reach, the errors they give, and the resolved
// YAML that records them.
#include "util/error.hpp"
#include "model/scenario.hpp"
#include "io/overrides.hpp"
#include "io/scenario_yaml.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace migroute;

namespace {

const std::string kTiny = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/scenarios/tiny.yaml";

std::string override_error(const std::vector<std::string>& overrides, const std::string& path = kTiny) {
    try {
        load_scenario(path, overrides);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& phrase) { return text.find(phrase) != std::string::npos; }

// Everything but where the scenario came from.
void require_same_scenario(const Scenario& a, const Scenario& b) {
    CHECK(a.name == b.name);
    CHECK(a.start == b.start);
    CHECK(a.days == b.days);
    CHECK(a.seed == b.seed);
    CHECK(a.persons_per_agent == b.persons_per_agent);
    CHECK(a.rules == b.rules);
    for (int i = 0; i < kLocationTypeCount; ++i) {
        CHECK(a.movement.move_chance[i] == b.movement.move_chance[i]);
        CHECK(a.movement.attractiveness[i] == b.movement.attractiveness[i]);
    }
    for (int i = 0; i < kLinkModeCount; ++i) CHECK(a.movement.speed_km_per_day[i] == b.movement.speed_km_per_day[i]);
    CHECK(a.movement.softening_km == b.movement.softening_km);
    CHECK(a.movement.distance_power == b.movement.distance_power);
    CHECK(a.movement.capacity_buffer == b.movement.capacity_buffer);
    CHECK(a.movement.avoid_backtracking == b.movement.avoid_backtracking);
    REQUIRE(a.countries.size() == b.countries.size());
    for (std::size_t i = 0; i < a.countries.size(); ++i) {
        CHECK(a.countries[i].code == b.countries[i].code);
        CHECK(a.countries[i].name == b.countries[i].name);
        CHECK(a.countries[i].roles == b.countries[i].roles);
        CHECK(a.countries[i].population == b.countries[i].population);
        CHECK(a.countries[i].gdp_usd == b.countries[i].gdp_usd);
    }
    REQUIRE(a.locations.size() == b.locations.size());
    for (std::size_t i = 0; i < a.locations.size(); ++i) {
        const Location& x = a.locations[i];
        const Location& y = b.locations[i];
        CHECK(x.name == y.name);
        CHECK(x.country == y.country);
        CHECK(x.type == y.type);
        CHECK(x.latitude == y.latitude);
        CHECK(x.longitude == y.longitude);
        CHECK(x.population == y.population);
        CHECK(x.capacity == y.capacity);
        CHECK(x.move_chance == y.move_chance);
        CHECK(x.attractiveness == y.attractiveness);
    }
    REQUIRE(a.links.size() == b.links.size());
    for (std::size_t i = 0; i < a.links.size(); ++i) {
        const LinkSpec& x = a.links[i];
        const LinkSpec& y = b.links[i];
        CHECK(x.name() == y.name());
        CHECK(x.distance_km == y.distance_km);
        CHECK(x.mode == y.mode);
        CHECK(x.death_risk_per_crossing == y.death_risk_per_crossing);
        CHECK(x.death_risk_per_day == y.death_risk_per_day);
        CHECK(x.speed_km_per_day == y.speed_km_per_day);
        CHECK(x.two_way == y.two_way);
    }
    REQUIRE(a.initial.size() == b.initial.size());
    for (std::size_t i = 0; i < a.initial.size(); ++i) {
        CHECK(a.initial[i].at == b.initial[i].at);
        CHECK(a.initial[i].nationality == b.initial[i].nationality);
        CHECK(a.initial[i].persons == b.initial[i].persons);
    }
    REQUIRE(a.spawn.size() == b.spawn.size());
    for (std::size_t i = 0; i < a.spawn.size(); ++i) {
        const SpawnRule& x = a.spawn[i];
        const SpawnRule& y = b.spawn[i];
        CHECK(x.at == y.at);
        CHECK(x.nationality == y.nationality);
        CHECK(x.per_day == y.per_day);
        CHECK(x.share_of_population_per_day == y.share_of_population_per_day);
        CHECK(x.from_day == y.from_day);
        CHECK(x.to_day == y.to_day);
        REQUIRE(x.table.size() == y.table.size());
        for (std::size_t r = 0; r < x.table.size(); ++r) {
            CHECK(x.table[r].from_day == y.table[r].from_day);
            CHECK(x.table[r].per_day == y.table[r].per_day);
        }
    }
    REQUIRE(a.policies.size() == b.policies.size());
    for (std::size_t i = 0; i < a.policies.size(); ++i) {
        CHECK(a.policies[i].type == b.policies[i].type);
        CHECK(a.policies[i].yaml_text == b.policies[i].yaml_text);
    }
}

}  // namespace

TEST_CASE("Override paths parse into keys, indices and names", "[overrides]") {
    const Override plain = parse_override("movement.move_chance.town=0.4");
    CHECK(plain.path_text == "movement.move_chance.town");
    CHECK(plain.value == "0.4");
    REQUIRE(plain.path.size() == 3);
    CHECK(plain.path[2].kind == OverrideStep::Kind::key);
    CHECK(plain.path[2].text == "town");

    const Override indexed = parse_override("policies[0].links[12]=Edirne-Orestiada");
    REQUIRE(indexed.path.size() == 4);
    CHECK(indexed.path[1].kind == OverrideStep::Kind::index);
    CHECK(indexed.path[1].index == 0);
    CHECK(indexed.path[3].index == 12);
    CHECK(indexed.value == "Edirne-Orestiada");

    // Brackets may hold dots, spaces and '='; the first '=' outside brackets ends the path.
    const Override named = parse_override("locations[St. Petersburg=North].population=a=b");
    REQUIRE(named.path.size() == 3);
    CHECK(named.path[1].kind == OverrideStep::Kind::name);
    CHECK(named.path[1].text == "St. Petersburg=North");
    CHECK(named.value == "a=b");

    const Override spaced = parse_override(" seed = 7 ");
    CHECK(spaced.path_text == "seed");
    CHECK(spaced.value == "7");
    CHECK(parse_override("name=").value.empty());

    CHECK(child_key_path("", "seed") == "seed");
    CHECK(child_key_path("locations[2]", "population") == "locations[2].population");
    CHECK(child_index_path("locations", 2) == "locations[2]");
}

TEST_CASE("Malformed --set text is an InputError naming the argument", "[overrides]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"seed", "found no '='"},
        {"=7", "an empty path"},
        {"  =7", "an empty path"},
        {"locations[0=1", "unbalanced brackets"},
        {"locations]0[.x=1", "unbalanced brackets"},
        {"locations[[0]].x=1", "unbalanced brackets"},
        {"locations[0].x]=1", "unbalanced brackets"},
        {"locations[].x=1", "an empty selector"},
        {"movement..town=1", "an empty key"},
        {".seed=1", "an empty key"},
        {"seed.=1", "an empty key"},
        {"[0].x=1", "a path starts with a key"},
        {"locations[0]x=1", "after ']'"},
        {"locations.[0]=1", "an empty key"},
    };
    for (const auto& [argument, phrase] : cases) {
        INFO(argument);
        std::string message;
        try {
            parse_override(argument);
        } catch (const InputError& error) {
            message = error.what();
        }
        CHECK(contains(message, "--set '" + argument + "'"));
        CHECK(contains(message, phrase));
        // and the same through the loader
        CHECK(contains(override_error({argument}), "--set '" + argument + "'"));
    }
}

TEST_CASE("Overrides reach scalars at the top level, by index, by name and by link name", "[overrides]") {
    const Scenario base = load_scenario(kTiny);
    const Scenario s = load_scenario(kTiny, {"seed=7", "policies[0].probability=0.5", "locations[Aleppo].population=2e6",
                                             "links[Izmir-Lesbos].death_risk=0.01", "movement.move_chance.town=0.25",
                                             "countries[TUR].population=85e6", "spawn[1].table[1].from=2016-02-01",
                                             "locations[3].type=camp", "links[0].two_way=false"});
    CHECK(base.seed == 42);
    CHECK(s.seed == 7);
    CHECK(contains(s.policies[0].yaml_text, "probability: 0.5"));
    CHECK(s.locations[0].population == 2e6);
    CHECK(s.links[1].death_risk_per_crossing == 0.01);
    CHECK(s.movement.move_chance[static_cast<int>(LocationType::town)] == 0.25);
    CHECK(s.movement.move_chance[static_cast<int>(LocationType::camp)] == 0.002);  // untouched neighbour
    CHECK(s.countries[1].population == 85e6);
    CHECK(s.spawn[1].table[1].from_day == 31);
    CHECK(s.locations[3].type == LocationType::camp);
    CHECK_FALSE(s.links[0].two_way);
    // Nothing else moved.
    CHECK(s.links[0].distance_km == base.links[0].distance_km);
    CHECK(s.locations[1].population == base.locations[1].population);

    // A later override of the same value wins.
    CHECK(load_scenario(kTiny, {"seed=7", "seed=8"}).seed == 8);
}

TEST_CASE("Overrides create missing keys, and strict validation still applies", "[overrides]") {
    // A known key that the file leaves out.
    const Scenario capped = load_scenario(kTiny, {"locations[Izmir].capacity=1000"});
    CHECK(capped.locations[1].capacity == 1000.0);

    // Maps on the way are created too.
    const std::string minimal = R"(name: minimal
start: 2020-02-01
days: 30
countries: [{code: AAA}]
locations:
  - {name: A, country: AAA, lat: 0, lon: 0}
  - {name: B, country: AAA, lat: 1, lon: 1}
links: [{from: A, to: B, km: 100}]
)";
    const Scenario created = load_scenario_text(minimal, "minimal.yaml", {"movement.move_chance.town=0.4"});
    CHECK(created.movement.move_chance[static_cast<int>(LocationType::town)] == 0.4);
    CHECK(contains(created.resolved_yaml, "town: 0.4"));

    // An unknown key is the strict unknown-key error, attributed to the --set argument.
    const std::string typo = override_error({"movement.move_chance.twon=0.3"});
    CHECK(contains(typo, "--set 'movement.move_chance.twon=0.3': key 'movement.move_chance.twon'"));
    CHECK(contains(typo, "unknown key 'twon'"));
    CHECK(contains(typo, "did you mean 'town'?"));
    const std::string top = override_error({"sede=3"});
    CHECK(contains(top, "--set 'sede=3': key 'sede'"));
    CHECK(contains(top, "did you mean 'seed'?"));
    const std::string nested = override_error({"movment.softening_km=3"});
    CHECK(contains(nested, "--set 'movment.softening_km=3': key 'movment'"));
    CHECK(contains(nested, "did you mean 'movement'?"));

    // Values set by an override are validated like values in the file, and the message names the argument.
    CHECK(contains(override_error({"days=0"}), "--set 'days=0': key 'days': expected a number of days"));
    CHECK(contains(override_error({"locations[Aleppo].lat=north"}),
                   "--set 'locations[Aleppo].lat=north': key 'locations[0].lat': expected a latitude"));
    CHECK(contains(override_error({"links[Izmir-Lesbos].death_risk=1.2"}), "expected a probability in [0, 1], found '1.2'"));
    CHECK(contains(override_error({"links[0].to=Lesbo"}), "unknown location 'Lesbo'; did you mean 'Lesbos'?"));
    CHECK(contains(override_error({"name="}), "--set 'name=': key 'name'"));
    CHECK(contains(override_error({"policies[1]={coverage: 1}"}), "--set 'policies[1]={coverage: 1}': key 'policies[1].type'"));
    // Errors in values that came from the file still point at the file.
    CHECK(contains(override_error({"seed=3", "start=2016-01-02"}), "tiny.yaml:39:57: key 'spawn[0].from'"));
}

TEST_CASE("A path to a missing list element is an error listing the valid names", "[overrides]") {
    const std::string link = override_error({"links[Izmir-Lesbo].death_risk=0.01"});
    CHECK(contains(link, "--set 'links[Izmir-Lesbo].death_risk=0.01'"));
    CHECK(contains(link, "no element named 'Izmir-Lesbo' in 'links'"));
    CHECK(contains(link, "valid names: Aleppo-Izmir, Izmir-Lesbos, Lesbos-Athens"));

    const std::string index = override_error({"locations[7].lat=1"});
    CHECK(contains(index, "'locations' has no element [7]"));
    CHECK(contains(index, "valid names: Aleppo, Izmir, Lesbos, Athens"));

    CHECK(contains(override_error({"countries[SYX].population=1"}), "valid names: SYR, TUR, GRC"));
    CHECK(load_scenario(kTiny, {"countries[Syria].population=1"}).countries[0].population == 1.0);
    CHECK(load_scenario(kTiny, {"countries[SYR].population=2"}).countries[0].population == 2.0);

    CHECK(contains(override_error({"name.first=x"}), "'name' is a single value, not a map"));
    CHECK(contains(override_error({"locations.Aleppo=1"}), "'locations' is a list, not a map"));
    CHECK(contains(override_error({"movement[0]=1"}), "'movement' is a map, not a list"));
    CHECK(contains(override_error({"name=[unclosed"}), "is not valid YAML"));

    // A name that two elements answer to must be selected by index.
    const std::string ambiguous = R"(name: x
start: 2020-01-01
days: 1
countries: [{code: A}]
locations:
  - {name: P-Q, country: A, lat: 0, lon: 0}
  - {name: R, country: A, lat: 0, lon: 1}
  - {name: P, country: A, lat: 1, lon: 0}
  - {name: Q-R, country: A, lat: 1, lon: 1}
links:
  - {from: P-Q, to: R, km: 1}
  - {from: P, to: Q-R, km: 1}
)";
    std::string message;
    try {
        load_scenario_text(ambiguous, "ambiguous.yaml", {"links[P-Q-R].km=2"});
    } catch (const InputError& error) {
        message = error.what();
    }
    CHECK(contains(message, "matches elements [0] and [1]"));
    CHECK(load_scenario_text(ambiguous, "ambiguous.yaml", {"links[1].km=2"}).links[1].distance_km == 2.0);
}

TEST_CASE("The resolved YAML records the overrides and reloads to the same scenario", "[overrides]") {
    const std::vector<std::string> overrides = {"links[Izmir-Lesbos].death_risk=0.01", "seed=7",
                                                "locations[Izmir].capacity=1000", "policies[0].probability=0.5"};
    const Scenario first = load_scenario(kTiny, overrides);
    CHECK(contains(first.resolved_yaml, "death_risk: 0.01"));
    CHECK(contains(first.resolved_yaml, "seed: 7"));
    CHECK(contains(first.resolved_yaml, "capacity: 1000"));
    CHECK(contains(first.resolved_yaml, "probability: 0.5"));
    CHECK_FALSE(contains(first.resolved_yaml, "seed: 42"));

    const Scenario again = load_scenario_text(first.resolved_yaml, "resolved.yaml");
    require_same_scenario(first, again);
    CHECK(again.resolved_yaml == first.resolved_yaml);

    // Without overrides too.
    const Scenario plain = load_scenario(kTiny);
    require_same_scenario(plain, load_scenario_text(plain.resolved_yaml, "resolved.yaml"));
}

TEST_CASE("Override origins: the longest recorded path that contains the node", "[overrides]") {
    const std::vector<OverrideOrigin> origins = {{"movement", "movement.move_chance.town=1"},
                                                 {"movement.softening_km", "movement.softening_km=2"},
                                                 {"locations[1]", "locations[1]={name: X}"}};
    CHECK(find_override_origin(origins, "seed") == nullptr);
    CHECK(find_override_origin(origins, "movement.move_chance.town")->argument == "movement.move_chance.town=1");
    CHECK(find_override_origin(origins, "movement.softening_km")->argument == "movement.softening_km=2");
    CHECK(find_override_origin(origins, "locations[1].lat")->argument == "locations[1]={name: X}");
    CHECK(find_override_origin(origins, "locations[10].lat") == nullptr);
    CHECK(find_override_origin(origins, "movements") == nullptr);
}
