#include "io/flee_output.hpp"

#include "rules/flee/inputs.hpp"
#include "io/hdf5_file.hpp"

#include <algorithm>
#include <stdexcept>

namespace migroute {

FleeValidation flee_validation(const Scenario& scenario, const Series& series) {
    if (!scenario.flee) throw std::invalid_argument("flee_validation: the scenario has no Flee inputs");
    const flee::Inputs& in = *scenario.flee;
    const std::size_t days = series.days();
    FleeValidation v;
    for (const flee::CampSeries& camp : in.camps) {
        v.camp_names.push_back(camp.name);
        v.camp_locations.push_back(static_cast<std::uint32_t>(camp.location));
        std::vector<double> sim(days), obs(days);
        for (std::size_t t = 0; t < days; ++t) {
            sim[t] = static_cast<double>(series.location_population.at(t, camp.location));
            obs[t] = t < camp.observed.size() ? camp.observed[t] : camp.observed.back();
        }
        v.simulated.push_back(std::move(sim));
        v.observed.push_back(std::move(obs));
    }
    v.ard = validation::compute_ard(v.simulated, v.observed, v.camp_names);
    return v;
}

void write_flee_validation(hid_t root, const ResultScales& scales, const Scenario& scenario, const Series& series) {
    using namespace h5;
    if (!scenario.flee) return;
    const FleeValidation v = flee_validation(scenario, series);
    const std::size_t days = series.days();
    const std::size_t n = v.camp_names.size();

    std::vector<std::int32_t> index(n), location(n);
    for (std::size_t c = 0; c < n; ++c) {
        index[c] = static_cast<std::int32_t>(c);
        location[c] = static_cast<std::int32_t>(v.camp_locations[c]);
    }
    auto camp = write_i32(root, "camp", index);
    make_scale(camp, "camp");
    attach(write_strings(root, "camp_name", v.camp_names), {camp});
    auto loc = write_i32(root, "camp_location", location);
    write_attribute(loc, "long_name", std::string("location index of the camp"));
    attach(loc, {camp});

    std::vector<double> observed(days * n), simulated(days * n);
    for (std::size_t t = 0; t < days; ++t)
        for (std::size_t c = 0; c < n; ++c) {
            observed[t * n + c] = v.observed[c][t];
            simulated[t * n + c] = v.simulated[c][t];
        }
    auto obs = write_f64_2d(root, "camp_observed", observed, days, n);
    write_attribute(obs, "units", std::string("persons"));
    write_attribute(obs, "long_name",
                    std::string("registered camp population (data_layout.csv), interpolated per day, after "
                                "registration corrections and hasten"));
    attach(obs, {scales.time, camp});
    auto sim = write_f64_2d(root, "camp_simulated", simulated, days, n);
    write_attribute(sim, "units", std::string("persons"));
    write_attribute(sim, "long_name", std::string("simulated persons at the camp at the end of the day"));
    attach(sim, {scales.time, camp});

    auto daily = [&](const char* name, const std::vector<double>& values, const char* meaning, const char* units) {
        auto ds = write_f64(root, name, values);
        write_attribute(ds, "units", std::string(units));
        write_attribute(ds, "long_name", std::string(meaning));
        attach(ds, {scales.time});
        return ds;
    };
    auto e = daily("validation_error", v.ard.error,
                   "E(t) = sum over camps of |sim - data| / max(N_data, 1) (Flee's ARD; its mean is attribute ard)", "1");
    write_attribute(e, "ard", v.ard.ard);
    auto er = daily("validation_error_rescaled", v.ard.error_rescaled,
                    "E_rescaled(t): simulated camps scaled to the observed total N_data(t)/N_sim(t) (mean: attribute ard)",
                    "1");
    write_attribute(er, "ard", v.ard.ard_rescaled);
    daily("validation_observed_total", v.ard.observed_total, "N_data(t): observed persons in all camps", "persons");
    daily("validation_simulated_total", v.ard.simulated_total, "N_sim(t): simulated persons in all camps", "persons");

    std::vector<double> mae, mre;
    for (const auto& c : v.ard.camps) {
        mae.push_back(c.mean_absolute_error);
        mre.push_back(c.mean_relative_error);
    }
    auto mae_ds = write_f64(root, "camp_mean_absolute_error", mae);
    write_attribute(mae_ds, "units", std::string("persons"));
    write_attribute(mae_ds, "long_name", std::string("mean over days of |simulated - observed|"));
    attach(mae_ds, {camp});
    auto mre_ds = write_f64(root, "camp_mean_relative_error", mre);
    write_attribute(mre_ds, "units", std::string("1"));
    write_attribute(mre_ds, "long_name", std::string("mean over days of |simulated - observed| / max(observed, 1)"));
    attach(mre_ds, {camp});

    write_attribute(root, "flee_ard", v.ard.ard);
    write_attribute(root, "flee_ard_rescaled", v.ard.ard_rescaled);
}

}  // namespace migroute
