#!/bin/sh
# Regenerates the test folders derived from tiny/: each is a copy of tiny/ with one change.
# tests/io/test_flee_reader.cpp checks the exact values and error messages they produce.
# Run from this folder after changing tiny/: sh make_folders.sh
set -eu
cd "$(dirname "$0")"

derive() {  # derive NAME: fresh copy of tiny/ as NAME/
    rm -rf "$1"
    cp -r tiny "$1"
}

# ---- valid variants ----
# Registration correction: C1 drops from 300 (day 4) to 150 (day 6), earlier points are halved.
derive regcorr
printf '2020-01-01,100\n2020-01-05,300\n2020-01-07,150\n2020-01-09,170\n' > regcorr/source_data/c1.csv
printf 'C1,2020-01-07,normalize\n' > regcorr/input_csv/registration_corrections.csv

# No simsetting.yml, no closures.csv, no conflicts.csv, no total row: Flee's defaults and fallbacks.
derive minimal
rm minimal/simsetting.yml minimal/input_csv/closures.csv minimal/input_csv/conflicts.csv
printf 'C1,c1.csv\nC2,c2a.csv,c2b.csv\n' > minimal/source_data/data_layout.csv

# ---- one defect each: bad_<kind> ----
derive bad_missing_file
rm bad_missing_file/input_csv/routes.csv

derive bad_route_location
printf 'T,Nowhere,10,0\n' >> bad_route_location/input_csv/routes.csv

derive bad_date
printf 'StartDate,2020-02-30\nLength,10\n' > bad_date/input_csv/sim_period.csv

derive bad_distance
sed 's/^A,T,100,0$/A,T,far,0/' tiny/input_csv/routes.csv > bad_distance/input_csv/routes.csv

derive bad_series_not_camp
printf 'total,refugees.csv\nC1,c1.csv\nT,c2a.csv\n' > bad_series_not_camp/source_data/data_layout.csv

derive bad_population
sed 's/^B,RegionB,Homeland,10.5,20.5,conflict_zone,3,2005$/B,RegionB,Homeland,10.5,20.5,conflict_zone,3,-5/' \
    tiny/input_csv/locations.csv > bad_population/input_csv/locations.csv

derive bad_capacity
sed 's/^C1,Camp1,Neighbour,12,22,camp,,500$/C1,Camp1,Neighbour,12,22,camp,,lots/' \
    tiny/input_csv/locations.csv > bad_capacity/input_csv/locations.csv

derive bad_closure_type
printf 'border,T,C2,1,2\r\n' >> bad_closure_type/input_csv/closures.csv

derive bad_conflict_location
sed '1s/^#Day,A,B,$/#Day,A,Atlantis,/' tiny/input_csv/conflicts.csv > bad_conflict_location/input_csv/conflicts.csv

derive bad_setting_key
sed 's/^  max_move_speed: 400.0$/  max_move_sped: 400.0/' tiny/simsetting.yml > bad_setting_key/simsetting.yml

derive bad_setting_type
sed 's/^  avoid_short_stints: True$/  avoid_short_stints: sometimes/' tiny/simsetting.yml > bad_setting_type/simsetting.yml

derive bad_series_file
printf 'total,refugees.csv\nC1,c1.csv\nC2,c2a.csv,c3.csv\n' > bad_series_file/source_data/data_layout.csv

derive bad_series_value
printf '2019-12-30,100\n2020-01-03,two hundred\n' > bad_series_value/source_data/c1.csv

derive bad_correction_date
printf 'C1,2020-01-04,normalize\n' > bad_correction_date/input_csv/registration_corrections.csv

derive bad_correction_camp
printf 'C1,2020-01-03,normalize\nT,2020-01-03,normalize\n' > bad_correction_camp/input_csv/registration_corrections.csv

derive bad_location_type
sed 's/^T,RegionT,Homeland,11,21,town,,$/T,RegionT,Homeland,11,21,village,,/' \
    tiny/input_csv/locations.csv > bad_location_type/input_csv/locations.csv

derive bad_conflict_row
sed 's/^5,1,0.5,$/5,1,/' tiny/input_csv/conflicts.csv > bad_conflict_row/input_csv/conflicts.csv
