// End to end through the program on Flee folders: `migroute run FLEE_DIR` gives identical result files
// for 1, 2 and 4 threads and carries the validation datasets; `migroute validate` prints and writes
// the ARD per seed, their mean and spread, and the per-camp table.
#include "../sanitizer_build.hpp"
#include "io/result_compare.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string kBinary = MIGROUTE_BINARY;
const std::string kMali = std::string(MIGROUTE_SOURCE_DIR) + "/data/flee/mali2012";

int run_command(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string temp_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / "migroute-tests";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("flee: migroute run FLEE_DIR gives identical results for 1, 2 and 4 threads", "[flee][determinism][cli]") {
    std::string files[3];
    int i = 0;
    for (const int threads : {1, 2, 4}) {
        files[i] = temp_path("flee-det-" + std::to_string(threads) + ".h5");
        std::filesystem::remove(files[i]);
        std::string cmd = kBinary;
        cmd += " run " + kMali + " --days " + std::to_string(migroute::test::run_days(150, 50)) + " --seed 7 --quiet --threads " +
               std::to_string(threads) + " -o " + files[i];
        REQUIRE(run_command(cmd) == 0);
        ++i;
    }
    CHECK(migroute::compare_hdf5_files(files[0], files[1]).empty());
    CHECK(migroute::compare_hdf5_files(files[0], files[2]).empty());
}

TEST_CASE("flee: migroute validate writes the ARD per seed, mean, sd and the camp table", "[flee][cli]") {
    const auto dir = std::filesystem::temp_directory_path() / "migroute-tests" / "flee-validate";
    std::filesystem::remove_all(dir);
    const std::string log = temp_path("flee-validate.log");
    std::string cmd = kBinary;
    cmd += " validate " + kMali + " --seeds 2 --days 60 --threads 2 -o " + dir.string() + " > " + log;
    REQUIRE(run_command(cmd) == 0);
    const std::string out = read_text(log);
    CHECK(out.find("mali2012 seed 1 ") != std::string::npos);
    CHECK(out.find("mali2012 seed 2 ") != std::string::npos);
    CHECK(out.find("2 seeds, ARD ") != std::string::npos);
    CHECK(out.find("Fassala-Mbera") != std::string::npos);
    const std::string runs = read_text((dir / "mali2012_validation.csv").string());
    CHECK(runs.rfind("scenario,seed,ard,ard_rescaled,wall_seconds,result_file\n", 0) == 0);
    CHECK(runs.find("mali2012,1,") != std::string::npos);
    CHECK(runs.find("mali2012,mean,") != std::string::npos);
    CHECK(runs.find("mali2012,sd,") != std::string::npos);
    const std::string camps = read_text((dir / "mali2012_camps.csv").string());
    CHECK(camps.find("mali2012,Niamey,") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "mali2012_seed1.h5"));
    CHECK(std::filesystem::exists(dir / "mali2012_seed2.h5"));
}

TEST_CASE("flee: a folder that is not a Flee folder, and a bad override, are input errors", "[flee][cli]") {
    const std::string missing = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/flee/no-such-folder";
    CHECK(run_command(kBinary + " validate " + missing + " --seeds 1 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " run " + kMali + " -o " + temp_path("x.h5") +
                      " --set move_rules.awareness_lvl=2 2> /dev/null") == 2);
    CHECK(run_command(kBinary + " run " + kMali + " -o " + temp_path("x.h5") + " --days 301 2> /dev/null") == 2);
}
