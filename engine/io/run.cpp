#include "io/run.hpp"

#include "util/failpoint.hpp"
#include "simulation/simulation.hpp"
#include "io/checkpoint.hpp"
#include "graph/route_graph.hpp"
#include "io/flee_output.hpp"
#include "io/policy_output.hpp"
#include "io/result_file.hpp"
#include "policy/registry.hpp"

#include "util/error.hpp"

#include <chrono>
#include <filesystem>
#include <ctime>
#include <unistd.h>

namespace migroute {

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

std::string default_checkpoint_path(const std::string& output) { return output + ".checkpoint"; }

void check_output_path(const std::string& output, const std::string& what) {
    namespace fs = std::filesystem;
    if (output.empty()) throw InputError("no " + what + " given");
    const fs::path path(output);
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(what + " '" + output + "': the folder '" + dir.string() + "' does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw InputError(what + " '" + output + "': the folder '" + dir.string() + "' is not writable");
    if (fs::is_directory(path, ec)) throw InputError(what + " '" + output + "' is a folder");
}

RunOutcome run_scenario(const Scenario& scenario, const std::string& output, const RunOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const std::string started_utc = utc_now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };

    check_output_path(output);
    RunOutcome outcome;
    GraphReport report;
    const RouteGraph graph = build_route_graph(scenario, &report);
    outcome.graph_warnings = report.warnings;

    if (options.checkpoint_every < 0) throw InputError("--checkpoint-every: expected a number of days >= 0");
    const bool checkpoints = options.checkpoint_every > 0;
    const std::string checkpoint_path =
        options.checkpoint_path.empty() ? default_checkpoint_path(output) : options.checkpoint_path;
    if (checkpoints) check_output_path(checkpoint_path, "checkpoint file");
    const bool resume = !options.resume_from.empty();
    const std::uint64_t fingerprint = checkpoints || resume ? scenario_fingerprint(scenario) : 0;

    Simulation sim(scenario, graph, options.threads);
    for (auto& module : policy::create_policies(scenario)) sim.add_policy(std::move(module));
    if (resume) {
        outcome.resumed_at_day = load_checkpoint(options.resume_from, fingerprint, scenario, sim).day;
    }
    sim.run(scenario.days - sim.day(), [&](int done) {
        outcome.person_days += static_cast<double>(sim.series().total_alive.back());
        if (checkpoints && done % options.checkpoint_every == 0 && done < scenario.days) {
            write_checkpoint(checkpoint_path, fingerprint, scenario, sim);
            ++outcome.checkpoints_written;
        }
        failpoint("after-day", done);
        if (options.after_day) options.after_day(done, outcome.person_days, sim);
    });

    RunInfo info;
    info.command_line = options.command_line;
    info.host = host_name();
    info.started_at_utc = started_utc;
    info.threads = sim.threads();
    info.wall_seconds = elapsed();
    if (resume) {
        info.resumed_from = options.resume_from;
        info.resumed_at_day = outcome.resumed_at_day;
    }
    write_result(output, scenario, graph, sim, info,
                 [&sim, &scenario](hid_t root, const ResultScales& scales) {
                     write_policy_counters(root, scales, sim);
                     write_flee_validation(root, scales, scenario, sim.series());  // Flee folders only
                 });
    // The result is complete: this run's checkpoint (written now, or resumed from) is of no further use.
    if (checkpoints || (resume && options.resume_from == checkpoint_path)) {
        std::error_code ignored;
        std::filesystem::remove(checkpoint_path, ignored);
    }
    outcome.series = sim.series();
    outcome.threads = sim.threads();
    outcome.wall_seconds = elapsed();
    return outcome;
}

}  // namespace migroute
