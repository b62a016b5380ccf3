// The state of a run as bytes, for checkpoints (io/checkpoint.hpp). One class does both directions, so
// that each part of the engine lists its mutable state once, in one function:
//
//     void Part::checkpoint(StateArchive& ar) { ar.section("part"); ar.value(count_); ar.vector(per_agent_); }
//
// Saving streams the values to a sink (the checkpoint file, through a buffer: the state is never copied
// whole in memory); loading reads them back in the same order into the objects of a freshly
// constructed run of the same scenario. Loading checks every length against the bytes left and
// against the sizes the fresh run already has, and `section` checks a tag at the start of each part,
// so that a checkpoint of another build or a different layout is refused with a message naming the
// part, never read into the wrong fields. Values are stored in the machine's byte order; the
// checkpoint header records it (io/checkpoint.cpp).
#pragma once

#include "util/error.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace migroute {

// Where saved bytes go, and where loaded bytes come from.
class StateSink {
public:
    virtual ~StateSink() = default;
    virtual void write(const void* data, std::size_t n) = 0;
};

class StateSource {
public:
    virtual ~StateSource() = default;
    // Reads exactly n bytes (the archive never asks for more than remaining()).
    virtual void read(void* data, std::size_t n) = 0;
    virtual std::uint64_t remaining() const = 0;
};

class StateArchive {
public:
    // A saving archive into `sink`.
    explicit StateArchive(StateSink& sink) : sink_(&sink) {}
    // A saving archive into memory (bytes()).
    StateArchive() : sink_(&memory_sink_) {}
    // A loading archive; `what` names the file in messages.
    StateArchive(StateSource& source, std::string what) : source_(&source), what_(std::move(what)) {}
    // A loading archive over `bytes` (not copied: they must outlive the archive).
    StateArchive(std::string_view bytes, std::string what)
        : memory_source_(bytes), source_(&memory_source_), what_(std::move(what)) {}
    StateArchive(const StateArchive&) = delete;
    StateArchive& operator=(const StateArchive&) = delete;

    bool loading() const { return source_ != nullptr; }
    // What a saving archive without a sink holds.
    const std::string& bytes() const { return memory_sink_.bytes; }
    std::uint64_t remaining() const { return source_ ? source_->remaining() : 0; }

    // A tag at the start of a part of the state.
    void section(std::string_view name) {
        std::string tag(name);
        if (!loading()) {
            string(tag);
            return;
        }
        std::string found;
        string(found, 64);
        if (found != tag) fail("expected the part '" + tag + "', found '" + printable(found) + "'");
        part_ = tag;
    }

    // One trivially copyable value.
    template <class T>
    void value(T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (!loading()) sink_->write(&v, sizeof(T));
        else take(&v, sizeof(T), "a value");
    }

    // A vector of any length (agent arrays, series).
    template <class T>
    void vector(std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::uint64_t n = v.size();
        value(n);
        if (!loading()) {
            if (n > 0) sink_->write(v.data(), v.size() * sizeof(T));
            return;
        }
        if (n > remaining() / sizeof(T)) fail("an array of " + std::to_string(n) + " values runs past the end");
        v.resize(static_cast<std::size_t>(n));
        if (n > 0) take(v.data(), static_cast<std::size_t>(n) * sizeof(T), "an array");
    }

    // A vector whose length the fresh run already has (per location, per link, ...): a checkpoint
    // with another length belongs to another scenario.
    template <class T>
    void fixed(std::vector<T>& v, std::string_view name) {
        const std::size_t expected = v.size();
        vector(v);
        if (loading() && v.size() != expected)
            fail(std::string(name) + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(expected));
    }

    // A vector whose length must be `n` (per agent).
    template <class T>
    void sized(std::vector<T>& v, std::size_t n, std::string_view name) {
        vector(v);
        if (loading() && v.size() != n)
            fail(std::string(name) + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(n));
    }

    void vector(std::vector<bool>& v) {
        std::vector<std::uint8_t> bytes(v.begin(), v.end());
        vector(bytes);
        if (loading()) v.assign(bytes.begin(), bytes.end());
    }

