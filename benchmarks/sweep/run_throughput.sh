#!/usr/bin/env bash
# Sweep throughput and fixed cost per run (benchmarks/RESULTS.md, "Sweeps").
# Usage: benchmarks/sweep/run_throughput.sh [MIGROUTE] [OUTPUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
migroute="${1:-${here}/../../build/engine/migroute}"
out="${2:-/tmp/migroute-sweep-bench}"
rm -rf "${out}"
mkdir -p "${out}"

seconds() { date +%s.%N; }

# Fixed cost: 200 near-empty runs one at a time; wall time per run of the whole sweep command.
start=$(seconds)
"${migroute}" sweep "${here}/fixed_cost.yaml" -o "${out}/fixed" --jobs 1 --threads 1 -q
end=$(seconds)
awk -v s="${start}" -v e="${end}" 'BEGIN { printf "fixed cost: 200 runs in %.2f s, %.1f ms per run (start, load, graph, write, read-back)\n", e - s, 1000 * (e - s) / 200 }'
awk -F, 'NR > 1 { w += $NF; n++ } END { printf "fixed cost: mean wall_seconds inside run_scenario %.1f ms\n", 1000 * w / n }' "${out}/fixed/manifest.csv"

# Throughput: 1,000 runs of the 100,000-person, 365-day scenario on all cores (one run per core at once).
start=$(seconds)
"${migroute}" sweep "${here}/throughput.yaml" -o "${out}/throughput" 2>&1 | tail -1
end=$(seconds)
runs=$(awk -F, 'NR > 1 && $0 ~ /,done,/ { n++ } END { print n + 0 }' "${out}/throughput/manifest.csv")
awk -v s="${start}" -v e="${end}" -v n="${runs}" 'BEGIN { printf "throughput: %d runs in %.1f s: %.0f runs per minute\n", n, e - s, 60 * n / (e - s) }'
awk -F, 'NR > 1 { w += $NF; n++ } END { printf "throughput: mean wall_seconds per run %.3f s\n", w / n }' "${out}/throughput/manifest.csv"
