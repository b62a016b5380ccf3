#include "sweep/sweep.hpp"

#include "util/error.hpp"
#include "util/durable_file.hpp"
#include "util/text.hpp"
#include "io/hdf5_file.hpp"
#include "io/result_file.hpp"
#include "io/run.hpp"
#include "io/scenario_yaml.hpp"
#include "sweep/design.hpp"
#include "sweep/sensitivity.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace migroute::sweep {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the file (no such file or not readable)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Writes `text` to `path` atomically and durably (io/durable_file.hpp).
void write_text_atomically(const std::string& path, const std::string& text) {
    std::string temp = path;
    temp += ".tmp.";
    temp += std::to_string(::getpid());
    temp += '.';
    temp += std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000000);
    OutputFile out(temp);
    out.write(text.data(), text.size());
    out.sync_and_close();
    rename_durably(temp, path);
}

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const auto s = static_cast<long long>(std::llround(seconds));
    char buf[64];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60) std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%llds", s);
    return buf;
}

}  // namespace

const char* to_string(RunState state) {
    switch (state) {
        case RunState::not_run: return "not_run";
        case RunState::done: return "done";
        case RunState::failed: return "failed";
    }
    return "not_run";
}

std::vector<std::string> manifest_timing_columns() { return {"wall_seconds"}; }

