// The MPI task farm of a sweep (`mpirun -np N migroute sweep ...`): rank 0 hands out run ids one at a
// time as workers ask for work and reports progress; ranks 1..N-1 run them (each writes its own result
// files); rank 0 collects at the end. With one rank, rank 0 runs everything itself.
//
// MPI is initialised only here, only when a sweep runs in MPI mode; plain runs never touch it. Without
// MPI at build time (no MIGROUTE_HAVE_MPI), mpi_compiled() is false and execute_mpi() throws.
#pragma once

#include "sweep/sweep.hpp"

#include <cstddef>
#include <vector>

namespace migroute::sweep {

bool mpi_compiled();
// True when the process was started by an MPI launcher (OpenMPI, MPICH/Hydra or PMIx environment).
bool launched_by_mpi();

struct MpiReport {
    int rank = 0;
    int ranks = 1;
    ExecuteReport executed;  // on rank 0: every run handed out (and the failures); on workers: their own
};

// Initialises MPI, runs the pending runs of the sweep, and on rank 0 calls `on_root_done` (to collect)
// before finalising MPI. Pending runs are computed on rank 0.
MpiReport execute_mpi(const Sweep& sweep, const ExecuteOptions& options, const std::function<void()>& on_root_done);

}  // namespace migroute::sweep
