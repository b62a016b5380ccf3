// Sweeps: the sweep file schema and its errors, designs, replicate seeds, local runs with the manifest
// and summary.h5, failing runs, resuming a killed sweep, and shards that give the same files as one
// local sweep.
#include "util/error.hpp"
#include "util/text.hpp"
#include "io/hdf5_file.hpp"
#include "io/result_compare.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep.hpp"
#include "sweep/sweep_spec.hpp"
#include "sweep_test_util.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sys/wait.h>
#include <thread>

using namespace migroute;
using namespace migroute::sweep;
using migroute::test::contains;
using migroute::test::fresh_dir;
using migroute::test::kSweepData;
using migroute::test::read_file;

namespace {

std::string load_error(const std::string& text) {
    try {
        load_sweep_text(text, "s.yaml", kSweepData);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(read_file(path));
    std::string line;
    while (std::getline(in, line)) rows.push_back(split_csv_line(line));
    return rows;
}

// The manifest without its timing columns.
std::vector<std::vector<std::string>> manifest_without_timing(const std::string& path) {
    auto rows = read_csv(path);
    const auto timing = manifest_timing_columns();
    std::vector<std::size_t> drop;
    for (std::size_t c = 0; c < rows.at(0).size(); ++c)
        for (const auto& t : timing)
            if (rows[0][c] == t) drop.push_back(c);
    for (auto& row : rows)
        for (auto it = drop.rbegin(); it != drop.rend(); ++it) row.erase(row.begin() + static_cast<std::ptrdiff_t>(*it));
    return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    FAIL("no column " << name);
    return 0;
}

ExecuteOptions quiet(int jobs = 2) {
    ExecuteOptions o;
    o.jobs = jobs;
    o.threads_per_run = 1;
    o.progress = false;
    return o;
}

}  // namespace

TEST_CASE("sweep files are validated strictly", "[sweep]") {
    const std::string head = "base: small.yaml\nparameters:\n  - {path: seed, values: [1, 2]}\n";
    CHECK(load_error(head).empty());
    const std::string unknown = load_error(head + "replicats: 3\n");
    CHECK(contains(unknown, "s.yaml:4:1: key 'replicats': expected one of base, set, seed"));
    CHECK(contains(unknown, "did you mean 'replicates'?"));
    CHECK(contains(load_error("base: small.yaml\nparameters:\n  - {path: seed, valeus: [1, 2]}\n"),
                   "s.yaml:3:18: key 'parameters[0].valeus'"));
    CHECK(contains(load_error("base: small.yaml\nparameters:\n  - {path: seed, valeus: [1, 2]}\n"), "did you mean 'values'?"));
    CHECK(contains(load_error(head + "design: sobl\nsamples: 4\n"), "key 'design': expected grid, lhs or sobol, found 'sobl'; did you mean 'sobol'?"));
    CHECK(contains(load_error("base: small.yaml\nparameters:\n  - {path: seed, range: [1, 5]}\n"),
                   "key 'parameters[0].steps': expected the number of grid levels"));
    CHECK(contains(load_error("base: small.yaml\ndesign: lhs\nsamples: 4\nparameters:\n  - {path: seed, range: [1, 5], steps: 3}\n"),
                   "key 'parameters[0].steps': expected no steps in a lhs design"));
    CHECK(contains(load_error("base: small.yaml\ndesign: lhs\nparameters:\n  - {path: seed, range: [1, 5]}\n"),
                   "key 'samples': expected the number of design points"));
    CHECK(contains(load_error(head + "replicates: 0\n"), "key 'replicates': expected a number of replicates"));
    CHECK(contains(load_error("base: small.yaml\nparameters:\n  - {path: seed, range: [5, 1], steps: 2}\n"),
                   "key 'parameters[0].range': expected from < to"));
    CHECK(contains(load_error(head + "series: [total_arived]\n"), "did you mean 'total_arrived'?"));
    CHECK(contains(load_error(head + "base: other.yaml\n"), "repeated key 'base'"));
    CHECK(contains(load_error("base: small.yaml\n"), "key 'parameters': expected a non-empty list of parameters"));
    CHECK(contains(load_error("parameters:\n  - {path: seed, values: [1]}\n"), "key 'base': expected the base scenario file"));

    const SweepSpec spec = load_sweep(kSweepData + "grid.yaml");
    CHECK(spec.base_scenario == kSweepData + "small.yaml");
    CHECK(spec.output_dir == kSweepData + "grid_runs");
    CHECK(spec.run_count() == 8);
    CHECK(spec.series == std::vector<std::string>{"total_arrived", "link_flow", "country_arrivals"});
}

TEST_CASE("designs: grid order, Latin hypercube strata, Sobol sequence, Saltelli blocks", "[sweep]") {
    const auto grid = full_grid({2, 3});
    REQUIRE(grid.size() == 6);
    CHECK(grid[0] == std::vector<std::size_t>{0, 0});
    CHECK(grid[1] == std::vector<std::size_t>{0, 1});
    CHECK(grid[3] == std::vector<std::size_t>{1, 0});

    const auto lhs = latin_hypercube(10, 3, 42);
    for (int d = 0; d < 3; ++d) {
        std::set<int> strata;
        for (const auto& p : lhs) strata.insert(static_cast<int>(std::floor(p[d] * 10)));
        CHECK(strata.size() == 10);
    }
    CHECK(latin_hypercube(10, 3, 42) == lhs);
    CHECK(latin_hypercube(10, 3, 43) != lhs);

    // The first points of the Sobol sequence (after the zero point) in dimensions 1 and 2.
    const auto sobol = sobol_sequence(4, 2);
    CHECK(sobol[0] == std::vector<double>{0.5, 0.5});
    CHECK(sobol[1] == std::vector<double>{0.75, 0.25});
    CHECK(sobol[2] == std::vector<double>{0.25, 0.75});
    // 2^m points including the zero point put exactly one point in each interval [i/2^m, (i+1)/2^m), in
    // every dimension.
    const auto net = sobol_sequence(256, 20, 0);
    for (int d = 0; d < 20; ++d) {
        std::set<int> cells;
        for (const auto& p : net) cells.insert(static_cast<int>(p[d] * 256));
        CHECK(cells.size() == 256);
    }

    const auto saltelli = saltelli_design(4, 3);
    REQUIRE(saltelli.size() == 4 * 5);
    for (std::size_t j = 0; j < 4; ++j) {
        const auto& a = saltelli[j * 5];
        const auto& b = saltelli[j * 5 + 1];
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& ab = saltelli[j * 5 + 2 + i];
            for (std::size_t c = 0; c < 3; ++c) CHECK(ab[c] == (c == i ? b[c] : a[c]));
        }
    }
}

