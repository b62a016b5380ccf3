// The checkpoint file:
//
//   offset  bytes  field
//        0     16  tag "\x89migroute-ckpt\r\n" (the first byte is not ASCII and the line end catches
//                  text-mode copies, as in PNG)
//       16      4  format version (kFormatVersion)
//       20      4  0x01020304 in the writer's byte order (a reader with another order refuses)
//       24      8  scenario fingerprint (scenario_fingerprint)
//       32      4  days done
//       36      4  days of the scenario
//       40      8  bytes of state that follow the header
//       48      8  checksum of the state (Checksum64, util/state_archive.hpp)
//       56    4+n  engine version (length, then text)
//         4+n  scenario name (length, then text)
//            8  checksum of every header byte before it
//            .  the state (Simulation::checkpoint)
//
// The writer streams the state to the file with the two size and checksum fields zero, then fills
// them in; the file is complete only when renamed to its name. The reader checks the header, then
// the checksum of the state in a first pass over the file, and only then loads it, in a second pass,
// straight into the simulation's arrays (neither side holds a second copy of the state in memory).
#include "io/checkpoint.hpp"

#include "util/error.hpp"
#include "util/failpoint.hpp"
#include "simulation/simulation.hpp"
#include "util/state_archive.hpp"
#include "util/durable_file.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace migroute {

