// `migroute info` and `migroute diff`: reading result files.
#include "cli/commands.hpp"
#include "io/checkpoint.hpp"
#include "io/result_compare.hpp"
#include "io/result_file.hpp"

#include <iostream>
#include <memory>

namespace migroute::cli {

Action add_info_command(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    auto* info = app.add_subcommand("info", "Summarise a result file or a checkpoint");
    info->add_option("file", *path, "Result file (HDF5), or a checkpoint")->required();
    return [path] {
        if (is_checkpoint_file(*path)) {
            std::cout << format_checkpoint_info(*path, read_checkpoint_info(*path));
            return 0;
        }
        std::cout << format_summary(read_result_summary(*path));
        return 0;
    };
}

Action add_diff_command(CLI::App& app) {
    auto files = std::make_shared<std::pair<std::string, std::string>>();
    auto* diff = app.add_subcommand(
        "diff", "Compare two result files, every dataset and attribute outside /run and the build attributes (exit 0: identical, 1: different)");
    diff->add_option("a", files->first, "First result file")->required();
    diff->add_option("b", files->second, "Second result file")->required();
    return [files] {
        const auto differences = compare_hdf5_files(files->first, files->second);
        for (const auto& d : differences) std::cout << d << "\n";
        if (differences.empty()) std::cout << "identical outside /run and the build attributes\n";
        return differences.empty() ? 0 : 1;
    };
}

}  // namespace migroute::cli
