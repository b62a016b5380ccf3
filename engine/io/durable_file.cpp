#include "io/durable_file.hpp"

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

void write_and_sync(const std::string& path, const std::vector<std::string_view>& parts) {
    Descriptor file{::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (file.fd < 0) fail("cannot create", path, errno);
    for (std::string_view part : parts) {
        while (!part.empty()) {
            const ::ssize_t n = ::write(file.fd, part.data(), part.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                fail("cannot write", path, errno);
            }
            part.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    sync_descriptor(file.fd, path);
    const int fd = file.fd;
    file.fd = -1;
    if (::close(fd) != 0) fail("cannot close", path, errno);
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