namespace {

constexpr char kTag[16] = {'\x89', 'm', 'i', 'g', 'r', 'o', 'u', 't', 'e', '-', 'c', 'k', 'p', 't', '\r', '\n'};
constexpr char kHdf5Tag[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
constexpr std::uint32_t kFormatVersion = 2;  // 2: tables from the declared policy-table list, rule-set section
constexpr std::uint32_t kByteOrder = 0x01020304u;
constexpr std::size_t kFixedHeader = 56;       // up to the engine version
constexpr std::uint32_t kMaxHeaderText = 4096;  // engine version and scenario name, each

template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_text(std::string& out, const std::string& s) {
    const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(s.size(), kMaxHeaderText));
    put(out, n);
    out.append(s.data(), n);
}

std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// Reads the header from `in`, checking it; leaves `in` at the first byte of the state.
struct Header {
    CheckpointInfo info;
    std::uint64_t checksum = 0;
};

Header read_header(const std::string& path, std::ifstream& in, std::uint64_t file_size) {
    auto fail = [&path](const std::string& message) -> InputError { return InputError(path + ": " + message); };
    auto truncated = [&] {
        return fail("truncated: the file ends inside the checkpoint header (" + std::to_string(file_size) + " bytes)");
    };
    std::string head(kFixedHeader, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got >= sizeof kHdf5Tag && std::memcmp(head.data(), kHdf5Tag, sizeof kHdf5Tag) == 0)
        throw fail("an HDF5 file (a result file?), not a migroute checkpoint");
    if (got < sizeof kTag || std::memcmp(head.data(), kTag, sizeof kTag) != 0) {
        if (got < sizeof kTag && std::memcmp(head.data(), kTag, got) == 0) throw truncated();
        throw fail("not a migroute checkpoint (it does not start with the checkpoint tag)");
    }
    if (got < kFixedHeader) throw truncated();
    auto field = [&head](std::size_t offset, auto& v) { std::memcpy(&v, head.data() + offset, sizeof v); };
    std::uint32_t version = 0, order = 0, days_done = 0, days = 0;
    Header h;
    field(16, version);
    field(20, order);
    if (order != kByteOrder) throw fail("written on a machine with another byte order; resume it on such a machine");
    if (version != kFormatVersion)
        throw fail("checkpoint format version " + std::to_string(version) + "; this build reads version " +
                   std::to_string(kFormatVersion));
    field(24, h.info.fingerprint);
    field(32, days_done);
    field(36, days);
    field(40, h.info.state_bytes);
    field(48, h.checksum);
    Checksum64 header_sum;
    header_sum.add(head.data(), head.size());
    auto text = [&](std::string& s) {
        std::uint32_t n = 0;
        in.read(reinterpret_cast<char*>(&n), sizeof n);
        if (in.gcount() != sizeof n) throw truncated();
        if (n > kMaxHeaderText) throw fail("damaged: a header text of " + std::to_string(n) + " bytes");
        s.assign(n, '\0');
        in.read(s.data(), n);
        if (static_cast<std::uint32_t>(in.gcount()) != n) throw truncated();
        header_sum.add(&n, sizeof n);
        header_sum.add(s.data(), s.size());
    };
    text(h.info.engine_version);
    text(h.info.scenario_name);
    std::uint64_t stored = 0;
    in.read(reinterpret_cast<char*>(&stored), sizeof stored);
    if (in.gcount() != sizeof stored) throw truncated();
    if (stored != header_sum.value()) throw fail("damaged: the checksum of the header does not match");
    h.info.day = static_cast<int>(days_done);
    h.info.days = static_cast<int>(days);
    const auto header_bytes = static_cast<std::uint64_t>(in.tellg());
    if (file_size - header_bytes < h.info.state_bytes)
        throw fail("truncated: the header announces " + std::to_string(h.info.state_bytes) + " bytes of state, the file holds " +
                   std::to_string(file_size - header_bytes));
    if (file_size - header_bytes > h.info.state_bytes)
        throw fail("damaged: " + std::to_string(file_size - header_bytes - h.info.state_bytes) +
                   " bytes after the end of the state");
    return h;
}

// Checks the checksum of the state that follows the header, reading it in pieces; leaves `in` where
// it was.
void check_state(const std::string& path, std::ifstream& in, const Header& h) {
    const auto start = in.tellg();
    std::vector<char> buffer(std::size_t{4} << 20);
    Checksum64 sum;
    std::uint64_t left = h.info.state_bytes;
    while (left > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        in.read(buffer.data(), static_cast<std::streamsize>(n));
        if (static_cast<std::size_t>(in.gcount()) != n) throw InputError(path + ": truncated: the state ends early");
        sum.add(buffer.data(), n);
        left -= n;
    }
    if (sum.value() != h.checksum)
        throw InputError(path + ": damaged: the checksum of the state does not match (stored " + hex(h.checksum) +
                         ", computed " + hex(sum.value()) + ")");
    in.seekg(start);
}

// The state of a checked checkpoint, read straight into the arrays the archive loads.
class FileSource final : public StateSource {
public:
    FileSource(std::ifstream& in, std::uint64_t bytes) : in_(in), left_(bytes) {}
    void read(void* data, std::size_t n) override {
        in_.read(static_cast<char*>(data), static_cast<std::streamsize>(n));
        if (static_cast<std::size_t>(in_.gcount()) != n) throw std::runtime_error("checkpoint: read failed");
        left_ -= n;
    }
    std::uint64_t remaining() const override { return left_; }

private:
    std::ifstream& in_;
    std::uint64_t left_;
};

// The state on its way to the file: counted and checksummed as it goes.
class FileSink final : public StateSink {
public:
    explicit FileSink(OutputFile& file) : file_(file) {}
    void write(const void* data, std::size_t n) override {
        file_.write(data, n);
        sum_.add(data, n);
        bytes_ += n;
    }
    std::uint64_t bytes() const { return bytes_; }
    std::uint64_t checksum() const { return sum_.value(); }

private:
    OutputFile& file_;
    Checksum64 sum_;
    std::uint64_t bytes_ = 0;
};

std::ifstream open_checkpoint(const std::string& path, std::uint64_t& size) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such checkpoint file");
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": a folder, not a checkpoint file");
    size = std::filesystem::file_size(path, ec);
    if (ec) throw InputError(path + ": cannot read its size: " + ec.message());
    if (size == 0) throw InputError(path + ": an empty file, not a checkpoint");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be opened for reading");
    return in;
}

