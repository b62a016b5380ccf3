#!/usr/bin/env bash
# Regenerates the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/, from the test data:
#   scenario_yaml  the scenario files of tests/data/scenarios/ (valid and bad) and the small policy
#                  scenarios of scenarios/, plus a few of anchors, aliases and flow style (written here)
#   overrides      real `--set` arguments from the tests and docs, one per file, and a few combinations
#   flee_reader    each folder of tests/data/flee/ in the text form of fuzz/harness.hpp
# Run from anywhere after changing the test data: fuzz/make_corpus.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${root}/tests/fuzz/corpus"
rm -rf "${corpus}"
mkdir -p "${corpus}/scenario_yaml" "${corpus}/overrides" "${corpus}/flee_reader"

# ---- scenario_yaml
cp "${root}/tests/data/scenarios/tiny.yaml" "${corpus}/scenario_yaml/tiny.yaml"
for file in "${root}"/tests/data/scenarios/bad/*.yaml; do
  cp "${file}" "${corpus}/scenario_yaml/bad_$(basename "${file}" .yaml | sed 's/^bad_//').yaml"
done
for folder in aid closure humanitarian_visa search_and_rescue; do
  [[ -f "${root}/scenarios/${folder}/scenario.yaml" ]] && cp "${root}/scenarios/${folder}/scenario.yaml" "${corpus}/scenario_yaml/${folder}.yaml"
done
cat > "${corpus}/scenario_yaml/anchors.yaml" <<'YAML'
name: anchors
start: 2016-01-01
days: 20
countries: [{code: A}, {code: B, roles: [eu_member]}]
locations:
  - &town {name: X, country: A, lat: 0, lon: 0, type: town}
  - {name: Y, country: B, lat: 1, lon: 1, type: destination}
links: [{from: X, to: Y, km: 100}]
spawn:
  - {at: X, nationality: SYR, table: &table [{from: 0, per_day: 10}, {from: 5, per_day: 20}]}
  - {at: X, nationality: IRQ, table: *table}
YAML
cat > "${corpus}/scenario_yaml/flow.yaml" <<'YAML'
{name: flow, start: 2016-01-01, days: 5, seed: 3, rules: basic, countries: [{code: A}], locations: [{name: X, country: A, lat: 0, lon: 0}, {name: Y, country: A, lat: 0, lon: 1}], links: [{from: X, to: Y, km: 10, two_way: true}], initial: [{at: X, nationality: A, persons: 10}]}
YAML

# ---- overrides
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s' "${line}" > "${corpus}/overrides/set_$(printf '%02d' "${n}")"
done <<'SETS'
days=6
seed=7
start=2016-01-02
name=
movement.move_chance.town=0.4
movement.softening_km=2
movment.softening_km=3
countries[SYR].population=2
countries[TUR].population=85e6
countries[Syria].population=1
locations[Aleppo].population=2e6
locations[Izmir].capacity=1000
locations[Aleppo].lat=north
locations[3].type=camp
locations[1]={name: X}
links[0].two_way=false
links[1].km=2
links[Izmir-Lesbos].death_risk=0.01
links[0].to=Lesbo
spawn[1].table[1].from=2016-01-05
spawn[0].per_day=[1, 2]
policies[0].probability=0.5
policies[1]={coverage: 1}
policies[0].links[0]=Lesbos-Athens
routes.destinations.default.Athens=2
locations[St. Petersburg=North].population=a=b
movement[0]=1
name=[unclosed
SETS
printf 'days=10\nseed=3\nmovement.move_chance.town=0.25\nlinks[Izmir-Lesbos].death_risk=0.1\n' > "${corpus}/overrides/combined_1"
printf 'locations[Lesbos].capacity=5\npolicies[0]={type: closure, links: [Aleppo-Izmir]}\nspawn[0].to=2016-01-10\n' > "${corpus}/overrides/combined_2"

# ---- flee_reader
for folder in "${root}"/tests/data/flee/*/; do
  name="$(basename "${folder}")"
  {
    for file in "${folder}"simsetting.yml "${folder}"input_csv/* "${folder}"source_data/*; do
      [[ -f "${file}" ]] || continue
      printf '=== %s\n' "${file#"${folder}"}"
      cat "${file}"
    done
  } > "${corpus}/flee_reader/${name}"
done
printf '=== overrides\nmove_rules.max_move_speed=400\nspawn_rules.conflict_spawn_decay=[1,0.5]\n' >> "${corpus}/flee_reader/tiny"
