// Reads a Flee scenario folder (input_csv/, source_data/, settings YAML) into flee::Inputs.
// Every malformed input is a migroute::InputError whose message starts with "<file>:<line>: " (or
// "<file>: " for a missing file) and says what was expected and what was found. docs/FLEE.md
// describes the formats and the exact rules.
#pragma once

#include <string>
#include <vector>

#include "rules/flee/inputs.hpp"

namespace migroute::flee {

// Reads `folder`. settings_yaml_path: the settings YAML; empty means folder/simsetting.yml, and
// Flee's defaults when that file does not exist. setting_overrides: "block.key=value" (the value is
// YAML, e.g. "move_rules.max_move_speed=400" or "spawn_rules.conflict_spawn_decay=[1,0.5]"),
// applied after the file, in order.
Inputs read_flee_folder(const std::string& folder, const std::string& settings_yaml_path = "",
                        const std::vector<std::string>& setting_overrides = {});

// Settings alone: a settings YAML (empty path: Flee's defaults) and overrides.
Settings read_flee_settings(const std::string& settings_yaml_path,
                            const std::vector<std::string>& setting_overrides = {});

// True when `path` is a directory holding input_csv/locations.csv. Never throws.
bool is_flee_folder(const std::string& path) noexcept;

// The settings as a settings YAML with every key (Flee's key names), for output files and logs.
std::string format_settings_yaml(const Settings& settings);

}  // namespace migroute::flee