// Every file of a Flee folder that the reader may read, in a fixed order.
void add_flee_files(Checksum64& sum, const Scenario& scenario) {
    namespace fs = std::filesystem;
    const auto& in = *scenario.flee;
    std::vector<fs::path> files;
    std::error_code ec;
    for (const char* sub : {"input_csv", "source_data"}) {
        const fs::path dir = fs::path(in.folder) / sub;
        if (!fs::is_directory(dir, ec)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
            if (entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (!in.settings_path.empty()) files.push_back(in.settings_path);
    for (const auto& file : files) {
        std::ifstream f(file, std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        sum.add(fs::relative(file, in.folder, ec).generic_string());
        sum.add(content);
    }
}

}  // namespace

bool is_checkpoint_file(const std::string& path) noexcept {
    std::ifstream in(path, std::ios::binary);
    char tag[sizeof kTag] = {};
    in.read(tag, sizeof tag);
    return in.gcount() == sizeof tag && std::memcmp(tag, kTag, sizeof kTag) == 0;
}

std::string format_checkpoint_info(const std::string& path, const CheckpointInfo& info) {
    std::string out = "checkpoint      " + path + "\n";
    out += "scenario        " + info.scenario_name + " (fingerprint " + hex(info.fingerprint) + ")\n";
    out += "days done       " + std::to_string(info.day) + " of " + std::to_string(info.days) + "\n";
    out += "state           " + std::to_string(info.state_bytes) + " bytes, checksums match\n";
    out += "engine          " + info.engine_version + "\n";
    return out;
}

std::string engine_version() {
    std::string v = MIGROUTE_VERSION;
    v += " (";
    v += MIGROUTE_GIT_VERSION;
    v += ")";
    return v;
}

std::uint64_t scenario_fingerprint(const Scenario& scenario) {
    Checksum64 sum;
    sum.add(std::string_view("migroute scenario"));
    sum.add(scenario.resolved_yaml);
    if (scenario.flee) add_flee_files(sum, scenario);
    return sum.value();
}

void write_checkpoint(const std::string& path, std::uint64_t fingerprint, const Scenario& scenario,
                      Simulation& simulation) {
    auto header = [&](std::uint64_t state_bytes, std::uint64_t state_checksum) {
        std::string h(kTag, sizeof kTag);
        put(h, kFormatVersion);
        put(h, kByteOrder);
        put(h, fingerprint);
        put(h, static_cast<std::uint32_t>(simulation.day()));
        put(h, static_cast<std::uint32_t>(scenario.days));
        put(h, state_bytes);
        put(h, state_checksum);
        put_text(h, engine_version());
        put_text(h, scenario.name);
        Checksum64 sum;
        sum.add(h.data(), h.size());
        put(h, sum.value());
        return h;
    };
    const std::string temp = temporary_name(path);
    try {
        OutputFile file(temp);
        const std::string placeholder = header(0, 0);  // same length as the final header
        file.write(placeholder.data(), placeholder.size());
        FileSink sink(file);
        StateArchive ar(sink);
        simulation.checkpoint(ar);
        const std::string final_header = header(sink.bytes(), sink.checksum());
        file.write_at(0, final_header.data(), final_header.size());
        file.sync_and_close();
        failpoint("checkpoint-written", simulation.day());
        rename_durably(temp, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
    std::uint64_t size = 0;
    std::ifstream in = open_checkpoint(path, size);
    const Header h = read_header(path, in, size);
    check_state(path, in, h);
    return h.info;
}

CheckpointInfo load_checkpoint(const std::string& path, std::uint64_t fingerprint, const Scenario& scenario,
                               Simulation& simulation) {
    std::uint64_t size = 0;
    std::ifstream in = open_checkpoint(path, size);
    const Header h = read_header(path, in, size);
    if (h.info.fingerprint != fingerprint)
        throw InputError(path + ": belongs to another scenario: it was written for '" + h.info.scenario_name +
                         "' (fingerprint " + hex(h.info.fingerprint) + "), this run is '" + scenario.name +
                         "' (fingerprint " + hex(fingerprint) +
                         "); a checkpoint resumes only the scenario, overrides, seed and days it was written for");
    if (h.info.engine_version != engine_version())
        throw InputError(path + ": written by migroute " + h.info.engine_version + ", this is " + engine_version() +
                         "; resume it with the build that wrote it");
    check_state(path, in, h);
    if (simulation.day() != 0) throw std::logic_error("load_checkpoint: the simulation has already run");
    FileSource source(in, h.info.state_bytes);
    StateArchive ar(source, path);
    simulation.checkpoint(ar);
    ar.finish();
    if (simulation.day() != h.info.day)
        ar.fail("the state is of day " + std::to_string(simulation.day()) + ", the header says " +
                std::to_string(h.info.day));
    return h.info;
}

}  // namespace migroute
