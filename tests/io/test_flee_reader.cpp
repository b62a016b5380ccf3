// The Flee folder reader: the shipped scenarios, exact observed series on hand-made folders
// (interpolation, flat holding, summed files, registration corrections, hasten), settings, and one
// malformed folder per kind of error, each with its message. Folders: tests/data/flee/.
#include "io/flee_reader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "rules/flee/ard.hpp"
#include "util/error.hpp"

using namespace migroute::flee;
using migroute::Date;
using migroute::InputError;
namespace validation = migroute::validation;
using Catch::Matchers::Contains;

namespace {

std::string test_folder(const std::string& name) { return std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/flee/" + name; }
std::string shipped_folder(const std::string& name) { return std::string(MIGROUTE_SOURCE_DIR) + "/data/flee/" + name; }

// The message of the InputError that reading `folder` raises, or "no error".
std::string error_of(const std::string& folder, const std::vector<std::string>& overrides = {}) {
    try {
        read_flee_folder(folder, "", overrides);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

const CampSeries& camp(const Inputs& inputs, const std::string& name) {
    for (const CampSeries& c : inputs.camps) {
        if (c.name == name) return c;
    }
    FAIL("no camp series " << name);
    throw std::logic_error("unreachable");
}

const Location& location(const Inputs& inputs, const std::string& name) {
    const auto index = inputs.find_location(name);
    REQUIRE(index.has_value());
    return inputs.locations[*index];
}

// A scratch folder under the system temporary directory, removed at the end of the scope.
struct ScratchFolder {
    std::filesystem::path path;
    explicit ScratchFolder(const std::string& tag) {
        std::random_device device;
        path = std::filesystem::temp_directory_path() /
               ("migroute_flee_" + tag + "_" + std::to_string(device()) + std::to_string(device()));
        std::filesystem::create_directories(path);
    }
    ~ScratchFolder() {
        std::error_code error;
        std::filesystem::remove_all(path, error);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
};

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

// ---- the shipped scenarios -----------------------------------------------------------------------

TEST_CASE("flee: the three shipped scenarios load with their counts", "[flee]") {
    struct Expected {
        const char* name;
        std::size_t locations, routes, camps;
        int days;
        Date start;
        std::size_t closures, corrections;
    };
    const Expected scenarios[] = {
        {"mali2012", 23, 35, 7, 300, Date{2012, 2, 29}, 2, 5},
        {"burundi2015", 30, 41, 5, 396, Date{2015, 5, 1}, 4, 5},
        {"ssudan2013", 51, 60, 10, 604, Date{2013, 12, 15}, 3, 9},
    };
    for (const Expected& e : scenarios) {
        INFO(e.name);
        const Inputs inputs = read_flee_folder(shipped_folder(e.name));
        CHECK(inputs.locations.size() == e.locations);
        CHECK(inputs.routes.size() == e.routes);
        CHECK(inputs.camps.size() == e.camps);
        CHECK(inputs.period.days == e.days);
        CHECK(inputs.period.start == e.start);
        CHECK(inputs.closures.size() == e.closures);
        CHECK(inputs.registration_corrections.size() == e.corrections);
        CHECK(inputs.conflicts.day_count() == static_cast<std::size_t>(e.days));
        CHECK(inputs.total_observed.size() == static_cast<std::size_t>(e.days));
        CHECK(inputs.total_files == std::vector<std::string>{"refugees.csv"});
        for (const CampSeries& c : inputs.camps) {
            CHECK(c.observed.size() == static_cast<std::size_t>(e.days));
            CHECK(inputs.locations[c.location].is_camp());
        }
        // The validation settings shipped with each scenario.
        CHECK(inputs.settings_path == shipped_folder(e.name) + "/simsetting.yml");
        CHECK(inputs.settings.move_rules.max_move_speed_km_per_day == 400.0);
        CHECK(inputs.settings.move_rules.softening_km == 50.0);
        CHECK(inputs.settings.move_rules.default_movechance == 0.5);
        CHECK(inputs.settings.move_rules.avoid_short_stints);
        CHECK(inputs.settings.move_rules.capacity_scaling == 1.25);
        CHECK(inputs.settings.move_rules.distance_power == 0.75);
        CHECK(inputs.settings.spawn_rules.conflict_spawn_decay == std::vector<double>{1.0, 1.0, 1.0, 0.5, 0.1});
        CHECK(inputs.settings.optimisations.hasten == 1);
        // Observed against itself: no error.
        const auto ard = validation::compute_ard(inputs.observed_matrix(), inputs.observed_matrix());
        CHECK(ard.ard == 0.0);
        CHECK(ard.ard_rescaled == 0.0);
    }
}

TEST_CASE("flee: mali2012 values", "[flee]") {
    const Inputs inputs = read_flee_folder(shipped_folder("mali2012"));
    CHECK(inputs.home_country == "Mali");
    const Location& kidal = location(inputs, "Kidal");
    CHECK(kidal.kind == LocationKind::conflict_zone);
    CHECK(kidal.population == 25617.0);
    CHECK(kidal.latitude == Approx(18.444305));
    const Location& menaka = location(inputs, "Menaka");
    CHECK(menaka.conflict_date == 1);
    CHECK(menaka.kind_on_day0() == LocationKind::town);
    const Location& mbera = location(inputs, "Fassala-Mbera");
    CHECK(mbera.kind == LocationKind::camp);
    CHECK(mbera.capacity == 75882.0);
    CHECK(mbera.population == 0.0);
    CHECK(location(inputs, "Mopti").conflict_date == 0);

    CHECK(inputs.routes.front().name1 == "Douentza");
    CHECK(inputs.routes.front().distance_km == 487.0);
    CHECK(inputs.closures.front().type == ClosureType::country);
    CHECK(inputs.closures.front().name2 == "Burkina_Faso");
    CHECK(inputs.closures.front().end_day == 22);

    // Conflict table: 23 columns in file order; Kidal 1 on day 0, Gao 0 on day 0 and 1 on day 298.
    REQUIRE(inputs.conflicts.columns.size() == 23);
    CHECK(inputs.conflicts.columns[1] == "Gao");
    const std::size_t gao = *inputs.conflicts.column_of(*inputs.find_location("Gao"));
    CHECK(inputs.conflicts.at(0, gao) == 0.0);
    CHECK(inputs.conflicts.at(298, gao) == 1.0);

    // Bobo-Dioulasso: 0 on 2012-03-21 (day 21), 950 on 2012-03-24 (day 24), no correction.
    const CampSeries& bobo = camp(inputs, "Bobo-Dioulasso");
    CHECK(bobo.observed[21] == 0.0);
    CHECK(bobo.observed[23] == Approx(950.0 * 2.0 / 3.0));
    CHECK(bobo.observed[24] == 950.0);
    // Mentao: corrected at 2012-10-03 (day 217, 5876) after 10038 on 2012-07-26.
    const CampSeries& mentao = camp(inputs, "Mentao");
    CHECK(mentao.observed[24] == Approx(4091.0 * 5876.0 / 10038.0));
    CHECK(mentao.observed[217] == 5876.0);
    REQUIRE(inputs.registration_corrections[1].camp == "Mentao");
    CHECK(inputs.registration_corrections[1].factor == Approx(5876.0 / 10038.0));
    // Total: refugees.csv, 20075 on the start date.
    CHECK(inputs.total_observed[0] == 20075.0);
}

TEST_CASE("flee: burundi2015 and ssudan2013 details", "[flee]") {
    const Inputs burundi = read_flee_folder(shipped_folder("burundi2015"));
    // Empty populations are 0; the trailing space of "Ruyigi " is trimmed; forwarding_hub is forward.
    CHECK(location(burundi, "Bubanza").population == 0.0);
    CHECK(location(burundi, "Gisuru").region == "Ruyigi");
    CHECK(location(burundi, "Kagunga").kind == LocationKind::forward);
    // Empty forced_redirection is 0; the header's trailing comma adds no conflict column.
    CHECK(burundi.routes.front().forced_redirection == 0);
    CHECK(burundi.conflicts.columns.size() == 30);
    CHECK(burundi.closures[1].type == ClosureType::remove_forced_redirection);
    CHECK(burundi.closures[2].type == ClosureType::camp);
    CHECK(burundi.closures[2].name2.empty());

    const Inputs ssudan = read_flee_folder(shipped_folder("ssudan2013"));
    CHECK(ssudan.conflicts.columns.size() == 51);
    // `location` closures carry a country as name2, which is ignored.
    CHECK(ssudan.closures[0].type == ClosureType::location);
    CHECK(ssudan.closures[0].name1 == "Tierkidi");
    CHECK(ssudan.closures[0].name2 == "Ethiopia");
}

// ---- exact series on hand-made folders -----------------------------------------------------------

TEST_CASE("flee: tiny folder: geography and settings", "[flee]") {
    const Inputs inputs = read_flee_folder(test_folder("tiny"));
    REQUIRE(inputs.locations.size() == 6);
    CHECK(inputs.period.start == Date{2020, 1, 1});
    CHECK(inputs.period.days == 10);
    CHECK(location(inputs, "B").kind == LocationKind::conflict_zone);
    CHECK(location(inputs, "B").kind_on_day0() == LocationKind::town);
    CHECK(location(inputs, "B").population == 2005.0);
    CHECK(location(inputs, "T").population == 0.0);
    CHECK(location(inputs, "C1").capacity == 500.0);
    CHECK_FALSE(location(inputs, "C2").capacity.has_value());
    CHECK(location(inputs, "M").kind == LocationKind::marker);
    CHECK(location(inputs, "M").region == "unknown");
    CHECK(location(inputs, "M").line == 7);

    REQUIRE(inputs.routes.size() == 5);
    CHECK(inputs.routes[1].name1 == "B");  // whitespace around fields
    CHECK(inputs.routes[1].distance_km == 50.0);
    CHECK(inputs.routes[2].walk_probability == 1.0);
    CHECK_FALSE(inputs.routes[2].max_move_speed_km_per_day.has_value());
    CHECK(inputs.routes[3].max_move_speed_km_per_day == 200.0);
    CHECK(inputs.routes[4].distance_km == 200.5);
    CHECK(inputs.routes[4].forced_redirection == 1);
    CHECK(inputs.routes[4].location1 == *inputs.find_location("T"));
    CHECK(inputs.routes[4].location2 == *inputs.find_location("C2"));

    REQUIRE(inputs.closures.size() == 5);  // CRLF file
    CHECK(inputs.closures[1].type == ClosureType::link);
    CHECK(inputs.closures[1].end_day == -1);
    CHECK(inputs.closures[2].type == ClosureType::camp);
    CHECK(inputs.closures[2].line == 4);

    REQUIRE(inputs.conflicts.columns == std::vector<std::string>{"A", "B"});
    CHECK(inputs.conflicts.day_count() == 10);
    CHECK(inputs.conflicts.at(2, 1) == 0.0);
    CHECK(inputs.conflicts.at(3, 1) == 0.5);

    const Settings& s = inputs.settings;
    CHECK(s.move_rules.max_move_speed_km_per_day == 400.0);
    CHECK(s.move_rules.softening_km == 50.0);
    CHECK(s.move_rules.avoid_short_stints);
    CHECK(s.move_rules.distance_power == 0.75);
    CHECK(s.move_rules.camp_movechance == 0.001);  // default
    CHECK(s.spawn_rules.conflict_spawn_decay_interval_days == 3);
    CHECK(s.spawn_rules.conflict_decay(0) == 1.0);
    CHECK(s.spawn_rules.conflict_decay(2) == 1.0);
    CHECK(s.spawn_rules.conflict_decay(3) == 0.5);
    CHECK(s.spawn_rules.conflict_decay(6) == 0.25);
    CHECK(s.spawn_rules.conflict_decay(1000) == 0.25);
}

TEST_CASE("flee: linear interpolation, flat holding and summed files", "[flee]") {
    const Inputs inputs = read_flee_folder(test_folder("tiny"));
    // c1.csv: 100 on day -2, 200 on day 2, 120 on day 6, flat afterwards.
    CHECK(camp(inputs, "C1").observed == std::vector<double>{150, 175, 200, 180, 160, 140, 120, 120, 120, 120});
    // C2 = c2a.csv (10 on day 3, 50 on day 7; flat before day 3) + c2b.csv (0 on day 0, 6 on day 2).
    const CampSeries& c2 = camp(inputs, "C2");
    CHECK(c2.files == std::vector<std::string>{"c2a.csv", "c2b.csv"});
    CHECK(c2.observed == std::vector<double>{10, 13, 16, 16, 26, 36, 46, 56, 56, 56});
    // The summed points sit on the union of the two files' dates.
    REQUIRE(c2.points.size() == 4);
    CHECK(c2.points[0].day == 0);
    CHECK(c2.points[0].count == 10.0);
    CHECK(c2.points[3].day == 7);
    CHECK(c2.points[3].count == 56.0);
    // Total: refugees.csv, 100 on day 0 to 200 on day 10.
    CHECK(inputs.total_observed == std::vector<double>{100, 110, 120, 130, 140, 150, 160, 170, 180, 190});
    CHECK(inputs.registration_corrections.empty());
}

TEST_CASE("flee: interpolate() on dated points", "[flee]") {
    const std::vector<SeriesPoint> points = {{-4, 8.0}, {0, 0.0}, {3, 3.0}};
    CHECK(interpolate(points, -10) == 8.0);
    CHECK(interpolate(points, -4) == 8.0);
    CHECK(interpolate(points, -1) == 2.0);
    CHECK(interpolate(points, 0) == 0.0);
    CHECK(interpolate(points, 2) == 2.0);
    CHECK(interpolate(points, 3) == 3.0);
    CHECK(interpolate(points, 50) == 3.0);
    CHECK(interpolate({{5, 7.0}}, 0) == 7.0);
}

TEST_CASE("flee: registration correction scales the points before the date", "[flee]") {
    // c1.csv: 100 (day 0), 300 (day 4), 150 (day 6), 170 (day 8); corrected at day 6: factor 150/300.
    const Inputs inputs = read_flee_folder(test_folder("regcorr"));
    REQUIRE(inputs.registration_corrections.size() == 1);
    CHECK(inputs.registration_corrections[0].camp == "C1");
    CHECK(inputs.registration_corrections[0].date == Date{2020, 1, 7});
    CHECK(inputs.registration_corrections[0].factor == 0.5);
    const CampSeries& c1 = camp(inputs, "C1");
    REQUIRE(c1.points.size() == 4);
    CHECK(c1.points[0].count == 50.0);
    CHECK(c1.points[1].count == 150.0);
    CHECK(c1.points[2].count == 150.0);
    CHECK(c1.points[3].count == 170.0);
    CHECK(c1.observed == std::vector<double>{50, 75, 100, 125, 150, 150, 150, 160, 170, 170});
    // Other camps and the total are not touched.
    CHECK(camp(inputs, "C2").observed == std::vector<double>{10, 13, 16, 16, 26, 36, 46, 56, 56, 56});
    CHECK(inputs.total_observed[0] == 100.0);
}

TEST_CASE("flee: hasten divides populations, capacities and observed series", "[flee]") {
    const Inputs inputs = read_flee_folder(test_folder("tiny"), "", {"optimisations.hasten=2"});
    CHECK(inputs.settings.optimisations.hasten == 2);
    CHECK(location(inputs, "A").population == 500.0);
    CHECK(location(inputs, "B").population == 1002.0);  // integer division: 2005 / 2
    CHECK(location(inputs, "C1").capacity == 250.0);
    CHECK(camp(inputs, "C1").observed == std::vector<double>{75, 87.5, 100, 90, 80, 70, 60, 60, 60, 60});
    CHECK(camp(inputs, "C2").observed[1] == 6.5);
    CHECK(inputs.total_observed[1] == 55.0);

    // Corrections are applied before hasten: the same factor, halved counts.
    const Inputs corrected = read_flee_folder(test_folder("regcorr"), "", {"optimisations.hasten=2"});
    CHECK(corrected.registration_corrections[0].factor == 0.5);
    CHECK(camp(corrected, "C1").observed[0] == 25.0);
    CHECK(camp(corrected, "C1").observed[8] == 85.0);
}

TEST_CASE("flee: optional files and Flee's defaults", "[flee]") {
    // No simsetting.yml, closures.csv, conflicts.csv or total row.
    const Inputs inputs = read_flee_folder(test_folder("minimal"));
    CHECK(inputs.settings_path.empty());
    CHECK(inputs.closures.empty());
    CHECK(inputs.conflicts.empty());
    CHECK(inputs.total_files.empty());
    // The total is the sum of the camps.
    CHECK(inputs.total_observed == std::vector<double>{160, 188, 216, 196, 186, 176, 166, 176, 176, 176});

    const MoveRules& m = inputs.settings.move_rules;
    CHECK(m.max_move_speed_km_per_day == 360.0);
    CHECK(m.max_walk_speed_km_per_day == 35.0);
    CHECK(m.camp_weight == 1.0);
    CHECK(m.foreign_weight == 1.0);
    CHECK(m.conflict_weight == 0.25);
    CHECK(m.conflict_movechance == 1.0);
    CHECK(m.camp_movechance == 0.001);
    CHECK(m.idpcamp_movechance == 0.1);
    CHECK(m.default_movechance == 0.3);
    CHECK(m.awareness_level == 1);
    CHECK(m.softening_km == 10.0);
    CHECK(m.weight_softening == 0.0);
    CHECK(m.distance_power == 1.0);
    CHECK(m.weight_power == 1.0);
    CHECK(m.capacity_scaling == 1.0);
    CHECK(m.capacity_buffer == 0.9);
    CHECK_FALSE(m.avoid_short_stints);
    CHECK_FALSE(m.start_on_foot);
    const SpawnRules& sp = inputs.settings.spawn_rules;
    CHECK(sp.insert_day0);
    CHECK(sp.sum_from_camps);
    CHECK_FALSE(sp.empty_camps_on_day0);
    CHECK_FALSE(sp.take_from_population);
    CHECK(sp.conflict_spawn_decay.empty());
    CHECK(sp.conflict_decay(500) == 1.0);
    CHECK(inputs.settings.optimisations.hasten == 1);

    // An explicit settings file instead of the folder's.
    const Inputs explicit_settings =
        read_flee_folder(test_folder("minimal"), test_folder("tiny") + "/simsetting.yml");
    CHECK(explicit_settings.settings.move_rules.max_move_speed_km_per_day == 400.0);
}

TEST_CASE("flee: is_flee_folder", "[flee]") {
    CHECK(is_flee_folder(test_folder("tiny")));
    CHECK(is_flee_folder(shipped_folder("mali2012")));
    CHECK_FALSE(is_flee_folder(test_folder("")));
    CHECK_FALSE(is_flee_folder(test_folder("no_such_folder")));
    CHECK_FALSE(is_flee_folder(test_folder("tiny") + "/simsetting.yml"));
    CHECK_FALSE(is_flee_folder(""));
}

// ---- settings ------------------------------------------------------------------------------------

TEST_CASE("flee: setting overrides", "[flee]") {
    const Settings s = read_flee_settings("", {"move_rules.max_move_speed=250", "spawn_rules.conflict_spawn_decay=[1, 0.5]",
                                               "move_rules.start_on_foot=true", "move_rules.awareness_level=2"});
    CHECK(s.move_rules.max_move_speed_km_per_day == 250.0);
    CHECK(s.spawn_rules.conflict_spawn_decay == std::vector<double>{1.0, 0.5});
    CHECK(s.move_rules.start_on_foot);
    CHECK(s.move_rules.awareness_level == 2);

    const auto error = [](const std::string& override_text) {
        try {
            read_flee_settings("", {override_text});
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error("move_rules.max_move_speed=fast"),
               Contains("setting override 'move_rules.max_move_speed=fast'") &&
                   Contains("expected a number > 0, found 'fast'"));
    CHECK_THAT(error("move_rules.max_move_speed=-3"), Contains("expected a number > 0, found '-3'"));
    CHECK_THAT(error("move_rules.camp_movechance=1.5"), Contains("expected a probability between 0 and 1"));
    CHECK_THAT(error("move_rules.awareness_level=1.5"), Contains("expected a whole number from 0 to 10, found '1.5'"));
    CHECK_THAT(error("move_rules.max_move_speed="), Contains("found nothing"));
    CHECK_THAT(error("hasten=2"), Contains("did you mean 'optimisations.hasten'?"));
    CHECK_THAT(error("move_rules.hasten=2"),
               Contains("unknown key 'hasten' in move_rules") && Contains("did you mean 'optimisations.hasten'?"));
    CHECK_THAT(error("move_rule.softening=2"), Contains("unknown settings block 'move_rule'") &&
                                                   Contains("did you mean 'move_rules'?"));
    CHECK_THAT(error("spawn_rules.conflict_spawn_decay=[1, x]"),
               Contains("spawn_rules.conflict_spawn_decay[1]: expected a number >= 0, found 'x'"));
    CHECK_THAT(error("optimisations.hasten=0"), Contains("expected a whole number from 1 to"));
    CHECK_THAT(error("no equals sign"), Contains("expected block.key=value"));
}

TEST_CASE("flee: settings YAML errors name file, line and column", "[flee]") {
    ScratchFolder scratch("settings");
    const auto error = [&](const std::string& yaml) {
        const auto path = scratch.path / "settings.yml";
        write_file(path, yaml);
        try {
            read_flee_settings(path.string());
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error("") == "no error");
    CHECK(error("move_rules:\n") == "no error");
    CHECK_THAT(error("move_rules:\n  camps_are_sinks: true\n"),
               Contains("settings.yml:2:3: unknown key 'camps_are_sinks' in move_rules"));
    CHECK_THAT(error("spawn_rules:\n  camps_are_sinks: true\n"),
               Contains("settings.yml:2:3: unknown key 'camps_are_sinks' in spawn_rules") &&
                   Contains("valid keys: sum_from_camps"));
    CHECK_THAT(error("move_rules:\n  softening: [1, 2]\n"),
               Contains("settings.yml:2:14: move_rules.softening: expected a number >= 0, found a list"));
    CHECK_THAT(error("move_rules:\n  softening: 1\n  softening: 2\n"), Contains("settings.yml:3:3: move_rules.softening given twice"));
    CHECK_THAT(error("move_rules: 5\n"), Contains("settings.yml:1:13: move_rules: expected a map of keys, found '5'"));
    CHECK_THAT(error("- a\n- b\n"), Contains("expected a map of settings blocks"));
    CHECK_THAT(error("move_rules:\n  softening: [1,\n"), Contains("settings.yml:") && Contains("not valid YAML"));
    CHECK_THAT(error("moverules:\n  softening: 1\n"), Contains("settings.yml:1:1: unknown settings block 'moverules'") &&
                                                       Contains("did you mean 'move_rules'?"));
    CHECK_THAT(error("spawn_rules:\n  insert_day0: maybe\n"),
               Contains("settings.yml:2:16: spawn_rules.insert_day0: expected true or false, found 'maybe'"));
    CHECK_THAT(error("move_rules:\n  max_move_speed:\n"), Contains("move_rules.max_move_speed: expected a number > 0, found nothing"));
}

TEST_CASE("flee: format_settings_yaml reads back to the same settings", "[flee]") {
    const Inputs inputs = read_flee_folder(test_folder("tiny"), "", {"move_rules.weight_power=1.5", "optimisations.hasten=3"});
    ScratchFolder scratch("format");
    const auto path = scratch.path / "resolved.yml";
    write_file(path, format_settings_yaml(inputs.settings));
    const Settings back = read_flee_settings(path.string());
    CHECK(format_settings_yaml(back) == format_settings_yaml(inputs.settings));
    CHECK(back.move_rules.weight_power == 1.5);
    CHECK(back.optimisations.hasten == 3);
    CHECK(back.spawn_rules.conflict_spawn_decay == std::vector<double>{1.0, 0.5, 0.25});
    CHECK(back.move_rules.distance_power == 0.75);
}

// ---- malformed folders: one per kind of error ----------------------------------------------------

TEST_CASE("flee: each malformed folder gives its own message with file and line", "[flee]") {
    struct Case {
        const char* folder;
        std::vector<const char*> parts;  // all must appear in the message
    };
    const Case cases[] = {
        {"bad_missing_file", {"input_csv/routes.csv: file not found", "expected routes.csv"}},
        {"bad_route_location", {"routes.csv:7: column 2 (name2): unknown location 'Nowhere'", "expected a name from locations.csv"}},
        {"bad_date", {"sim_period.csv:1: StartDate: expected a date YYYY-MM-DD, found '2020-02-30'"}},
        {"bad_distance", {"routes.csv:2: column 3 (distance): expected a distance in km > 0, found 'far'"}},
        {"bad_series_not_camp",
         {"data_layout.csv:3: column 1: 'T' is a town (line 4 of locations.csv): expected a camp or idpcamp"}},
        {"bad_population",
         {"locations.csv:3: column 8 (population): expected a whole number of persons >= 0 (the population), found '-5'"}},
        {"bad_capacity",
         {"locations.csv:5: column 8 (population): expected a whole number of persons >= 0 (the camp's capacity), found 'lots'"}},
        {"bad_closure_type",
         {"closures.csv:7: column 1 (closure_type): unknown closure type 'border'",
          "expected one of country, location, link, camp, idpcamp, remove_forced_redirection"}},
        {"bad_conflict_location", {"conflicts.csv:1: header column 3: unknown location 'Atlantis'"}},
        {"bad_setting_key", {"simsetting.yml:8:3: unknown key 'max_move_sped' in move_rules (did you mean 'max_move_speed'?)"}},
        {"bad_setting_type", {"simsetting.yml:10:23: move_rules.avoid_short_stints: expected true or false, found 'sometimes'"}},
        {"bad_series_file", {"data_layout.csv:3: series file 'c3.csv' of 'C2' not found", "source_data/c3.csv"}},
        {"bad_series_value", {"c1.csv:2: column 2: expected a count >= 0, found 'two hundred'"}},
        {"bad_correction_date",
         {"registration_corrections.csv:1: column 2 (date): expected a date of a data point of 'C1' (c1.csv), found 2020-01-04"}},
        {"bad_correction_camp",
         {"registration_corrections.csv:2: column 1 (camp): 'T' has no series in data_layout.csv", "expected one of C1, C2"}},
        {"bad_location_type",
         {"locations.csv:4: column 6 (location_type): expected a location type (", "found 'village'"}},
        {"bad_conflict_row",
         {"conflicts.csv:7: expected 3 values (the day and 2 locations of the header), found 2"}},
    };
    for (const Case& c : cases) {
        INFO(c.folder);
        const std::string message = error_of(test_folder(c.folder));
        for (const char* part : c.parts) CHECK_THAT(message, Contains(part));
    }
}

TEST_CASE("flee: more malformed inputs, written on the fly", "[flee]") {
    ScratchFolder scratch("edits");
    const std::filesystem::path tiny = test_folder("tiny");
    // Copies tiny/ with `file` replaced by `text`; returns the reader's message.
    const auto error_with = [&](const std::string& file, const std::string& text) {
        const auto folder = scratch.path / "case";
        std::filesystem::remove_all(folder);
        std::filesystem::copy(tiny, folder, std::filesystem::copy_options::recursive);
        write_file(folder / file, text);
        return error_of(folder.string());
    };
    const std::string locations = read_file(tiny / "input_csv/locations.csv");
    const std::string routes = read_file(tiny / "input_csv/routes.csv");

    CHECK_THAT(error_with("input_csv/locations.csv", locations + "A,R,Homeland,1,2,town,,5\n"),
               Contains("locations.csv:8: location 'A' is listed twice (first at line 2)"));
    CHECK_THAT(error_with("input_csv/locations.csv", locations + "X,R,Homeland,north,2,town,,5\n"),
               Contains("locations.csv:8: column 4 (latitude): expected a latitude in degrees (-90 to 90), found 'north'"));
    CHECK_THAT(error_with("input_csv/locations.csv", locations + "X,R,Homeland,1,2,town,,5,extra\n"),
               Contains("locations.csv:8: column 9 has the value 'extra'"));
    CHECK_THAT(error_with("input_csv/locations.csv", "#only a header\n"), Contains("locations.csv: no locations"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "T,A,5,0\n"),
               Contains("routes.csv:7: route 'T-A' is listed twice (first at line 2)"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "T,T,5,0\n"), Contains("routes.csv:7: route from 'T' to itself"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "T,Cl,5,0\n"), Contains("did you mean 'C1'?"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "T,C1,5,3\n"),
               Contains("routes.csv:7: column 4 (forced_redirection): expected 0, 1, 2 or nothing, found '3'"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "T,C1,5,0,-1\n"),
               Contains("routes.csv:7: column 5 (max_move_speed): expected a speed in km/day > 0, found '-1'"));
    CHECK_THAT(error_with("input_csv/routes.csv", routes + "\"T,C1,5\n"), Contains("routes.csv:7: unterminated quoted field"));
    CHECK_THAT(error_with("input_csv/closures.csv", "link,A,C1,0,1\n"),
               Contains("closures.csv:1: link closure 'A-C1': expected a route of routes.csv"));
    CHECK_THAT(error_with("input_csv/closures.csv", "camp,T,,0,1\n"),
               Contains("closures.csv:1: column 2 (name1): 'T' is a town in locations.csv: expected a camp or idpcamp"));
    CHECK_THAT(error_with("input_csv/closures.csv", "country,Homeland,Neighbor,0,1\n"),
               Contains("closures.csv:1: column 3 (name2): expected a country of locations.csv") &&
                   Contains("did you mean 'Neighbour'?"));
    CHECK_THAT(error_with("input_csv/closures.csv", "location,A,,soon,1\n"),
               Contains("closures.csv:1: column 4 (closure_start): expected a day number, found 'soon'"));
    CHECK_THAT(error_with("input_csv/conflicts.csv", "#Day,A\n0,1\n1,1\n"), Contains("conflicts.csv: has 2 day rows: expected at least 10"));
    CHECK_THAT(error_with("input_csv/conflicts.csv", "#Day,A\n0,1\n2,1\n"), Contains("conflicts.csv:3: column 1 (day): expected day 1"));
    CHECK_THAT(error_with("input_csv/conflicts.csv", "#Day,A\n0,1.5\n"),
               Contains("conflicts.csv:2: column 2 (A): expected a conflict intensity between 0 and 1, found '1.5'"));
    CHECK_THAT(error_with("input_csv/conflicts.csv", "#Day,A,A\n0,1,1\n"), Contains("conflicts.csv:1: header column 3: location 'A' is listed twice"));
    CHECK_THAT(error_with("input_csv/sim_period.csv", "StartDate,2020-01-01\n"), Contains("sim_period.csv: expected a row Length,<days>"));
    CHECK_THAT(error_with("input_csv/sim_period.csv", "StartDate,2020-01-01\nLength,0\n"),
               Contains("sim_period.csv:2: Length: expected a number of days from 1 to"));
    CHECK_THAT(error_with("input_csv/sim_period.csv", "StartDate,2020-01-01\nLenght,10\n"),
               Contains("sim_period.csv:2: expected StartDate or Length, found 'Lenght' (did you mean 'Length'?)"));
    CHECK_THAT(error_with("source_data/c1.csv", "2020-01-03,1\n2020-01-02,2\n"),
               Contains("c1.csv:2: expected dates in increasing order, found 2020-01-02 after the date on line 1"));
    CHECK_THAT(error_with("source_data/c1.csv", "2020-01-03,1\n2020-01-03,2\n"), Contains("c1.csv:2: expected dates in increasing order"));
    CHECK_THAT(error_with("source_data/c1.csv", "# nothing\n"), Contains("c1.csv: no data points"));
    CHECK_THAT(error_with("source_data/c1.csv", "2020-01-03,1,234\n"), Contains("c1.csv:1: expected 2 columns (YYYY-MM-DD,count), found 3"));
    CHECK_THAT(error_with("source_data/data_layout.csv", "total,refugees.csv\nC1,c1.csv\nC1,c2a.csv\n"),
               Contains("data_layout.csv:3: 'C1' is listed twice (first at line 2)"));
    CHECK_THAT(error_with("source_data/data_layout.csv", "total,refugees.csv\nC9,c1.csv\n"),
               Contains("data_layout.csv:2: column 1: unknown location 'C9'"));
    CHECK_THAT(error_with("source_data/data_layout.csv", "total,refugees.csv\nC1\n"),
               Contains("data_layout.csv:2: expected a series file after 'C1', found nothing"));
    CHECK_THAT(error_with("input_csv/registration_corrections.csv", "C1,2019-12-30,normalize\n"), Contains("no error"));
    CHECK_THAT(error_with("input_csv/registration_corrections.csv", "C1,2020-01-03,scale\n"),
               Contains("registration_corrections.csv:1: column 3: expected 'normalize' (or nothing), found 'scale'"));
    CHECK_THAT(error_with("input_csv/registration_corrections.csv", "C1,03/01/2020,normalize\n"),
               Contains("registration_corrections.csv:1: column 2 (date): expected a date YYYY-MM-DD, found '03/01/2020'"));
    // A data point of 0 before the corrected date cannot be normalised.
    {
        const auto folder = scratch.path / "zero";
        std::filesystem::copy(tiny, folder, std::filesystem::copy_options::recursive);
        write_file(folder / "source_data/c1.csv", "2020-01-01,0\n2020-01-03,5\n");
        write_file(folder / "input_csv/registration_corrections.csv", "C1,2020-01-03,normalize\n");
        CHECK_THAT(error_of(folder.string()), Contains("registration_corrections.csv:1: cannot normalise 'C1' at 2020-01-03"));
    }
    CHECK_THAT(error_of(test_folder("no_such_folder")), Contains("no_such_folder: not a folder"));
    CHECK_THAT(error_of(test_folder("tiny"), {"move_rules.softening=wide"}), Contains("expected a number >= 0, found 'wide'"));
    CHECK_THAT(error_of(test_folder("tiny") + "/input_csv"), Contains("file not found"));
}

TEST_CASE("flee: garbled files give an InputError or a result, never a crash", "[flee]") {
    ScratchFolder scratch("garbled");
    const std::filesystem::path tiny = test_folder("tiny");
    const std::vector<std::string> files = {
        "input_csv/locations.csv", "input_csv/routes.csv",      "input_csv/closures.csv", "input_csv/conflicts.csv",
        "input_csv/sim_period.csv", "source_data/data_layout.csv", "source_data/c1.csv",     "simsetting.yml"};
    std::mt19937 rng(20240601);
    const std::string alphabet = std::string(",,,\n\n\r#\" -.0123456789:[]{}eE+AB") + '\0' + "\xff\xfe\x01";
    int errors = 0;
    int successes = 0;
    for (int round = 0; round < 240; ++round) {
        const std::string& file = files[static_cast<std::size_t>(round) % files.size()];
        std::string name = "round_";
        name += std::to_string(round);
        const auto folder = scratch.path / name;
        std::filesystem::copy(tiny, folder, std::filesystem::copy_options::recursive);
        std::string text = read_file(tiny / file);
        const int kind = round % 3;
        if (kind == 0 && !text.empty()) {  // truncate
            text.resize(rng() % text.size());
        } else if (kind == 1) {  // flip a few characters
            for (int k = 0; k < 3 && !text.empty(); ++k) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
        } else {  // insert a burst of noise
            std::string noise;
            for (int k = 0; k < 12; ++k) noise += alphabet[rng() % alphabet.size()];
            text.insert(text.empty() ? 0 : rng() % text.size(), noise);
        }
        write_file(folder / file, text);
        try {
            read_flee_folder(folder.string());
            ++successes;
        } catch (const InputError& e) {
            ++errors;
            // The message names a file of the folder.
            const std::string message = e.what();
            CHECK((message.find(".csv") != std::string::npos || message.find(".yml") != std::string::npos));
        }
        std::filesystem::remove_all(folder);
    }
    CHECK(errors > 0);
    CHECK(errors + successes == 240);
}
