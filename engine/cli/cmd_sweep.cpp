// `migroute sweep`, `migroute sobol` and `migroute compare` (docs/SWEEPS.md).
#include "cli/commands.hpp"
#include "util/error.hpp"
#include "io/hdf5_file.hpp"
#include "sweep/compare.hpp"
#include "sweep/mpi_farm.hpp"
#include "sweep/sensitivity.hpp"
#include "sweep/sweep.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace migroute::cli {

namespace {

using namespace migroute::sweep;

void print_collect(const CollectReport& c, std::size_t runs) {
    std::fprintf(stderr, "sweep: %zu runs: %zu done, %zu failed, %zu not run -> %s, %s%s%s\n", runs, c.done, c.failed,
                 c.not_run, c.manifest_path.c_str(), c.summary_path.c_str(), c.sobol_path.empty() ? "" : ", ",
                 c.sobol_path.c_str());
}

}  // namespace

Action add_sweep_command(CLI::App& app, const std::string& command_line) {
    struct Args {
        std::string sweep_file, output, shard;
        int jobs = 0, threads = 0;
        bool mpi = false, collect_only = false, dry_run = false, quiet = false;
        std::size_t max_runs = 0;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("sweep", "Run a parameter sweep: designs, replicates, MPI task farm, SLURM array shards");
    cmd->add_option("sweep", args->sweep_file, "Sweep YAML file (docs/SWEEPS.md)")->required();
    cmd->add_option("-o,--output", args->output, "Output folder (default: `output:` of the sweep file)");
    cmd->add_option("--jobs", args->jobs, "Runs at once (default: one per core)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", args->threads, "Threads per run (default: cores / jobs; MPI: 1)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--shard", args->shard,
                    "Run only shard I of N (ids with id % N == I), e.g. 2/8; default from SLURM_ARRAY_TASK_ID, "
                    "SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT when set");
    cmd->add_flag("--mpi", args->mpi, "MPI task farm (implied when started by mpirun/mpiexec)");
    cmd->add_flag("--collect", args->collect_only, "Run nothing: only write manifest.csv and summary.h5 from the folder");
    cmd->add_flag("--dry-run", args->dry_run, "Print the runs (id, overrides, finished or not) and exit");
    cmd->add_option("--max-runs", args->max_runs, "Start at most this many runs, then collect and stop (0: all)");
    cmd->add_flag("-q,--quiet", args->quiet, "No progress on stderr");
    return [args, command_line] {
        const Sweep sweep(load_sweep(args->sweep_file), args->output);
        if (args->dry_run) {
            for (const auto& run : sweep.runs()) {
                std::cout << run_stem(run.id) << (sweep.finished(run.id) ? " finished " : " pending  ");
                for (const auto& o : run.overrides(sweep.spec())) std::cout << " --set '" << o << "'";
                std::cout << "\n";
            }
            return 0;
        }
        if (args->collect_only) {
            const CollectReport c = collect(sweep);
            if (!args->quiet) print_collect(c, sweep.runs().size());
            return c.failed > 0 ? 1 : 0;
        }
        ExecuteOptions options;
        options.jobs = args->jobs;
        options.threads_per_run = args->threads;
        options.progress = !args->quiet;
        options.command_line = command_line;
        if (args->max_runs > 0) options.max_runs = args->max_runs;

        const bool mpi = args->mpi || launched_by_mpi();
        if (mpi) {
            if (!mpi_compiled())
                throw InputError("started for MPI (--mpi or by mpirun), but this migroute was built without MPI");
            if (!args->shard.empty()) throw InputError("--shard and MPI exclude each other");
            std::filesystem::create_directories(sweep.output_dir());
            const MpiReport r = execute_mpi(sweep, options, [&] {
                const CollectReport c = collect(sweep);
                if (!args->quiet) print_collect(c, sweep.runs().size());
            });
            return r.rank == 0 && r.executed.failed > 0 ? 1 : 0;
        }
        const auto [shard, shards] = resolve_shard(args->shard, [](const char* name) { return std::getenv(name); });
        const std::vector<std::size_t> pending = sweep.pending(shard, shards);
        if (!args->quiet) {
            std::size_t in_shard = 0;
            for (std::size_t id = shard; id < sweep.runs().size(); id += shards) ++in_shard;
            std::fprintf(stderr, "sweep: %zu runs%s, %zu to run, %zu already finished -> %s\n", in_shard,
                         shards > 1 ? (" in shard " + std::to_string(shard) + "/" + std::to_string(shards)).c_str() : "",
                         pending.size(), in_shard - pending.size(), sweep.output_dir().c_str());
        }
        const ExecuteReport r = execute_local(sweep, pending, options);
        const CollectReport c = collect(sweep);
        if (!args->quiet) print_collect(c, sweep.runs().size());
        return r.failed > 0 ? 1 : 0;
    };
}

Action add_sobol_command(CLI::App& app) {
    struct Args {
        std::string folder, outcome, csv;
        std::size_t bootstrap = 1000;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("sobol", "Sobol sensitivity indices of a sweep outcome (design: sobol)");
    cmd->add_option("folder", args->folder, "Output folder of a sweep (holds summary.h5)")->required();
    cmd->add_option("--outcome", args->outcome, "Outcome name (a column of manifest.csv)")->required();
    cmd->add_option("--bootstrap", args->bootstrap, "Bootstrap resamples for the 95% intervals");
    cmd->add_option("--csv", args->csv, "Also write the table as CSV to this file");
    return [args] {
        h5::silence_errors();
        const std::string path = (std::filesystem::path(args->folder) / "summary.h5").string();
        if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": no sweep summary (run `migroute sweep` first)");
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        if (!file.valid()) throw InputError(path + ": cannot open");
        if (h5::read_string_attribute(file, "design") != "sobol")
            throw InputError(path + ": the sweep's design is '" + h5::read_string_attribute(file, "design") +
                             "'; Sobol indices need design: sobol");
        const auto parameters = h5::read_strings(file, "parameter");
        const auto outcomes = h5::has_dataset(file, "outcome") ? h5::read_strings(file, "outcome") : std::vector<std::string>{};
        std::size_t column = outcomes.size();
        for (std::size_t k = 0; k < outcomes.size(); ++k)
            if (outcomes[k] == args->outcome) column = k;
        if (column == outcomes.size()) {
            std::string message = "--outcome '" + args->outcome + "': not an outcome of this sweep; outcomes: ";
            for (std::size_t k = 0; k < outcomes.size(); ++k) message += (k ? ", " : "") + outcomes[k];
            throw InputError(message);
        }
        const auto points = h5::read_i64(file, "point");
        const auto replicates = h5::read_i64(file, "replicate");
        const auto status = h5::read_i64(file, "status");
        const auto values = h5::read_f64(file, "outcome_value");
        const auto R = static_cast<std::size_t>(h5::read_int_attribute(file, "replicates"));
        std::size_t point_count = 0;
        for (auto p : points) point_count = std::max(point_count, static_cast<std::size_t>(p) + 1);
        std::vector<std::vector<double>> y(point_count, std::vector<double>(R, std::nan("")));
        for (std::size_t i = 0; i < points.size(); ++i)
            if (status[i] == 1)
                y[static_cast<std::size_t>(points[i])][static_cast<std::size_t>(replicates[i])] = values[i * outcomes.size() + column];
        SobolOptions options;
        options.bootstrap = args->bootstrap;
        const ReplicatedSobolResult r = sobol_indices_replicated(y, static_cast<int>(parameters.size()), options);
        std::printf("Sobol indices of '%s': %zu base samples, %zu replicates averaged, mean %.6g, variance %.6g\n",
                    args->outcome.c_str(), r.averaged.base_samples, r.replicates, r.averaged.mean, r.averaged.variance);
        if (r.replicates > 1)
            std::printf("replicate noise: variance %.6g between replicates, %.1f%% of the variance of the averaged outcome\n",
                        r.noise_variance, 100.0 * r.noise_share);
        std::printf("%-40s %8s %19s %8s %19s %10s %10s\n", "parameter", "first", "95% interval", "total", "95% interval",
                    "first sd", "total sd");
        std::ostringstream csv;
        csv << "parameter,first_order,first_order_low,first_order_high,total,total_low,total_high,first_order_replicate_sd,"
               "total_replicate_sd,noise_share,base_samples\n";
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const SobolIndex& s = r.averaged.indices[i];
            char a[64], b[64];
            std::snprintf(a, sizeof a, "[%.3f, %.3f]", s.first_low, s.first_high);
            std::snprintf(b, sizeof b, "[%.3f, %.3f]", s.total_low, s.total_high);
            std::printf("%-40s %8.3f %19s %8.3f %19s %10.3f %10.3f\n", parameters[i].c_str(), s.first, a, s.total, b,
                        r.first_sd[i], r.total_sd[i]);
            csv << parameters[i];
            for (double v : {s.first, s.first_low, s.first_high, s.total, s.total_low, s.total_high, r.first_sd[i],
                             r.total_sd[i], r.noise_share})
                csv << ',' << format_number(v);
            csv << ',' << r.averaged.base_samples << "\n";
        }
        if (!args->csv.empty()) {
            std::ofstream out(args->csv, std::ios::trunc);
            out << csv.str();
            if (!out) throw std::runtime_error("cannot write '" + args->csv + "'");
        }
        return 0;
    };
}

