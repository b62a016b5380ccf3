#include "io/policy_output.hpp"

#include "io/hdf5_file.hpp"

#include <map>

namespace migroute {

void write_policy_counters(hid_t root, const ResultScales& scales, const Simulation& simulation) {
    const std::size_t days = simulation.series().days();
    std::map<std::string, int> seen_types;
    std::map<std::string, int> count_of_type;
    for (const auto& module : simulation.policies()) ++count_of_type[module->type()];
    for (std::size_t m = 0; m < simulation.policies().size(); ++m) {
        const auto& module = simulation.policies()[m];
        const std::string type = module->type();
        const int ordinal = seen_types[type]++;
        for (const CounterSeries& counter : module->counters()) {
            std::string name = counter.name;
            if (count_of_type[type] > 1) {
                name += "_";
                name += std::to_string(ordinal + 1);
            }
            const bool flag = counter.long_name.find("a flag") != std::string::npos;
            if (counter.dimension.empty()) {
                std::vector<std::int64_t> data = counter.data;
                data.resize(days, 0);
                auto ds = h5::write_i64(root, name, data);
                h5::write_attribute(ds, "units", std::string(flag ? "1" : "persons"));
                h5::write_attribute(ds, "long_name", counter.long_name);
                h5::write_attribute(ds, "policy_index", static_cast<std::int64_t>(m));
                h5::attach(ds, {scales.time});
                continue;
            }
            hid_t dim = scales.link;
            if (counter.dimension == "location") dim = scales.location;
            else if (counter.dimension == "country") dim = scales.country;
            else if (counter.dimension == "nationality") dim = scales.nationality;
            std::vector<std::int64_t> data = counter.data;
            data.resize(days * counter.width, 0);
            auto ds = h5::write_i64_2d(root, name, data, days, counter.width);
            h5::write_attribute(ds, "units", std::string(flag ? "1" : "persons"));
            h5::write_attribute(ds, "long_name", counter.long_name);
            h5::write_attribute(ds, "policy_index", static_cast<std::int64_t>(m));
            h5::attach(ds, {scales.time, dim});
        }
    }
}

}  // namespace migroute
