#include "io/result_file.hpp"

#include "util/failpoint.hpp"
#include "util/durable_file.hpp"

#include "util/error.hpp"
#include "io/hdf5_file.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace migroute {

namespace {

std::vector<std::int32_t> iota_i32(std::size_t n) {
    std::vector<std::int32_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i);
    return v;
}

void write_contents(hid_t root, const Scenario& scenario, const RouteGraph& graph, const Simulation& sim,
                    const RunInfo& run, const std::function<void(hid_t, const ResultScales&)>& extra) {
    using namespace h5;
    const Series& s = sim.series();
    const std::size_t days = s.days();
    const std::string start = format_date(scenario.start);

    write_attribute(root, "format", std::string(kResultFormat));
    write_attribute(root, "format_version", kResultFormatVersion);
    write_attribute(root, "title", "migroute result: " + scenario.name);
    write_attribute(root, "scenario_name", scenario.name);
    write_attribute(root, "start_date", start);
    write_attribute(root, "days", static_cast<std::int64_t>(days));
    write_attribute(root, "seed", static_cast<std::int64_t>(scenario.seed));
    write_attribute(root, "persons_per_agent", static_cast<std::int64_t>(scenario.persons_per_agent));
    write_attribute(root, "rules", std::string(to_string(scenario.rules)));
    write_attribute(root, "engine_version", std::string(MIGROUTE_VERSION));
    write_attribute(root, "engine_git", std::string(MIGROUTE_GIT_VERSION));
    write_attribute(root, "compiler", std::string(MIGROUTE_COMPILER));
    write_attribute(root, "build_flags", std::string(MIGROUTE_BUILD_FLAGS));
    write_attribute(root, "units", std::string("persons (agents x persons_per_agent); distances in km"));
    write_string_scalar(root, "scenario", scenario.resolved_yaml);

    // Dimension scales.
    std::vector<std::int32_t> day_index = iota_i32(days);
    auto time = write_i32(root, "time", day_index);
    write_attribute(time, "units", "days since " + start);
    write_attribute(time, "calendar", std::string("proleptic_gregorian"));
    write_attribute(time, "long_name", std::string("end of simulated day"));
    make_scale(time, "time");
    auto location = write_i32(root, "location", iota_i32(graph.location_count()));
    make_scale(location, "location");
    auto link = write_i32(root, "link", iota_i32(graph.link_count()));
    make_scale(link, "link");
    auto country = write_i32(root, "country", iota_i32(graph.country_count()));
    make_scale(country, "country");
    auto nationality = write_i32(root, "nationality", iota_i32(sim.nationalities().size()));
    make_scale(nationality, "nationality");

    // Calendar dates alongside the day index.
    std::vector<std::string> dates(days);
    const auto start_days = days_from_civil(scenario.start);
    for (std::size_t d = 0; d < days; ++d) dates[d] = format_date(civil_from_days(start_days + static_cast<std::int64_t>(d)));
    attach(write_strings(root, "date", dates), {time});

    // The graph.
    std::vector<std::string> loc_country, loc_type;
    std::vector<double> lat, lon, pop, cap;
    for (std::size_t l = 0; l < graph.location_count(); ++l) {
        const auto& spec = scenario.locations[l];
        loc_country.push_back(spec.country);
        loc_type.push_back(std::string(to_string(spec.type)));
        lat.push_back(spec.latitude);
        lon.push_back(spec.longitude);
        pop.push_back(spec.population);
        cap.push_back(spec.capacity.value_or(-1.0));
    }
    attach(write_strings(root, "location_name", graph.location_name), {location});
    attach(write_strings(root, "location_country", loc_country), {location});
    attach(write_strings(root, "location_type", loc_type), {location});
    auto lat_ds = write_f64(root, "location_latitude", lat);
    write_attribute(lat_ds, "units", std::string("degrees_north"));
    attach(lat_ds, {location});
    auto lon_ds = write_f64(root, "location_longitude", lon);
    write_attribute(lon_ds, "units", std::string("degrees_east"));
    attach(lon_ds, {location});
    auto pop_ds = write_f64(root, "location_resident_population", pop);
    write_attribute(pop_ds, "units", std::string("persons"));
    attach(pop_ds, {location});
    auto cap_ds = write_f64(root, "location_capacity", cap);
    write_attribute(cap_ds, "units", std::string("persons; -1 = unlimited"));
    attach(cap_ds, {location});

    std::vector<std::string> modes;
    std::vector<std::int32_t> from, to;
    std::vector<double> death_crossing, death_day;
    for (std::size_t k = 0; k < graph.link_count(); ++k) {
        modes.push_back(std::string(to_string(graph.link_mode[k])));
        from.push_back(static_cast<std::int32_t>(graph.link_from[k]));
        to.push_back(static_cast<std::int32_t>(graph.link_to[k]));
        const auto& spec = scenario.links[graph.link_spec[k]];
        death_crossing.push_back(spec.death_risk_per_crossing);
        death_day.push_back(spec.death_risk_per_day);
    }
    attach(write_strings(root, "link_name", graph.link_name), {link});
    attach(write_strings(root, "link_mode", modes), {link});
    attach(write_i32(root, "link_from", from), {link});
    attach(write_i32(root, "link_to", to), {link});
    auto km = write_f64(root, "link_km", graph.link_km);
    write_attribute(km, "units", std::string("km"));
    attach(km, {link});
    attach(write_f64(root, "link_death_risk_per_crossing", death_crossing), {link});
    attach(write_f64(root, "link_death_risk_per_day", death_day), {link});

    std::vector<std::string> country_name;
    for (const auto& c : scenario.countries) country_name.push_back(c.name.empty() ? c.code : c.name);
    attach(write_strings(root, "country_code", graph.country_code), {country});
    attach(write_strings(root, "country_name", country_name), {country});
    attach(write_strings(root, "nationality_code", sim.nationalities()), {nationality});

    // Daily series.
    auto series2d = [&](const char* name, const Table2D& t, hid_t dim, std::size_t width, const char* meaning) {
        std::vector<std::int64_t> data = t.data;
        data.resize(days * width, 0);
        auto ds = write_i64_2d(root, name, data, days, width);
        write_attribute(ds, "units", std::string("persons"));
        write_attribute(ds, "long_name", std::string(meaning));
        attach(ds, {time, dim});
    };
    series2d("location_population", s.location_population, location, graph.location_count(),
             "persons at the location at the end of the day");
    series2d("link_population", s.link_population, link, graph.link_count(),
             "persons travelling on the link at the end of the day");
    series2d("link_flow", s.link_flow, link, graph.link_count(), "persons who entered the link during the day");
    series2d("link_deaths", s.link_deaths, link, graph.link_count(), "persons who died on the link during the day");
    series2d("country_arrivals", s.country_arrivals, country, graph.country_count(),
             "persons who reached a destination location of the country during the day");
    auto total = [&](const char* name, const std::vector<std::int64_t>& v, const char* meaning) {
        auto ds = write_i64(root, name, v);
        write_attribute(ds, "units", std::string("persons"));
        write_attribute(ds, "long_name", std::string(meaning));
        attach(ds, {time});
    };
    total("total_spawned", s.total_spawned, "persons placed on day 0 or displaced since, cumulative");
    total("total_alive", s.total_alive, "persons alive in the model at the end of the day");
    total("total_dead", s.total_dead, "persons who died since the start, cumulative");
    total("total_arrived", s.total_arrived, "persons who reached a destination since the start, cumulative");
    total("total_left", s.total_left, "persons who left the model since the start, cumulative");

    if (extra) extra(root, ResultScales{time, location, link, country, nationality});

    // What varies between identical runs.
    auto run_group = create_group(root, "run");
    write_attribute(run_group, "command_line", run.command_line);
    write_attribute(run_group, "host", run.host);
    write_attribute(run_group, "started_at_utc", run.started_at_utc);
    write_attribute(run_group, "wall_seconds", run.wall_seconds);
    write_attribute(run_group, "threads", static_cast<std::int64_t>(run.threads));
    if (!run.resumed_from.empty()) {
        write_attribute(run_group, "resumed_from", run.resumed_from);
        write_attribute(run_group, "resumed_at_day", static_cast<std::int64_t>(run.resumed_at_day));
    }
}

}  // namespace

