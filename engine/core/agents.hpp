// Agents in structure-of-arrays form with stable ids: agent i is element i of every array, from the
// day it appears until the end of the run (dead agents keep their id; nothing is compacted).
// One agent stands for `persons_per_agent` persons; every output is reported in persons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migroute {

enum class Status : std::uint8_t {
    displaced,   // at a location, free to move on
    in_transit,  // travelling on a link
    in_camp,
    at_border,
    applicant,   // reached an EU asylum system
    protected_status,
    rejected,
    returned,
    resettled,
    dead,
};

enum AgentFlag : std::uint8_t {
    kOnLink = 1u << 0,  // `where` is a link id, not a location id
};

struct Agents {
    std::vector<std::uint32_t> where;          // location id, or link id when kOnLink is set
    std::vector<float> link_km_done;           // km covered on the current link
    std::vector<std::uint32_t> came_from;      // the location left most recently (kNowhere at first)
    std::vector<std::uint16_t> nationality;    // index into the scenario's nationalities
    std::vector<Status> status;
    std::vector<std::uint8_t> flags;           // AgentFlag bits
    std::vector<std::uint16_t> displaced_day;  // day the person was displaced (spawn day; 0 if placed)
    std::vector<std::uint16_t> arrived_day;    // day the person arrived at its current location
    std::vector<std::uint16_t> wait_until_day; // no move before this day (after a pushback or injury)
    std::vector<std::uint8_t> attempts;        // attempts at the current border

    static constexpr std::uint32_t kNowhere = 0xffffffffu;

    std::size_t size() const { return where.size(); }
    void reserve(std::size_t n);
    // Appends `count` agents at `location`; returns the id of the first.
    std::size_t add(std::size_t count, std::uint32_t location, std::uint16_t nationality_index,
                     std::uint16_t day, Status initial_status);
    // Memory held per agent by the arrays above.
    static constexpr std::size_t bytes_per_agent() {
        return sizeof(std::uint32_t) * 2 + sizeof(float) + sizeof(std::uint16_t) * 4 + sizeof(Status) +
               sizeof(std::uint8_t) * 2;
    }
};

}  // namespace migroute
