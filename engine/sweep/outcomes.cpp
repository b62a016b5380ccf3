#include "sweep/outcomes.hpp"

#include "util/error.hpp"
#include "io/hdf5_file.hpp"
#include "io/result_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

namespace migroute::sweep {

namespace {

struct PolicyCounterScan {
    std::size_t days = 0;
    std::vector<Outcome>* out = nullptr;
};

// Adds the time total of every policy module counter (io/policy_output.hpp: root datasets
// policy_<type>_<counter> of shape [time] or [time, X]); flags are left out.
herr_t visit_counter(hid_t root, const char* name, const H5O_info_t* info, void* data) {
    auto* scan = static_cast<PolicyCounterScan*>(data);
    if (info->type != H5O_TYPE_DATASET) return 0;
    const std::string path = name;
    if (path.rfind("policy_", 0) != 0 || path.find('/') != std::string::npos) return 0;
    h5::Handle ds(H5Dopen2(root, name, H5P_DEFAULT), H5Dclose);
    if (!ds.valid()) return 0;
    // Flags (a link closed on a day, ...) are states, not counts: their sum over time means little.
    if (h5::has_attribute(ds, "long_name") && h5::read_string_attribute(ds, "long_name").find("a flag") != std::string::npos)
        return 0;
    h5::Handle type(H5Dget_type(ds), H5Tclose);
    if (H5Tget_class(type) != H5T_INTEGER) return 0;
    h5::Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 1 || rank > 2) return 0;
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(space, dims, nullptr);
    if (dims[0] != scan->days) return 0;
    std::vector<long long> values(static_cast<std::size_t>(dims[0] * (rank == 2 ? dims[1] : 1)));
    if (!values.empty() && H5Dread(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) return 0;
    double total = 0.0;
    for (long long v : values) total += static_cast<double>(v);
    std::string outcome = path;
    for (char& c : outcome)
        if (c == '/') c = '.';
    scan->out->push_back({outcome, total, true});
    return 0;
}

}  // namespace

std::vector<Outcome> read_outcomes(const std::string& result_path) {
    h5::Handle file = h5::open_for_reading(result_path, "a migroute result file");
    if (!h5::has_attribute(file, "format") || h5::read_string_attribute(file, "format") != kResultFormat)
        throw InputError(result_path + ": not a migroute result file");

    std::vector<Outcome> out;
    auto last = [&](const char* name) {
        const auto v = h5::read_i64(file, name);
        return v.empty() ? 0.0 : static_cast<double>(v.back());
    };
    out.push_back({"spawned", last("total_spawned"), true});
    out.push_back({"arrivals", last("total_arrived"), true});
    out.push_back({"deaths", last("total_dead"), true});
    out.push_back({"alive", last("total_alive"), true});
    out.push_back({"left", last("total_left"), true});

    const auto location_country = h5::read_strings(file, "location_country");
    const auto location_type = h5::read_strings(file, "location_type");
    const auto link_name = h5::read_strings(file, "link_name");
    const auto link_mode = h5::read_strings(file, "link_mode");
    const auto link_from = h5::read_i64(file, "link_from");
    const auto link_to = h5::read_i64(file, "link_to");
    const auto country_code = h5::read_strings(file, "country_code");
    const auto flow = h5::read_i64(file, "link_flow");
    const auto deaths = h5::read_i64(file, "link_deaths");
    const auto country_arrivals = h5::read_i64(file, "country_arrivals");
    const std::size_t links = link_name.size();
    const std::size_t countries = country_code.size();

    // EU member states, from the resolved scenario written into the file.
    std::set<std::string> eu;
    try {
        const YAML::Node scenario = YAML::Load(h5::read_string_scalar(file, "scenario"));
        for (const auto& c : scenario["countries"]) {
            for (const auto& role : c["roles"])
                if (role.Scalar() == "eu_member") eu.insert(c["code"].Scalar());
        }
    } catch (const YAML::Exception&) {
        eu.clear();
    }

    std::vector<double> link_total_flow(links, 0.0), link_total_deaths(links, 0.0);
    for (std::size_t i = 0; i < flow.size(); ++i) link_total_flow[i % links] += static_cast<double>(flow[i]);
    for (std::size_t i = 0; i < deaths.size(); ++i) link_total_deaths[i % links] += static_cast<double>(deaths[i]);

    std::vector<bool> entry(links, false);
    double crossings = 0.0, crossing_deaths = 0.0, sea_crossings = 0.0, sea_deaths = 0.0;
    for (std::size_t k = 0; k < links; ++k) {
        const bool sea = link_mode[k] == "sea";
        if (eu.empty()) {
            entry[k] = sea;
        } else {
            const auto& from_country = location_country[static_cast<std::size_t>(link_from[k])];
            const auto& to_country = location_country[static_cast<std::size_t>(link_to[k])];
            entry[k] = !eu.count(from_country) && eu.count(to_country);
        }
        if (entry[k]) {
            crossings += link_total_flow[k];
            crossing_deaths += link_total_deaths[k];
        }
        if (sea) {
            sea_crossings += link_total_flow[k];
            sea_deaths += link_total_deaths[k];
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.push_back({"crossings", crossings, true});
    out.push_back({"crossing_deaths", crossing_deaths, true});
    out.push_back({"deaths_per_1000_crossings", crossings > 0 ? 1000.0 * crossing_deaths / crossings : nan, false});
    out.push_back({"sea_crossings", sea_crossings, true});
    out.push_back({"sea_deaths", sea_deaths, true});
    out.push_back({"deaths_per_1000_sea_crossings", sea_crossings > 0 ? 1000.0 * sea_deaths / sea_crossings : nan, false});
    for (std::size_t k = 0; k < links; ++k) {
        if (!entry[k]) continue;
        out.push_back({"crossings[" + link_name[k] + "]", link_total_flow[k], true});
        out.push_back({"deaths[" + link_name[k] + "]", link_total_deaths[k], true});
        out.push_back({"route_share[" + link_name[k] + "]", crossings > 0 ? link_total_flow[k] / crossings : nan, false});
    }

    // Arrivals per country that has a destination.
    std::set<std::string> destination_countries;
    for (std::size_t l = 0; l < location_type.size(); ++l)
        if (location_type[l] == "destination") destination_countries.insert(location_country[l]);
    std::vector<double> arrivals(countries, 0.0);
    for (std::size_t i = 0; i < country_arrivals.size() && countries > 0; ++i)
        arrivals[i % countries] += static_cast<double>(country_arrivals[i]);
    for (std::size_t c = 0; c < countries; ++c)
        if (destination_countries.count(country_code[c]))
            out.push_back({"arrivals[" + country_code[c] + "]", arrivals[c], true});

    // Policy modules' counters.
    PolicyCounterScan scan;
    scan.days = h5::read_i64(file, "total_alive").size();
    scan.out = &out;
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, visit_counter, &scan, H5O_INFO_BASIC);
    return out;
}

}  // namespace migroute::sweep
