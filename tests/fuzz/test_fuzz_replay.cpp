// The checks of the fuzz targets (fuzz/harness.hpp) on their seed corpora, tests/fuzz/corpus/<target>/,
// and on every input a fuzzer ever found a problem with, tests/fuzz/regressions/<target>/ (what each
// one was is in docs/ROBUSTNESS.md, "Fuzzing the loaders"). The normal build runs them without libFuzzer
// or sanitizers; the sanitizer job runs them under AddressSanitizer and UndefinedBehaviorSanitizer.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kFuzzDir = fs::path(MIGROUTE_SOURCE_DIR) / "tests" / "fuzz";

// The files of corpus/<target>/ and regressions/<target>/, in a fixed order.
std::vector<fs::path> inputs_of(const std::string& target) {
    std::vector<fs::path> files;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path folder = kFuzzDir / kind / target;
        if (!fs::is_directory(folder)) continue;
        for (const auto& entry : fs::directory_iterator(folder)) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("The scenario loader passes the fuzz checks on its corpus and past findings", "[fuzz][yaml]") {
    const auto files = inputs_of("scenario_yaml");
    CHECK(files.size() >= 40);
    for (const auto& file : files) {
        INFO(file.string());
        CHECK_NOTHROW(migroute::fuzz::check_scenario_yaml(read_file(file)));
    }
}

TEST_CASE("Overrides pass the fuzz checks on their corpus and past findings", "[fuzz][overrides]") {
    const auto files = inputs_of("overrides");
    CHECK(files.size() >= 20);
    for (const auto& file : files) {
        INFO(file.string());
        CHECK_NOTHROW(migroute::fuzz::check_overrides(read_file(file)));
    }
}

TEST_CASE("The Flee reader passes the fuzz checks on its corpus and past findings", "[fuzz][flee]") {
    const auto files = inputs_of("flee_reader");
    CHECK(files.size() >= 20);
    const fs::path scratch = fs::temp_directory_path() / ("migroute-fuzz-replay-" + std::to_string(::getpid()));
    for (const auto& file : files) {
        INFO(file.string());
        bool decoded = false;
        CHECK_NOTHROW(decoded = migroute::fuzz::check_flee_reader(read_file(file), scratch.string()));
        CHECK(decoded);
    }
    fs::remove_all(scratch);
}

TEST_CASE("The fuzz text form of a Flee folder", "[fuzz][flee]") {
    using migroute::fuzz::decode_flee_folder;
    const auto folder = decode_flee_folder(
        "ignored\n=== input_csv/sim_period.csv\nStartDate,2020-01-01\nLength,10\n=== overrides\nmove_rules.softening=3\n\n"
        "=== source_data/c-1.csv\n2020-01-01,5");
    REQUIRE(folder);
    REQUIRE(folder->files.size() == 2);
    CHECK(folder->files[0].first == "input_csv/sim_period.csv");
    CHECK(folder->files[0].second == "StartDate,2020-01-01\nLength,10\n");
    CHECK(folder->files[1].first == "source_data/c-1.csv");
    CHECK(folder->files[1].second == "2020-01-01,5");
    CHECK(folder->overrides == std::vector<std::string>{"move_rules.softening=3"});
    for (const char* bad : {"=== ../locations.csv\n", "=== input_csv/../x\n", "=== input_csv/..\n", "=== /etc/passwd\n",
                            "=== source_data/\n", "=== other/x.csv\n"}) {
        INFO(bad);
        CHECK_FALSE(decode_flee_folder(bad));
    }
}
