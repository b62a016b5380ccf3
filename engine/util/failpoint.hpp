// Crash points for the crash-safety tests (tests/cli/test_crash_safety.cpp): when the environment
// variable MIGROUTE_FAILPOINT is NAME or NAME:VALUE, the process kills itself with SIGKILL the first
// time it reaches the point `NAME` (with that value), as a real crash would end it: no destructor,
// no handler, no flush. Points: "after-day" (value: days done, after any checkpoint of that day),
// "checkpoint-written" (value: the day; the temporary checkpoint file is complete but not yet
// renamed), "result-written" (the temporary result file is complete but not yet renamed).
// Unset (always, outside tests) it costs one branch.
#pragma once

#include <string_view>

namespace migroute {

void failpoint(std::string_view name, long value = -1);

}  // namespace migroute