namespace {

std::optional<long long> parse_integer(const std::string& text) {
    long long value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::pair<std::size_t, std::size_t> resolve_shard(const std::string& option,
                                                  const std::function<const char*(const char*)>& environment) {
    if (!option.empty()) {
        const auto slash = option.find('/');
        const auto i = slash == std::string::npos ? std::nullopt : parse_integer(option.substr(0, slash));
        const auto n = slash == std::string::npos ? std::nullopt : parse_integer(option.substr(slash + 1));
        if (!i || !n || *n < 1 || *i < 0 || *i >= *n)
            throw InputError("--shard '" + option + "': expected I/N with 0 <= I < N, e.g. --shard 0/3");
        return {static_cast<std::size_t>(*i), static_cast<std::size_t>(*n)};
    }
    const char* id = environment("SLURM_ARRAY_TASK_ID");
    if (!id) return {0, 1};
    const char* count = environment("SLURM_ARRAY_TASK_COUNT");
    const char* min = environment("SLURM_ARRAY_TASK_MIN");
    const char* step = environment("SLURM_ARRAY_TASK_STEP");
    const long long task = parse_integer(id).value_or(-1);
    const long long n = count ? parse_integer(count).value_or(0) : 0;
    const long long lowest = min ? parse_integer(min).value_or(-1) : 0;
    const long long stride = step ? parse_integer(step).value_or(0) : 1;
    if (task < 0 || n < 1 || lowest < 0 || stride < 1 || task < lowest || (task - lowest) % stride != 0 ||
        (task - lowest) / stride >= n) {
        std::string message = "SLURM array variables do not describe a task: SLURM_ARRAY_TASK_ID=";
        message += id;
        message += ", SLURM_ARRAY_TASK_MIN=";
        message += min ? min : "(unset)";
        message += ", SLURM_ARRAY_TASK_COUNT=";
        message += count ? count : "(unset)";
        message += " (or give --shard I/N)";
        throw InputError(message);
    }
    return {static_cast<std::size_t>((task - lowest) / stride), static_cast<std::size_t>(n)};
}

// ---- Sweep ---------------------------------------------------------------------------------------

Sweep::Sweep(SweepSpec spec, const std::string& output_dir)
    : spec_(std::move(spec)), runs_(plan_runs(spec_)), output_dir_(output_dir.empty() ? spec_.output_dir : output_dir) {
    try {
        base_text_ = read_text(spec_.base_scenario);
    } catch (const InputError&) {
        throw InputError(spec_.source_path + ": key 'base': cannot read the base scenario '" + spec_.base_scenario + "'");
    }
}

std::string Sweep::result_path(std::size_t id) const { return (fs::path(output_dir_) / (run_stem(id) + ".h5")).string(); }
std::string Sweep::error_path(std::size_t id) const { return (fs::path(output_dir_) / (run_stem(id) + ".error")).string(); }

Scenario Sweep::scenario(std::size_t id) const {
    return load_scenario_text(base_text_, spec_.base_scenario, runs_.at(id).overrides(spec_));
}

bool Sweep::finished(std::size_t id) const {
    const std::string path = result_path(id);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    h5::silence_errors();
    if (H5Fis_hdf5(path.c_str()) <= 0) return false;
    std::string stored;
    {
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        if (!file.valid()) return false;
        try {
            if (!h5::has_attribute(file, "format") || h5::read_string_attribute(file, "format") != kResultFormat)
                return false;
            stored = h5::read_string_scalar(file, "scenario");
        } catch (const std::exception&) {
            return false;
        }
    }
    try {
        return scenario(id).resolved_yaml == stored;
    } catch (const std::exception&) {
        return false;
    }
}

bool Sweep::execute(std::size_t id, int threads, const std::string& command_line) const {
    const std::string result = result_path(id);
    const std::string error = error_path(id);
    std::error_code ec;
    try {
        fs::create_directories(output_dir_, ec);
        const Scenario s = scenario(id);
        RunOptions options;
        options.threads = threads;
        options.command_line = command_line;
        options.command_line += " [run ";
        options.command_line += std::to_string(id);
        options.command_line += ']';
        run_scenario(s, result, options);
        fs::remove(error, ec);
        return true;
    } catch (const std::exception& e) {
        fs::remove(result, ec);
        std::string message = e.what();
        std::replace(message.begin(), message.end(), '\n', ' ');
        try {
            write_text_atomically(error, message + "\n");
        } catch (const std::exception&) {
        }
        return false;
    }
}

RunRecord Sweep::record(std::size_t id) const {
    RunRecord r;
    if (finished(id)) {
        try {
            r.outcomes = read_outcomes(result_path(id));
            h5::Handle file(H5Fopen(result_path(id).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
            h5::Handle run(H5Gopen2(file, "run", H5P_DEFAULT), H5Gclose);
            if (run.valid()) {
                h5::Handle attr(H5Aopen(run, "wall_seconds", H5P_DEFAULT), H5Aclose);
                double wall = kNaN;
                if (attr.valid() && H5Aread(attr, H5T_NATIVE_DOUBLE, &wall) >= 0) r.wall_seconds = wall;
            }
            r.days = static_cast<std::size_t>(h5::dataset_shape(file, "total_alive").at(0));
            r.state = RunState::done;
            return r;
        } catch (const std::exception& e) {
            r.outcomes.clear();
            r.state = RunState::failed;
            r.error = std::string("unreadable result file: ") + e.what();
            return r;
        }
    }
    std::error_code ec;
    if (fs::is_regular_file(error_path(id), ec)) {
        r.state = RunState::failed;
        try {
            r.error = read_text(error_path(id));
        } catch (const std::exception&) {
            r.error = "failed (the error file cannot be read)";
        }
        while (!r.error.empty() && (r.error.back() == '\n' || r.error.back() == '\r')) r.error.pop_back();
    }
    return r;
}

std::vector<std::size_t> Sweep::pending(std::size_t shard, std::size_t shards) const {
    std::vector<std::size_t> ids;
    for (std::size_t id = shard; id < runs_.size(); id += shards)
        if (!finished(id)) ids.push_back(id);
    return ids;
}

// ---- progress ------------------------------------------------------------------------------------

Progress::Progress(std::size_t total, std::size_t concurrent, bool enabled, std::string label)
    : total_(total), concurrent_(std::max<std::size_t>(1, concurrent)), enabled_(enabled),
      terminal_(enabled && isatty(STDERR_FILENO)), label_(std::move(label)), start_(now_seconds()) {}

void Progress::started() {
    ++running_;
    print(false);
}

void Progress::finished(bool ok) {
    --running_;
    ++done_;
    if (!ok) ++failed_;
    print(false);
}

void Progress::print(bool force) {
    if (!enabled_) return;
    const double t = now_seconds();
    const double interval = terminal_ ? 0.2 : 5.0;
    if (!force && t - last_print_ < interval && done_ < total_) return;
    if (force && printed_done_ == done_ && running_ == 0) return;
    last_print_ = t;
    printed_done_ = running_ == 0 ? done_ : static_cast<std::size_t>(-1);
    const double elapsed = t - start_;
    const std::size_t left = total_ - done_;
    const double per_run = done_ > 0 ? elapsed / static_cast<double>(done_) : kNaN;
    const double eta = done_ > 0 ? per_run * static_cast<double>(left) : kNaN;
    std::fprintf(stderr, "%s%s: %zu/%zu runs done, %zu failed, %zu running, %s elapsed, %s left%s", terminal_ ? "\r" : "",
                 label_.c_str(), done_, total_, failed_, running_, format_duration(elapsed).c_str(),
                 done_ > 0 ? format_duration(eta).c_str() : "?", terminal_ ? "   " : "\n");
    std::fflush(stderr);
}

void Progress::final_line() {
    if (!enabled_) return;
    print(true);
    if (terminal_) std::fprintf(stderr, "\n");
}

// ---- execution -----------------------------------------------------------------------------------

std::pair<int, int> plan_concurrency(std::size_t runs, int cores, int jobs, int threads_per_run) {
    cores = std::max(1, cores);
    if (jobs <= 0) jobs = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(cores), std::max<std::size_t>(1, runs)));
    if (threads_per_run <= 0) threads_per_run = std::max(1, cores / jobs);
    return {jobs, threads_per_run};
}

std::size_t run_tasks(std::size_t count, int jobs, const std::function<bool(std::size_t)>& task, Progress* progress) {
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> failed{0};
    std::mutex progress_mutex;
    auto worker = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            if (progress) {
                std::lock_guard lock(progress_mutex);
                progress->started();
            }
            bool ok = false;
            try {
                ok = task(i);
            } catch (const std::exception&) {
                ok = false;
            }
            if (!ok) ++failed;
            if (progress) {
                std::lock_guard lock(progress_mutex);
                progress->finished(ok);
            }
        }
    };
    const auto n = static_cast<std::size_t>(std::max(1, jobs));
    if (n == 1 || count <= 1) {
        worker();
    } else {
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < std::min(n, count); ++t) threads.emplace_back(worker);
        for (auto& t : threads) t.join();
    }
    return failed.load();
}

