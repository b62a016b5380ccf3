// What one fuzz input is, and what counts as a finding, for each input loader. Shared by the libFuzzer
// targets (fuzz/fuzz_*.cpp) and by the test that replays the seed corpora and every past finding
// through the normal build (tests/fuzz/test_fuzz_replay.cpp).
//
// The loaders must answer any input with a value or an InputError. A check returns normally for both
// outcomes; it throws Finding when an outcome breaks a documented promise (a message without the file
// it is about, a resolved scenario that does not load back), and lets every other exception escape:
// std::out_of_range or YAML::Exception leaving a loader is a finding too, and so is a crash, a hang or
// a sanitizer report.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migroute::fuzz {

class Finding : public std::logic_error {
public:
    explicit Finding(const std::string& what) : std::logic_error(what) {}
};

// scenario_yaml: the input is a scenario file, loaded as "fuzz.yaml".
void check_scenario_yaml(std::string_view input);

// overrides: each line of the input (at most kMaxOverrideLines) is one `--set` argument, applied in
// order to kOverrideBaseScenario (a small scenario with every kind of list, loaded as "base.yaml").
inline constexpr std::size_t kMaxOverrideLines = 8;
extern const char* const kOverrideBaseScenario;
void check_overrides(std::string_view input);

// flee_reader: the input is a Flee folder as text. A line "=== NAME" starts the file NAME, which is
// simsetting.yml, input_csv/FILE or source_data/FILE (FILE: letters, digits, '_', '-', '.', not only
// dots); "=== overrides" starts the setting overrides of read_flee_folder, one a line. Text before
// the first such line is ignored. For example:
//   === input_csv/sim_period.csv
//   StartDate,2020-01-01
//   Length,10
//   === overrides
//   move_rules.max_move_speed=400
struct FleeFolder {
    std::vector<std::pair<std::string, std::string>> files;  // name, contents
    std::vector<std::string> overrides;
};
// nullopt when a NAME is not one of the above (the fuzzer then drops the input).
std::optional<FleeFolder> decode_flee_folder(std::string_view input);
// Writes the folder into `scratch` (emptied first) and reads it; false when the input does not decode.
bool check_flee_reader(std::string_view input, const std::string& scratch);

}  // namespace migroute::fuzz
