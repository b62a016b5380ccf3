// The migroute program. Exit codes: 0 success, 1 runtime failure (diff: the files differ),
// 2 bad input (scenario, flags, files).
#include "cli/commands.hpp"
#include "util/error.hpp"

#include <iostream>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
    using namespace migroute;
    std::string command_line;
    for (int i = 0; i < argc; ++i) {
        if (i) command_line += ' ';
        command_line += argv[i];
    }

    CLI::App app{"migroute: agent-based simulation of forced-migration routes"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(MIGROUTE_VERSION) + " (" + MIGROUTE_GIT_VERSION + ")");

    std::vector<std::pair<CLI::App*, cli::Action>> commands;
    auto add = [&](cli::Action action) { commands.emplace_back(app.get_subcommands({}).back(), std::move(action)); };
    add(cli::add_run_command(app, command_line));
    add(cli::add_check_command(app));
    add(cli::add_info_command(app));
    add(cli::add_diff_command(app));
    add(cli::add_sweep_command(app, command_line));
    add(cli::add_sobol_command(app));
    add(cli::add_compare_command(app, command_line));
    add(cli::add_validate_command(app, command_line));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        for (auto& [command, action] : commands)
            if (command->parsed()) return action();
    } catch (const InputError& e) {
        std::cerr << "migroute: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "migroute: failure: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
