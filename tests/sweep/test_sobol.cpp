// Sobol sensitivity indices: the Ishigami function against its analytic indices, and a Sobol sweep over
// three migroute parameters end to end.
#include "io/hdf5_file.hpp"
#include "sweep/design.hpp"
#include "sweep/sensitivity.hpp"
#include "sweep/sweep.hpp"
#include "util/text.hpp"
#include "sweep_test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <sstream>

using namespace migroute;
using namespace migroute::sweep;
using migroute::test::contains;
using migroute::test::fresh_dir;
using migroute::test::kSweepData;
using migroute::test::read_file;

TEST_CASE("Sobol indices of the Ishigami function at N = 4096 match the analytic values", "[sobol]") {
    constexpr double pi = std::numbers::pi;
    const auto design = saltelli_design(4096, 3);
    std::vector<double> y;
    y.reserve(design.size());
    for (const auto& u : design) y.push_back(ishigami(-pi + 2 * pi * u[0], -pi + 2 * pi * u[1], -pi + 2 * pi * u[2]));
    SobolOptions options;
    options.bootstrap = 200;
    const SobolResult r = sobol_indices(y, 3, options);
    const IshigamiIndices exact = ishigami_indices();
    CHECK(exact.first[0] == Approx(0.3139).margin(1e-4));
    CHECK(exact.first[1] == Approx(0.4424).margin(1e-4));
    CHECK(exact.total[2] == Approx(0.2437).margin(1e-4));
    CHECK(r.base_samples == 4096);
    for (int i = 0; i < 3; ++i) {
        INFO("parameter " << i + 1);
        CHECK(std::abs(r.indices[i].first - exact.first[i]) < 0.05);
        CHECK(std::abs(r.indices[i].total - exact.total[i]) < 0.05);
        CHECK(r.indices[i].first_low <= r.indices[i].first);
        CHECK(r.indices[i].first <= r.indices[i].first_high);
        CHECK(r.indices[i].total_low <= r.indices[i].total);
        CHECK(r.indices[i].total <= r.indices[i].total_high);
        CHECK(r.indices[i].total_high - r.indices[i].total_low < 0.2);
    }
}

TEST_CASE("replicate noise is reported beside the indices", "[sobol]") {
    // y = x1 + noise, two replicates: S1 of the mean close to 1 minus the noise share.
    const auto design = saltelli_design(512, 2);
    std::vector<std::vector<double>> y;
    for (std::size_t p = 0; p < design.size(); ++p) {
        std::vector<double> reps;
        for (std::size_t r = 0; r < 2; ++r) reps.push_back(design[p][0] + 0.1 * (design_uniform(9, p, r) - 0.5));
        y.push_back(reps);
    }
    const auto r = sobol_indices_replicated(y, 2, {});
    CHECK(r.replicates == 2);
    CHECK(r.noise_variance > 0);
    CHECK(r.noise_share > 0);
    CHECK(r.noise_share < 0.05);
    CHECK(r.averaged.indices[0].total > 0.9);
    CHECK(std::abs(r.averaged.indices[1].first) < 0.05);
    CHECK(std::isfinite(r.first_sd[0]));
}

TEST_CASE("a Sobol sweep over three migroute parameters runs end to end", "[sobol]") {
    const std::string dir = fresh_dir("sobol");
    const Sweep sweep(load_sweep(kSweepData + "sobol.yaml"), dir);
    CHECK(sweep.runs().size() == 8 * 5 * 2);
    ExecuteOptions options;
    options.progress = false;
    options.threads_per_run = 1;
    const auto report = execute_local(sweep, sweep.pending(), options);
    CHECK(report.failed == 0);
    const CollectReport c = collect(sweep);
    CHECK(c.done == 80);
    REQUIRE(!c.sobol_path.empty());
    const std::string table = read_file(c.sobol_path);
    CHECK(contains(table, "outcome,parameter,first_order,first_order_low,first_order_high,total"));
    // Deaths on the Central Mediterranean depend on its death risk more than on the Aegean's.
    std::istringstream in(table);
    std::string line;
    double total_central = -1, total_aegean = -1;
    while (std::getline(in, line)) {
        const auto f = split_csv_line(line);
        if (f[0] != "deaths[Tripoli-Lampedusa]") continue;
        if (f[1] == "links[Tripoli-Lampedusa].death_risk") total_central = std::stod(f[5]);
        if (f[1] == "links[Izmir-Lesbos].death_risk") total_aegean = std::stod(f[5]);
    }
    CHECK(total_central > 0.3);
    CHECK(total_central > total_aegean);

    // The command line reads the summary.
    const std::string csv = dir + "/sobol_deaths.csv";
    const std::string command = std::string(MIGROUTE_BINARY) + " sobol " + dir + " --outcome deaths --bootstrap 100 --csv " +
                                csv + " > " + dir + "/sobol.txt";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string text = read_file(dir + "/sobol.txt");
    CHECK(contains(text, "Sobol indices of 'deaths': 8 base samples, 2 replicates averaged"));
    CHECK(contains(text, "replicate noise"));
    CHECK(contains(read_file(csv), "links[Tripoli-Lampedusa].death_risk,"));
    const std::string bad = std::string(MIGROUTE_BINARY) + " sobol " + dir + " --outcome deaths_typo 2> " + dir + "/err.txt";
    CHECK(std::system(bad.c_str()) != 0);
    CHECK(contains(read_file(dir + "/err.txt"), "not an outcome of this sweep"));
}
