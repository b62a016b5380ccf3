// Command-line overrides of scenario values: `--set PATH=VALUE`, applied to the YAML tree of a scenario
// before it is converted to typed structs, so that an override reaches any value and goes through the
// same validation as the file (see docs/SCENARIO.md, "Overrides").
//
// PATH syntax:
//   - dot-separated map keys:                   seed, movement.move_chance.town
//   - `[N]` (digits only) picks list element N,  counted from 0: policies[0].probability
//   - `[NAME]` picks the list element whose `name` equals NAME (locations[Aleppo].population), or whose
//     `code` equals NAME (countries[SYR].population), or whose `from` + "-" + `to` equals NAME
//     (links[Izmir-Lesbos].death_risk); a NAME made only of digits is read as an index.
//   - a key that does not exist in a map is created (with any maps on the way); strict validation then
//     rejects it unless it is a known key. A list element that does not exist is an error that lists the
//     valid names; overrides never add list elements.
// VALUE is parsed as YAML: normally a scalar (0.4, 2e6, 2016-03-20, Lesbos, true); a flow list or map
// ([origin, transit], {town: 0.4}) is accepted too; an empty VALUE is YAML's null.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace migroute {

// One step of an override path.
struct OverrideStep {
    enum class Kind { key, index, name };
    Kind kind = Kind::key;
    std::string text;        // the key (Kind::key) or NAME (Kind::name)
    std::size_t index = 0;   // the position (Kind::index)
};

// One parsed `--set` argument.
struct Override {
    std::string argument;  // the argument exactly as given, for error messages
    std::string path_text; // the PATH part
    std::vector<OverrideStep> path;
    std::string value;     // the VALUE part (YAML text)
};

// Where a value of the tree came from: the canonical path of a node that an override created or replaced
// (keys and [index] steps only, as the loader writes paths in its messages) and the `--set` argument.
struct OverrideOrigin {
    std::string path;
    std::string argument;
};

// Parses "PATH=VALUE". Throws InputError naming the argument when it is malformed (no '=', empty path
// or key, unbalanced or empty brackets).
Override parse_override(const std::string& argument);

// Applies one override to the tree (whose top level must be a map) and records what it created or
// replaced in `origins`. Throws InputError naming the argument when the path leads nowhere: through a
// missing list element (the message lists the valid names), into a scalar, or with a key on a list.
void apply_override(YAML::Node& root, const Override& override, std::vector<OverrideOrigin>& origins);

// Parses and applies the arguments in order; a later override wins over an earlier one.
std::vector<OverrideOrigin> apply_overrides(YAML::Node& root, const std::vector<std::string>& arguments);

// The override that produced the node at canonical `path` (the longest recorded path that is `path` or
// one of its ancestors), or nullptr when the node comes from the file.
const OverrideOrigin* find_override_origin(const std::vector<OverrideOrigin>& origins, std::string_view path);

// Canonical paths, shared by the loader's messages and the override bookkeeping:
// child_key_path("locations[2]", "population") == "locations[2].population",
// child_index_path("locations", 2) == "locations[2]", child_key_path("", "seed") == "seed".
std::string child_key_path(std::string_view parent, std::string_view key);
std::string child_index_path(std::string_view parent, std::size_t index);

}  // namespace migroute