ExecuteReport execute_local(const Sweep& sweep, const std::vector<std::size_t>& pending, const ExecuteOptions& options) {
    ExecuteReport report;
    const std::size_t count = std::min(pending.size(), options.max_runs);
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const std::pair<int, int> plan = plan_concurrency(count, static_cast<int>(std::thread::hardware_concurrency()),
                                                      options.jobs, options.threads_per_run);
    const int jobs = plan.first;
    const int threads = plan.second;
    std::vector<std::size_t> order(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(count));
    Progress progress(count, static_cast<std::size_t>(jobs), options.progress);
    std::mutex executed_mutex;
    report.failed = run_tasks(
        count, jobs,
        [&](std::size_t i) {
            {
                std::lock_guard lock(executed_mutex);
                report.executed.push_back(order[i]);
            }
            return sweep.execute(order[i], threads, options.command_line);
        },
        &progress);
    progress.final_line();
    return report;
}

// ---- collection ----------------------------------------------------------------------------------

namespace {

struct Collected {
    std::vector<RunRecord> records;
    std::vector<std::string> outcome_names;
    std::vector<bool> outcome_is_count;
    std::vector<std::vector<double>> outcome_values;  // [run][outcome], NaN when absent
};

Collected gather(const Sweep& sweep) {
    Collected c;
    const std::size_t n = sweep.runs().size();
    c.records.resize(n);
    // Reading is cheap next to running, but there may be thousands of files: read them on all cores.
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) c.records[i] = sweep.record(i);
    };
    std::vector<std::thread> threads;
    const std::size_t workers = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), n);
    for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();

    for (const auto& r : c.records) {
        for (const auto& o : r.outcomes) {
            if (std::find(c.outcome_names.begin(), c.outcome_names.end(), o.name) == c.outcome_names.end()) {
                c.outcome_names.push_back(o.name);
                c.outcome_is_count.push_back(o.count);
            }
        }
    }
    c.outcome_values.assign(n, std::vector<double>(c.outcome_names.size(), kNaN));
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& o : c.records[i].outcomes) {
            const auto it = std::find(c.outcome_names.begin(), c.outcome_names.end(), o.name);
            c.outcome_values[i][static_cast<std::size_t>(it - c.outcome_names.begin())] = o.value;
        }
        // Counts a run did not report (a policy counter absent at this design point) are zero.
        if (c.records[i].state == RunState::done)
            for (std::size_t k = 0; k < c.outcome_names.size(); ++k)
                if (c.outcome_is_count[k] && std::isnan(c.outcome_values[i][k])) c.outcome_values[i][k] = 0.0;
    }
    return c;
}

