#include "sweep/sweep_spec.hpp"

#include "util/error.hpp"
#include "util/text.hpp"
#include "sweep/design.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace migroute::sweep {

const char* to_string(DesignType design) {
    switch (design) {
        case DesignType::grid: return "grid";
        case DesignType::lhs: return "lhs";
        case DesignType::sobol: return "sobol";
    }
    return "grid";
}

std::vector<std::string> known_series() {
    return {"location_population", "link_population", "link_flow",    "link_deaths",  "country_arrivals",
            "total_spawned",       "total_alive",     "total_dead",   "total_arrived", "total_left"};
}

std::vector<std::string> default_series() { return {"total_arrived", "total_dead", "country_arrivals"}; }

std::string format_number(double value) {
    if (std::isnan(value)) return "nan";
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, result.ptr);
}

std::optional<double> parse_number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    const char* begin = text.data();
    if (*begin == '+') ++begin;
    double value = 0.0;
    const auto result = std::from_chars(begin, text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string run_stem(std::size_t id) {
    std::string digits = std::to_string(id);
    if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
    std::string stem = "run_";
    stem += digits;
    return stem;
}

// ---- parameters ----------------------------------------------------------------------------------

namespace {

double quantile(const Parameter& p, double u) {
    if (p.log_scale) return std::exp(std::log(p.from) + u * (std::log(p.to) - std::log(p.from)));
    return p.from + u * (p.to - p.from);
}

std::string integer_text(double value) {
    return std::to_string(static_cast<long long>(std::llround(value)));
}

}  // namespace

std::size_t Parameter::level_count() const { return has_range ? steps : values.size(); }

std::string Parameter::level(std::size_t index) const {
    if (!has_range) return values.at(index);
    const double u = steps <= 1 ? 0.0 : static_cast<double>(index) / static_cast<double>(steps - 1);
    const double value = index + 1 == steps ? to : quantile(*this, u);
    return integer ? integer_text(value) : format_number(value);
}

std::string Parameter::sample(double u) const {
    if (!has_range) {
        const auto n = values.size();
        return values[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
    }
    if (integer) {
        // Each integer of [from, to] with equal probability (log scale: even in log space).
        const double lo = std::ceil(from), hi = std::floor(to);
        if (log_scale) {
            const double v = std::exp(std::log(lo - 0.5 > 0 ? lo - 0.5 : lo) +
                                      u * (std::log(hi + 0.5) - std::log(lo - 0.5 > 0 ? lo - 0.5 : lo)));
            return integer_text(std::clamp(std::round(v), lo, hi));
        }
        return integer_text(std::min(hi, lo + std::floor(u * (hi - lo + 1.0))));
    }
    return format_number(quantile(*this, u));
}

std::size_t SweepSpec::point_count() const {
    switch (design) {
        case DesignType::grid: {
            std::size_t n = 1;
            for (const auto& p : parameters) n *= p.level_count();
            return n;
        }
        case DesignType::lhs: return samples;
        case DesignType::sobol: return samples * saltelli_block(static_cast<int>(parameters.size()));
    }
    return 0;
}

std::vector<std::string> RunPlan::overrides(const SweepSpec& spec) const {
    std::vector<std::string> all = spec.overrides;
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        std::string o = spec.parameters[i].path;
        o += '=';
        o += values[i];
        all.push_back(std::move(o));
    }
    std::string s = "seed=";
    s += std::to_string(seed);
    all.push_back(std::move(s));
    return all;
}

std::vector<RunPlan> plan_runs(const SweepSpec& spec) {
    const std::size_t k = spec.parameters.size();
    std::vector<std::vector<std::string>> points;
    switch (spec.design) {
        case DesignType::grid: {
            std::vector<std::size_t> levels;
            for (const auto& p : spec.parameters) levels.push_back(p.level_count());
            for (const auto& idx : full_grid(levels)) {
                std::vector<std::string> v(k);
                for (std::size_t i = 0; i < k; ++i) v[i] = spec.parameters[i].level(idx[i]);
                points.push_back(std::move(v));
            }
            break;
        }
        case DesignType::lhs:
        case DesignType::sobol: {
            const UnitPoints unit = spec.design == DesignType::lhs
                                        ? latin_hypercube(spec.samples, static_cast<int>(k), spec.seed)
                                        : saltelli_design(spec.samples, static_cast<int>(k));
            for (const auto& u : unit) {
                std::vector<std::string> v(k);
                for (std::size_t i = 0; i < k; ++i) v[i] = spec.parameters[i].sample(u[i]);
                points.push_back(std::move(v));
            }
            break;
        }
    }
    std::vector<RunPlan> runs;
    runs.reserve(points.size() * spec.replicates);
    for (std::size_t point = 0; point < points.size(); ++point) {
        for (std::size_t r = 0; r < spec.replicates; ++r) {
            RunPlan plan;
            plan.id = runs.size();
            plan.point = point;
            plan.replicate = r;
            plan.seed = replicate_seed(spec.seed, r);
            plan.values = points[point];
            for (const auto& v : plan.values)
                plan.numeric.push_back(parse_number(v).value_or(std::numeric_limits<double>::quiet_NaN()));
            runs.push_back(std::move(plan));
        }
    }
    return runs;
}

// ---- the loader ----------------------------------------------------------------------------------

namespace {

class Loader {
public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& expected,
                           const std::string& found, const std::string& hint = {}) const {
        std::string message = where(node);
        message += ": key '";
        message += path;
        message += "': expected ";
        message += expected;
        message += ", found ";
        message += found;
        if (!hint.empty()) {
            message += "; ";
            message += hint;
        }
        throw InputError(message);
    }

    std::string where(const YAML::Node& node) const {
        const YAML::Mark mark = node.Mark();
        std::string out = file_;
        if (mark.line >= 0 && mark.column >= 0) {
            out += ':';
            out += std::to_string(mark.line + 1);
            out += ':';
            out += std::to_string(mark.column + 1);
        }
        return out;
    }

    static std::string found(const YAML::Node& node) {
        if (!node.IsDefined() || node.IsNull()) return "nothing";
        if (node.IsScalar()) return quote(node.Scalar());
        if (node.IsSequence()) return "a list";
        return "a map";
    }

    // Checks that `node` is a map with only `allowed` keys, each once.
    void check_map(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed) const {
        const std::string expected = "a map with keys " + join(allowed);
        if (!node.IsMap()) fail(node, path, expected, found(node));
        std::set<std::string> seen;
        for (const auto& item : node) {
            const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
            const std::string key_path = path.empty() ? key : path + "." + key;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                fail(item.first, key_path, "one of " + join(allowed), "unknown key " + quote(key),
                     did_you_mean(key, allowed));
            if (!seen.insert(key).second) fail(item.first, key_path, "each key once", "a repeated key " + quote(key));
        }
    }

    std::string scalar(const YAML::Node& node, const std::string& path, const std::string& expected) const {
        if (!node.IsScalar() || node.Scalar().empty()) fail(node, path, expected, found(node));
        return node.Scalar();
    }

    double number(const YAML::Node& node, const std::string& path, const std::string& expected) const {
        const std::string text = scalar(node, path, expected);
        const auto value = parse_number(text);
        if (!value || !std::isfinite(*value)) fail(node, path, expected, found(node));
        return *value;
    }

    std::uint64_t integer(const YAML::Node& node, const std::string& path, const std::string& expected,
                          std::uint64_t lo, std::uint64_t hi) const {
        const std::string text = scalar(node, path, expected);
        std::uint64_t value = 0;
        const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
        const auto result = std::from_chars(begin, text.data() + text.size(), value);
        if (result.ec == std::errc() && result.ptr == text.data() + text.size() && value >= lo && value <= hi)
            return value;
        // Accept integral numbers written as 1e3.
        const auto as_double = parse_number(text);
        if (as_double && *as_double >= static_cast<double>(lo) && *as_double <= static_cast<double>(hi) &&
            *as_double < 9007199254740992.0 && std::floor(*as_double) == *as_double)
            return static_cast<std::uint64_t>(*as_double);
        fail(node, path, expected, found(node));
    }

    bool boolean(const YAML::Node& node, const std::string& path) const {
        const std::string text = scalar(node, path, "true or false");
        if (text == "true") return true;
        if (text == "false") return false;
        fail(node, path, "true or false", found(node));
    }

    // A value as YAML text for an override: a scalar as written, a list or map in flow style.
    static std::string value_text(const YAML::Node& node) {
        if (node.IsScalar()) return node.Scalar();
        YAML::Emitter out;
        out.SetMapFormat(YAML::Flow);
        out.SetSeqFormat(YAML::Flow);
        out << node;
        return out.c_str();
    }

    Parameter parameter(const YAML::Node& node, const std::string& path, DesignType design) const {
        check_map(node, path, {"path", "values", "range", "steps", "scale", "integer"});
        Parameter p;
        p.source = where(node);
        if (!node["path"]) fail(node, path + ".path", "an override path such as movement.move_chance.town", "nothing");
        p.path = scalar(node["path"], path + ".path", "an override path such as movement.move_chance.town");
        if (p.path.find('=') != std::string::npos)
            fail(node["path"], path + ".path", "a path without '=' (the values come from values: or range:)",
                 found(node["path"]));
        const YAML::Node values = node["values"];
        const YAML::Node range = node["range"];
        if (values && range) fail(range, path + ".range", "either values: or range:, not both", "both");
        if (!values && !range) fail(node, path, "values: [..] or range: [from, to]", "neither");
        if (values) {
            if (!values.IsSequence() || values.size() == 0)
                fail(values, path + ".values", "a non-empty list of values", found(values));
            for (std::size_t i = 0; i < values.size(); ++i) {
                const YAML::Node v = values[i];
                if (!v.IsDefined() || v.IsNull()) fail(v, path + ".values[" + std::to_string(i) + "]", "a value", "nothing");
                p.values.push_back(value_text(v));
            }
            for (const char* key : {"steps", "scale", "integer"})
                if (node[key]) fail(node[key], path + "." + key, "no " + std::string(key) + " with a list of values", "one");
            return p;
        }
        const std::string range_expected = "a range [from, to] of two numbers";
        if (!range.IsSequence() || range.size() != 2) fail(range, path + ".range", range_expected, found(range));
        p.has_range = true;
        p.from = number(range[0], path + ".range[0]", "a number");
        p.to = number(range[1], path + ".range[1]", "a number");
        if (!(p.from < p.to)) fail(range, path + ".range", "from < to", quote(value_text(range)));
        if (const YAML::Node scale = node["scale"]) {
            const std::string s = scalar(scale, path + ".scale", "linear or log");
            if (s == "log") p.log_scale = true;
            else if (s != "linear") fail(scale, path + ".scale", "linear or log", found(scale), did_you_mean(s, {"linear", "log"}));
            if (p.log_scale && p.from <= 0.0) fail(range, path + ".range", "a range above 0 for scale: log", quote(value_text(range)));
        }
        if (const YAML::Node integer_node = node["integer"]) p.integer = boolean(integer_node, path + ".integer");
        if (p.integer && std::ceil(p.from) > std::floor(p.to))
            fail(range, path + ".range", "a range holding at least one integer", quote(value_text(range)));
        const YAML::Node steps = node["steps"];
        if (design == DesignType::grid) {
            const std::string expected = "the number of grid levels of the range: an integer in [1, 100000]";
            if (!steps) fail(node, path + ".steps", expected, "nothing (a grid needs steps: with a range)");
            p.steps = static_cast<std::size_t>(integer(steps, path + ".steps", expected, 1, 100000));
        } else if (steps) {
            fail(steps, path + ".steps", std::string("no steps in a ") + to_string(design) + " design (samples: sets the size)", found(steps));
        }
        return p;
    }

    SweepSpec load(const std::string& text, const std::string& directory) const {
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::Exception& e) {
            std::string message = file_;
            message += ':';
            message += std::to_string(e.mark.line + 1);
            message += ':';
            message += std::to_string(e.mark.column + 1);
            message += ": not valid YAML: ";
            message += e.msg;
            throw InputError(message);
        }
        check_map(root, "", {"base", "set", "seed", "replicates", "design", "samples", "output", "parameters", "series"});
        SweepSpec spec;
        spec.source_path = file_;
        spec.text = text;
        const auto resolve = [&](const std::string& p) {
            const std::filesystem::path path(p);
            if (path.is_absolute() || directory.empty()) return path.lexically_normal().string();
            return (std::filesystem::path(directory) / path).lexically_normal().string();
        };
        if (!root["base"]) fail(root, "base", "the base scenario file", "nothing");
        spec.base_scenario = resolve(scalar(root["base"], "base", "the base scenario file"));
        if (const YAML::Node set = root["set"]) {
            if (!set.IsSequence()) fail(set, "set", "a list of PATH=VALUE overrides", found(set));
            for (std::size_t i = 0; i < set.size(); ++i) {
                const std::string o = scalar(set[i], "set[" + std::to_string(i) + "]", "an override PATH=VALUE");
                if (o.find('=') == std::string::npos)
                    fail(set[i], "set[" + std::to_string(i) + "]", "an override PATH=VALUE", found(set[i]));
                spec.overrides.push_back(o);
            }
        }
        if (const YAML::Node seed = root["seed"])
            spec.seed = integer(seed, "seed", "a seed: an integer in [0, 18446744073709551615]", 0,
                                std::numeric_limits<std::uint64_t>::max());
        if (const YAML::Node replicates = root["replicates"])
            spec.replicates = static_cast<std::size_t>(
                integer(replicates, "replicates", "a number of replicates: an integer in [1, 1000000]", 1, 1000000));
        if (const YAML::Node design = root["design"]) {
            const std::string d = scalar(design, "design", "grid, lhs or sobol");
            if (d == "grid") spec.design = DesignType::grid;
            else if (d == "lhs") spec.design = DesignType::lhs;
            else if (d == "sobol") spec.design = DesignType::sobol;
            else fail(design, "design", "grid, lhs or sobol", found(design), did_you_mean(d, {"grid", "lhs", "sobol"}));
        }
        const YAML::Node samples = root["samples"];
        if (spec.design == DesignType::grid) {
            if (samples) fail(samples, "samples", "no samples in a grid design (the levels set its size)", found(samples));
        } else {
            const std::string expected = spec.design == DesignType::lhs
                                             ? "the number of design points: an integer in [1, 10000000]"
                                             : "the number of base samples N: an integer in [1, 10000000]";
            if (!samples) fail(root, "samples", expected, "nothing");
            spec.samples = static_cast<std::size_t>(integer(samples, "samples", expected, 1, 10000000));
        }
        if (const YAML::Node output = root["output"]) {
            spec.output_dir = resolve(scalar(output, "output", "an output folder"));
        } else {
            const std::filesystem::path stem = std::filesystem::path(file_).stem();
            spec.output_dir = resolve(stem.string() + "_runs");
        }
        const YAML::Node parameters = root["parameters"];
        if (!parameters || !parameters.IsSequence() || parameters.size() == 0)
            fail(parameters ? parameters : root, "parameters", "a non-empty list of parameters", found(parameters));
        std::set<std::string> paths;
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const std::string path = "parameters[" + std::to_string(i) + "]";
            spec.parameters.push_back(parameter(parameters[i], path, spec.design));
            if (!paths.insert(spec.parameters.back().path).second)
                fail(parameters[i]["path"], path + ".path", "each path once", "a repeated path " + quote(spec.parameters.back().path));
        }
        if (spec.design == DesignType::sobol && 2 * spec.parameters.size() > 64)
            fail(parameters, "parameters", "at most 32 parameters in a sobol design", std::to_string(spec.parameters.size()));
        spec.series = default_series();
        if (const YAML::Node series = root["series"]) {
            if (!series.IsSequence()) fail(series, "series", "a list of series names", found(series));
            spec.series.clear();
            const auto known = known_series();
            for (std::size_t i = 0; i < series.size(); ++i) {
                const std::string path = "series[" + std::to_string(i) + "]";
                const std::string name = scalar(series[i], path, "the name of a series of the run files");
                if (std::find(known.begin(), known.end(), name) == known.end())
                    fail(series[i], path, "one of " + join(known), "unknown series " + quote(name), did_you_mean(name, known));
                if (std::find(spec.series.begin(), spec.series.end(), name) != spec.series.end())
                    fail(series[i], path, "each series once", "a repeated series " + quote(name));
                spec.series.push_back(name);
            }
        }
        if (spec.run_count() == 0) fail(root, "parameters", "at least one run", "a design of 0 runs");
        constexpr std::size_t kMaxRuns = 100000000;
        if (spec.point_count() > kMaxRuns / spec.replicates)
            fail(root, "parameters", "at most " + std::to_string(kMaxRuns) + " runs", "a larger design");
        return spec;
    }

private:
    std::string file_;
};

}  // namespace

SweepSpec load_sweep_text(const std::string& text, const std::string& display_name, const std::string& directory) {
    return Loader(display_name).load(text, directory);
}

SweepSpec load_sweep(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the sweep file (no such file or not readable)");
    std::ostringstream text;
    text << in.rdbuf();
    return load_sweep_text(text.str(), path, std::filesystem::path(path).parent_path().string());
}

}  // namespace migroute::sweep
