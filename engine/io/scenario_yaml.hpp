// Scenario files: YAML text -> validated, typed Scenario (model/scenario.hpp). The schema is documented
// in docs/SCENARIO.md. Validation is strict: an unknown key, a value of the wrong type or out of range, a
// reference to something undeclared, a duplicate, is an InputError whose message reads
//   FILE:LINE:COLUMN: key 'PATH': expected WHAT, found 'WHAT WAS THERE'[; did you mean 'X'?]
// (or `--set 'ARGUMENT': key 'PATH': ...` when the value came from an override).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace migroute {

// Reads the file, applies the `--set PATH=VALUE` overrides in order (io/overrides.hpp), validates.
// Scenario::source_path = path; Scenario::resolved_yaml = the scenario after overrides as YAML text,
// which loads back to the same Scenario. Throws InputError on any problem, including a missing or
// unreadable file.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// The same from text; `display_name` stands for the file name in messages and in PolicySpec::source.
// Scenario::source_path = display_name.
Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides = {});

// Upper limits, so that a mistyped number fails at loading rather than exhausting memory in a run.
inline constexpr int kMaxScenarioDays = 100000;                          // about 270 years
inline constexpr std::uintmax_t kMaxScenarioFileBytes = 512u << 20;      // 512 MiB

}  // namespace migroute