Action add_compare_command(CLI::App& app, const std::string& command_line) {
    auto args = std::make_shared<CompareOptions>();
    auto quiet = std::make_shared<bool>(false);
    auto seed = std::make_shared<std::optional<std::uint64_t>>();
    auto* cmd = app.add_subcommand("compare", "Paired base/variant runs with common random numbers: effect sizes with 95% intervals");
    cmd->add_option("base", args->base, "Base scenario YAML file")->required();
    cmd->add_option("variant", args->variant, "Variant scenario YAML file (default: the base with --variant-set)");
    cmd->add_option("-R,--replicates", args->replicates, "Paired replicates")->check(CLI::Range(2, 1000000));
    cmd->add_option("--set", args->overrides, "Override in both scenarios: PATH=VALUE (repeatable)")->take_all();
    cmd->add_option("--variant-set", args->variant_overrides, "Override in the variant only: PATH=VALUE (repeatable)")->take_all();
    cmd->add_option("--seed", *seed, "Seed the replicate seeds derive from (default: the base scenario's seed)");
    cmd->add_option("-o,--output", args->output_dir, "Output folder (runs, comparison.csv, comparison.txt)")->required();
    cmd->add_option("--jobs", args->jobs, "Runs at once (default: one per core)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", args->threads_per_run, "Threads per run")->check(CLI::NonNegativeNumber);
    cmd->add_flag("-q,--quiet", *quiet, "No progress on stderr");
    return [args, quiet, seed, command_line] {
        if (args->variant.empty() && args->variant_overrides.empty())
            throw InputError("compare: give a VARIANT scenario file or --variant-set overrides");
        CompareOptions options = *args;
        options.seed = *seed;
        options.progress = !*quiet;
        options.command_line = command_line;
        const CompareReport report = run_compare(options);
        std::cout << format_comparison_text(report, options);
        if (!*quiet) std::fprintf(stderr, "compare: -> %s, %s\n", report.csv_path.c_str(), report.text_path.c_str());
        for (const auto& e : report.errors) std::cerr << "compare: failed run: " << e << "\n";
        return report.failed_runs > 0 ? 1 : 0;
    };
}

}  // namespace migroute::cli
