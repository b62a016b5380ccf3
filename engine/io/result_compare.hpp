// Compares two HDF5 files object by object: every dataset (shape, type and values) and every
// attribute, outside the excluded groups and attributes. An excluded entry is a group or dataset path
// ("/run": the run's provenance and timings) or PATH@ATTRIBUTE for one attribute (the root attributes
// that name the build: engine version, git description, compiler, flags). "Byte-identical results" in
// tests and docs means this comparison finds nothing with the default exclusions.
#pragma once

#include <string>
#include <vector>

namespace migroute {

inline const std::vector<std::string> kProvenance = {"/run", "/@engine_version", "/@engine_git", "/@compiler",
                                                      "/@build_flags"};

// Returns one line per difference (empty when identical). Throws InputError when a file cannot be read.
std::vector<std::string> compare_hdf5_files(const std::string& a, const std::string& b,
                                            const std::vector<std::string>& excluded = kProvenance);

}  // namespace migroute