void write_result(const std::string& path, const Scenario& scenario, const RouteGraph& graph,
                  const Simulation& simulation, const RunInfo& run,
                  const std::function<void(hid_t, const ResultScales&)>& extra) {
    h5::silence_errors();
    const std::string temp = temporary_name(path);
    try {
        {
            h5::Handle fcpl(h5::check(H5Pcreate(H5P_FILE_CREATE), "file properties"), H5Pclose);
            h5::Handle file(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose);
            if (!file.valid()) throw std::runtime_error("cannot create output file '" + temp + "'");
            h5::Handle root(h5::check(H5Gopen2(file, "/", H5P_DEFAULT), "open root group"), H5Gclose);
            write_contents(root, scenario, graph, simulation, run, extra);
            h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
        }
        sync_file(temp);
        failpoint("result-written");
        rename_durably(temp, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

ResultSummary read_result_summary(const std::string& path) {
    h5::Handle file = h5::open_for_reading(path, "a migroute result file");
    try {
        if (!h5::has_attribute(file, "format") || h5::read_string_attribute(file, "format") != kResultFormat)
            throw InputError(path + ": an HDF5 file, but not a migroute result (no attribute format = '" +
                             std::string(kResultFormat) + "')");
        ResultSummary r;
        r.scenario_name = h5::read_string_attribute(file, "scenario_name");
        r.start_date = h5::read_string_attribute(file, "start_date");
        r.rules = h5::read_string_attribute(file, "rules");
        r.engine_version = h5::read_string_attribute(file, "engine_version") + " (" +
                           h5::read_string_attribute(file, "engine_git") + ")";
        r.seed = h5::read_int_attribute(file, "seed");
        r.persons_per_agent = h5::read_int_attribute(file, "persons_per_agent");
        r.days = h5::read_int_attribute(file, "days");
        const auto names = h5::read_strings(file, "location_name");
        const auto links = h5::read_strings(file, "link_name");
        const auto countries = h5::read_strings(file, "country_code");
        r.locations = static_cast<std::int64_t>(names.size());
        r.links = static_cast<std::int64_t>(links.size());
        r.countries = static_cast<std::int64_t>(countries.size());
        auto last = [&](const char* name) {
            const auto v = h5::read_i64(file, name);
            return v.empty() ? std::int64_t{0} : v.back();
        };
        r.spawned = last("total_spawned");
        r.alive = last("total_alive");
        r.dead = last("total_dead");
        r.arrived = last("total_arrived");
        r.left = last("total_left");
        const auto arrivals = h5::read_i64(file, "country_arrivals");
        for (std::size_t c = 0; c < countries.size(); ++c) {
            std::int64_t sum = 0;
            for (std::size_t d = 0; d * countries.size() + c < arrivals.size(); ++d) sum += arrivals[d * countries.size() + c];
            if (sum > 0) r.arrivals_by_country.emplace_back(countries[c], sum);
        }
        const auto deaths = h5::read_i64(file, "link_deaths");
        for (std::size_t k = 0; k < links.size(); ++k) {
            std::int64_t sum = 0;
            for (std::size_t d = 0; d * links.size() + k < deaths.size(); ++d) sum += deaths[d * links.size() + k];
            if (sum > 0) r.deaths_by_link.emplace_back(links[k], sum);
        }
        std::stable_sort(r.deaths_by_link.begin(), r.deaths_by_link.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        h5::Handle run(H5Gopen2(file, "run", H5P_DEFAULT), H5Gclose);
        if (run.valid()) {
            r.run_host = h5::read_string_attribute(run, "host");
            r.run_threads = h5::read_int_attribute(run, "threads");
            h5::Handle attr(H5Aopen(run, "wall_seconds", H5P_DEFAULT), H5Aclose);
            if (attr.valid()) H5Aread(attr, H5T_NATIVE_DOUBLE, &r.run_wall_seconds);
        }
        return r;
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path + ": damaged or incomplete migroute result file (" + e.what() + ")");
    }
}

std::string format_summary(const ResultSummary& r) {
    std::ostringstream out;
    out << "scenario        " << r.scenario_name << " (rules: " << r.rules << ", seed " << r.seed << ")\n"
        << "period          " << r.days << " days from " << r.start_date << "\n"
        << "graph           " << r.locations << " locations, " << r.links << " directed links, " << r.countries
        << " countries\n"
        << "scale           " << r.persons_per_agent << " person(s) per agent\n"
        << "people          " << r.spawned << " in total: " << r.alive << " alive, " << r.dead << " dead, "
        << r.left << " left the model\n"
        << "arrived         " << r.arrived << " reached a destination\n";
    for (const auto& [code, n] : r.arrivals_by_country) out << "  arrivals  " << code << "  " << n << "\n";
    std::size_t shown = 0;
    for (const auto& [name, n] : r.deaths_by_link) {
        if (shown++ == 5) break;
        out << "  deaths    " << name << "  " << n << "\n";
    }
    out << "engine          " << r.engine_version << "\n";
    if (!r.run_host.empty())
        out << "run             " << r.run_wall_seconds << " s on " << r.run_host << ", " << r.run_threads << " thread(s)\n";
    return out.str();
}

}  // namespace migroute
