#include "sweep/mpi_session.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef TRUSTSIM_WITH_MPI
// The C API only: Open MPI's deprecated C++ bindings would need their own library.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#endif

namespace trustsim::sweep {

bool launched_by_mpi_launcher() {
    for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
        if (std::getenv(variable)) return true;
    }
    return false;
}

#ifdef TRUSTSIM_WITH_MPI
namespace {

constexpr int tag_request = 1;
constexpr int tag_reply = 2;
constexpr int tag_rank_done = 3;

void check(int status, const char* what) {
    if (status != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

/// What a rank tells rank 0 with each request and when it is done: the runs it finished since
/// its last message. Rank 0's progress and summary count every rank's runs this way.
struct Finished {
    std::uint64_t ok = 0, failed = 0, microseconds = 0;
};

/// Rank 0 hands out positions: its own workers take them from a local counter, and a
/// dispatcher thread answers the other ranks' requests from the same counter. The dispatcher
/// polls (MPI_Iprobe, then a short sleep) rather than blocking in MPI_Recv, because a blocked
/// Open MPI receive spins and would take a core from the simulations. Rank 0's workers skip
/// the round trip, so rank 0 tends to run a few more runs than the others; which rank runs a
/// run never changes its result.
class MpiQueue final : public WorkQueue {
  public:
    MpiQueue(std::size_t size, int rank, int ranks, RemoteRunsCallback on_remote)
        : size_(size), rank_(rank), ranks_(ranks), on_remote_(std::move(on_remote)) {
        if (rank_ == 0 && ranks_ > 1) dispatcher_ = std::thread([this] { dispatch(); });
    }
    ~MpiQueue() override {
        try {
            finish();
        } catch (...) {  // an MPI failure while unwinding; the job is going down anyway
        }
    }

    bool claim(std::size_t& position) override {
        if (rank_ == 0) {
            position = next_.fetch_add(1);
            return position < size_;
        }
        std::lock_guard<std::mutex> lock(mutex_);  // MPI_THREAD_SERIALIZED: one MPI call at a time
        if (exhausted_) return false;
        send_finished(tag_request);
        std::uint64_t reply = 0;
        check(MPI_Recv(&reply, 1, MPI_UINT64_T, 0, tag_reply, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive work");
        position = static_cast<std::size_t>(reply);
        if (position >= size_) exhausted_ = true;
        return position < size_;
    }

    void completed(bool ok, double run_seconds) override {
        if (rank_ == 0) return;  // rank 0's own runs reach its progress directly
        std::lock_guard<std::mutex> lock(mutex_);
        (ok ? unsent_.ok : unsent_.failed) += 1;
        unsent_.microseconds += static_cast<std::uint64_t>(run_seconds * 1e6);
    }

    /// Called once this rank's workers are all done.
    void finish() {
        if (finished_) return;
        finished_ = true;
        if (rank_ == 0) {
            if (dispatcher_.joinable()) dispatcher_.join();
        } else {
            std::lock_guard<std::mutex> lock(mutex_);
            send_finished(tag_rank_done);
        }
    }

  private:
    /// Sends (and clears) the finished-run counts; the caller holds mutex_.
    void send_finished(int tag) {
        const std::uint64_t message[3] = {unsent_.ok, unsent_.failed, unsent_.microseconds};
        check(MPI_Send(message, 3, MPI_UINT64_T, 0, tag, MPI_COMM_WORLD), "send to rank 0");
        unsent_ = {};
    }

    void dispatch() {
        int ranks_done = 0;
        while (ranks_done < ranks_ - 1) {
            int flag = 0;
            MPI_Status status;
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
            if (!flag) {
                std::this_thread::sleep_for(std::chrono::microseconds(500));
                continue;
            }
            std::uint64_t message[3] = {0, 0, 0};
            MPI_Recv(message, 3, MPI_UINT64_T, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if ((message[0] > 0 || message[1] > 0) && on_remote_) {
                on_remote_(static_cast<std::size_t>(message[0]), static_cast<std::size_t>(message[1]),
                           static_cast<double>(message[2]) * 1e-6);
            }
            if (status.MPI_TAG == tag_rank_done) {
                ++ranks_done;
                continue;
            }
            const std::uint64_t position = next_.fetch_add(1);
            MPI_Send(&position, 1, MPI_UINT64_T, status.MPI_SOURCE, tag_reply, MPI_COMM_WORLD);
        }
    }

    std::size_t size_;
    int rank_, ranks_;
    RemoteRunsCallback on_remote_;
    std::atomic<std::size_t> next_{0};
    std::mutex mutex_;
    Finished unsent_;
    bool exhausted_ = false;
    bool finished_ = false;
    std::thread dispatcher_;
};

class MpiGroup final : public ProcessGroup {
  public:
    MpiGroup(int& argc, char**& argv) {
        int provided = 0;
        check(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
        if (provided < MPI_THREAD_SERIALIZED) {
            MPI_Finalize();
            throw std::runtime_error("this MPI library does not allow calls from several threads (MPI_THREAD_SERIALIZED)");
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
    }
    ~MpiGroup() override { MPI_Finalize(); }

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }
    std::unique_ptr<WorkQueue> make_queue(std::size_t size, RemoteRunsCallback on_remote) override {
        return std::make_unique<MpiQueue>(size, rank_, size_, std::move(on_remote));
    }
    bool all(bool mine) override {
        int local = mine ? 1 : 0, global = 0;
        check(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
        return global == 1;
    }

  private:
    int rank_ = 0, size_ = 1;
};

}  // namespace

bool mpi_compiled_in() { return true; }

std::unique_ptr<ProcessGroup> join_process_group(int& argc, char**& argv) {
    if (!launched_by_mpi_launcher()) return std::make_unique<SingleProcess>();
    return std::make_unique<MpiGroup>(argc, argv);
}

#else

bool mpi_compiled_in() { return false; }

std::unique_ptr<ProcessGroup> join_process_group(int&, char**&) {
    if (launched_by_mpi_launcher()) {
        throw std::runtime_error("started by an MPI launcher, but this trustsim was built without MPI "
                                 "(install libopenmpi-dev and rebuild: scripts/install-deps && scripts/build)");
    }
    return std::make_unique<SingleProcess>();
}

#endif

}  // namespace trustsim::sweep