std::string manifest_text(const Sweep& sweep, const Collected& c) {
    const auto& spec = sweep.spec();
    std::ostringstream out;
    std::vector<std::string> header = {"id", "point", "replicate"};
    for (const auto& p : spec.parameters) header.push_back(p.path);
    for (const char* column : {"seed", "status", "error"}) header.emplace_back(column);
    for (const auto& name : c.outcome_names) header.push_back(name);
    header.emplace_back("wall_seconds");
    for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csv_field(header[i]);
    out << "\n";
    for (std::size_t id = 0; id < sweep.runs().size(); ++id) {
        const RunPlan& plan = sweep.runs()[id];
        const RunRecord& r = c.records[id];
        out << plan.id << ',' << plan.point << ',' << plan.replicate;
        for (const auto& v : plan.values) out << ',' << csv_field(v);
        out << ',' << plan.seed << ',' << to_string(r.state) << ',' << csv_field(r.error);
        for (std::size_t k = 0; k < c.outcome_names.size(); ++k) {
            out << ',';
            if (r.state == RunState::done) out << format_number(c.outcome_values[id][k]);
        }
        out << ',';
        if (std::isfinite(r.wall_seconds)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6f", r.wall_seconds);
            out << buf;
        }
        out << "\n";
    }
    return out.str();
}

