// Deterministic randomness: every random number comes from a counter-based generator (Philox4x32-10,
// Random123) keyed by the seed, with the counter (agent id, day, stream and draw number): the stream
// sits in the top 8 bits of the counter's last word and the draw number k in the low 24 bits (k is
// always below 2^24 here). Nothing is seeded
// by thread, so results depend only on the scenario and the seed, whatever the thread count. The same
// seed with and without a policy gives common random numbers for counterfactual comparisons.
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <utility>

namespace migroute {

// Every stream of random numbers the engine uses. One enum, so no two uses ever share draws.
// Values are part of the output format: never renumber, only append.
enum class Stream : std::uint32_t {
    move = 1,        // does an agent leave its location today, and (second value) which link it takes
    choice = 2,      // route choices that need draws of their own
    death = 3,       // death on a link (per crossing or per travelling day)
    border = 4,      // pushbacks and other border events
    interception = 5,
    spawn = 6,       // placement of newly displaced people among origins
    asylum = 7,      // procedures and decisions
    quota = 8,       // ranking of candidates for resettlement and visa quotas
    destination = 9, // intended destination drawn at spawn (routes rule set)
    injury = 10,
};

// Four independent 32-bit words for (seed, stream, agent id, day, k): one Philox4x32-10 call.
using Block = r123::Philox4x32::ctr_type;
inline Block draw_block(std::uint64_t seed, Stream stream, std::uint64_t agent_id, std::uint32_t day,
                        std::uint32_t k) {
    using Philox = r123::Philox4x32;
    const Philox::key_type key = {{static_cast<std::uint32_t>(seed),
                                   static_cast<std::uint32_t>(seed >> 32)}};
    const Philox::ctr_type ctr = {{static_cast<std::uint32_t>(agent_id),
                                   static_cast<std::uint32_t>(agent_id >> 32), day,
                                   (static_cast<std::uint32_t>(stream) << 24) ^ k}};
    return Philox()(ctr, key);
}

// A uniform double in [0, 1) with 53 random bits from two words.
inline double unit_double(std::uint32_t high, std::uint32_t low) {
    const std::uint64_t bits = (static_cast<std::uint64_t>(high) << 21) ^ (low >> 11);
    return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * 0x1.0p-53;
}

// A uniform double in [0, 1): the first two words of the block.
inline double draw(std::uint64_t seed, Stream stream, std::uint64_t agent_id, std::uint32_t day,
                   std::uint32_t k) {
    const Block b = draw_block(seed, stream, agent_id, day, k);
    return unit_double(b[0], b[1]);
}

// Draws bound to one seed, for code that draws many numbers.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : seed_(seed) {}
    double operator()(Stream stream, std::uint64_t agent_id, std::uint32_t day, std::uint32_t k) const {
        return draw(seed_, stream, agent_id, day, k);
    }
    // Two uniform doubles in [0, 1) from one generator call (words 0-1 and 2-3).
    std::pair<double, double> pair(Stream stream, std::uint64_t agent_id, std::uint32_t day, std::uint32_t k) const {
        const Block b = draw_block(seed_, stream, agent_id, day, k);
        return {unit_double(b[0], b[1]), unit_double(b[2], b[3])};
    }
    std::uint64_t seed() const { return seed_; }

private:
    std::uint64_t seed_;
};

}  // namespace migroute
