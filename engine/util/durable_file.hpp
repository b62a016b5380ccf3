// Files that appear whole or not at all, even when the process is killed or the machine loses power:
// written under a temporary name in the same folder, flushed to disk (fsync), renamed over the final
// name (atomic on POSIX file systems), and the folder flushed so that the rename itself is durable.
// Used by the result writer and checkpoints. docs/ROBUSTNESS.md, "Crash safety".
#pragma once

#include <cstdint>
#include <string>

namespace migroute {

// The temporary name of `path` for this process: path.tmp.<pid>. Never the final name, so a reader
// never mistakes a half-written file for a result.
std::string temporary_name(const std::string& path);

// A new file written front to back through a buffer, with a chance to fill in a header at the end.
// Every failure throws std::runtime_error naming the file and the system's reason. The destructor
// closes the file without syncing it (on an error path); sync_and_close() is the normal end.
class OutputFile {
public:
    explicit OutputFile(const std::string& path);  // creates or truncates
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    void write(const void* data, std::size_t n);
    // Overwrites bytes already written, at `offset` (after flushing the buffer).
    void write_at(std::uint64_t offset, const void* data, std::size_t n);
    // Flushes the buffer, fsyncs and closes.
    void sync_and_close();

private:
    void flush();
    std::string path_;
    int fd_ = -1;
    std::string buffer_;
};

// fsyncs an existing file (one another library wrote and closed, e.g. HDF5).
void sync_file(const std::string& path);

// Renames `from` over `to` and fsyncs the folder of `to`.
void rename_durably(const std::string& from, const std::string& to);

}  // namespace migroute