// A virtual dataset stacking `name` of every run file: [run, time, ...], fill -1 where a run has no file.
void write_stacked_series(hid_t root, const Sweep& sweep, const Collected& c, const std::string& name,
                          const std::vector<hsize_t>& common_shape, const std::vector<hid_t>& scales) {
    const std::size_t runs = sweep.runs().size();
    std::vector<hsize_t> dims = {static_cast<hsize_t>(runs)};
    dims.insert(dims.end(), common_shape.begin(), common_shape.end());
    const int rank = static_cast<int>(dims.size());
    h5::Handle vspace(h5::check(H5Screate_simple(rank, dims.data(), nullptr), "dataspace"), H5Sclose);
    h5::Handle dcpl(h5::check(H5Pcreate(H5P_DATASET_CREATE), "dataset properties"), H5Pclose);
    const long long fill = -1;
    h5::check(H5Pset_fill_value(dcpl, H5T_NATIVE_LLONG, &fill), "fill value");
    for (std::size_t id = 0; id < runs; ++id) {
        // A finished run maps its own shape; the others the common shape (so a run that completes later
        // shows up when the summary is opened again; its status stays not_run until the next collection).
        std::vector<hsize_t> shape = common_shape;
        if (c.records[id].state == RunState::done) shape[0] = std::min<hsize_t>(shape[0], c.records[id].days);
        h5::Handle src(h5::check(H5Screate_simple(rank - 1, shape.data(), nullptr), "source dataspace"), H5Sclose);
        std::vector<hsize_t> start(static_cast<std::size_t>(rank), 0), count(static_cast<std::size_t>(rank), 1);
        start[0] = id;
        for (std::size_t d = 0; d < shape.size(); ++d) count[d + 1] = shape[d];
        h5::check(H5Sselect_hyperslab(vspace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "selection");
        const std::string file = run_stem(id) + ".h5";
        const std::string dataset = "/" + name;
        h5::check(H5Pset_virtual(dcpl, vspace, file.c_str(), dataset.c_str(), src), "virtual mapping");
    }
    H5Sselect_all(vspace);
    h5::Handle ds(h5::check(H5Dcreate2(root, name.c_str(), H5T_STD_I64LE, vspace, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                            "virtual dataset " + name),
                  H5Dclose);
    h5::write_attribute(ds, "units", std::string("persons"));
    h5::write_attribute(ds, "_FillValue", static_cast<std::int64_t>(-1));
    h5::write_attribute(ds, "long_name", name + " of every run (virtual: read from run_<id>.h5); -1 where a run has no result");
    std::vector<hid_t> attach_scales(scales.begin(), scales.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(scales.size(), dims.size())));
    h5::attach(ds, attach_scales);
}

void write_summary(const std::string& path, const Sweep& sweep, const Collected& c) {
    using namespace h5;
    silence_errors();
    const auto& spec = sweep.spec();
    const std::size_t runs = sweep.runs().size();
    const std::string temp = path + ".tmp." + std::to_string(::getpid());
    try {
        {
            Handle file(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
            if (!file.valid()) throw std::runtime_error("cannot create '" + temp + "'");
            Handle root(check(H5Gopen2(file, "/", H5P_DEFAULT), "root group"), H5Gclose);
            write_attribute(root, "format", std::string("migroute-sweep-summary"));
            write_attribute(root, "format_version", static_cast<std::int64_t>(1));
            write_attribute(root, "design", std::string(to_string(spec.design)));
            write_attribute(root, "samples", static_cast<std::int64_t>(spec.samples));
            write_attribute(root, "replicates", static_cast<std::int64_t>(spec.replicates));
            write_attribute(root, "seed", std::to_string(spec.seed));
            write_attribute(root, "base_scenario", spec.base_scenario);
            write_attribute(root, "status_meanings", std::string("0 not_run, 1 done, 2 failed"));
            write_string_scalar(root, "sweep", spec.text);

            std::vector<std::int64_t> ids(runs), points(runs), replicates(runs), seeds(runs);
            std::vector<std::int32_t> status(runs);
            std::vector<std::string> errors(runs);
            std::vector<double> wall(runs), values(runs * spec.parameters.size());
            for (std::size_t i = 0; i < runs; ++i) {
                const RunPlan& p = sweep.runs()[i];
                ids[i] = static_cast<std::int64_t>(p.id);
                points[i] = static_cast<std::int64_t>(p.point);
                replicates[i] = static_cast<std::int64_t>(p.replicate);
                seeds[i] = static_cast<std::int64_t>(p.seed);
                status[i] = static_cast<std::int32_t>(c.records[i].state);
                errors[i] = c.records[i].error;
                wall[i] = c.records[i].wall_seconds;
                for (std::size_t k = 0; k < spec.parameters.size(); ++k) values[i * spec.parameters.size() + k] = p.numeric[k];
            }
            Handle run_scale = write_i64(root, "run", ids);
            make_scale(run_scale, "run");
            attach(write_i64(root, "point", points), {run_scale});
            attach(write_i64(root, "replicate", replicates), {run_scale});
            attach(write_i64(root, "seed", seeds), {run_scale});
            {
                Handle st = write_i32(root, "status", status);
                write_attribute(st, "flag_meanings", std::string("not_run done failed"));
                write_attribute(st, "long_name", std::string("0 not run or not finished, 1 done, 2 failed (see error)"));
                attach(st, {run_scale});
            }
            attach(write_strings(root, "error", errors), {run_scale});
            {
                Handle w = write_f64(root, "wall_seconds", wall);
                write_attribute(w, "units", std::string("s; NaN where the run has no result"));
                attach(w, {run_scale});
            }
            std::vector<std::string> parameter_names;
            for (const auto& p : spec.parameters) parameter_names.push_back(p.path);
            Handle parameter_scale = write_strings(root, "parameter", parameter_names);
            make_scale(parameter_scale, "parameter");
            {
                Handle pv = write_f64_2d(root, "parameter_value", values, runs, spec.parameters.size());
                write_attribute(pv, "long_name", std::string("value of each parameter in each run; NaN when not a number (see manifest.csv)"));
                attach(pv, {run_scale, parameter_scale});
            }
            if (!c.outcome_names.empty()) {
                Handle outcome_scale = write_strings(root, "outcome", c.outcome_names);
                make_scale(outcome_scale, "outcome");
                std::vector<double> flat;
                flat.reserve(runs * c.outcome_names.size());
                for (std::size_t i = 0; i < runs; ++i) {
                    for (std::size_t k = 0; k < c.outcome_names.size(); ++k)
                        flat.push_back(c.records[i].state == RunState::done ? c.outcome_values[i][k] : kNaN);
                }
                Handle ov = write_f64_2d(root, "outcome_value", flat, runs, c.outcome_names.size());
                write_attribute(ov, "long_name", std::string("scalar outcomes of each run; NaN where the run has no result"));
                attach(ov, {run_scale, outcome_scale});
            }

            // Stacked series, with coordinates copied from the first finished run.
            std::size_t first_done = runs;
            for (std::size_t i = 0; i < runs; ++i)
                if (c.records[i].state == RunState::done) {
                    first_done = i;
                    break;
                }
            if (first_done < runs && !spec.series.empty()) {
                Handle src(H5Fopen(sweep.result_path(first_done).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
                if (!src.valid()) throw std::runtime_error("cannot open " + sweep.result_path(first_done));
                std::size_t max_days = 0;
                for (const auto& r : c.records)
                    if (r.state == RunState::done) max_days = std::max(max_days, r.days);
                std::vector<std::int32_t> days(max_days);
                for (std::size_t d = 0; d < max_days; ++d) days[d] = static_cast<std::int32_t>(d);
                Handle time = write_i32(root, "time", days);
                const Handle src_time(H5Dopen2(src, "time", H5P_DEFAULT), H5Dclose);
                if (src_time.valid() && has_attribute(src_time, "units"))
                    write_attribute(time, "units", read_string_attribute(src_time, "units"));
                make_scale(time, "time");
                struct Dim {
                    const char* scale;
                    const char* names;
                };
                const Dim dims[] = {{"location", "location_name"}, {"link", "link_name"}, {"country", "country_code"}};
                for (const auto& name : spec.series) {
                    std::vector<hsize_t> shape = dataset_shape(src, name);
                    shape[0] = max_days;
                    std::vector<hid_t> scales = {run_scale, time};
                    std::vector<Handle> keep;
                    if (shape.size() == 2) {
                        for (const auto& d : dims) {
                            if (name.rfind(d.scale, 0) != 0) continue;
                            if (!has_dataset(root, d.scale)) {
                                const auto labels = read_strings(src, d.names);
                                std::vector<std::int32_t> index(labels.size());
                                for (std::size_t i = 0; i < labels.size(); ++i) index[i] = static_cast<std::int32_t>(i);
                                Handle scale = write_i32(root, d.scale, index);
                                make_scale(scale, d.scale);
                                attach(write_strings(root, d.names, labels), {scale});
                            }
                            keep.emplace_back(check(H5Dopen2(root, d.scale, H5P_DEFAULT), "scale"), H5Dclose);
                            scales.push_back(keep.back());
                        }
                    }
                    write_stacked_series(root, sweep, c, name, shape, scales);
                }
            }
            check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
        }
        sync_file(temp);
        rename_durably(temp, path);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
}

std::string sobol_text(const Sweep& sweep, const Collected& c) {
    const auto& spec = sweep.spec();
    const int k = static_cast<int>(spec.parameters.size());
    const std::size_t points = spec.point_count();
    std::ostringstream out;
    out << "outcome,parameter,first_order,first_order_low,first_order_high,total,total_low,total_high,"
           "first_order_replicate_sd,total_replicate_sd,noise_share,base_samples\n";
    for (std::size_t o = 0; o < c.outcome_names.size(); ++o) {
        std::vector<std::vector<double>> y(points, std::vector<double>(spec.replicates, kNaN));
        for (std::size_t id = 0; id < sweep.runs().size(); ++id) {
            const RunPlan& p = sweep.runs()[id];
            if (c.records[id].state == RunState::done) y[p.point][p.replicate] = c.outcome_values[id][o];
        }
        try {
            const ReplicatedSobolResult r = sobol_indices_replicated(y, k, {});
            for (int i = 0; i < k; ++i) {
                const SobolIndex& s = r.averaged.indices[i];
                out << csv_field(c.outcome_names[o]) << ',' << csv_field(spec.parameters[i].path);
                for (double v : {s.first, s.first_low, s.first_high, s.total, s.total_low, s.total_high, r.first_sd[i],
                                 r.total_sd[i], r.noise_share})
                    out << ',' << format_number(v);
                out << ',' << r.averaged.base_samples << "\n";
            }
        } catch (const std::invalid_argument&) {
            // Not enough complete blocks, or a constant outcome: nothing to report.
        }
    }
    return out.str();
}

}  // namespace

CollectReport collect(const Sweep& sweep) {
    std::error_code ec;
    fs::create_directories(sweep.output_dir(), ec);
    const Collected c = gather(sweep);
    CollectReport report;
    for (const auto& r : c.records) {
        if (r.state == RunState::done) ++report.done;
        else if (r.state == RunState::failed) ++report.failed;
        else ++report.not_run;
    }
    report.manifest_path = (fs::path(sweep.output_dir()) / "manifest.csv").string();
    report.summary_path = (fs::path(sweep.output_dir()) / "summary.h5").string();
    write_text_atomically(report.manifest_path, manifest_text(sweep, c));
    write_summary(report.summary_path, sweep, c);
    if (sweep.spec().design == DesignType::sobol) {
        report.sobol_path = (fs::path(sweep.output_dir()) / "sobol.csv").string();
        write_text_atomically(report.sobol_path, sobol_text(sweep, c));
    }
    return report;
}

}  // namespace migroute::sweep
