// Crash safety, through real processes killed with SIGKILL: a killed run never leaves a file under the
// final output name, its last checkpoint is always whole, and resumed from it (or rerun, when it
// was killed before the first checkpoint) it completes with the result of an uninterrupted run.
// Kills happen at exact points (MIGROUTE_FAILPOINT, util/failpoint.hpp: after a day, with a
// checkpoint written but not yet renamed, with the result written but not yet renamed) and at
// times spread over a run, sent from outside.
#include "../sanitizer_build.hpp"
#include "io/checkpoint.hpp"
#include "io/result_compare.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kBinary = MIGROUTE_BINARY;
const std::string kReady = std::string(MIGROUTE_SOURCE_DIR) + "/scenarios/mediterranean-2016/scenario.yaml";

std::string fresh_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("migroute-crash-tests-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

// Starts `migroute ARGS` with MIGROUTE_FAILPOINT set to `failpoint` (unset when empty); output to /dev/null.
pid_t start(const std::vector<std::string>& args, const std::string& failpoint) {
    std::fflush(stdout);  // or the child flushes the test runner's buffered output a second time
    std::fflush(stderr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (failpoint.empty()) ::unsetenv("MIGROUTE_FAILPOINT");
        else ::setenv("MIGROUTE_FAILPOINT", failpoint.c_str(), 1);
        std::vector<std::string> all{kBinary};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execv(kBinary.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

struct Ended {
    bool killed = false;  // by SIGKILL
    int exit_code = -1;   // when it exited
};

Ended wait_for(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    Ended e;
    e.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
    return e;
}

std::vector<std::string> run_args(const std::string& out, int days, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> a{"run", kReady, "--days", std::to_string(days), "--threads", "2", "-q", "-o", out};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

// After a killed run: no file under the final name; then resume from the checkpoint (expected at
// `checkpoint_day`, -1: none) or rerun, and compare with the reference.
void recover_and_compare(const std::string& out, int days, int checkpoint_day, const std::string& reference) {
    const std::string checkpoint = out + ".checkpoint";
    CHECK_FALSE(fs::exists(out));
    std::vector<std::string> extra{"--checkpoint-every", "20"};
    if (checkpoint_day < 0) {
        CHECK_FALSE(fs::exists(checkpoint));
    } else {
        REQUIRE(fs::exists(checkpoint));
        // Whole and valid: the header and both checksums check out.
        CHECK(migroute::read_checkpoint_info(checkpoint).day == checkpoint_day);
        extra.insert(extra.end(), {"--resume", checkpoint});
    }
    const Ended resumed = wait_for(start(run_args(out, days, extra), ""));
    REQUIRE(resumed.exit_code == 0);
    CHECK(migroute::compare_hdf5_files(reference, out).empty());
    CHECK_FALSE(fs::exists(checkpoint));  // removed once the result is complete
}

}  // namespace

TEST_CASE("a run killed at exact points leaves no result and resumes to the same result", "[crash][cli]") {
    const int days = 120;
    const std::string dir = fresh_dir("points");
    const std::string reference = dir + "/reference.h5";
    REQUIRE(wait_for(start(run_args(reference, days), "")).exit_code == 0);

    struct Point {
        std::string failpoint;
        int checkpoint_day;  // the last checkpoint on disk when killed (-1: none yet)
    };
    const std::vector<Point> points = {
        {"after-day:10", -1},          // before the first checkpoint
        {"after-day:20", 20},          // just after a checkpoint
        {"checkpoint-written:40", 20}, // while the second checkpoint is being renamed into place
        {"after-day:75", 60},          // between checkpoints
        {"result-written", 100},       // the result written under its temporary name, not renamed
    };
    for (const Point& p : points) {
        INFO("killed at " << p.failpoint);
        const std::string out = dir + "/run.h5";
        fs::remove(out);
        fs::remove(out + ".checkpoint");
        const Ended killed = wait_for(start(run_args(out, days, {"--checkpoint-every", "20"}), p.failpoint));
        REQUIRE(killed.killed);
        recover_and_compare(out, days, p.checkpoint_day, reference);
    }

    {
        INFO("killed again while resuming");
        const std::string out = dir + "/twice.h5";
        REQUIRE(wait_for(start(run_args(out, days, {"--checkpoint-every", "20"}), "after-day:30")).killed);
        REQUIRE(wait_for(start(run_args(out, days, {"--checkpoint-every", "20", "--resume", out + ".checkpoint"}),
                               "after-day:50"))
                    .killed);
        recover_and_compare(out, days, 40, reference);
    }
}

TEST_CASE("a run killed at any time leaves no result and resumes to the same result", "[crash][cli]") {
    const int days = migroute::test::run_days(366, 120);  // 120: three checkpoints in sanitizer builds
    const std::string dir = fresh_dir("times");
    const std::string reference = dir + "/reference.h5";
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(wait_for(start(run_args(reference, days, {"--checkpoint-every", "30"}), "")).exit_code == 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Kill times spread over one run, as shares of the time a whole run took.
    for (const double share : {0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97}) {
        {
            INFO("killed after " << share << " of a run");
            const std::string out = dir + "/run.h5";
            fs::remove(out);
            fs::remove(out + ".checkpoint");
            const pid_t pid = start(run_args(out, days, {"--checkpoint-every", "30"}), "");
            std::this_thread::sleep_for(std::chrono::duration<double>(share * seconds));
            ::kill(pid, SIGKILL);
            const Ended ended = wait_for(pid);
            if (!ended.killed) {  // it finished first: then the result is whole
                REQUIRE(ended.exit_code == 0);
                CHECK(migroute::compare_hdf5_files(reference, out).empty());
                continue;
            }
            CHECK_FALSE(fs::exists(out));
            const std::string checkpoint = out + ".checkpoint";
            std::vector<std::string> extra{"--checkpoint-every", "30"};
            if (fs::exists(checkpoint)) {
                const auto info = migroute::read_checkpoint_info(checkpoint);  // never a half-written one
                CHECK(info.day % 30 == 0);
                extra.insert(extra.end(), {"--resume", checkpoint});
            }
            REQUIRE(wait_for(start(run_args(out, days, extra), "")).exit_code == 0);
            CHECK(migroute::compare_hdf5_files(reference, out).empty());
        }
    }
}

TEST_CASE("checkpoint options are checked before the run starts", "[crash][cli]") {
    const std::string dir = fresh_dir("options");
    const std::string out = dir + "/run.h5";
    const std::string err = dir + "/stderr.txt";
    auto exit_code = [&](const std::string& options) {
        const std::string command = kBinary + " run " + kReady + " --days 30 -q -o " + out + " " + options + " 2> " + err;
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    auto message = [&] {
        std::ifstream in(err);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    CHECK(exit_code("--checkpoint-every 5 --checkpoint /nonexistent-dir/x.checkpoint") == 2);
    CHECK_THAT(message(), Catch::Contains("checkpoint file '/nonexistent-dir/x.checkpoint': the folder '/nonexistent-dir' does not exist"));
    CHECK(exit_code("--checkpoint-every -3") == 2);
    CHECK(exit_code("--resume " + dir + "/none.checkpoint") == 2);
    CHECK_THAT(message(), Catch::Contains(dir + "/none.checkpoint: no such checkpoint file"));
    CHECK(exit_code("--resume " + kReady) == 2);
    CHECK_THAT(message(), Catch::Contains("not a migroute checkpoint"));
    CHECK_FALSE(fs::exists(out));
    // A checkpoint interval longer than the run writes none, and the run is as usual.
    CHECK(exit_code("--checkpoint-every 500") == 0);
    CHECK(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".checkpoint"));
}
