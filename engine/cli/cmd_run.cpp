// `migroute run` and `migroute check`.
#include "cli/commands.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/flee_reader.hpp"
#include "io/flee_scenario.hpp"
#include "io/run.hpp"
#include "io/scenario_yaml.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace migroute::cli {

namespace {

struct ScenarioArgs {
    std::string scenario;
    std::optional<int> days;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> overrides;

    Scenario load() const {
        std::vector<std::string> all = overrides;
        if (days) all.push_back("days=" + std::to_string(*days));
        if (seed) all.push_back("seed=" + std::to_string(*seed));
        // A Flee scenario folder runs with the flee rule set; --set then takes Flee settings
        // (move_rules.awareness_level=2, optimisations.hasten=10, ...).
        if (flee::is_flee_folder(scenario)) return load_flee_scenario(scenario, all);
        return load_scenario(scenario, all);
    }
};

void add_scenario_options(CLI::App* command, ScenarioArgs& args) {
    command->add_option("scenario", args.scenario, "Scenario YAML file, or a Flee scenario folder")->required();
    command->add_option("--days", args.days, "Number of days to simulate (overrides `days`)")
        ->check(CLI::PositiveNumber);
    command->add_option("--seed", args.seed, "Random seed (overrides `seed`)");
    command->add_option("--set", args.overrides,
                        "Override a value: PATH=VALUE, e.g. links[Izmir-Lesbos].death_risk=0.01 (repeatable)")
        ->take_all();
}

std::string format_rate(double per_second) {
    char buf[64];
    if (per_second >= 1e6) std::snprintf(buf, sizeof buf, "%.1f M", per_second / 1e6);
    else if (per_second >= 1e3) std::snprintf(buf, sizeof buf, "%.1f k", per_second / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f ", per_second);
    return buf;
}

}  // namespace

Action add_run_command(CLI::App& app, const std::string& command_line) {
    struct Args : ScenarioArgs {
        std::string output;
        int threads = 0;
        bool quiet = false;
        int checkpoint_every = 0;
        std::string checkpoint;
        std::string resume;
    };
    auto args = std::make_shared<Args>();
    auto* run = app.add_subcommand("run", "Run a scenario and write the HDF5 result file");
    add_scenario_options(run, *args);
    run->add_option("-o,--output", args->output, "Result file (HDF5), written when the run completes")->required();
    run->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    run->add_flag("-q,--quiet", args->quiet, "No progress bar or summary on stderr");
    run->add_option("--checkpoint-every", args->checkpoint_every,
                    "Write a checkpoint every DAYS days (replaced each time, removed when the result is complete)")
        ->check(CLI::Range(0, 65535));
    run->add_option("--checkpoint", args->checkpoint, "Checkpoint file (default: OUTPUT.checkpoint)");
    run->add_option("--resume", args->resume,
                    "Continue the run from this checkpoint (written for the same scenario, overrides, seed and days)");
    return [args, command_line] {
        const auto started = std::chrono::steady_clock::now();
        auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
        const Scenario scenario = args->load();
        const bool terminal = !args->quiet && isatty(STDERR_FILENO);
        RunOptions options;
        options.threads = args->threads;
        options.command_line = command_line;
        options.checkpoint_every = args->checkpoint_every;
        options.checkpoint_path = args->checkpoint;
        options.resume_from = args->resume;
        // The time left counts only the days this process ran (a resumed run starts after its checkpoint).
        int first_day = -1;
        if (terminal)
            options.after_day = [&](int done, double person_days, const Simulation&) {
                if (first_day < 0) first_day = done - 1;
                const double t = elapsed();
                const int width = 30;
                const int filled = static_cast<int>(std::lround(width * static_cast<double>(done) / scenario.days));
                std::fprintf(stderr, "\r[%.*s%*s] day %d/%d  %sperson-days/s  %.0f s left   ", filled,
                             "##############################", width - filled, "", done, scenario.days,
                             format_rate(person_days / std::max(t, 1e-9)).c_str(),
                             t / (done - first_day) * (scenario.days - done));
                std::fflush(stderr);
            };
        const RunOutcome out = run_scenario(scenario, args->output, options);
        if (terminal) std::fprintf(stderr, "\n");
        if (!args->quiet && out.resumed_at_day > 0)
            std::fprintf(stderr, "%s: resumed from %s after day %d\n", scenario.name.c_str(), args->resume.c_str(),
                         out.resumed_at_day);
        for (const auto& w : out.graph_warnings) std::cerr << args->scenario << ": warning: " << w << "\n";
        const Series& s = out.series;
        if (!args->quiet)
            std::fprintf(stderr, "%s: %d days, %lld persons, %lld arrived, %lld dead, %.2f s, %sperson-days/s -> %s\n",
                         scenario.name.c_str(), scenario.days, static_cast<long long>(s.total_spawned.back()),
                         static_cast<long long>(s.total_arrived.back()), static_cast<long long>(s.total_dead.back()),
                         out.wall_seconds, format_rate(out.person_days / std::max(out.wall_seconds, 1e-9)).c_str(),
                         args->output.c_str());
        return 0;
    };
}

Action add_check_command(CLI::App& app) {
    auto args = std::make_shared<ScenarioArgs>();
    auto* check = app.add_subcommand("check", "Validate a scenario without running it");
    add_scenario_options(check, *args);
    return [args] {
        const Scenario scenario = args->load();
        GraphReport report;
        const RouteGraph graph = build_route_graph(scenario, &report);
        for (const auto& w : report.warnings) std::cerr << args->scenario << ": warning: " << w << "\n";
        std::cout << args->scenario << ": ok: scenario '" << scenario.name << "', " << graph.location_count()
                  << " locations, " << graph.link_count() << " directed links, " << scenario.days << " days from "
                  << format_date(scenario.start) << ", rules " << to_string(scenario.rules) << "\n";
        return 0;
    };
}

}  // namespace migroute::cli
