// libFuzzer target: the Flee folder reader (io/flee_reader.hpp). Each input is a folder as text
// (harness.hpp), written into a scratch folder of this process under TMPDIR (default /dev/shm, so
// that the files never touch a disk) and removed at exit.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "target.hpp"

namespace {

std::string& scratch_folder() {
    static std::string folder;
    return folder;
}

void remove_scratch_folder() {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_folder(), ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string base = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/dev/shm";
    if (!std::filesystem::is_directory(base)) base = std::filesystem::temp_directory_path().string();
    scratch_folder() = base + "/migroute-fuzz-flee-" + std::to_string(::getpid());
    std::atexit(remove_scratch_folder);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    bool decoded = true;
    migroute::fuzz::run_check([&] { decoded = migroute::fuzz::check_flee_reader(input, scratch_folder()); });
    return decoded ? 0 : -1;  // -1: libFuzzer keeps no input that is not a folder
}
