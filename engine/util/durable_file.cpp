#include "util/durable_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace migroute {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
    std::string message = what;
    message += " '";
    message += path;
    message += "': ";
    message += std::strerror(error);
    throw std::runtime_error(message);
}

// Closes a descriptor on every path out of a function.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

void sync_descriptor(int fd, const std::string& path) {
    if (::fsync(fd) != 0) fail("cannot flush", path, errno);
}

}  // namespace

std::string temporary_name(const std::string& path) { return path + ".tmp." + std::to_string(::getpid()); }

namespace {
constexpr std::size_t kBufferBytes = std::size_t{4} << 20;

void write_fully(int fd, const char* p, std::size_t n, const std::string& path) {
    while (n > 0) {
        const ::ssize_t done = ::write(fd, p, n);
        if (done < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", path, errno);
        }
        p += done;
        n -= static_cast<std::size_t>(done);
    }
}
}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot create", path, errno);
    buffer_.reserve(kBufferBytes);
}

OutputFile::~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
}

void OutputFile::flush() {
    write_fully(fd_, buffer_.data(), buffer_.size(), path_);
    buffer_.clear();
}

void OutputFile::write(const void* data, std::size_t n) {
    if (buffer_.size() + n > kBufferBytes) flush();
    if (n >= kBufferBytes) write_fully(fd_, static_cast<const char*>(data), n, path_);  // large arrays directly
    else buffer_.append(static_cast<const char*>(data), n);
}

void OutputFile::write_at(std::uint64_t offset, const void* data, std::size_t n) {
    flush();
    const auto* p = static_cast<const char*>(data);
    while (n > 0) {
        const ::ssize_t done = ::pwrite(fd_, p, n, static_cast<::off_t>(offset));
        if (done < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", path_, errno);
        }
        p += done;
        n -= static_cast<std::size_t>(done);
        offset += static_cast<std::uint64_t>(done);
    }
}

void OutputFile::sync_and_close() {
    flush();
    sync_descriptor(fd_, path_);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot close", path_, errno);
}

void sync_file(const std::string& path) {
    Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) fail("cannot open", path, errno);
    sync_descriptor(file.fd, path);
}

void rename_durably(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename '" + from + "' to", to, errno);
    const std::filesystem::path parent = std::filesystem::path(to).parent_path();
    const std::string folder = parent.empty() ? "." : parent.string();
    Descriptor dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    // Some file systems (and some containers) refuse to fsync a folder; the rename has happened, so a
    // failure here only weakens durability on power loss and is not an error.
    if (dir.fd >= 0) (void)::fsync(dir.fd);
}

}  // namespace migroute
