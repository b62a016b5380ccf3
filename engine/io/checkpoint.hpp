// Checkpoints: the whole state of a run after a day, in one file, so that a run killed on a cluster
// resumes where it stopped and ends with the result an uninterrupted run gives (byte-identical outside
// /run). docs/ROBUSTNESS.md, "Checkpoints and resuming", describes the format.
//
// A checkpoint belongs to one scenario (after overrides, with its seed and days; for a Flee folder, the
// contents of its files too) and to one build of the engine: resuming anything else is refused with a
// message saying what differs. Truncated, damaged or foreign files are refused before any of their
// contents are used (the checksums are checked first).
#pragma once

#include "model/scenario.hpp"

#include <cstdint>
#include <string>

namespace migroute {

class Simulation;

// What the header of a checkpoint says.
struct CheckpointInfo {
    int day = 0;                  // days done when it was written
    int days = 0;                 // days of the scenario
    std::string scenario_name;
    std::uint64_t fingerprint = 0;
    std::string engine_version;
    std::uint64_t state_bytes = 0;
};

// A 64-bit fingerprint of everything that decides the results of a run of `scenario`.
std::uint64_t scenario_fingerprint(const Scenario& scenario);

// Writes the state of `simulation` (after its last completed day) to `path` atomically: temporary
// file, fsync, rename. Throws std::runtime_error when the file cannot be written.
void write_checkpoint(const std::string& path, std::uint64_t fingerprint, const Scenario& scenario,
                      Simulation& simulation);

// Reads and checks the header and both checksums. Throws InputError for a missing, truncated, damaged
// or foreign file.
CheckpointInfo read_checkpoint_info(const std::string& path);

// Loads `path` into `simulation`, freshly constructed from `scenario` with its policy modules added.
// Throws InputError when the checkpoint is damaged or belongs to another scenario or build.
CheckpointInfo load_checkpoint(const std::string& path, std::uint64_t fingerprint, const Scenario& scenario,
                               Simulation& simulation);

// True when `path` starts with the checkpoint tag (whatever follows). Never throws.
bool is_checkpoint_file(const std::string& path) noexcept;

// A few lines describing a checkpoint (for `migroute info`).
std::string format_checkpoint_info(const std::string& path, const CheckpointInfo& info);

// The engine version recorded in checkpoints (and result files).
std::string engine_version();

}  // namespace migroute
