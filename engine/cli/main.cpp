// The migroute program: sub-commands run, check and info.
// Exit codes: 0 success, 1 runtime failure, 2 bad input (scenario, flags, files).
#include "core/error.hpp"
#include "core/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/result_file.hpp"
#include "io/scenario_yaml.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace migroute;

struct RunArgs {
    std::string scenario;
    std::string output;
    std::optional<int> days;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::vector<std::string> overrides;
    bool quiet = false;
};

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
    return buf;
}

std::string format_rate(double per_second) {
    char buf[64];
    if (per_second >= 1e6) std::snprintf(buf, sizeof buf, "%.1f M", per_second / 1e6);
    else if (per_second >= 1e3) std::snprintf(buf, sizeof buf, "%.1f k", per_second / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f ", per_second);
    return buf;
}

Scenario load(const RunArgs& args) {
    std::vector<std::string> overrides = args.overrides;
    if (args.days) overrides.push_back("days=" + std::to_string(*args.days));
    if (args.seed) overrides.push_back("seed=" + std::to_string(*args.seed));
    return load_scenario(args.scenario, overrides);
}

int command_check(const RunArgs& args) {
    const Scenario scenario = load(args);
    GraphReport report;
    const RouteGraph graph = build_route_graph(scenario, &report);
    for (const auto& w : report.warnings) std::cerr << args.scenario << ": warning: " << w << "\n";
    std::cout << args.scenario << ": ok: scenario '" << scenario.name << "', " << graph.location_count()
              << " locations, " << graph.link_count() << " directed links, " << scenario.days << " days from "
              << format_date(scenario.start) << ", rules " << to_string(scenario.rules) << "\n";
    return 0;
}

int command_run(const RunArgs& args, const std::string& command_line) {
    const auto started = std::chrono::steady_clock::now();
    const std::string started_utc = utc_now();
    const Scenario scenario = load(args);
    GraphReport report;
    const RouteGraph graph = build_route_graph(scenario, &report);
    for (const auto& w : report.warnings) std::cerr << args.scenario << ": warning: " << w << "\n";

    Simulation sim(scenario, graph, args.threads);
    const bool terminal = !args.quiet && isatty(STDERR_FILENO);
    double person_days = 0.0;
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    sim.run(scenario.days, [&](int done) {
        person_days += static_cast<double>(sim.series().total_alive.back());
        if (!terminal) return;
        const double t = elapsed();
        const double left = done > 0 ? t / done * (scenario.days - done) : 0.0;
        const int width = 30;
        const int filled = static_cast<int>(std::lround(width * static_cast<double>(done) / scenario.days));
        std::fprintf(stderr, "\r[%.*s%*s] day %d/%d  %sperson-days/s  %.0f s left   ", filled,
                     "##############################", width - filled, "", done, scenario.days,
                     format_rate(person_days / std::max(t, 1e-9)).c_str(), left);
        std::fflush(stderr);
    });
    if (terminal) std::fprintf(stderr, "\n");

    RunInfo info;
    info.command_line = command_line;
    info.host = host_name();
    info.started_at_utc = started_utc;
    info.threads = sim.threads();
    info.wall_seconds = elapsed();
    write_result(args.output, scenario, graph, sim, info);
    const Series& s = sim.series();
    if (!args.quiet)
        std::fprintf(stderr, "%s: %d days, %lld persons, %lld arrived, %lld dead, %.2f s, %sperson-days/s -> %s\n",
                     scenario.name.c_str(), scenario.days, static_cast<long long>(s.total_spawned.back()),
                     static_cast<long long>(s.total_arrived.back()), static_cast<long long>(s.total_dead.back()),
                     elapsed(), format_rate(person_days / std::max(elapsed(), 1e-9)).c_str(), args.output.c_str());
    return 0;
}

int command_info(const std::string& path) {
    std::cout << format_summary(read_result_summary(path));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string command_line;
    for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

    CLI::App app{"migroute: agent-based simulation of forced-migration routes"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(MIGROUTE_VERSION) + " (" + MIGROUTE_GIT_VERSION + ")");

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Run a scenario and write the HDF5 result file");
    run->add_option("scenario", run_args.scenario, "Scenario YAML file")->required();
    run->add_option("-o,--output", run_args.output, "Result file (HDF5), written when the run completes")->required();
    run->add_option("--days", run_args.days, "Number of days to simulate (overrides `days`)")->check(CLI::PositiveNumber);
    run->add_option("--seed", run_args.seed, "Random seed (overrides `seed`)");
    run->add_option("--threads", run_args.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    run->add_option("--set", run_args.overrides, "Override a scalar: path=value, e.g. links[A-B].death_risk=0.01")
        ->take_all();
    run->add_flag("-q,--quiet", run_args.quiet, "No progress or summary on stderr");

    RunArgs check_args;
    auto* check = app.add_subcommand("check", "Validate a scenario without running it");
    check->add_option("scenario", check_args.scenario, "Scenario YAML file")->required();
    check->add_option("--set", check_args.overrides, "Override a scalar: path=value")->take_all();

    std::string info_path;
    auto* info = app.add_subcommand("info", "Summarise a result file");
    info->add_option("file", info_path, "Result file (HDF5)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (*run) return command_run(run_args, command_line);
        if (*check) return command_check(check_args);
        if (*info) return command_info(info_path);
    } catch (const InputError& e) {
        std::cerr << "migroute: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "migroute: failure: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
