// The memory a run needs, estimated before anything large is allocated, against the memory the
// process may use: the smaller of the machine's available memory (MemAvailable in /proc/meminfo) and
// the headroom of every memory cgroup the process is in (limit minus usage, cgroup v1 or v2, up to the
// root). A run that would not fit stops with a message that gives the estimate and the
// persons_per_agent that would fit, instead of being killed by the kernel hours later.
// docs/ROBUSTNESS.md, "Memory estimate".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace migroute {

struct MemoryEstimate {
    std::uint64_t agents = 0;           // agents the run creates (placed and spawned)
    std::uint64_t bytes_per_agent = 0;  // agent arrays of the engine and the rule set, x state copies
    std::uint64_t other_bytes = 0;      // series, tables and graph
    std::uint64_t total() const { return agents * bytes_per_agent + other_bytes; }
};

struct AvailableMemory {
    std::optional<std::uint64_t> mem_available;    // /proc/meminfo MemAvailable
    std::optional<std::uint64_t> cgroup_headroom;  // smallest limit - usage over the cgroups; none: no limit
    std::string cgroup;                            // the cgroup folder of that limit
    // The smaller of the two; nullopt when neither could be read (the check is then skipped).
    std::optional<std::uint64_t> bytes() const;
};

// Reads /proc/meminfo and the process's memory cgroups. The roots are parameters so that tests can
// give a made-up tree; every unreadable file counts as "no information", never as an error.
AvailableMemory available_memory(const std::string& proc_root = "/proc", const std::string& cgroup_root = "/sys/fs/cgroup");

// Throws InputError when `estimate` exceeds the available memory: the message names the scenario, the
// estimate, what is available and where the limit comes from, and the persons_per_agent that would fit.
void check_memory(const MemoryEstimate& estimate, const AvailableMemory& available, const std::string& scenario_name,
                  int persons_per_agent);

// "1.5 GiB", "512.0 MiB", "3.2 KiB".
std::string format_bytes(std::uint64_t bytes);

}  // namespace migroute
