#!/usr/bin/env bash
# Builds migroute and runs the whole test suite (ctest). Exits non-zero on any failure.
#
# Usage: tools/test.sh [setup options] [-R REGEX] [-E REGEX]
#   setup options       as for tools/setup.sh (--no-install, --build-dir DIR, --build-type TYPE,
#                       -DNAME=VALUE, -- cmake arguments)
#   -R REGEX, -E REGEX  run only the tests matching / not matching REGEX (passed on to ctest)
#   -h, --help          this help
# Environment: as for tools/setup.sh; MIGROUTE_TEST_TIMEOUT (seconds per test, default 1500).
set -euo pipefail

# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

build_dir="${MIGROUTE_BUILD_DIR:-${MIGROUTE_ROOT}/build}"
setup_args=()
ctest_args=()
while (($# > 0)); do
  case "$1" in
    --build-dir)
      [[ $# -ge 2 ]] || die "--build-dir needs a folder"
      build_dir="$2"
      shift
      ;;
    --build-dir=*) build_dir="${1#*=}" ;;
    -R | -E)
      [[ $# -ge 2 ]] || die "$1 needs a regular expression"
      ctest_args+=("$1" "$2")
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      setup_args+=("$@")
      break
      ;;
    *) setup_args+=("$1") ;;
  esac
  shift
done
build_dir="$(absolute_path "${build_dir}")"

started=${SECONDS}
"${MIGROUTE_ROOT}/tools/setup.sh" --build-dir "${build_dir}" "${setup_args[@]}"
run_ctest "${build_dir}" --timeout "${MIGROUTE_TEST_TIMEOUT:-1500}" "${ctest_args[@]}"
log "all tests passed ($(format_seconds $((SECONDS - started))))"
