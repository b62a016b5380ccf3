// The HDF5 result file read back in C++: layout, dimension scales, units and values equal to the
// engine's own series; conservation on the ready scenario every day.
#include "../sanitizer_build.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/hdf5_file.hpp"
#include "io/result_file.hpp"
#include "io/run.hpp"
#include "io/scenario_yaml.hpp"

#include <catch2/catch.hpp>
#include <hdf5_hl.h>

#include <filesystem>
#include <fstream>
#include <numeric>

using namespace migroute;

namespace {
const std::string kReady = std::string(MIGROUTE_SOURCE_DIR) + "/scenarios/mediterranean-2016/scenario.yaml";

std::string dimension_name(hid_t dataset, unsigned axis) {
    std::string found;
    H5DSiterate_scales(
        dataset, axis, nullptr,
        [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
            char name[64] = {};
            H5DSget_scale_name(scale, name, sizeof name);
            *static_cast<std::string*>(data) = name;
            return 1;
        },
        &found);
    return found;
}
}  // namespace

TEST_CASE("people are conserved every day on the ready scenario", "[simulation][conservation][parallel]") {
    Scenario s = load_scenario(kReady);
    s.days = migroute::test::run_days(s.days, 60);
    const RouteGraph g = build_route_graph(s);
    Simulation sim(s, g, 2);
    sim.run(s.days);
    const Series& out = sim.series();
    REQUIRE(out.days() == static_cast<std::size_t>(s.days));
    for (std::size_t d = 0; d < out.days(); ++d) {
        INFO("day " << d);
        REQUIRE(out.total_spawned[d] == out.total_alive[d] + out.total_dead[d] + out.total_left[d]);
        const auto& pop = out.location_population.data;
        const auto& links = out.link_population.data;
        const std::int64_t at_locations =
            std::accumulate(pop.begin() + static_cast<long>(d * g.location_count()),
                            pop.begin() + static_cast<long>((d + 1) * g.location_count()), std::int64_t{0});
        const std::int64_t on_links =
            std::accumulate(links.begin() + static_cast<long>(d * g.link_count()),
                            links.begin() + static_cast<long>((d + 1) * g.link_count()), std::int64_t{0});
        REQUIRE(at_locations + on_links == out.total_alive[d]);
    }
    CHECK(out.total_spawned.back() > 0);
    CHECK(out.total_arrived.back() > 0);
}

TEST_CASE("the result file holds the engine's series with named dimensions", "[io][hdf5]") {
    Scenario s = load_scenario(kReady, {"days=40"});
    const auto path = (std::filesystem::temp_directory_path() / "migroute-readback.h5").string();
    std::filesystem::remove(path);
    const RunOutcome run = run_scenario(s, path, {});
    REQUIRE(std::filesystem::exists(path));
    // No temporary file is left next to it.
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
        CHECK(entry.path().filename().string().rfind("migroute-readback.h5.tmp", 0) != 0);

    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    REQUIRE(file.valid());
    CHECK(h5::read_string_attribute(file, "format") == kResultFormat);
    CHECK(h5::read_int_attribute(file, "days") == 40);
    CHECK(h5::read_int_attribute(file, "seed") == static_cast<std::int64_t>(s.seed));
    CHECK(h5::read_string_attribute(file, "start_date") == format_date(s.start));
    CHECK(h5::read_string_scalar(file, "scenario") == s.resolved_yaml);

    const auto pop = h5::read_i64(file, "location_population");
    CHECK(pop == run.series.location_population.data);
    CHECK(h5::read_i64(file, "link_flow") == run.series.link_flow.data);
    CHECK(h5::read_i64(file, "country_arrivals") == run.series.country_arrivals.data);
    CHECK(h5::read_i64(file, "total_alive") == run.series.total_alive);
    CHECK(h5::read_i64(file, "total_dead") == run.series.total_dead);
    const auto shape = h5::dataset_shape(file, "location_population");
    REQUIRE(shape.size() == 2);
    CHECK(shape[0] == 40);
    CHECK(shape[1] == s.locations.size());
    const auto dates = h5::read_strings(file, "date");
    REQUIRE(dates.size() == 40);
    CHECK(dates.front() == format_date(s.start));

    for (const char* name : {"location_population", "link_flow", "link_deaths", "country_arrivals"}) {
        h5::Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
        REQUIRE(ds.valid());
        CHECK(dimension_name(ds, 0) == "time");
        CHECK(h5::read_string_attribute(ds, "units") == "persons");
    }
    h5::Handle pop_ds(H5Dopen2(file, "location_population", H5P_DEFAULT), H5Dclose);
    CHECK(dimension_name(pop_ds, 1) == "location");
    h5::Handle arrivals_ds(H5Dopen2(file, "country_arrivals", H5P_DEFAULT), H5Dclose);
    CHECK(dimension_name(arrivals_ds, 1) == "country");

    const ResultSummary summary = read_result_summary(path);
    CHECK(summary.days == 40);
    CHECK(summary.alive == run.series.total_alive.back());
    CHECK(summary.arrived == run.series.total_arrived.back());
}

TEST_CASE("foreign and damaged result files are refused with a clear message", "[io][hdf5]") {
    const auto dir = std::filesystem::temp_directory_path();
    const auto text = (dir / "migroute-not-hdf5.h5").string();
    {
        std::ofstream(text) << "not an HDF5 file\n";
    }
    CHECK_THROWS_WITH(read_result_summary(text), Catch::Contains("not an HDF5 file"));
    CHECK_THROWS_WITH(read_result_summary((dir / "migroute-missing.h5").string()), Catch::Contains("no such file"));
    const auto foreign = (dir / "migroute-foreign.h5").string();
    {
        h5::Handle f(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        REQUIRE(f.valid());
    }
    CHECK_THROWS_WITH(read_result_summary(foreign), Catch::Contains("not a migroute result"));
}
