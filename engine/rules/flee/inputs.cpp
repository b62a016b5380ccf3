#include "rules/flee/inputs.hpp"

#include <algorithm>
#include <cctype>

namespace migroute::flee {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

double SpawnRules::conflict_decay(int days_since_conflict) const {
    if (conflict_spawn_decay.empty()) return 1.0;
    const int interval = std::max(conflict_spawn_decay_interval_days, 1);
    const int step = std::max(days_since_conflict, 0) / interval;
    const std::size_t last = conflict_spawn_decay.size() - 1;
    return conflict_spawn_decay[std::min(static_cast<std::size_t>(step), last)];
}

std::string_view to_string(LocationKind kind) {
    switch (kind) {
        case LocationKind::conflict_zone: return "conflict_zone";
        case LocationKind::town: return "town";
        case LocationKind::camp: return "camp";
        case LocationKind::idpcamp: return "idpcamp";
        case LocationKind::forward: return "forward";
        case LocationKind::marker: return "marker";
    }
    return "town";
}

std::optional<LocationKind> parse_location_kind(std::string_view type) {
    const std::string t = lower(type);
    if (t.find("conflict") != std::string::npos) return LocationKind::conflict_zone;
    if (t == "town" || t == "default") return LocationKind::town;
    if (t == "camp") return LocationKind::camp;
    if (t == "idpcamp") return LocationKind::idpcamp;
    if (t == "forward" || t == "forwarding_hub") return LocationKind::forward;
    if (t == "marker") return LocationKind::marker;
    return std::nullopt;
}

std::string valid_location_kinds() {
    return "conflict_zone (or any type containing \"conflict\"), town, default, camp, idpcamp, forward, "
           "forwarding_hub, marker";
}

std::string_view to_string(ClosureType type) {
    switch (type) {
        case ClosureType::country: return "country";
        case ClosureType::location: return "location";
        case ClosureType::link: return "link";
        case ClosureType::camp: return "camp";
        case ClosureType::idpcamp: return "idpcamp";
        case ClosureType::remove_forced_redirection: return "remove_forced_redirection";
    }
    return "link";
}

std::optional<ClosureType> parse_closure_type(std::string_view text) {
    const std::string t = lower(text);
    if (t == "country") return ClosureType::country;
    if (t == "location") return ClosureType::location;
    if (t == "link") return ClosureType::link;
    if (t == "camp") return ClosureType::camp;
    if (t == "idpcamp") return ClosureType::idpcamp;
    if (t == "remove_forced_redirection") return ClosureType::remove_forced_redirection;
    return std::nullopt;
}

std::string valid_closure_types() {
    return "country, location, link, camp, idpcamp, remove_forced_redirection";
}

std::optional<std::size_t> ConflictTable::column_of(std::size_t location) const {
    for (std::size_t c = 0; c < location_index.size(); ++c) {
        if (location_index[c] == location) return c;
    }
    return std::nullopt;
}

double interpolate(const std::vector<SeriesPoint>& points, int day) {
    if (points.empty()) return 0.0;
    if (day <= points.front().day) return points.front().count;
    if (day >= points.back().day) return points.back().count;
    // First point strictly after `day`; the one before it is at or before `day`.
    const auto next = std::upper_bound(points.begin(), points.end(), day,
                                       [](int d, const SeriesPoint& p) { return d < p.day; });
    const SeriesPoint& b = *next;
    const SeriesPoint& a = *(next - 1);
    const double fraction = static_cast<double>(day - a.day) / static_cast<double>(b.day - a.day);
    return a.count + fraction * (b.count - a.count);
}

std::optional<std::size_t> Inputs::find_location(std::string_view name) const {
    for (std::size_t i = 0; i < locations.size(); ++i) {
        if (locations[i].name == name) return i;
    }
    return std::nullopt;
}

std::vector<std::vector<double>> Inputs::observed_matrix() const {
    std::vector<std::vector<double>> out;
    out.reserve(camps.size());
    for (const CampSeries& camp : camps) out.push_back(camp.observed);
    return out;
}

}  // namespace migroute::flee
