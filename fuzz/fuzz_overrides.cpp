// libFuzzer target: `--set PATH=VALUE` overrides (io/overrides.hpp), one a line, applied to a small
// scenario and loaded with it (harness.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    migroute::fuzz::run_check([&] { migroute::fuzz::check_overrides(input); });
    return 0;
}
