// The checks on YAML text before yaml-cpp builds a tree (io/yaml_guard.hpp): size, nesting depth, an
// alias inside the node it names, aliases that multiply. Each through scan_yaml with small limits, and
// each through the three places that load YAML: a scenario file, a `--set` value, Flee settings.
#include "io/yaml_guard.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "model/scenario.hpp"
#include "io/flee_reader.hpp"
#include "io/scenario_yaml.hpp"

using namespace migroute;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

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

std::string text_error(const std::string& text, const std::vector<std::string>& overrides = {}) {
    try {
        load_scenario_text(text, "inline.yaml", overrides);
    } catch (const InputError& error) {
        return error.what();
    }
    return "no error";
}

// Ten levels of lists of ten aliases each: 10^10 nodes once expanded, in 300 bytes.
std::string billion_laughs() {
    // Appended piece by piece: `"a" + std::to_string(level)` trips GCC 12's -Wrestrict false positive.
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level <= 10; ++level) {
        const std::string number = std::to_string(level);
        const std::string previous = std::to_string(level - 1);
        text.append("a").append(number).append(": &a").append(number).append(" [");
        for (int i = 0; i < 10; ++i) text.append(i == 0 ? "" : ", ").append("*a").append(previous);
        text.append("]\n");
    }
    return text;
}

std::string nested_lists(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

}  // namespace

TEST_CASE("scan_yaml finds no problem in ordinary YAML, anchors and aliases included", "[yaml][guard]") {
    const YamlScan scan = scan_yaml("a: &x {b: [1, 2]}\nc: *x\nd: *x\n");
    CHECK_FALSE(scan.problem);
    CHECK(scan.document_starts.size() == 1);
    CHECK(scan_yaml("a: 1\n---\nb: 2\n").document_starts.size() == 2);
    CHECK(scan_yaml("").document_starts.empty());
}

TEST_CASE("scan_yaml reports text over the size limit without parsing it", "[yaml][guard]") {
    YamlLimits limits;
    limits.max_bytes = 10;
    const auto problem = scan_yaml("a: [1, 2, 3]\n", limits).problem;
    REQUIRE(problem);
    CHECK(problem->mark.line == -1);
    CHECK(problem->expected == "at most 10 bytes");
    CHECK(problem->found == "13 bytes");
    CHECK_FALSE(scan_yaml("a: [1, 2]\n", limits).problem);
}

TEST_CASE("scan_yaml reports nesting deeper than the limit, with the path and position", "[yaml][guard]") {
    YamlLimits limits;
    limits.max_depth = 3;
    CHECK_FALSE(scan_yaml("a: {b: [1]}\n", limits).problem);
    const auto problem = scan_yaml("a: {b: [{c: 1}]}\n", limits).problem;
    REQUIRE(problem);
    CHECK(problem->path == "a.b[0]");
    CHECK(problem->mark.line == 0);
    CHECK(problem->mark.column == 8);
    CHECK(problem->expected == "at most 3 levels of lists and maps inside each other");
    CHECK(problem->found == "a map at level 4");
}

TEST_CASE("scan_yaml reports an alias inside the node it names", "[yaml][guard]") {
    for (const char* text : {"a: &x [*x]\n", "a: &x {b: [1, {c: *x}]}\n", "&x {a: *x}\n"}) {
        INFO(text);
        const auto problem = scan_yaml(text).problem;
        REQUIRE(problem);
        CHECK(problem->expected == "an alias of a node defined before it");
        CHECK_THAT(problem->found, StartsWith("'*x' inside the node it names"));
    }
    const auto problem = scan_yaml("a: &x {b: [1, {c: *x}]}\n").problem;
    REQUIRE(problem);
    CHECK(problem->path == "a.b[1].c");
    CHECK(problem->mark.column == 18);
    // An anchor used again after its node ends is fine; so is a name given to a second anchor.
    CHECK_FALSE(scan_yaml("a: &x [1]\nb: [*x, &x [2], *x]\n").problem);
}

TEST_CASE("scan_yaml counts the nodes aliases stand for, aliases inside them included", "[yaml][guard]") {
    YamlLimits limits;
    limits.max_alias_nodes = 10;
    // *x stands for 3 nodes (the list and two scalars): three uses are 9, four are 12.
    CHECK_FALSE(scan_yaml("a: &x [1, 2]\nb: [*x, *x, *x]\n", limits).problem);
    const auto problem = scan_yaml("a: &x [1, 2]\nb: [*x, *x, *x, *x]\n", limits).problem;
    REQUIRE(problem);
    CHECK(problem->path == "b[3]");
    CHECK(problem->expected == "aliases that stand for at most 10 nodes in all");
    CHECK_THAT(problem->found, StartsWith("more at '*x' (3 nodes)"));
    // *y holds two uses of *x: 1 + 2 x 3 = 7 nodes.
    const auto nested = scan_yaml("a: &x [1, 2]\nb: &y [*x, *x]\nc: *y\n", limits).problem;
    REQUIRE(nested);
    CHECK_THAT(nested->found, StartsWith("more at '*y' (7 nodes)"));
    const auto laughs = scan_yaml(billion_laughs()).problem;
    REQUIRE(laughs);
    CHECK(laughs->expected == "aliases that stand for at most 1000000 nodes in all");
}

