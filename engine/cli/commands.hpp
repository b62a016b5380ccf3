// Sub-commands of the migroute program. Each one lives in its own file and registers itself with
// the application; main() runs the one that was chosen.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace migroute::cli {

// What a sub-command runs once the arguments are parsed; returns the process exit code.
using Action = std::function<int()>;

// Each adds its sub-command to `app` and returns the action to run when it is chosen.
// `command_line` is the whole command line, for the record in result files.
Action add_run_command(CLI::App& app, const std::string& command_line);
Action add_check_command(CLI::App& app);
Action add_info_command(CLI::App& app);
Action add_diff_command(CLI::App& app);
Action add_sweep_command(CLI::App& app, const std::string& command_line);
Action add_sobol_command(CLI::App& app);
Action add_compare_command(CLI::App& app, const std::string& command_line);
Action add_validate_command(CLI::App& app, const std::string& command_line);

}  // namespace migroute::cli
