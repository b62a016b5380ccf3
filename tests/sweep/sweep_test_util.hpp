// Helpers shared by the sweep, Sobol and comparison tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace migroute::test {

inline const std::string kSweepData = std::string(MIGROUTE_SOURCE_DIR) + "/tests/data/sweeps/";

// A fresh, empty folder under the system's temporary folder, unique to this process and `name`.
inline std::string fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("migroute-sweep-tests-" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline bool contains(const std::string& text, const std::string& phrase) { return text.find(phrase) != std::string::npos; }

}  // namespace migroute::test
