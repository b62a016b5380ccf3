#include "sweep/compare.hpp"

#include "util/error.hpp"
#include "util/text.hpp"
#include "io/hdf5_file.hpp"
#include "io/result_file.hpp"
#include "io/run.hpp"
#include "io/scenario_yaml.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

namespace migroute::sweep {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_scenario_done(const std::string& path, const std::string& resolved_yaml) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    h5::silence_errors();
    if (H5Fis_hdf5(path.c_str()) <= 0) return false;
    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid()) return false;
    try {
        return h5::has_attribute(file, "format") && h5::read_string_attribute(file, "format") == kResultFormat &&
               h5::read_string_scalar(file, "scenario") == resolved_yaml;
    } catch (const std::exception&) {
        return false;
    }
}

std::string number_text(double v, int precision) {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

std::string percent_text(double v) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * v);
    return buf;
}

}  // namespace

double t_quantile_975(std::size_t df) {
    static const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                   2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                   2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (df == 0) return kNaN;
    if (df <= 30) return table[df - 1];
    // Cornish-Fisher expansion around the normal quantile (error below 1e-4 for df > 30).
    const double z = 1.959963984540054, n = static_cast<double>(df);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

std::vector<OutcomeComparison> compare_outcomes(const std::vector<std::vector<Outcome>>& base,
                                                const std::vector<std::vector<Outcome>>& variant) {
    std::vector<std::string> names;
    std::vector<bool> counts;
    for (const auto* side : {&base, &variant})
        for (const auto& run : *side)
            for (const auto& o : run)
                if (std::find(names.begin(), names.end(), o.name) == names.end()) {
                    names.push_back(o.name);
                    counts.push_back(o.count);
                }
    auto value = [](const std::vector<Outcome>& run, const std::string& name, bool count) {
        for (const auto& o : run)
            if (o.name == name) return o.value;
        return count ? 0.0 : kNaN;  // a counter a module does not write in this run is zero
    };
    std::vector<OutcomeComparison> out;
    const std::size_t pairs = std::min(base.size(), variant.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
        OutcomeComparison c;
        c.name = names[k];
        c.count = counts[k];
        std::vector<double> b, v, d;
        for (std::size_t r = 0; r < pairs; ++r) {
            if (base[r].empty() || variant[r].empty()) continue;
            const double x = value(base[r], c.name, c.count), y = value(variant[r], c.name, c.count);
            if (!std::isfinite(x) || !std::isfinite(y)) continue;
            b.push_back(x);
            v.push_back(y);
            d.push_back(y - x);
        }
        c.pairs = d.size();
        auto mean = [](const std::vector<double>& x) {
            double s = 0.0;
            for (double e : x) s += e;
            return x.empty() ? kNaN : s / static_cast<double>(x.size());
        };
        c.base_mean = mean(b);
        c.variant_mean = mean(v);
        c.difference = mean(d);
        double ss = 0.0;
        for (double e : d) ss += (e - c.difference) * (e - c.difference);
        c.difference_sd = d.size() > 1 ? std::sqrt(ss / static_cast<double>(d.size() - 1)) : kNaN;
        const double half = d.size() > 1 ? t_quantile_975(d.size() - 1) * c.difference_sd / std::sqrt(static_cast<double>(d.size())) : kNaN;
        c.low = c.difference - half;
        c.high = c.difference + half;
        const bool relative = std::isfinite(c.base_mean) && c.base_mean != 0.0;
        c.relative_change = relative ? c.difference / c.base_mean : kNaN;
        c.relative_low = relative ? c.low / c.base_mean : kNaN;
        c.relative_high = relative ? c.high / c.base_mean : kNaN;
        if (relative && c.base_mean < 0) std::swap(c.relative_low, c.relative_high);
        out.push_back(std::move(c));
    }
    return out;
}

CompareReport run_compare(const CompareOptions& options) {
    if (options.replicates < 2) throw InputError("compare: --replicates must be at least 2 for an interval");
    const Scenario probe_base = load_scenario(options.base, options.overrides);
    const std::uint64_t seed = options.seed.value_or(probe_base.seed);
    auto overrides_for = [&](bool variant, std::size_t r) {
        std::vector<std::string> o = options.overrides;
        if (variant) o.insert(o.end(), options.variant_overrides.begin(), options.variant_overrides.end());
        std::string s = "seed=";
        s += std::to_string(replicate_seed(seed, r));
        o.push_back(std::move(s));
        return o;
    };
    const std::string variant_file = options.variant.empty() ? options.base : options.variant;
    // Load both once up front so that a bad scenario or override is an input error, not R failed runs.
    (void)load_scenario(variant_file, overrides_for(true, 0));

    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    const std::size_t R = options.replicates;
    auto path_of = [&](bool variant, std::size_t r) {
        std::string name = variant ? "variant_" : "base_";
        name += std::to_string(r);
        name += ".h5";
        return (fs::path(options.output_dir) / name).string();
    };
    std::vector<std::string> errors(2 * R);
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < 2 * R; ++i) {
        const bool variant = i % 2 == 1;
        const Scenario s = load_scenario(variant ? variant_file : options.base, overrides_for(variant, i / 2));
        if (!same_scenario_done(path_of(variant, i / 2), s.resolved_yaml)) pending.push_back(i);
    }
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const std::pair<int, int> plan = plan_concurrency(pending.size(), static_cast<int>(std::thread::hardware_concurrency()),
                                                      options.jobs, options.threads_per_run);
    const int jobs = plan.first;
    const int threads = plan.second;
    Progress progress(pending.size(), static_cast<std::size_t>(jobs), options.progress, "compare");
    run_tasks(
        pending.size(), jobs,
        [&](std::size_t t) {
            const std::size_t i = pending[t];
            const bool variant = i % 2 == 1;
            try {
                const Scenario s = load_scenario(variant ? variant_file : options.base, overrides_for(variant, i / 2));
                RunOptions run;
                run.threads = threads;
                run.command_line = options.command_line;
                run_scenario(s, path_of(variant, i / 2), run);
                return true;
            } catch (const std::exception& e) {
                errors[i] = e.what();
                return false;
            }
        },
        &progress);
    progress.final_line();

    CompareReport report;
    report.replicates = R;
    std::vector<std::vector<Outcome>> base(R), variant(R);
    for (std::size_t r = 0; r < R; ++r) {
        for (const bool v : {false, true}) {
            const std::size_t i = 2 * r + (v ? 1 : 0);
            if (!errors[i].empty()) {
                ++report.failed_runs;
                report.errors.push_back(path_of(v, r) + ": " + errors[i]);
                continue;
            }
            (v ? variant : base)[r] = read_outcomes(path_of(v, r));
        }
    }
    report.outcomes = compare_outcomes(base, variant);
    report.csv_path = (fs::path(options.output_dir) / "comparison.csv").string();
    report.text_path = (fs::path(options.output_dir) / "comparison.txt").string();
    {
        std::ofstream csv(report.csv_path, std::ios::trunc);
        csv << format_comparison_csv(report);
        std::ofstream text(report.text_path, std::ios::trunc);
        text << format_comparison_text(report, options);
        if (!csv || !text) throw std::runtime_error("cannot write the comparison into '" + options.output_dir + "'");
    }
    return report;
}

