// The route graph: locations (nodes) and directed links (edges), checked with Boost.Graph when built
// and flattened into compressed arrays (CSR: per location, a contiguous range of outgoing links) for
// the hot loop.
#pragma once

#include "model/scenario.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace migroute {

struct RouteGraph {
    // Locations, in scenario order (index = location id).
    std::vector<std::string> location_name;
    std::vector<std::uint32_t> location_country;  // index into country tables
    std::vector<LocationType> location_type;

    // Countries, in scenario order.
    std::vector<std::string> country_code;

    // Directed links, sorted by source location so that the outgoing links of location l are
    // link ids [out_begin[l], out_begin[l+1]).
    std::vector<std::uint32_t> out_begin;
    std::vector<std::uint32_t> link_from;
    std::vector<std::uint32_t> link_to;
    std::vector<double> link_km;
    std::vector<LinkMode> link_mode;
    std::vector<std::string> link_name;       // "from-to"
    std::vector<std::uint32_t> link_spec;     // index of the `links:` entry it came from
    std::vector<std::uint32_t> link_reverse;  // the opposite link, or kNone
    static constexpr std::uint32_t kNone = 0xffffffffu;

    std::size_t location_count() const { return location_name.size(); }
    std::size_t link_count() const { return link_from.size(); }
    std::size_t country_count() const { return country_code.size(); }

    std::uint32_t location_index(const std::string& name) const;  // kNone if absent
    std::uint32_t link_index(const std::string& name) const;      // kNone if absent

    std::unordered_map<std::string, std::uint32_t> location_by_name;
    std::unordered_map<std::string, std::uint32_t> link_by_name;
};

// Findings of the graph check that do not stop a run.
struct GraphReport {
    std::vector<std::string> warnings;
};

// Builds the graph from a scenario. Throws InputError for an invalid graph (unknown endpoints,
// duplicate names, non-positive distances, a location with no link at all, a location where people
// are placed or spawned that has no way out and is not a destination). Problems that a
// scenario may intend (a location no one can reach from where people start; a location other than
// a destination or camp with no way out) are returned as warnings.
RouteGraph build_route_graph(const Scenario& scenario, GraphReport* report = nullptr);

// Shortest distances (km) from every location to `target`, over links that are open, computed with
// Boost.Graph's Dijkstra on the reversed graph. Unreachable: +infinity.
std::vector<double> distances_to(const RouteGraph& graph, std::uint32_t target,
                                 const std::vector<std::uint8_t>& link_open);

// The same with a cost per link (any unit >= 0) instead of its km; a link whose cost is +infinity is
// left out. Used by the routes rule set for generalised route costs.
std::vector<double> costs_to(const RouteGraph& graph, std::uint32_t target, const std::vector<double>& link_cost);

}  // namespace migroute
