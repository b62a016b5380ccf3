// The memory check before a run allocates its agents: the available memory read from /proc/meminfo
// and the memory cgroups (v1 and v2, nested limits), the estimate against it, and the message that
// suggests persons_per_agent; end to end, a scenario far too large for any machine is refused
// before it allocates, and the suggested persons_per_agent is one that fits.
#include "util/error.hpp"
#include "util/memory.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace migroute;
namespace fs = std::filesystem;

namespace {

std::string fresh_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("migroute-memory-tests-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

const std::string kMeminfo = "MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\n";
constexpr std::uint64_t kMemAvailable = 8000000ull * 1024;

std::string message_of(const MemoryEstimate& e, const AvailableMemory& a, int ppa) {
    try {
        check_memory(e, a, "big", ppa);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("available memory: MemAvailable alone", "[memory]") {
    const std::string root = fresh_dir("plain");
    write(fs::path(root) / "proc/meminfo", kMeminfo);
    write(fs::path(root) / "proc/self/cgroup", "0::/\n");
    const AvailableMemory a = available_memory(root + "/proc", root + "/cgroup");
    CHECK(a.mem_available == kMemAvailable);
    CHECK_FALSE(a.cgroup_headroom);
    CHECK(a.bytes() == kMemAvailable);
}

TEST_CASE("available memory: cgroup v2 limits, the tightest of the nested ones", "[memory]") {
    const std::string root = fresh_dir("v2");
    write(fs::path(root) / "proc/meminfo", kMeminfo);
    write(fs::path(root) / "proc/self/cgroup", "0::/jobs/job42/step0\n");
    const fs::path cg = fs::path(root) / "cgroup";
    write(cg / "jobs/job42/step0/memory.max", "max\n");  // no limit of its own
    write(cg / "jobs/job42/step0/memory.current", "100\n");
    write(cg / "jobs/job42/memory.max", "4294967296\n");  // 4 GiB for the job
    write(cg / "jobs/job42/memory.current", "1073741824\n");  // 1 GiB used
    write(cg / "jobs/memory.max", "17179869184\n");
    write(cg / "jobs/memory.current", "0\n");
    const AvailableMemory a = available_memory(root + "/proc", cg.string());
    CHECK(a.cgroup_headroom == 3ull * 1024 * 1024 * 1024);
    CHECK(a.cgroup == (cg / "jobs/job42").string());
    CHECK(a.bytes() == 3ull * 1024 * 1024 * 1024);  // smaller than MemAvailable
}

TEST_CASE("available memory: cgroup v1, unlimited and limited", "[memory]") {
    const std::string root = fresh_dir("v1");
    write(fs::path(root) / "proc/meminfo", kMeminfo);
    write(fs::path(root) / "proc/self/cgroup", "5:cpu,cpuacct:/x\n4:memory:/slurm/job7\n0::/\n");
    const fs::path cg = fs::path(root) / "cgroup";
    SECTION("the unlimited value of v1 is no limit") {
        write(cg / "memory/slurm/job7/memory.limit_in_bytes", "9223372036854771712\n");
        write(cg / "memory/slurm/job7/memory.usage_in_bytes", "1000\n");
        const AvailableMemory a = available_memory(root + "/proc", cg.string());
        CHECK_FALSE(a.cgroup_headroom);
        CHECK(a.bytes() == kMemAvailable);
    }
    SECTION("a limit below MemAvailable decides") {
        write(cg / "memory/slurm/job7/memory.limit_in_bytes", "2147483648\n");
        write(cg / "memory/slurm/job7/memory.usage_in_bytes", "1073741824\n");
        const AvailableMemory a = available_memory(root + "/proc", cg.string());
        CHECK(a.bytes() == 1073741824ull);
    }
    SECTION("usage above the limit leaves nothing") {
        write(cg / "memory/slurm/job7/memory.limit_in_bytes", "1000\n");
        write(cg / "memory/slurm/job7/memory.usage_in_bytes", "5000\n");
        CHECK(available_memory(root + "/proc", cg.string()).bytes() == 0u);
    }
}

TEST_CASE("available memory: unreadable files give no information, not an error", "[memory]") {
    const std::string root = fresh_dir("none");
    const AvailableMemory a = available_memory(root + "/proc", root + "/cgroup");
    CHECK_FALSE(a.bytes());
    MemoryEstimate e;
    e.agents = 1'000'000'000'000;
    e.bytes_per_agent = 24;
    CHECK(message_of(e, a, 1).empty());  // nothing known: the check is skipped
    write(fs::path(root) / "proc/meminfo", "MemAvailable: lots\n");
    CHECK_FALSE(available_memory(root + "/proc", root + "/cgroup").bytes());
}

TEST_CASE("the memory check refuses a run that does not fit and suggests persons_per_agent", "[memory]") {
    AvailableMemory a;
    a.mem_available = 10ull * 1024 * 1024 * 1024;  // 10 GiB
    MemoryEstimate e;
    e.bytes_per_agent = 24;
    e.other_bytes = 1024ull * 1024 * 1024;  // 1 GiB of series
    e.agents = 100'000'000;                 // 2.2 GiB: fits
    CHECK(message_of(e, a, 1).empty());
    e.agents = 1'000'000'000;  // 22.4 GiB + 1 GiB
    const std::string m = message_of(e, a, 1);
    CHECK_THAT(m, Catch::StartsWith("scenario 'big' needs about 23.4 GiB (1000000000 agents x 24 bytes, plus 1.0 GiB "
                                    "of series and tables), but only 10.0 GiB is available (MemAvailable 10.0 GiB)."));
    // 22.35 GiB of agents into 0.9 x 10 - 1 = 8 GiB: a factor of 3.
    CHECK_THAT(m, Catch::EndsWith("Set persons_per_agent to 3 or more (now 1), e.g. --set persons_per_agent=3, or run "
                                  "on a machine with more memory."));
    // The suggestion scales the current value, and the suggested run fits.
    CHECK_THAT(message_of(e, a, 10), Catch::Contains("persons_per_agent to 30 or more (now 10)"));
    e.agents /= 3;
    CHECK(message_of(e, a, 3).empty());

    // Series alone too large.
    e.other_bytes = 20ull * 1024 * 1024 * 1024;
    CHECK_THAT(message_of(e, a, 1), Catch::EndsWith("The series alone do not fit: run fewer days or on a machine with more memory."));

    // The cgroup is named when it decides.
    a.cgroup_headroom = 1024ull * 1024 * 1024;
    a.cgroup = "/sys/fs/cgroup/jobs/job42";
    CHECK_THAT(message_of(e, a, 1),
               Catch::Contains("only 1.0 GiB is available (MemAvailable 10.0 GiB; memory cgroup /sys/fs/cgroup/jobs/job42: "
                               "1.0 GiB below its limit)"));
}

TEST_CASE("a scenario too large for the machine stops before it allocates, with exit code 2", "[memory][cli]") {
    const std::string dir = fresh_dir("cli");
    const std::string tiny = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/scenarios/tiny.yaml";
    const std::string out = dir + "/huge.h5";
    // 10^14 persons, one agent each: petabytes of agents, on any machine.
    const std::string command = std::string(MIGROUTE_BINARY) + " run " + tiny +
                                " --set initial[0].persons=1e14 --set persons_per_agent=1 -q -o " + out + " 2> " + dir +
                                "/stderr.txt";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK_FALSE(fs::exists(out));
    std::ifstream in(dir + "/stderr.txt");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(text, Catch::Contains("scenario 'tiny-aegean' needs about"));
    CHECK_THAT(text, Catch::Contains("--set persons_per_agent="));
}