TEST_CASE("The scenario loader rejects deep nesting, alias cycles and multiplying aliases by file, line and key",
          "[yaml][guard]") {
    const std::string deep = text_error(kMinimal + "policies:\n  - {type: closure, x: " + nested_lists(70) + "}\n");
    CHECK_THAT(deep, StartsWith("inline.yaml:12:"));
    CHECK_THAT(deep, Contains("key 'policies[0].x"));
    CHECK_THAT(deep, Contains("expected at most 64 levels of lists and maps inside each other, found a list at level 65"));
    CHECK_THAT(text_error(nested_lists(5000)), Contains("found a list at level 65"));

    const std::string cycle = text_error(kMinimal + "policies:\n  - &p {type: closure, links: [A-B], again: *p}\n");
    CHECK_THAT(cycle, StartsWith("inline.yaml:12:45: key 'policies[0].again': expected an alias of a node defined before it, "
                                 "found '*p' inside the node it names"));

    const std::string laughs = text_error(billion_laughs());
    CHECK_THAT(laughs, StartsWith("inline.yaml:"));
    CHECK_THAT(laughs, Contains("expected aliases that stand for at most 1000000 nodes in all, found more at '*a"));

    // The size limit is checked before anything else (a 512 MiB text is not built here).
    CHECK(kMaxScenarioFileBytes == 512u << 20);
}

TEST_CASE("Aliases that do not multiply still load: a spawn table shared by two rules", "[yaml][guard]") {
    const Scenario scenario = load_scenario_text(
        kMinimal + "spawn:\n  - {at: A, nationality: X, table: &t [{from: 0, per_day: 5}, {from: 3, per_day: 7}]}\n"
                   "  - {at: A, nationality: Y, table: *t}\n",
        "inline.yaml");
    REQUIRE(scenario.spawn.size() == 2);
    REQUIRE(scenario.spawn[1].table.size() == 2);
    CHECK(scenario.spawn[1].table[1].per_day == 7.0);
}

TEST_CASE("A --set value gets the same checks as the file", "[yaml][guard][overrides]") {
    CHECK_THAT(text_error(kMinimal, {"name=&a [*a]"}),
               StartsWith("--set 'name=&a [*a]': the value at '[0]': expected an alias of a node defined before it, "
                          "found '*a' inside the node it names"));
    const std::string deep = "name=" + nested_lists(100);
    CHECK_THAT(text_error(kMinimal, {deep}),
               Contains("expected at most 64 levels of lists and maps inside each other, found a list at level 65"));
    // yaml-cpp quotes the character after a backslash as it is (here a carriage return): the message
    // shows it as '?', and the argument too.
    const std::string escape = text_error(kMinimal, {"name=\"\\\r\""});
    CHECK(escape == "--set 'name=\"\\?\"': the value '\"\\?\"' is not valid YAML: unknown escape character: ?");
    CHECK_THAT(text_error("name: \"\\\r\"\n"), Equals("inline.yaml:1:10: YAML syntax error: unknown escape character: ?"));
    CHECK_THAT(text_error("name: Le\xc5\xff\xff\n"), Equals("inline.yaml:1:9: expected UTF-8 text, found the byte 0xc5, which is not UTF-8"));
    // Found by fuzzing: yaml-cpp read this value, a character and three NULs first, as UTF-32.
    CHECK_THAT(text_error(kMinimal, {std::string("name=\x01\0\0\0x", 10)}),
               EndsWith("the value: expected text without control characters but tab and line breaks, found the byte 0x01"));
    CHECK_THAT(text_error("name: a\tb\r\nstart: x\x7f\n"),
               Equals("inline.yaml:2:9: expected text without control characters but tab and line breaks, found the byte 0x7f"));
    CHECK_THAT(text_error(kMinimal, {"locations[A\xff].lat=1"}),
               Equals("--set 'locations[A\xff].lat=1': expected UTF-8 text, found the byte 0xff at byte 12"));
}

TEST_CASE("A --set path may not build a tree deeper than a file may hold", "[yaml][guard][overrides]") {
    // Each missing key on the way becomes a map; 20,000 of them took more than 2 GB before the limit.
    std::string path = "policies[0]";
    for (int i = 0; i < 20000; ++i) path += ".a";
    const std::string message = text_error(kMinimal, {path + "=1"});
    CHECK_THAT(message, StartsWith("--set 'policies[0].a.a.a"));
    CHECK_THAT(message, EndsWith("': expected PATH=VALUE (for example movement.move_chance.town=0.4), found a path of more "
                                 "than 64 steps"));
    std::string longest = "movement";
    for (int i = 1; i < 64; ++i) longest += ".a";
    CHECK_THAT(text_error(kMinimal, {longest + "=1"}), Contains("key 'movement.a': expected one of move_chance"));
}

