# shellcheck shell=bash
# Helpers shared by the tools/*.sh entry points. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After sourcing, MIGROUTE_ROOT is the absolute path of the repository.

MIGROUTE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MIGROUTE_ROOT

# The Python that runs the tools and tests: the system one, which has the Debian packages
# (python3-h5py, python3-xarray, ...). Override with MIGROUTE_PYTHON.
MIGROUTE_PYTHON="${MIGROUTE_PYTHON:-/usr/bin/python3}"

# Debian 12 (bookworm) packages that building, testing and plotting need.
MIGROUTE_DEBIAN_PACKAGES=(
  build-essential cmake g++ pkg-config git
  libboost-graph-dev libtbb-dev libhdf5-dev libyaml-cpp-dev catch2 librandom123-dev libcli11-dev
  libfmt-dev libbenchmark-dev libopenmpi-dev openmpi-bin
  python3-h5py python3-numpy python3-matplotlib python3-xarray python3-h5netcdf
  clang-14 libclang-rt-14-dev
)

# ---- messages ----------------------------------------------------------------------------------

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints a command, then runs it.
run() {
  printf '+ %s\n' "$*" >&2
  "$@"
}

# Number of parallel build jobs: MIGROUTE_JOBS, or the number of processors.
build_jobs() {
  if [[ -n "${MIGROUTE_JOBS:-}" ]]; then
    printf '%s\n' "${MIGROUTE_JOBS}"
  else
    nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2
  fi
}

# Formats a duration in seconds as "4 min 05 s".
format_seconds() {
  local seconds="$1"
  if ((seconds >= 60)); then
    printf '%d min %02d s' $((seconds / 60)) $((seconds % 60))
  else
    printf '%d s' "${seconds}"
  fi
}

# ---- system packages ---------------------------------------------------------------------------

# Prints the packages of MIGROUTE_DEBIAN_PACKAGES that are not installed, one a line.
missing_debian_packages() {
  local package status
  for package in "${MIGROUTE_DEBIAN_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "${package}" 2>/dev/null || true)"
    if [[ "${status}" != "installed" ]]; then
      printf '%s\n' "${package}"
    fi
  done
}

# Runs a command as root: directly when root, through sudo otherwise. sudo asks for a password only
# when there is a terminal to ask on.
as_root() {
  if [[ "${EUID}" -eq 0 ]]; then
    run "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then
      run sudo "$@"
    else
      run sudo -n "$@"
    fi
  else
    die "installing packages needs root, and sudo is not available; run as root, or use --no-install and provide the libraries yourself (see README.md, 'Building without root')"
  fi
}

# Installs the missing Debian packages; does nothing when all are present or when this is not a
# Debian-like system. With "check" as first argument, only reports what is missing.
ensure_debian_packages() {
  local mode="${1:-install}"
  if ! command -v dpkg-query >/dev/null 2>&1; then
    log "not a Debian system (no dpkg-query): skipping package installation"
    return 0
  fi
  local missing=()
  mapfile -t missing < <(missing_debian_packages)
  if ((${#missing[@]} == 0)); then
    log "all ${#MIGROUTE_DEBIAN_PACKAGES[@]} required Debian packages are installed"
    return 0
  fi
  if [[ "${mode}" == "check" ]]; then
    warn "these Debian packages are not installed: ${missing[*]}"
    warn "the build may still work if the libraries are provided otherwise (CMAKE_PREFIX_PATH, modules)"
    return 0
  fi
  log "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
}

# ---- build -------------------------------------------------------------------------------------

# configure_and_build BUILD_DIR BUILD_TYPE TARGET [extra cmake arguments...]
# Configures the project in BUILD_DIR and builds TARGET (everything when TARGET is empty).
# CMAKE_PREFIX_PATH from the environment is honoured by CMake itself.
configure_and_build() {
  local build_dir="$1" build_type="$2" target="$3"
  shift 3
  if [[ -n "${CMAKE_PREFIX_PATH:-}" ]]; then
    log "CMAKE_PREFIX_PATH=${CMAKE_PREFIX_PATH}"
  fi
  log "configuring (${build_type}) in ${build_dir}"
  run cmake -S "${MIGROUTE_ROOT}" -B "${build_dir}" -DCMAKE_BUILD_TYPE="${build_type}" "$@"
  local jobs
  jobs="$(build_jobs)"
  if [[ -n "${target}" ]]; then
    log "building ${target} with ${jobs} jobs"
    run cmake --build "${build_dir}" --parallel "${jobs}" --target "${target}"
  else
    log "building with ${jobs} jobs"
    run cmake --build "${build_dir}" --parallel "${jobs}"
  fi
}

# Runs the whole test suite of a build folder; returns ctest's status.
run_ctest() {
  local build_dir="$1"
  shift
  local jobs
  jobs="$(build_jobs)"
  log "running the test suite in ${build_dir}"
  (cd "${build_dir}" && run ctest --output-on-failure --no-tests=error --parallel "${jobs}" "$@")
}

# Absolute path of a directory given relative to the current directory or absolute.
absolute_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$(pwd)" "$1" ;;
  esac
}
