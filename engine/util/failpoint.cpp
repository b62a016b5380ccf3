#include "util/failpoint.hpp"

#include <csignal>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace migroute {

void failpoint(std::string_view name, long value) {
    static const char* const spec = std::getenv("MIGROUTE_FAILPOINT");
    if (spec == nullptr || *spec == '\0') return;
    const std::string_view s(spec);
    const auto colon = s.find(':');
    if (s.substr(0, colon) != name) return;
    if (colon != std::string_view::npos && std::to_string(value) != s.substr(colon + 1)) return;
    ::kill(::getpid(), SIGKILL);
    ::pause();  // SIGKILL is delivered before kill() returns to a single-threaded caller; never here
}

}  // namespace migroute
