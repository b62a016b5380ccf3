// Counter-based randomness (core/rng.hpp): the Stream numbers, Philox4x32-10's known answers through
// draw_block's mapping of (seed, stream, agent, day, k), unit_double's 53 bits, determinism, distinct
// draws for distinct inputs, and the distribution of 100,000 draws.
#include "core/rng.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <set>

using namespace migroute;

namespace {

constexpr std::array<Stream, 10> kStreams = {Stream::move,  Stream::choice,       Stream::death, Stream::border,
                                             Stream::interception, Stream::spawn, Stream::asylum, Stream::quota,
                                             Stream::destination,  Stream::injury};

std::array<std::uint32_t, 4> words(const Block& b) { return {b[0], b[1], b[2], b[3]}; }

}  // namespace

TEST_CASE("rng: the stream numbers are the documented ones", "[rng]") {
    // Part of the output format: results of a seed depend on them.
    CHECK(static_cast<std::uint32_t>(Stream::move) == 1);
    CHECK(static_cast<std::uint32_t>(Stream::choice) == 2);
    CHECK(static_cast<std::uint32_t>(Stream::death) == 3);
    CHECK(static_cast<std::uint32_t>(Stream::border) == 4);
    CHECK(static_cast<std::uint32_t>(Stream::interception) == 5);
    CHECK(static_cast<std::uint32_t>(Stream::spawn) == 6);
    CHECK(static_cast<std::uint32_t>(Stream::asylum) == 7);
    CHECK(static_cast<std::uint32_t>(Stream::quota) == 8);
    CHECK(static_cast<std::uint32_t>(Stream::destination) == 9);
    CHECK(static_cast<std::uint32_t>(Stream::injury) == 10);
}

