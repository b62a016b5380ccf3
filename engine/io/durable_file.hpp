// Files that appear whole or not at all, even when the process is killed or the machine loses power:
// written under a temporary name in the same folder, flushed to disk (fsync), renamed over the final
// name (atomic on POSIX file systems), and the folder flushed so that the rename itself is durable.
// Used by the result writer and checkpoints. docs/ROBUSTNESS.md, "Crash safety".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migroute {

// The temporary name of `path` for this process: path.tmp.<pid>. Never the final name, so a reader
// never mistakes a half-written file for a result.
std::string temporary_name(const std::string& path);

// Creates (or truncates) `path`, writes the parts in order, and fsyncs it. Throws std::runtime_error
// naming the file and the system's reason.
void write_and_sync(const std::string& path, const std::vector<std::string_view>& parts);

// fsyncs an existing file (one another library wrote and closed, e.g. HDF5).
void sync_file(const std::string& path);

// Renames `from` over `to` and fsyncs the folder of `to`.
void rename_durably(const std::string& from, const std::string& to);

}  // namespace migroute
