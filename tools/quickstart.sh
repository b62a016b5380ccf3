#!/usr/bin/env bash
# The quick start: installs what is missing, builds migroute, runs the ready scenario, and writes
# its result, plots and a short summary.
#
# Usage: tools/quickstart.sh [options] [setup options]
#   --scenario FILE     scenario to run (default: scenarios/mediterranean-2016/scenario.yaml)
#   --results DIR       where results go (default: results/ in the repository, or $MIGROUTE_RESULTS_DIR)
#   --seed S, --days N, --threads T
#                       passed on to 'migroute run'
#   setup options       as for tools/setup.sh (--no-install, --build-dir DIR, --build-type TYPE, -D...)
#   -h, --help          this help
# Writes, for a scenario named NAME (the scenario's folder, or the file name without .yaml):
#   RESULTS/NAME.h5            the result file (HDF5; docs/OUTPUT.md)
#   RESULTS/NAME/*.png         plots: population by location type, arrivals by country, deaths by link
#   RESULTS/NAME_summary.txt   the summary printed at the end
set -euo pipefail

# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

scenario="${MIGROUTE_ROOT}/scenarios/mediterranean-2016/scenario.yaml"
results_dir="${MIGROUTE_RESULTS_DIR:-${MIGROUTE_ROOT}/results}"
build_dir="${MIGROUTE_BUILD_DIR:-${MIGROUTE_ROOT}/build}"
run_args=()
setup_args=()
while (($# > 0)); do
  case "$1" in
    --scenario | --results | --seed | --days | --threads | --build-dir)
      [[ $# -ge 2 ]] || die "$1 needs a value"
      case "$1" in
        --scenario) scenario="$2" ;;
        --results) results_dir="$2" ;;
        --build-dir) build_dir="$2" ;;
        *) run_args+=("$1" "$2") ;;
      esac
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
scenario="$(absolute_path "${scenario}")"
results_dir="$(absolute_path "${results_dir}")"
build_dir="$(absolute_path "${build_dir}")"
[[ -f "${scenario}" ]] || die "scenario ${scenario} not found"

if [[ "$(basename "${scenario}")" == "scenario.yaml" ]]; then
  name="$(basename "$(dirname "${scenario}")")"
else
  name="$(basename "${scenario}")"
  name="${name%.yaml}"
  name="${name%.yml}"
fi
result="${results_dir}/${name}.h5"
plots="${results_dir}/${name}"
summary="${results_dir}/${name}_summary.txt"

started=${SECONDS}
"${MIGROUTE_ROOT}/tools/setup.sh" --build-dir "${build_dir}" --target migroute "${setup_args[@]}"
migroute="${build_dir}/engine/migroute"
[[ -x "${migroute}" ]] || die "the build did not produce ${migroute}"

log "checking the scenario ${scenario}"
run "${migroute}" check "${scenario}"

mkdir -p "${results_dir}"
log "running the scenario (${name})"
run "${migroute}" run "${scenario}" -o "${result}" "${run_args[@]}"

log "plotting into ${plots}/"
run "${MIGROUTE_PYTHON}" "${MIGROUTE_ROOT}/tools/plot_run.py" "${result}" -o "${plots}"

log "summary"
{
  "${migroute}" info "${result}"
  echo
  "${MIGROUTE_PYTHON}" "${MIGROUTE_ROOT}/tools/summarize_run.py" "${result}"
} >"${summary}"
echo
cat "${summary}"
echo
log "done in $(format_seconds $((SECONDS - started))):"
log "  result   ${result}"
log "  plots    ${plots}/"
log "  summary  ${summary}"
