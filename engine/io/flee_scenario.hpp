// A Flee scenario folder as an engine Scenario: `migroute run FLEE_DIR` and `migroute validate FLEE_DIR`.
// The Flee inputs (io/flee_reader.hpp) become locations, links and countries of a Scenario with
// rules = flee; the inputs themselves travel with it (Scenario::flee) for the rule set
// (rules/flee/flee_rules.hpp) and the validation output (io/flee_output.hpp).
#pragma once

#include "rules/flee/inputs.hpp"
#include "model/scenario.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace migroute {

// The Scenario of already-read Flee inputs: one location per row of locations.csv (same order, so
// location ids are row indices), two directed links per route (ids follow the route graph), one
// country per distinct country name, rules = flee, persons_per_agent = 1 (hasten already scaled the
// inputs), the simulation period of sim_period.csv.
Scenario flee_scenario(std::shared_ptr<const flee::Inputs> inputs, std::uint64_t seed = 1);

// Reads a Flee folder and converts it. `overrides`: `seed=N` and `days=N` (at most the folder's
// Length) set the run; every other entry is a settings override `block.key=value`
// (e.g. `move_rules.awareness_level=2`, `optimisations.hasten=10`), applied after the settings YAML.
// settings_yaml: empty means FOLDER/simsetting.yml (Flee's defaults when that file is absent).
// Throws InputError for any problem, naming the file and line.
Scenario load_flee_scenario(const std::string& folder, const std::vector<std::string>& overrides = {},
                            const std::string& settings_yaml = "");

}  // namespace migroute