TEST_CASE("rng: draw_block is Philox4x32-10 with key (seed) and counter (agent, day, stream << 24 ^ k)", "[rng]") {
    // The known-answer vectors of Random123 (kat_vectors, philox4x32 10 rounds), reached through the
    // mapping: key = seed low, high word; counter = agent low, high word, day, (stream << 24) ^ k.
    CHECK(words(draw_block(0, Stream::move, 0, 0, 1u << 24)) ==
          std::array<std::uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
    CHECK(words(draw_block(0xffffffffffffffffull, Stream::move, 0xffffffffffffffffull, 0xffffffffu, 0xfeffffffu)) ==
          std::array<std::uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
    CHECK(words(draw_block(0x299f31d0a4093822ull, Stream::death, 0x85a308d3243f6a88ull, 0x13198a2eu, 0x707344u)) ==
          std::array<std::uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST_CASE("rng: unit_double takes 53 bits, high word first, and stays below 1", "[rng]") {
    CHECK(unit_double(0, 0) == 0.0);
    CHECK(unit_double(0xffffffffu, 0xffffffffu) < 1.0);
    CHECK(unit_double(0xffffffffu, 0xffffffffu) == 1.0 - 0x1.0p-53);
    CHECK(unit_double(0x80000000u, 0) == 0.5);
    CHECK(unit_double(1, 0) == 0x1.0p-32);
    // The top 21 bits of the low word are the lowest bits of the result; its low 11 bits are dropped.
    CHECK(unit_double(0, 1u << 11) == 0x1.0p-53);
    CHECK(unit_double(0, 0x7ffu) == 0.0);
    CHECK(unit_double(0, 0xffffffffu) == static_cast<double>((1u << 21) - 1) * 0x1.0p-53);
    CHECK(unit_double(0x12345678u, 0x9abcdef0u) ==
          static_cast<double>((std::uint64_t{0x12345678} << 21) | (0x9abcdef0u >> 11)) * 0x1.0p-53);
    CHECK(unit_double(0x12345678u, 0x9abcdef0u ^ (1u << 11)) - unit_double(0x12345678u, 0x9abcdef0u) ==
          -0x1.0p-53);  // bit 11 of 0x9abcdef0 is set
}

TEST_CASE("rng: draw is the first two words of the block, and pair is both halves", "[rng]") {
    const Rng rng(42);
    CHECK(rng.seed() == 42);
    for (std::uint64_t agent : {0ull, 7ull, 0x100000003ull}) {
        for (std::uint32_t day : {0u, 365u}) {
            for (std::uint32_t k : {0u, 1u, 5u}) {
                const Block b = draw_block(42, Stream::choice, agent, day, k);
                const auto [first, second] = rng.pair(Stream::choice, agent, day, k);
                CHECK(first == unit_double(b[0], b[1]));
                CHECK(second == unit_double(b[2], b[3]));
                CHECK(first != second);
                CHECK(draw(42, Stream::choice, agent, day, k) == first);
                CHECK(rng(Stream::choice, agent, day, k) == first);
            }
        }
    }
}

TEST_CASE("rng: the same inputs give the same value, and changing any one of them changes it", "[rng]") {
    const double base = draw(7, Stream::move, 100, 10, 0);
    CHECK(draw(7, Stream::move, 100, 10, 0) == base);
    CHECK(Rng(7)(Stream::move, 100, 10, 0) == base);
    CHECK(words(draw_block(7, Stream::move, 100, 10, 0)) == words(draw_block(7, Stream::move, 100, 10, 0)));

    CHECK(draw(8, Stream::move, 100, 10, 0) != base);
    CHECK(draw(7 + (1ull << 32), Stream::move, 100, 10, 0) != base);  // the seed's high word counts
    CHECK(draw(7, Stream::move, 101, 10, 0) != base);
    CHECK(draw(7, Stream::move, 100 + (1ull << 32), 10, 0) != base);  // the agent id's high word counts
    CHECK(draw(7, Stream::move, 100, 11, 0) != base);
    CHECK(draw(7, Stream::move, 100, 10, 1) != base);
    CHECK(draw(7, Stream::choice, 100, 10, 0) != base);

    // Every stream, agent, day and k of a small grid: all values distinct (53 bits: no chance collision).
    std::set<double> seen;
    std::size_t n = 0;
    for (const Stream stream : kStreams)
        for (std::uint64_t agent = 0; agent < 8; ++agent)
            for (std::uint32_t day = 0; day < 8; ++day)
                for (std::uint32_t k = 0; k < 4; ++k, ++n) seen.insert(draw(3, stream, agent, day, k));
    CHECK(n == 10 * 8 * 8 * 4);
    CHECK(seen.size() == n);
}

TEST_CASE("rng: values lie in 0 <= u < 1 and use more than 32 bits", "[rng]") {
    const Rng rng(2024);
    int finer_than_32_bits = 0;
    for (std::uint64_t agent = 0; agent < 10000; ++agent) {
        const auto [a, b] = rng.pair(Stream::spawn, agent, 3, 0);
        for (const double u : {a, b}) {
            REQUIRE(u >= 0.0);
            REQUIRE(u < 1.0);
            const double scaled = std::ldexp(u, 32);
            finer_than_32_bits += scaled != std::floor(scaled) ? 1 : 0;
        }
    }
    CHECK(finer_than_32_bits > 19900);  // all but about 1 in 2^21
}

TEST_CASE("rng: 100,000 draws with a fixed seed are uniform", "[rng]") {
    // Over agents (one day), and over days and k (one agent): mean 1/2, variance 1/12, ten equal bins,
    // and no correlation between the two halves of a block.
    struct Moments {
        double sum = 0, sum2 = 0, cross = 0;
        std::array<int, 10> bins{};
        void add(double u, double v) {
            sum += u, sum2 += u * u, cross += (u - 0.5) * (v - 0.5);
            ++bins[static_cast<std::size_t>(u * 10.0)];
        }
    };
    constexpr int kDraws = 100000;
    const Rng rng(12345);
    Moments by_agent, by_day;
    for (int i = 0; i < kDraws; ++i) {
        const auto [u, v] = rng.pair(Stream::move, static_cast<std::uint64_t>(i), 0, 0);
        by_agent.add(u, v);
        const auto [x, y] = rng.pair(Stream::death, 17, static_cast<std::uint32_t>(i / 10), static_cast<std::uint32_t>(i % 10));
        by_day.add(x, y);
    }
    for (const Moments* m : {&by_agent, &by_day}) {
        const double mean = m->sum / kDraws;
        const double variance = m->sum2 / kDraws - mean * mean;
        double chi2 = 0;
        for (const int count : m->bins) chi2 += (count - kDraws / 10.0) * (count - kDraws / 10.0) / (kDraws / 10.0);
        const double correlation = m->cross / kDraws * 12.0;
        INFO("mean " << mean << ", variance " << variance << ", chi-square (9 df) " << chi2 << ", correlation "
                     << correlation);
        CHECK(std::abs(mean - 0.5) < 0.005);          // standard error 0.0009
        CHECK(std::abs(variance - 1.0 / 12.0) < 0.002);  // standard error 0.00024
        CHECK(chi2 < 30.0);                           // P(chi-square 9 df > 30) = 0.0004
        CHECK(std::abs(correlation) < 0.02);          // standard error 0.003
    }
}
