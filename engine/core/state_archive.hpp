// The state of a run as bytes, for checkpoints (io/checkpoint.hpp). One class does both directions, so
// that each part of the engine lists its mutable state once, in one function:
//
//     void Part::checkpoint(StateArchive& ar) { ar.section("part"); ar.value(count_); ar.vector(per_agent_); }
//
// Saving appends the values to a byte buffer; loading reads them back in the same order into the
// objects of a freshly constructed run of the same scenario. Loading checks every length against the
// bytes left and against the sizes the fresh run already has, and `section` checks a tag at the start
// of each part, so that a checkpoint of another build or a different layout is refused with a message
// naming the part, never read into the wrong fields. Values are stored in the machine's byte order; the
// checkpoint header records it (io/checkpoint.cpp).
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace migroute {

class StateArchive {
public:
    // A saving archive.
    StateArchive() = default;
    // A loading archive over `bytes` (not copied: they must outlive the archive). `what` names the
    // file in messages.
    StateArchive(std::string_view bytes, std::string what) : loading_(true), in_(bytes), what_(std::move(what)) {}

    bool loading() const { return loading_; }
    const std::string& bytes() const { return out_; }
    std::size_t remaining() const { return in_.size() - pos_; }

    // A tag at the start of a part of the state.
    void section(std::string_view name) {
        std::string tag(name);
        if (!loading_) {
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
        if (!loading_) {
            append(&v, sizeof(T));
        } else {
            take(&v, sizeof(T), "a value");
        }
    }

    // A vector of any length (agent arrays, series).
    template <class T>
    void vector(std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::uint64_t n = v.size();
        value(n);
        if (!loading_) {
            if (n > 0) append(v.data(), n * sizeof(T));
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
        if (loading_ && v.size() != expected)
            fail(std::string(name) + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(expected));
    }

    // A vector whose length must be `n` (per agent).
    template <class T>
    void sized(std::vector<T>& v, std::size_t n, std::string_view name) {
        vector(v);
        if (loading_ && v.size() != n)
            fail(std::string(name) + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(n));
    }

    void vector(std::vector<bool>& v) {
        std::vector<std::uint8_t> bytes(v.begin(), v.end());
        vector(bytes);
        if (loading_) v.assign(bytes.begin(), bytes.end());
    }

    void string(std::string& s, std::size_t max_length = std::string::npos) {
        std::uint64_t n = s.size();
        value(n);
        if (!loading_) {
            append(s.data(), s.size());
            return;
        }
        if (n > remaining() || n > max_length) fail("a text of " + std::to_string(n) + " bytes runs past the end");
        s.assign(in_.substr(pos_, static_cast<std::size_t>(n)));
        pos_ += static_cast<std::size_t>(n);
    }

    // After loading: every byte was read.
    void finish() const {
        if (loading_ && remaining() != 0) fail(std::to_string(remaining()) + " bytes left over after the last part");
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
    void append(const void* data, std::size_t n) { out_.append(static_cast<const char*>(data), n); }
    void take(void* data, std::size_t n, const char* what) {
        if (n > remaining()) fail(std::string(what) + " runs past the end");
        std::memcpy(data, in_.data() + pos_, n);
        pos_ += n;
    }
    static std::string printable(const std::string& s) {
        std::string r;
        for (const char c : s) r += (c >= 32 && c < 127) ? c : '?';
        return r;
    }

    bool loading_ = false;
    std::string out_;
    std::string_view in_;
    std::size_t pos_ = 0;
    std::string what_;
    std::string part_;
};

// FNV-1a, 64 bits: the checksum of checkpoint payloads and the fingerprint of scenarios. Not a
// cryptographic hash: it detects truncation, bit flips and mixed-up files, not tampering.
class Fnv1a64 {
public:
    void add(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        std::uint64_t h = hash_;
        for (std::size_t i = 0; i < n; ++i) {
            h ^= p[i];
            h *= 0x100000001b3ull;
        }
        hash_ = h;
    }
    void add(std::string_view s) {
        const std::uint64_t n = s.size();
        add(&n, sizeof n);  // length first, so that ("ab", "c") and ("a", "bc") differ
        add(s.data(), s.size());
    }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace migroute
