#include "graph/route_graph.hpp"

#include "util/error.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/reverse_graph.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace migroute {

std::uint32_t RouteGraph::location_index(const std::string& name) const {
    const auto it = location_by_name.find(name);
    return it == location_by_name.end() ? kNone : it->second;
}

std::uint32_t RouteGraph::link_index(const std::string& name) const {
    const auto it = link_by_name.find(name);
    return it == link_by_name.end() ? kNone : it->second;
}

namespace {

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         boost::no_property, boost::property<boost::edge_weight_t, double>>;

struct DirectedLink {
    std::uint32_t from, to, spec;
    double km;
    LinkMode mode;
};

// Marks every vertex reachable from the sources.
std::vector<bool> reachable_from(const BoostGraph& g, const std::vector<std::uint32_t>& sources) {
    std::vector<bool> seen(boost::num_vertices(g), false);
    if (sources.empty()) return seen;
    std::vector<boost::default_color_type> color(boost::num_vertices(g), boost::white_color);
    auto color_map = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
    for (const auto s : sources) {
        if (color[s] != boost::white_color) continue;
        boost::breadth_first_visit(g, s, boost::color_map(color_map));
    }
    for (std::size_t v = 0; v < seen.size(); ++v) seen[v] = color[v] != boost::white_color;
    return seen;
}

}  // namespace

