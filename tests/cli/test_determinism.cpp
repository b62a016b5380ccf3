// End to end through the program: the same seed gives the same result file (every dataset and
// attribute outside /run) for 1, 2 and 4 threads; another seed gives other series; the exit codes.
#include "../sanitizer_build.hpp"
#include "io/result_compare.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

const std::string kBinary = MIGROUTE_BINARY;
const std::string kReady = std::string(MIGROUTE_SOURCE_DIR) + "/scenarios/mediterranean-2016/scenario.yaml";

int run_command(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string temp_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / "migroute-tests";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

std::string run_ready(const std::string& name, int threads, int seed) {
    const std::string out = temp_path(name);
    std::filesystem::remove(out);
    const int days = migroute::test::run_days(90, 30);
    const std::string cmd = kBinary + " run " + kReady + " --days " + std::to_string(days) +
                            " --quiet --threads " + std::to_string(threads) +
                            " --seed " + std::to_string(seed) + " -o " + out;
    REQUIRE(run_command(cmd) == 0);
    return out;
}

}  // namespace

TEST_CASE("the ready scenario gives identical results for 1, 2 and 4 threads", "[determinism][cli]") {
    const auto one = run_ready("det-1.h5", 1, 7);
    const auto two = run_ready("det-2.h5", 2, 7);
    const auto four = run_ready("det-4.h5", 4, 7);
    CHECK(migroute::compare_hdf5_files(one, two).empty());
    CHECK(migroute::compare_hdf5_files(one, four).empty());
    // /run records the thread count, so the files differ there.
    CHECK_FALSE(migroute::compare_hdf5_files(one, two, {}).empty());
}

TEST_CASE("another seed gives other series", "[determinism][cli]") {
    const auto a = run_ready("seed-7.h5", 2, 7);
    const auto b = run_ready("seed-8.h5", 2, 8);
    const auto differences = migroute::compare_hdf5_files(a, b);
    bool population_differs = false;
    for (const auto& d : differences) population_differs |= d.rfind("/location_population:", 0) == 0;
    CHECK(population_differs);
}

TEST_CASE("exit codes: 0 success, 2 bad input, and no result file after a failure", "[cli]") {
    const std::string out = temp_path("exit.h5");
    std::filesystem::remove(out);
    CHECK(run_command(kBinary + " check " + kReady + " > /dev/null") == 0);
    CHECK(run_command(kBinary + " run /nonexistent.yaml -o " + out + " 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " run " + kReady + " --set days=-3 -o " + out + " 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " run " + kReady + " --bogus-flag -o " + out + " 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " info " + kReady + " 2> /dev/null") == 2);  // not an HDF5 file
    CHECK_FALSE(std::filesystem::exists(out));
    // A folder that does not exist is found before the run starts.
    CHECK(run_command(kBinary + " run " + kReady + " --days 2 -q -o /nonexistent-dir/x.h5 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " --help > /dev/null") == 0);
    CHECK(run_command(kBinary + " run --help > /dev/null") == 0);
}