TEST_CASE("Names, keys and file names from the input are quoted on one line in messages",
          "[yaml][guard]") {
    // Found by fuzzing: a "did you mean" with a name holding control characters, a policy key with a NUL.
    const std::string did_you_mean = text_error(
        "name: x\nstart: 2020-01-01\ndays: 1\ncountries: [{code: A}]\nlocations:\n"
        "  - {name: \"L\\x01\", country: A, lat: 0, lon: 0}\n  - {name: M, country: A, lat: 0, lon: 0}\n"
        "links: [{from: M, to: L, km: 1}]\n");
    CHECK_THAT(did_you_mean, EndsWith("found unknown location 'L'; did you mean 'L?'?"));
    const std::string policy_key = text_error(kMinimal + "policies:\n  - {type: closure, links: [A-B], \"x\\ny\\0\": 1}\n");
    CHECK_THAT(policy_key, Contains("key 'x\\ny?': expected one of"));
    for (const auto& message : {did_you_mean, policy_key}) CHECK(message.find_first_of("\n\r") == std::string::npos);

    // Found by fuzzing: a series file named in data_layout.csv with an escape character, in the path
    // that the Flee reader's message shows.
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / ("migroute_one_line_" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::copy(fs::path(MIGROUTE_SOURCE_DIR) / "tests/data/flee/minimal", folder, fs::copy_options::recursive);
    std::ofstream(folder / "source_data" / "data_layout.csv") << "C1,\x1b" "c1.csv\n";
    try {
        flee::read_flee_folder(folder.string());
        FAIL("no error");
    } catch (const InputError& error) {
        CHECK_THAT(error.what(), EndsWith("series file '\\x1bc1.csv' of 'C1' not found: expected the file " +
                                          (folder / "source_data").string() + "/?c1.csv"));
    }
    // Found by fuzzing: a location named with a control character, offered as "did you mean".
    std::ofstream(folder / "source_data" / "data_layout.csv") << "C1,c1.csv\n";
    std::ofstream(folder / "input_csv" / "locations.csv") << "A\x01,R,H,10,20,conflict_zone,0,1000\nT,R,H,11,21,town,,\n";
    std::ofstream(folder / "input_csv" / "routes.csv") << "A,T,100\n";
    try {
        flee::read_flee_folder(folder.string());
        FAIL("no error");
    } catch (const InputError& error) {
        CHECK_THAT(error.what(), EndsWith("routes.csv:1: column 1 (name1): unknown location 'A': expected a name from "
                                          "locations.csv (did you mean 'A?'?)"));
    }
    fs::remove_all(folder);
}

TEST_CASE("Flee settings get the same checks, in the file and in overrides", "[yaml][guard][flee]") {
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / ("migroute_yaml_guard_" + std::to_string(::getpid()));
    fs::create_directories(folder);
    const auto settings_error = [&](const std::string& text) {
        const fs::path path = folder / "simsetting.yml";
        std::ofstream(path) << text;
        try {
            flee::read_flee_settings(path.string());
        } catch (const InputError& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    const std::string file = (folder / "simsetting.yml").string();
    CHECK(settings_error("spawn_rules:\n  conflict_spawn_decay: &d [1, *d]\n") ==
          file + ":2:32: 'spawn_rules.conflict_spawn_decay[1]': expected an alias of a node defined before it, found "
                 "'*d' inside the node it names (a cycle, which no reader of the file could finish)");
    CHECK_THAT(settings_error("move_rules: " + nested_lists(80) + "\n"),
               Contains("expected at most 64 levels of lists and maps inside each other"));
    CHECK_THAT(settings_error(billion_laughs()), Contains("expected aliases that stand for at most 1000000 nodes in all"));
    CHECK_THAT(settings_error("move_rules: {softening: \"\\\r\"}\n"), Contains("not valid YAML: unknown escape character: \\x0d"));
    CHECK_THAT(settings_error(std::string(2u << 20, '#')),
               Equals(file + ": expected at most 1048576 bytes, found 2097152 bytes"));
    try {
        flee::read_flee_settings("", {"spawn_rules.conflict_spawn_decay=&d [*d]"});
        FAIL("no error");
    } catch (const InputError& error) {
        CHECK_THAT(error.what(), StartsWith("setting override 'spawn_rules.conflict_spawn_decay=&d [*d]': '[0]': expected an "
                                            "alias of a node defined before it"));
    }
    fs::remove_all(folder);
}
