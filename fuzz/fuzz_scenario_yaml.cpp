// libFuzzer target: the scenario YAML loader (io/scenario_yaml.hpp) on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    migroute::fuzz::run_check([&] { migroute::fuzz::check_scenario_yaml(input); });
    return 0;
}