TEST_CASE("replicate seeds: the same at every design point, distinct between replicates", "[sweep]") {
    const SweepSpec spec = load_sweep(kSweepData + "grid.yaml");
    const auto runs = plan_runs(spec);
    REQUIRE(runs.size() == 8);
    std::map<std::size_t, std::uint64_t> seed_of_replicate;
    for (const auto& run : runs) {
        CHECK(run.id == run.point * spec.replicates + run.replicate);
        CHECK(run.seed == replicate_seed(spec.seed, run.replicate));
        CHECK(run.seed < (std::uint64_t{1} << 53));
        seed_of_replicate[run.replicate] = run.seed;
    }
    CHECK(seed_of_replicate.size() == 2);
    CHECK(seed_of_replicate[0] != seed_of_replicate[1]);
    CHECK(replicate_seed(1, 0) != replicate_seed(2, 0));
    // Grid values, first parameter slowest; ranges evenly spaced with both ends.
    CHECK(runs[0].values == std::vector<std::string>{"0.3", "0.01"});
    CHECK(runs[2].values == std::vector<std::string>{"0.3", "0.05"});
    CHECK(runs[4].values == std::vector<std::string>{"0.6", "0.01"});
    CHECK(runs[0].overrides(spec) ==
          std::vector<std::string>{"days=6", "movement.move_chance.coast=0.3", "links[Tripoli-Lampedusa].death_risk=0.01",
                                   "seed=" + std::to_string(runs[0].seed)});
    // Latin hypercube with an integer log-scaled range.
    const auto lhs = plan_runs(load_sweep(kSweepData + "lhs.yaml"));
    REQUIRE(lhs.size() == 6);
    for (const auto& run : lhs) {
        const double per_day = run.numeric[1];
        CHECK(per_day >= 100);
        CHECK(per_day <= 10000);
        CHECK(per_day == std::floor(per_day));
    }
}

