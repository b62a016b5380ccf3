// The part every libFuzzer target shares: run one check, and turn a Finding into a crash that
// libFuzzer records (with the input that caused it).
#pragma once

#include <cstdio>
#include <cstdlib>

#include "harness.hpp"

namespace migroute::fuzz {

template <typename Check>
void run_check(Check&& check) {
    try {
        check();
    } catch (const Finding& finding) {
        std::fprintf(stderr, "FINDING: %s\n", finding.what());
        std::abort();
    }
}

}  // namespace migroute::fuzz
