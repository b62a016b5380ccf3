#!/usr/bin/env bash
# The extra CI jobs, after tools/test.sh: builds with sanitizers and other checks that need their own
# build. One function per job; each builds in its own folder (build-asan/, ...) and times itself.
#
# Usage: tools/ci_extra.sh [--list] [JOB...]     (no JOB: all jobs, in order)
# Environment: MIGROUTE_JOBS (parallel build jobs), CMAKE_PREFIX_PATH, CI.
set -euo pipefail

# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The jobs, in the order they run. To add one: write job_<name> below and list <name> here.
ALL_JOBS=(
  sanitize_address_undefined
  sanitize_thread
  mpi_sweep
  fuzz_smoke
)

# ---- jobs --------------------------------------------------------------------------------------

# AddressSanitizer and UndefinedBehaviorSanitizer over the whole test suite except the MPI test
# (OpenMPI's own start-up allocations are reported as leaks; MPI runs are checked in job_mpi_sweep) and
# the tests labelled long (the reference results: full-size runs of every scenario, in Release only).
# Any report fails the job (-fno-sanitize-recover=all in the build, halt_on_error here). A Debug build (assertions on) at -O1,
# the level the sanitizers recommend, with line tables only (-g1): enough for stack traces, and much
# quicker to compile on the 2 cores of CI than -O2 -g.
job_sanitize_address_undefined() {
  local build_dir="${MIGROUTE_ROOT}/build-asan"
  configure_and_build "${build_dir}" Debug "" -DMIGROUTE_SANITIZE=address,undefined \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    run_ctest "${build_dir}" --timeout 1500 --label-exclude "mpi|long"
}

# ThreadSanitizer over the tests that run on more than one thread: the Catch2 tags [parallel]
# (simulations on 2 and 4 threads in one process, local sweeps and comparisons running runs side by
# side) and [determinism] (the CLI on 1, 2 and 4 threads, run as child processes of the test, built
# with ThreadSanitizer too). Runs are shortened in sanitizer builds (tests/sanitizer_build.hpp).
# Debian's oneTBB is not built for ThreadSanitizer: TBB_USE_PROFILING_TOOLS=2 and the ITT bridge
# (tools/tsan_itt_bridge.c) let ThreadSanitizer see TBB's synchronisation, and tools/tsan.supp
# suppresses TBB's reuse of its own task memory (never migroute's code); docs/ROBUSTNESS.md explains.
# Any report fails the job (halt_on_error). Same Debug -O1 -g1 build as the ASan job; only the test
# program and the CLI are built. MPI stays out.
job_sanitize_thread() {
  local build_dir="${MIGROUTE_ROOT}/build-tsan"
  configure_and_build "${build_dir}" Debug migroute_tests -DMIGROUTE_SANITIZE=thread \
    -DCMAKE_CXX_FLAGS=-DTBB_USE_PROFILING_TOOLS=2 "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1"
  local bridge="${build_dir}/libmigroute_tsan_itt.so"
  run "${CC:-cc}" -shared -fPIC -O1 -Wall -Wextra -Werror -o "${bridge}" "${MIGROUTE_ROOT}/tools/tsan_itt_bridge.c"
  log "running the [parallel] and [determinism] tests under ThreadSanitizer"
  (
    cd "${build_dir}/tests"
    export INTEL_LIBITTNOTIFY64="${bridge}" INTEL_ITTNOTIFY_GROUPS=sync
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=${MIGROUTE_ROOT}/tools/tsan.supp"
    run ./migroute_tests --durations yes "[parallel],[determinism]"
  )
}

# A sweep as an MPI task farm (mpirun -np 3 --oversubscribe) against the same sweep run locally: identical
# run files and manifest (tests/sweep/mpi_sweep_test.sh). Fails when no MPI is found: then no test is
# registered and ctest reports none. Reuses the Release build of tools/test.sh (MPI is on by default
# there), so the job costs no second build.
job_mpi_sweep() {
  local build_dir="${MIGROUTE_ROOT}/build"
  configure_and_build "${build_dir}" Release migroute -DMIGROUTE_WITH_MPI=ON
  (cd "${build_dir}" && run ctest --output-on-failure --no-tests=error -L mpi)
}

