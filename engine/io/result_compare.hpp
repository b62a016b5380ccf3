// Compares two HDF5 files object by object: every dataset (shape, type and values) and every
// attribute, outside the excluded groups. "Byte-identical results" in tests and docs means this
// comparison finds nothing outside /run.
#pragma once

#include <string>
#include <vector>

namespace migroute {

// Returns one line per difference (empty when identical). Throws InputError when a file cannot be read.
std::vector<std::string> compare_hdf5_files(const std::string& a, const std::string& b,
                                            const std::vector<std::string>& excluded = {"/run"});

}  // namespace migroute