RouteGraph build_route_graph(const Scenario& scenario, GraphReport* report) {
    RouteGraph g;
    std::unordered_map<std::string, std::uint32_t> country_by_code;
    for (const auto& c : scenario.countries) {
        if (!country_by_code.emplace(c.code, static_cast<std::uint32_t>(g.country_code.size())).second)
            throw InputError(scenario.source_path + ": duplicate country code '" + c.code + "'");
        g.country_code.push_back(c.code);
    }
    const std::size_t n = scenario.locations.size();
    if (n == 0) throw InputError(scenario.source_path + ": the scenario has no locations");
    for (const auto& loc : scenario.locations) {
        const auto id = static_cast<std::uint32_t>(g.location_name.size());
        if (!g.location_by_name.emplace(loc.name, id).second)
            throw InputError(scenario.source_path + ": duplicate location name '" + loc.name + "'");
        const auto c = country_by_code.find(loc.country);
        if (c == country_by_code.end())
            throw InputError(scenario.source_path + ": location '" + loc.name + "' names unknown country '" +
                             loc.country + "'");
        g.location_name.push_back(loc.name);
        g.location_country.push_back(c->second);
        g.location_type.push_back(loc.type);
    }

    std::vector<DirectedLink> links;
    for (std::size_t s = 0; s < scenario.links.size(); ++s) {
        const auto& spec = scenario.links[s];
        const auto from = g.location_index(spec.from);
        const auto to = g.location_index(spec.to);
        if (from == RouteGraph::kNone || to == RouteGraph::kNone)
            throw InputError(scenario.source_path + ": link '" + spec.name() + "' has an unknown endpoint '" +
                             (from == RouteGraph::kNone ? spec.from : spec.to) + "'");
        if (from == to) throw InputError(scenario.source_path + ": link '" + spec.name() + "' leads from a location to itself");
        if (!(spec.distance_km > 0.0))
            throw InputError(scenario.source_path + ": link '" + spec.name() + "' must have a distance > 0 km");
        links.push_back({from, to, static_cast<std::uint32_t>(s), spec.distance_km, spec.mode});
        if (spec.two_way) links.push_back({to, from, static_cast<std::uint32_t>(s), spec.distance_km, spec.mode});
    }
    // CSR order: by source, then by target, then by scenario order (stable).
    std::stable_sort(links.begin(), links.end(), [](const DirectedLink& a, const DirectedLink& b) {
        return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
    g.out_begin.assign(n + 1, 0);
    for (const auto& l : links) {
        const auto id = static_cast<std::uint32_t>(g.link_from.size());
        const std::string name = g.location_name[l.from] + "-" + g.location_name[l.to];
        if (!g.link_by_name.emplace(name, id).second)
            throw InputError(scenario.source_path + ": duplicate link '" + name + "'");
        g.link_from.push_back(l.from);
        g.link_to.push_back(l.to);
        g.link_km.push_back(l.km);
        g.link_mode.push_back(l.mode);
        g.link_name.push_back(name);
        g.link_spec.push_back(l.spec);
        ++g.out_begin[l.from + 1];
    }
    std::partial_sum(g.out_begin.begin(), g.out_begin.end(), g.out_begin.begin());
    g.link_reverse.assign(g.link_count(), RouteGraph::kNone);
    for (std::uint32_t id = 0; id < g.link_count(); ++id)
        g.link_reverse[id] = g.link_index(g.location_name[g.link_to[id]] + "-" + g.location_name[g.link_from[id]]);

    // Checks with Boost.Graph.
    BoostGraph bg(n);
    for (std::uint32_t id = 0; id < g.link_count(); ++id) boost::add_edge(g.link_from[id], g.link_to[id], g.link_km[id], bg);
    std::vector<std::uint32_t> starts;
    for (const auto& p : scenario.initial) starts.push_back(g.location_index(p.at));
    for (const auto& s : scenario.spawn) starts.push_back(g.location_index(s.at));
    std::erase(starts, RouteGraph::kNone);
    const auto reached = reachable_from(bg, starts);
    GraphReport local;
    for (std::uint32_t v = 0; v < n; ++v) {
        const auto out = boost::out_degree(v, bg);
        const auto in = boost::in_degree(v, bg);
        if (out == 0 && in == 0 && n > 1)
            throw InputError(scenario.source_path + ": location '" + g.location_name[v] +
                             "' has no links: no one can reach or leave it");
        const bool sink_type = g.location_type[v] == LocationType::destination ||
                               g.location_type[v] == LocationType::camp || g.location_type[v] == LocationType::idpcamp;
        if (out == 0 && !sink_type)
            local.warnings.push_back("location '" + g.location_name[v] + "' (" + std::string(to_string(g.location_type[v])) +
                                     ") has no outgoing link: no one can leave it");
        if (!starts.empty() && !reached[v])
            local.warnings.push_back("location '" + g.location_name[v] +
                                     "' cannot be reached from any location where people start");
    }
    for (const auto s : starts)
        if (boost::out_degree(s, bg) == 0 && g.location_type[s] != LocationType::destination && n > 1 &&
            g.location_type[s] != LocationType::camp && g.location_type[s] != LocationType::idpcamp)
            throw InputError(scenario.source_path + ": people start at '" + g.location_name[s] +
                             "', which has no outgoing link");
    if (report) *report = std::move(local);
    return g;
}

std::vector<double> distances_to(const RouteGraph& graph, std::uint32_t target,
                                 const std::vector<std::uint8_t>& link_open) {
    const std::size_t n = graph.location_count();
    BoostGraph bg(n);
    for (std::uint32_t id = 0; id < graph.link_count(); ++id)
        if (link_open.empty() || link_open[id]) boost::add_edge(graph.link_from[id], graph.link_to[id], graph.link_km[id], bg);
    const auto reversed = boost::make_reverse_graph(bg);
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    boost::dijkstra_shortest_paths(
        reversed, target,
        boost::distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, reversed)))
            .distance_inf(std::numeric_limits<double>::infinity()));
    return dist;
}

std::vector<double> costs_to(const RouteGraph& graph, std::uint32_t target, const std::vector<double>& link_cost) {
    const std::size_t n = graph.location_count();
    BoostGraph bg(n);
    for (std::uint32_t id = 0; id < graph.link_count(); ++id)
        if (std::isfinite(link_cost[id])) boost::add_edge(graph.link_from[id], graph.link_to[id], link_cost[id], bg);
    const auto reversed = boost::make_reverse_graph(bg);
    std::vector<double> cost(n, std::numeric_limits<double>::infinity());
    boost::dijkstra_shortest_paths(
        reversed, target,
        boost::distance_map(boost::make_iterator_property_map(cost.begin(), boost::get(boost::vertex_index, reversed)))
            .distance_inf(std::numeric_limits<double>::infinity()));
    return cost;
}

}  // namespace migroute
