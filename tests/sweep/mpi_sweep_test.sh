#!/usr/bin/env bash
# The same sweep run locally and as an MPI task farm (mpirun -np 3 --oversubscribe: rank 0 hands out runs,
# ranks 1 and 2 run them) gives identical run files (everything outside /run, `migroute diff`) and the
# same manifest apart from its timing column.
#
# Usage: mpi_sweep_test.sh MPIEXEC MIGROUTE SWEEP_FILE WORK_DIR
set -euo pipefail
mpiexec="$1" migroute="$2" sweep_file="$3" work="$4"

rm -rf "${work}"
mkdir -p "${work}"
"${migroute}" sweep "${sweep_file}" -o "${work}/local" --jobs 2 -q
"${mpiexec}" -np 3 --oversubscribe "${migroute}" sweep "${sweep_file}" -o "${work}/mpi" 2>"${work}/mpi.log" ||
  { cat "${work}/mpi.log"; exit 1; }
grep -q "sweep (mpi)" "${work}/mpi.log" || { echo "the sweep did not run as an MPI task farm:"; cat "${work}/mpi.log"; exit 1; }

runs=0
for file in "${work}"/local/run_*.h5; do
  name="$(basename "${file}")"
  [[ -f "${work}/mpi/${name}" ]] || { echo "missing in the MPI sweep: ${name}"; exit 1; }
  "${migroute}" diff "${file}" "${work}/mpi/${name}" >/dev/null || { echo "differs: ${name}"; exit 1; }
  runs=$((runs + 1))
done
((runs > 0)) || { echo "no run files"; exit 1; }

# The manifest without the timing column.
strip_timing() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_seconds") skip = i }
           { out = ""; for (i = 1; i <= NF; i++) if (i != skip) out = out (out == "" ? "" : ",") $i; print out }' "$1"
}
diff <(strip_timing "${work}/local/manifest.csv") <(strip_timing "${work}/mpi/manifest.csv") ||
  { echo "the manifests differ"; exit 1; }
echo "mpi sweep: ${runs} runs identical to the local sweep, same manifest"