TEST_CASE("shards from --shard and from SLURM array variables", "[sweep]") {
    auto none = [](const char*) -> const char* { return nullptr; };
    CHECK(resolve_shard("", none) == std::pair<std::size_t, std::size_t>{0, 1});
    CHECK(resolve_shard("2/3", none) == std::pair<std::size_t, std::size_t>{2, 3});
    CHECK_THROWS_AS(resolve_shard("3/3", none), InputError);
    CHECK_THROWS_AS(resolve_shard("x", none), InputError);
    std::map<std::string, std::string> env = {
        {"SLURM_ARRAY_TASK_ID", "12"}, {"SLURM_ARRAY_TASK_MIN", "10"}, {"SLURM_ARRAY_TASK_COUNT", "4"}};
    auto lookup = [&](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    CHECK(resolve_shard("", lookup) == std::pair<std::size_t, std::size_t>{2, 4});
    CHECK(resolve_shard("0/2", lookup) == std::pair<std::size_t, std::size_t>{0, 2});  // the option wins
    env["SLURM_ARRAY_TASK_STEP"] = "2";
    env["SLURM_ARRAY_TASK_ID"] = "14";
    CHECK(resolve_shard("", lookup) == std::pair<std::size_t, std::size_t>{2, 4});
    env.erase("SLURM_ARRAY_TASK_COUNT");
    CHECK_THROWS_AS(resolve_shard("", lookup), InputError);
}

TEST_CASE("a local sweep writes every run, the manifest and summary.h5", "[sweep][parallel]") {
    const std::string dir = fresh_dir("grid");
    const Sweep sweep(load_sweep(kSweepData + "grid.yaml"), dir);
    const auto report = execute_local(sweep, sweep.pending(), quiet());
    CHECK(report.executed.size() == 8);
    CHECK(report.failed == 0);
    const CollectReport collected = collect(sweep);
    CHECK(collected.done == 8);
    CHECK(sweep.pending().empty());

    const auto rows = read_csv(collected.manifest_path);
    REQUIRE(rows.size() == 9);
    const auto& header = rows[0];
    CHECK(std::vector<std::string>(header.begin(), header.begin() + 8) ==
          std::vector<std::string>{"id", "point", "replicate", "movement.move_chance.coast",
                                   "links[Tripoli-Lampedusa].death_risk", "seed", "status", "error"});
    CHECK(header.back() == "wall_seconds");
    for (const char* outcome : {"arrivals", "deaths", "deaths_per_1000_crossings", "route_share[Izmir-Lesbos]",
                                "route_share[Tripoli-Lampedusa]", "arrivals[GRC]", "arrivals[ITA]"})
        column(header, outcome);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        CHECK(rows[r][column(header, "status")] == "done");
        CHECK(rows[r][column(header, "error")].empty());
        CHECK(std::stod(rows[r][column(header, "arrivals")]) >= 0);
    }
    // Common random numbers: same replicate seed, different parameters.
    CHECK(rows[1][column(header, "seed")] == rows[3][column(header, "seed")]);
    CHECK(rows[1][column(header, "seed")] != rows[2][column(header, "seed")]);

    // summary.h5: status, outcomes and the series stacked across runs, equal to the run files.
    h5::Handle file(H5Fopen(collected.summary_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    REQUIRE(file.valid());
    CHECK(h5::read_i64(file, "status") == std::vector<std::int64_t>(8, 1));
    CHECK(h5::dataset_shape(file, "link_flow") == std::vector<hsize_t>{8, 6, 8});  // 8 directed links
    CHECK(h5::dataset_shape(file, "total_arrived") == std::vector<hsize_t>{8, 6});
    const auto stacked = h5::read_i64(file, "link_flow");
    for (std::size_t id = 0; id < 8; ++id) {
        h5::Handle run(H5Fopen(sweep.result_path(id).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        const auto own = h5::read_i64(run, "link_flow");
        CHECK(std::equal(own.begin(), own.end(), stacked.begin() + static_cast<std::ptrdiff_t>(id * 48)));
    }
    const auto outcomes = h5::read_strings(file, "outcome");
    CHECK(outcomes.front() == "spawned");
    CHECK(h5::dataset_shape(file, "outcome_value") == std::vector<hsize_t>{8, outcomes.size()});
    CHECK(h5::read_strings(file, "parameter") ==
          std::vector<std::string>{"movement.move_chance.coast", "links[Tripoli-Lampedusa].death_risk"});
}

TEST_CASE("a failing run is recorded with its error and the others complete", "[sweep][parallel]") {
    const std::string dir = fresh_dir("failing");
    const Sweep sweep(load_sweep(kSweepData + "failing.yaml"), dir);
    const auto report = execute_local(sweep, sweep.pending(), quiet());
    CHECK(report.executed.size() == 3);
    CHECK(report.failed == 1);
    const CollectReport collected = collect(sweep);
    CHECK(collected.done == 2);
    CHECK(collected.failed == 1);
    const auto rows = read_csv(collected.manifest_path);
    const auto& header = rows[0];
    CHECK(rows[1][column(header, "status")] == "done");
    CHECK(rows[2][column(header, "status")] == "failed");
    CHECK(contains(rows[2][column(header, "error")], "links[Izmir-Lesbos].death_risk=1.5"));
    CHECK(contains(rows[2][column(header, "error")], "expected a probability"));
    CHECK(rows[2][column(header, "arrivals")].empty());
    CHECK(rows[3][column(header, "status")] == "done");

    // In summary.h5 the failed run is a status and fill values, never zeros.
    h5::Handle file(H5Fopen(collected.summary_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    CHECK(h5::read_i64(file, "status") == std::vector<std::int64_t>{1, 2, 1});
    const auto arrived = h5::read_i64(file, "total_arrived");
    REQUIRE(arrived.size() == 3 * 4);
    for (std::size_t d = 0; d < 4; ++d) CHECK(arrived[4 + d] == -1);
    CHECK(arrived[3] >= 0);
    const auto values = h5::read_f64(file, "outcome_value");
    const std::size_t outcomes = values.size() / 3;
    for (std::size_t k = 0; k < outcomes; ++k) CHECK(std::isnan(values[outcomes + k]));
    CHECK(contains(h5::read_strings(file, "error")[1], "expected a probability"));

    // A second invocation retries only the failed run.
    const auto again = execute_local(sweep, sweep.pending(), quiet());
    CHECK(again.executed == std::vector<std::size_t>{1});
}

TEST_CASE("a sweep killed midway completes only the missing runs", "[sweep]") {
    const std::string dir = fresh_dir("resume");
    const Sweep sweep(load_sweep(kSweepData + "resume.yaml"), dir);
    const std::size_t total = sweep.runs().size();

    // Start the program, one run at a time, and kill it once some runs are finished.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const std::string sweep_file = kSweepData + "resume.yaml";
        execl(MIGROUTE_BINARY, MIGROUTE_BINARY, "sweep", sweep_file.c_str(), "-o", dir.c_str(), "--jobs", "1",
              "--threads", "1", "-q", static_cast<char*>(nullptr));
        _exit(127);
    }
    auto finished_files = [&] {
        std::size_t n = 0;
        for (std::size_t id = 0; id < total; ++id) n += std::filesystem::exists(sweep.result_path(id)) ? 1 : 0;
        return n;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (finished_files() < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    const bool killed = WIFSIGNALED(status);
    if (!killed) WARN("the sweep finished before it could be killed; the resume check is weaker");

    std::set<std::size_t> missing;
    std::map<std::size_t, std::filesystem::file_time_type> before;
    for (std::size_t id = 0; id < total; ++id) {
        if (sweep.finished(id)) before[id] = std::filesystem::last_write_time(sweep.result_path(id));
        else missing.insert(id);
    }
    CHECK(before.size() >= 3);
    if (killed) CHECK(!missing.empty());

    const auto report = execute_local(sweep, sweep.pending(), quiet(1));
    CHECK(std::set<std::size_t>(report.executed.begin(), report.executed.end()) == missing);
    CHECK(report.executed.size() == missing.size());
    for (const auto& [id, time] : before) CHECK(std::filesystem::last_write_time(sweep.result_path(id)) == time);
    CHECK(collect(sweep).done == total);
}

TEST_CASE("three shards give the same run files and manifest as one local sweep", "[sweep]") {
    const std::string local_dir = fresh_dir("local");
    const std::string shard_dir = fresh_dir("shards");
    const SweepSpec spec = load_sweep(kSweepData + "grid.yaml");
    const Sweep local(spec, local_dir);
    execute_local(local, local.pending(), quiet(2));
    const auto local_collect = collect(local);

    const Sweep sharded(spec, shard_dir);
    std::set<std::size_t> seen;
    for (std::size_t shard = 0; shard < 3; ++shard) {
        const auto pending = sharded.pending(shard, 3);
        for (auto id : pending) {
            CHECK(id % 3 == shard);
            seen.insert(id);
        }
        execute_local(sharded, pending, quiet(1));
        collect(sharded);
    }
    CHECK(seen.size() == 8);
    for (std::size_t id = 0; id < 8; ++id) {
        INFO("run " << id);
        CHECK(compare_hdf5_files(local.result_path(id), sharded.result_path(id)).empty());
    }
    CHECK(manifest_without_timing(local_collect.manifest_path) ==
          manifest_without_timing((std::filesystem::path(shard_dir) / "manifest.csv").string()));
}