std::string format_comparison_csv(const CompareReport& report) {
    std::ostringstream out;
    out << "outcome,kind,pairs,base_mean,variant_mean,difference,difference_low,difference_high,difference_sd,"
           "relative_change,relative_low,relative_high,excludes_zero\n";
    for (const auto& c : report.outcomes) {
        out << csv_field(c.name) << ',' << (c.count ? "count" : "ratio") << ',' << c.pairs;
        for (double v : {c.base_mean, c.variant_mean, c.difference, c.low, c.high, c.difference_sd, c.relative_change,
                         c.relative_low, c.relative_high})
            out << ',' << format_number(v);
        out << ',' << ((c.low > 0 || c.high < 0) ? "yes" : "no") << "\n";
    }
    return out.str();
}

std::string format_comparison_text(const CompareReport& report, const CompareOptions& options) {
    std::ostringstream out;
    out << "Comparison: variant - base, " << report.replicates << " paired replicates (common random numbers)\n";
    out << "  base:    " << options.base;
    for (const auto& o : options.overrides) out << " --set " << o;
    out << "\n  variant: " << (options.variant.empty() ? options.base : options.variant);
    for (const auto& o : options.overrides) out << " --set " << o;
    for (const auto& o : options.variant_overrides) out << " --variant-set " << o;
    out << "\n";
    if (report.failed_runs) out << "  " << report.failed_runs << " runs failed; their pairs are left out\n";
    out << "\n";
    std::size_t width = 7;
    for (const auto& c : report.outcomes) width = std::max(width, c.name.size());
    char line[512];
    std::snprintf(line, sizeof line, "%-*s %14s %14s %14s %29s %9s %s\n", static_cast<int>(width), "outcome", "base",
                  "variant", "difference", "95% interval", "change", "");
    out << line;
    for (const auto& c : report.outcomes) {
        const int precision = c.count ? 1 : 4;
        // Built piece by piece: `"[" + std::string` trips GCC 12's -Wrestrict false positive.
        std::string interval = "[";
        interval += number_text(c.low, precision);
        interval += ", ";
        interval += number_text(c.high, precision);
        interval += "]";
        const bool excludes = c.low > 0 || c.high < 0;
        std::snprintf(line, sizeof line, "%-*s %14s %14s %14s %29s %9s %s\n", static_cast<int>(width), c.name.c_str(),
                      number_text(c.base_mean, precision).c_str(), number_text(c.variant_mean, precision).c_str(),
                      number_text(c.difference, precision).c_str(), interval.c_str(),
                      percent_text(c.relative_change).c_str(), excludes ? "*" : "");
        out << line;
    }
    out << "\n* the 95% interval of the mean difference excludes zero\n";
    return out.str();
}

}  // namespace migroute::sweep
