#!/usr/bin/env bash
# Installs what migroute needs on Debian 12 (bookworm), then configures and builds it.
#
# Usage: tools/setup.sh [options] [-- extra cmake arguments]
#   --no-install        do not install system packages (clusters without root: provide the
#                       libraries yourself and point CMAKE_PREFIX_PATH at them)
#   --no-build          install packages only
#   --build-dir DIR     build folder (default: build/ in the repository, or $MIGROUTE_BUILD_DIR)
#   --build-type TYPE   CMake build type (default: Release)
#   --target NAME       build only this target (default: everything, tests included)
#   -D NAME=VALUE, -DNAME=VALUE
#                       passed on to cmake, as is everything after --
#   -h, --help          this help
# Environment: CMAKE_PREFIX_PATH (where CMake looks for libraries), MIGROUTE_JOBS (parallel build
# jobs, default: the number of processors), CI (warnings become errors when set).
set -euo pipefail

# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

install_packages=1
build=1
build_dir="${MIGROUTE_BUILD_DIR:-${MIGROUTE_ROOT}/build}"
build_type=Release
cmake_target=""
cmake_args=()
while (($# > 0)); do
  case "$1" in
    --no-install) install_packages=0 ;;
    --no-build) build=0 ;;
    --build-dir)
      [[ $# -ge 2 ]] || die "--build-dir needs a folder"
      build_dir="$2"
      shift
      ;;
    --build-dir=*) build_dir="${1#*=}" ;;
    --build-type)
      [[ $# -ge 2 ]] || die "--build-type needs a value (Release, Debug, RelWithDebInfo)"
      build_type="$2"
      shift
      ;;
    --build-type=*) build_type="${1#*=}" ;;
    --target)
      [[ $# -ge 2 ]] || die "--target needs a target name"
      cmake_target="$2"
      shift
      ;;
    --target=*) cmake_target="${1#*=}" ;;
    -D)
      [[ $# -ge 2 ]] || die "-D needs NAME=VALUE"
      cmake_args+=("-D$2")
      shift
      ;;
    -D*) cmake_args+=("$1") ;;
    --)
      shift
      cmake_args+=("$@")
      break
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown option '$1' (see tools/setup.sh --help)" ;;
  esac
  shift
done

if ((install_packages)); then
  ensure_debian_packages install
else
  log "--no-install: not installing system packages"
  ensure_debian_packages check
fi

if ((build)); then
  build_dir="$(absolute_path "${build_dir}")"
  command -v cmake >/dev/null 2>&1 || die "cmake not found; install it or load a module that provides it"
  configure_and_build "${build_dir}" "${build_type}" "${cmake_target}" "${cmake_args[@]}"
  log "build ready in ${build_dir}"
fi
