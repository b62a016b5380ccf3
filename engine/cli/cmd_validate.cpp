// `migroute validate FLEE_DIR --seeds N`: runs a Flee scenario folder with N seeds and scores each
// run with Flee's validation metric (ARD, plain and rescaled), then prints the mean and the standard
// deviation over seeds and the per-camp errors; with -o DIR it also writes one result file per seed
// and the tables as CSV (docs/VALIDATION.md).
#include "cli/commands.hpp"
#include "rules/flee/ard.hpp"
#include "util/error.hpp"
#include "simulation/simulation.hpp"
#include "graph/route_graph.hpp"
#include "io/flee_output.hpp"
#include "io/flee_reader.hpp"
#include "io/flee_scenario.hpp"
#include "io/run.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace migroute::cli {

namespace {

struct SeedResult {
    std::uint64_t seed = 0;
    double ard = 0.0;
    double ard_rescaled = 0.0;
    double wall_seconds = 0.0;
    std::string result_file;
    FleeValidation validation;
};

}  // namespace

Action add_validate_command(CLI::App& app, const std::string& command_line) {
    struct Args {
        std::string folder;
        int seeds = 10;
        std::uint64_t first_seed = 1;
        int threads = 0;
        std::string output_dir;
        std::optional<int> days;
        std::vector<std::string> overrides;
        bool quiet = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("validate", "Run a Flee scenario folder with several seeds and score it with Flee's ARD");
    cmd->add_option("folder", args->folder, "Flee scenario folder (input_csv/, source_data/, simsetting.yml)")->required();
    cmd->add_option("--seeds", args->seeds, "Number of seeds (runs)")->check(CLI::PositiveNumber);
    cmd->add_option("--first-seed", args->first_seed, "Seed of the first run; the others follow (default 1)");
    cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    cmd->add_option("-o,--output", args->output_dir,
                    "Folder for one result file per seed and the tables as CSV (created if missing)");
    cmd->add_option("--days", args->days, "Simulate only the first days")->check(CLI::PositiveNumber);
    cmd->add_option("--set", args->overrides, "Flee settings override block.key=value (repeatable)")->take_all();
    cmd->add_flag("-q,--quiet", args->quiet, "Only the summary lines");
    return [args, command_line] {
        namespace fs = std::filesystem;
        if (!flee::is_flee_folder(args->folder))
            throw InputError(args->folder + ": not a Flee scenario folder (expected input_csv/locations.csv)");
        std::vector<std::string> overrides = args->overrides;
        if (args->days) {
            std::string days = "days=";
            days += std::to_string(*args->days);
            overrides.push_back(days);
        }
        const Scenario base = load_flee_scenario(args->folder, overrides);
        if (!args->output_dir.empty()) {
            std::error_code ec;
            fs::create_directories(args->output_dir, ec);
            if (!fs::is_directory(args->output_dir))
                throw InputError("output folder '" + args->output_dir + "' cannot be created");
        }
        const RouteGraph graph = build_route_graph(base);

        std::vector<SeedResult> results;
        for (int i = 0; i < args->seeds; ++i) {
            Scenario scenario = base;
            scenario.seed = args->first_seed + static_cast<std::uint64_t>(i);
            SeedResult r;
            r.seed = scenario.seed;
            const auto started = std::chrono::steady_clock::now();
            Series series;
            if (!args->output_dir.empty()) {
                r.result_file = (fs::path(args->output_dir) / (scenario.name + "_seed" + std::to_string(r.seed) + ".h5")).string();
                RunOptions options;
                options.threads = args->threads;
                options.command_line = command_line;
                series = run_scenario(scenario, r.result_file, options).series;
            } else {
                Simulation sim(scenario, graph, args->threads);
                sim.run(scenario.days);
                series = sim.series();
            }
            r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            r.validation = flee_validation(scenario, series);
            r.ard = r.validation.ard.ard;
            r.ard_rescaled = r.validation.ard.ard_rescaled;
            if (!args->quiet)
                std::printf("%s seed %-4llu ARD %.4f  rescaled ARD %.4f  (%.2f s)\n", base.name.c_str(),
                            static_cast<unsigned long long>(r.seed), r.ard, r.ard_rescaled, r.wall_seconds);
            std::fflush(stdout);
            results.push_back(std::move(r));
        }

        std::vector<double> ard, rescaled, wall;
        for (const auto& r : results) {
            ard.push_back(r.ard);
            rescaled.push_back(r.ard_rescaled);
            wall.push_back(r.wall_seconds);
        }
        const auto a = validation::mean_std(ard);
        const auto b = validation::mean_std(rescaled);
        const auto w = validation::mean_std(wall);
        std::printf("%s: %zu seeds, ARD %.4f +- %.4f, rescaled ARD %.4f +- %.4f (mean +- sd), %.2f s per run\n",
                    base.name.c_str(), results.size(), a.mean, a.std_dev, b.mean, b.std_dev, w.mean);

        // Per camp, averaged over seeds.
        const std::size_t n_camps = results.front().validation.camp_names.size();
        struct CampRow {
            std::string name;
            double final_sim = 0, final_obs = 0, mae = 0, mre = 0;
        };
        std::vector<CampRow> camps(n_camps);
        for (std::size_t c = 0; c < n_camps; ++c) {
            camps[c].name = results.front().validation.camp_names[c];
            for (const auto& r : results) {
                const auto& e = r.validation.ard.camps[c];
                camps[c].final_sim += e.final_simulated;
                camps[c].final_obs += e.final_observed;
                camps[c].mae += e.mean_absolute_error;
                camps[c].mre += e.mean_relative_error;
            }
            const auto n = static_cast<double>(results.size());
            camps[c].final_sim /= n;
            camps[c].final_obs /= n;
            camps[c].mae /= n;
            camps[c].mre /= n;
        }
        if (!args->quiet) {
            std::printf("%-20s %14s %14s %16s %14s\n", "camp", "final sim", "final obs", "mean abs error",
                        "mean rel err");
            for (const auto& c : camps)
                std::printf("%-20s %14.0f %14.0f %16.0f %14.3f\n", c.name.c_str(), c.final_sim, c.final_obs, c.mae, c.mre);
        }

        if (!args->output_dir.empty()) {
            const fs::path dir(args->output_dir);
            const fs::path runs_csv = dir / (base.name + "_validation.csv");
            std::ofstream out(runs_csv);
            out << "scenario,seed,ard,ard_rescaled,wall_seconds,result_file\n";
            char line[512];
            for (const auto& r : results) {
                std::snprintf(line, sizeof line, "%s,%llu,%.6f,%.6f,%.3f,", base.name.c_str(),
                              static_cast<unsigned long long>(r.seed), r.ard, r.ard_rescaled, r.wall_seconds);
                out << line << fs::path(r.result_file).filename().string() << "\n";
            }
            std::snprintf(line, sizeof line, "%s,mean,%.6f,%.6f,%.3f,\n%s,sd,%.6f,%.6f,%.3f,\n", base.name.c_str(), a.mean,
                          b.mean, w.mean, base.name.c_str(), a.std_dev, b.std_dev, w.std_dev);
            out << line;
            const fs::path camps_csv = dir / (base.name + "_camps.csv");
            std::ofstream cout_csv(camps_csv);
            cout_csv << "scenario,camp,final_simulated,final_observed,mean_absolute_error,mean_relative_error\n";
            for (const auto& c : camps) {
                std::snprintf(line, sizeof line, "%.1f,%.1f,%.1f,%.6f", c.final_sim, c.final_obs, c.mae, c.mre);
                cout_csv << base.name << "," << c.name << "," << line << "\n";
            }
            if (!out || !cout_csv) throw std::runtime_error("cannot write the CSV files in '" + args->output_dir + "'");
            if (!args->quiet) std::printf("wrote %s and %s\n", runs_csv.string().c_str(), camps_csv.string().c_str());
        }
        return 0;
    };
}

}  // namespace migroute::cli
