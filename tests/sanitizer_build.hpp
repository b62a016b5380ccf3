// Sanitizer builds (the sanitize_address_undefined and sanitize_thread jobs of tools/ci_extra.sh) run
// 5 to 15 times slower than a Release build, so the long runs of the suite are shortened there; what
// a run checks stays the same (docs/ROBUSTNESS.md, "Sanitizer builds").
#pragma once

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MIGROUTE_TEST_SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MIGROUTE_TEST_SANITIZER_BUILD 1
#endif
#endif
#ifndef MIGROUTE_TEST_SANITIZER_BUILD
#define MIGROUTE_TEST_SANITIZER_BUILD 0
#endif

namespace migroute::test {

// True in a build with AddressSanitizer or ThreadSanitizer.
inline constexpr bool kSanitizerBuild = MIGROUTE_TEST_SANITIZER_BUILD != 0;

// Days of a long run: `days`, or `sanitizer_days` in a sanitizer build.
constexpr int run_days(int days, int sanitizer_days) { return kSanitizerBuild ? sanitizer_days : days; }

}  // namespace migroute::test