    void string(std::string& s, std::uint64_t max_length = ~std::uint64_t{0}) {
        std::uint64_t n = s.size();
        value(n);
        if (!loading()) {
            sink_->write(s.data(), s.size());
            return;
        }
        if (n > remaining() || n > max_length) fail("a text of " + std::to_string(n) + " bytes runs past the end");
        s.assign(static_cast<std::size_t>(n), '\0');
        take(s.data(), s.size(), "a text");
    }

    // After loading: every byte was read.
    void finish() const {
        if (loading() && remaining() != 0) fail(std::to_string(remaining()) + " bytes left over after the last part");
    }

    [[noreturn]] void fail(const std::string& message) const {
        std::string text = what_;
        text += ": not a checkpoint of this scenario and build";
        if (!part_.empty()) {
            text += " (in the part '";
            text += part_;
            text += "')";
        }
        text += ": ";
        text += message;
        throw InputError(text);
    }

private:
    struct MemorySink final : StateSink {
        std::string bytes;
        void write(const void* data, std::size_t n) override { bytes.append(static_cast<const char*>(data), n); }
    };
    struct MemorySource final : StateSource {
        MemorySource() = default;
        explicit MemorySource(std::string_view b) : bytes(b) {}
        std::string_view bytes;
        std::size_t pos = 0;
        void read(void* data, std::size_t n) override {
            std::memcpy(data, bytes.data() + pos, n);
            pos += n;
        }
        std::uint64_t remaining() const override { return bytes.size() - pos; }
    };

    void take(void* data, std::size_t n, const char* what) {
        if (n > remaining()) fail(std::string(what) + " runs past the end");
        source_->read(data, n);
    }
    static std::string printable(const std::string& s) {
        std::string r;
        for (const char c : s) r += (c >= 32 && c < 127) ? c : '?';
        return r;
    }

    MemorySink memory_sink_;
    MemorySource memory_source_;
    StateSink* sink_ = nullptr;
    StateSource* source_ = nullptr;
    std::string what_;
    std::string part_;
};

// A 64-bit checksum of a byte stream, fed in pieces of any size: 8-byte little-endian words w are
// mixed in as h = rotl((h xor w) x 0x100000001b3, 31) from FNV's offset basis; a last partial word is
// zero-padded; the byte count is mixed in at the end. Every step is a bijection of h for a given
// word, so two streams that differ in one word (any damage within 8 aligned bytes, e.g. a flipped
// bit) always have different checksums, and so do streams of different lengths. The checksum of
// checkpoint states and headers, and the fingerprint of scenarios. Not a cryptographic hash: it
// detects damage and mixed-up files, not tampering. Word-wise, it runs at memory speed.
class Checksum64 {
public:
    void add(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        length_ += n;
        while (n > 0 && pending_ > 0) {
            partial_[pending_++] = *p++;
            --n;
            if (pending_ == 8) {
                mix(load(partial_));
                pending_ = 0;
            }
        }
        for (; n >= 8; p += 8, n -= 8) mix(load(p));
        for (; n > 0; --n) partial_[pending_++] = *p++;
    }
    // A text with its length first, so that ("ab", "c") and ("a", "bc") differ.
    void add(std::string_view s) {
        const std::uint64_t n = s.size();
        add(&n, sizeof n);
        add(s.data(), s.size());
    }
    std::uint64_t value() const {
        Checksum64 end = *this;
        if (end.pending_ > 0) {
            for (std::size_t i = end.pending_; i < 8; ++i) end.partial_[i] = 0;
            end.mix(load(end.partial_));
        }
        end.mix(length_);
        return end.hash_;
    }

private:
    static std::uint64_t load(const unsigned char* p) {
        std::uint64_t w;
        std::memcpy(&w, p, sizeof w);
        if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);  // little-endian words everywhere
        return w;
    }
    void mix(std::uint64_t w) {
        const std::uint64_t x = (hash_ ^ w) * 0x100000001b3ull;
        hash_ = (x << 31) | (x >> 33);
    }

    std::uint64_t hash_ = 0xcbf29ce484222325ull;
    std::uint64_t length_ = 0;
    unsigned char partial_[8] = {};
    std::size_t pending_ = 0;
};

}  // namespace migroute
