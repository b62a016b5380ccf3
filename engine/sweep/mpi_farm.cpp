#include "sweep/mpi_farm.hpp"

#include <cstdlib>
#include <stdexcept>
#include <thread>

#ifdef MIGROUTE_HAVE_MPI
// The C API only (OpenMPI and MPICH would otherwise pull in their deprecated C++ bindings).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace migroute::sweep {

bool launched_by_mpi() {
    for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(variable)) return true;
    return false;
}

#ifndef MIGROUTE_HAVE_MPI

bool mpi_compiled() { return false; }

MpiReport execute_mpi(const Sweep&, const ExecuteOptions&, const std::function<void()>&) {
    throw std::runtime_error("this migroute was built without MPI (install an MPI library, e.g. libopenmpi-dev, and rebuild)");
}

#else

bool mpi_compiled() { return true; }

namespace {

constexpr int kTagRequest = 1;  // worker -> root: {finished run id or -1, 1 ok / 0 failed}
constexpr int kTagWork = 2;     // root -> worker: run id, or -1 to stop

void check_mpi(int code, const char* what) {
    if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI failure in ") + what);
}

// Finalizes MPI on every exit path.
struct MpiSession {
    MpiSession() {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (!initialized) {
            int argc = 0;
            char** argv = nullptr;
            check_mpi(MPI_Init(&argc, &argv), "MPI_Init");
        }
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    }
    ~MpiSession() {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Finalize();
    }
};

}  // namespace

MpiReport execute_mpi(const Sweep& sweep, const ExecuteOptions& options, const std::function<void()>& on_root_done) {
    MpiSession session;
    MpiReport report;
    MPI_Comm_rank(MPI_COMM_WORLD, &report.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &report.ranks);
    const int threads = options.threads_per_run > 0 ? options.threads_per_run : 1;

    if (report.rank == 0) {
        const std::vector<std::size_t> pending = sweep.pending();
        const std::size_t count = std::min(pending.size(), options.max_runs);
        const int workers = report.ranks - 1;
        Progress progress(count, static_cast<std::size_t>(std::max(1, workers)), options.progress, "sweep (mpi)");
        if (workers == 0) {
            const int own_threads = options.threads_per_run > 0 ? options.threads_per_run : 0;
            for (std::size_t i = 0; i < count; ++i) {
                progress.started();
                report.executed.executed.push_back(pending[i]);
                const bool ok = sweep.execute(pending[i], own_threads, options.command_line);
                if (!ok) ++report.executed.failed;
                progress.finished(ok);
            }
        } else {
            std::size_t next = 0;
            int stopped = 0;
            while (stopped < workers) {
                long long message[2] = {-1, 1};
                MPI_Status status;
                check_mpi(MPI_Recv(message, 2, MPI_LONG_LONG, MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &status), "MPI_Recv");
                if (message[0] >= 0) {
                    if (message[1] == 0) ++report.executed.failed;
                    progress.finished(message[1] != 0);
                }
                long long work = -1;
                if (next < count) {
                    work = static_cast<long long>(pending[next++]);
                    report.executed.executed.push_back(static_cast<std::size_t>(work));
                    progress.started();
                } else {
                    ++stopped;
                }
                check_mpi(MPI_Send(&work, 1, MPI_LONG_LONG, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD), "MPI_Send");
            }
        }
        progress.final_line();
        if (on_root_done) on_root_done();
    } else {
        long long message[2] = {-1, 1};
        for (;;) {
            check_mpi(MPI_Send(message, 2, MPI_LONG_LONG, 0, kTagRequest, MPI_COMM_WORLD), "MPI_Send");
            long long work = -1;
            check_mpi(MPI_Recv(&work, 1, MPI_LONG_LONG, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
            if (work < 0) break;
            const auto id = static_cast<std::size_t>(work);
            report.executed.executed.push_back(id);
            const bool ok = sweep.execute(id, threads, options.command_line);
            if (!ok) ++report.executed.failed;
            message[0] = work;
            message[1] = ok ? 1 : 0;
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return report;
}

#endif

}  // namespace migroute::sweep