# libFuzzer on the three input loaders (fuzz/; docs/ROBUSTNESS.md, "Fuzzing the loaders"), 60 s each
# (MIGROUTE_FUZZ_SECONDS), from the seed corpus copied to a scratch folder (a fuzzer adds what it finds
# to its first corpus folder) and the past findings. Any finding fails the job: a crash, a sanitizer
# report, an input slower than 10 s, more than 2 GB of memory, or a broken promise of fuzz/harness.hpp;
# the input is kept in build-fuzz/findings/. Only the engine library and the three targets are built,
# with clang under AddressSanitizer and UndefinedBehaviorSanitizer, at -O1 -g1 as the ASan job.
job_fuzz_smoke() {
  local build_dir="${MIGROUTE_ROOT}/build-fuzz"
  local seconds="${MIGROUTE_FUZZ_SECONDS:-60}"
  configure_and_build "${build_dir}" Release migroute_fuzzers -DMIGROUTE_BUILD_FUZZERS=ON \
    -DCMAKE_C_COMPILER="${MIGROUTE_FUZZ_CC:-clang-14}" -DCMAKE_CXX_COMPILER="${MIGROUTE_FUZZ_CXX:-clang++-14}" \
    -DMIGROUTE_BUILD_TESTS=OFF -DMIGROUTE_WITH_MPI=OFF "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -g1" "-DCMAKE_C_FLAGS_RELEASE=-O1 -g1"
  local target corpus regressions
  mkdir -p "${build_dir}/findings"
  for target in scenario_yaml overrides flee_reader; do
    corpus="${build_dir}/fuzz-corpus/${target}"
    rm -rf "${corpus}"
    mkdir -p "${corpus}"
    cp "${MIGROUTE_ROOT}/tests/fuzz/corpus/${target}/"* "${corpus}/"
    regressions=()
    if [[ -d "${MIGROUTE_ROOT}/tests/fuzz/regressions/${target}" ]]; then
      regressions=("${MIGROUTE_ROOT}/tests/fuzz/regressions/${target}")
    fi
    log "fuzzing ${target} for ${seconds} s"
    run "${build_dir}/fuzz/fuzz_${target}" -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -dict="${MIGROUTE_ROOT}/fuzz/${target}.dict" \
      -artifact_prefix="${build_dir}/findings/${target}-" "${corpus}" "${regressions[@]}"
  done
}

# ---- driver ------------------------------------------------------------------------------------

FAILED_JOBS=()

# Runs one job in a subshell with errexit on, reports its time, and records a failure in FAILED_JOBS.
# Never call it in a condition (if, ||, &&): there bash ignores errexit inside, even after set -e.
run_job() {
  local job="$1" started=${SECONDS} status took
  log "job ${job}: start"
  set +e
  (
    set -e
    "job_${job}"
  )
  status=$?
  set -e
  took="$(format_seconds $((SECONDS - started)))"
  if ((status == 0)); then
    log "job ${job}: passed in ${took}"
  else
    log "job ${job}: FAILED (status ${status}) after ${took}"
    FAILED_JOBS+=("${job}")
  fi
}

main() {
  local jobs=()
  while (($# > 0)); do
    case "$1" in
      --list)
        printf '%s\n' "${ALL_JOBS[@]}"
        return 0
        ;;
      -h | --help)
        sed -n '2,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        return 0
        ;;
      -*) die "unknown option '$1'" ;;
      *)
        declare -F "job_$1" >/dev/null || die "unknown job '$1' (jobs: ${ALL_JOBS[*]})"
        jobs+=("$1")
        ;;
    esac
    shift
  done
  ((${#jobs[@]} > 0)) || jobs=("${ALL_JOBS[@]}")

  local started=${SECONDS} job
  for job in "${jobs[@]}"; do
    run_job "${job}"
  done
  log "extra CI jobs done in $(format_seconds $((SECONDS - started)))"
  if ((${#FAILED_JOBS[@]} > 0)); then
    die "failed jobs: ${FAILED_JOBS[*]}"
  fi
}

main "$@"
