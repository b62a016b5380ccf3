#include "util/memory.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace migroute {

namespace {

// Values at or above this are "no limit" (cgroup v1 writes 2^63 rounded down to a page).
constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 60;

std::optional<std::uint64_t> read_number(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string word;
    if (!(in >> word) || word == "max") return std::nullopt;
    try {
        std::size_t used = 0;
        const unsigned long long v = std::stoull(word, &used);
        if (used != word.size()) return std::nullopt;
        return static_cast<std::uint64_t>(v);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::uint64_t> read_mem_available(const std::filesystem::path& meminfo) {
    std::ifstream in(meminfo);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream fields(line.substr(13));
        unsigned long long kib = 0;
        std::string unit;
        if (fields >> kib >> unit && unit == "kB") return static_cast<std::uint64_t>(kib) * 1024;
        return std::nullopt;
    }
    return std::nullopt;
}

// Walks from `base/relative` up to `base`, keeping the smallest limit - usage.
void walk_cgroups(const std::filesystem::path& base, const std::string& relative, const char* limit_file,
                  const char* usage_file, AvailableMemory& out) {
    std::filesystem::path dir = base / std::filesystem::path(relative).relative_path();
    while (true) {
        const auto limit = read_number(dir / limit_file);
        const auto usage = read_number(dir / usage_file);
        if (limit && *limit < kNoLimit) {
            const std::uint64_t headroom = usage && *usage < *limit ? *limit - *usage : 0;
            if (!out.cgroup_headroom || headroom < *out.cgroup_headroom) {
                out.cgroup_headroom = headroom;
                out.cgroup = dir.string();
            }
        }
        if (dir == base || !dir.has_parent_path() || dir.parent_path() == dir) break;
        dir = dir.parent_path();
        if (dir.string().size() < base.string().size()) break;
    }
}

}  // namespace

std::optional<std::uint64_t> AvailableMemory::bytes() const {
    if (mem_available && cgroup_headroom) return std::min(*mem_available, *cgroup_headroom);
    if (mem_available) return mem_available;
    return cgroup_headroom;
}

AvailableMemory available_memory(const std::string& proc_root, const std::string& cgroup_root) {
    namespace fs = std::filesystem;
    AvailableMemory out;
    out.mem_available = read_mem_available(fs::path(proc_root) / "meminfo");
    // /proc/self/cgroup: "0::/path" (v2) or "N:memory:/path" (v1, possibly with other controllers).
    std::ifstream in(fs::path(proc_root) / "self" / "cgroup");
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find(':');
        const auto second = first == std::string::npos ? std::string::npos : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        if (controllers.empty()) {
            walk_cgroups(cgroup_root, path, "memory.max", "memory.current", out);
        } else {
            std::stringstream list(controllers);
            std::string c;
            while (std::getline(list, c, ','))
                if (c == "memory") walk_cgroups(fs::path(cgroup_root) / "memory", path, "memory.limit_in_bytes",
                                                "memory.usage_in_bytes", out);
        }
    }
    return out;
}

std::string format_bytes(std::uint64_t bytes) {
    char buf[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1024.0 * 1024 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f TiB", b / (1024.0 * 1024 * 1024 * 1024));
    else if (b >= 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    else if (b >= 1024.0 * 1024) std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1024.0 * 1024));
    else std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    return buf;
}

void check_memory(const MemoryEstimate& estimate, const AvailableMemory& available, const std::string& scenario_name,
                  int persons_per_agent) {
    const auto limit = available.bytes();
    if (!limit || estimate.total() <= *limit) return;
    std::string message = "scenario '" + scenario_name + "' needs about " + format_bytes(estimate.total()) + " (" +
                          std::to_string(estimate.agents) + " agents x " + std::to_string(estimate.bytes_per_agent) +
                          " bytes, plus " + format_bytes(estimate.other_bytes) + " of series and tables), but only " +
                          format_bytes(*limit) + " is available (";
    if (available.mem_available) message += "MemAvailable " + format_bytes(*available.mem_available);
    if (available.mem_available && available.cgroup_headroom) message += "; ";
    if (available.cgroup_headroom)
        message += "memory cgroup " + available.cgroup + ": " + format_bytes(*available.cgroup_headroom) + " below its limit";
    message += "). ";
    // The agent arrays shrink in proportion to persons_per_agent; the series do not.
    const double agent_bytes = static_cast<double>(estimate.agents * estimate.bytes_per_agent);
    const double room = 0.9 * static_cast<double>(*limit) - static_cast<double>(estimate.other_bytes);
    if (room > 0.0 && agent_bytes > 0.0) {
        const auto factor = static_cast<long long>(std::ceil(agent_bytes / room));
        const long long suggested = static_cast<long long>(persons_per_agent) * std::max(2LL, factor);
        message += "Set persons_per_agent to " + std::to_string(suggested) + " or more (now " +
                   std::to_string(persons_per_agent) + "), e.g. --set persons_per_agent=" + std::to_string(suggested) +
                   ", or run on a machine with more memory.";
    } else {
        message += "The series alone do not fit: run fewer days or on a machine with more memory.";
    }
    throw InputError(message);
}

}  // namespace migroute
