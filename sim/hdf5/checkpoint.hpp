// Checkpoints: the full state of a run after a week, to continue it later or branch from it.
//
// A checkpoint is an HDF5 file (format "trustsim-checkpoint", docs/checkpoints.md) holding the
// week it was taken after, the resolved scenario, build provenance, and the model's state as named
// byte columns (Model::save_state). Nothing else is needed: the world (hierarchy, network) is
// rebuilt from the scenario's organisation, seed and replicate, and every random draw is keyed by
// the week, so continuing from week k gives exactly the weeks k+1.. of the uninterrupted run.
// Files are written as NAME.partial and renamed when complete, like run files.
#pragma once

#include "sim/hdf5/file.hpp"
#include "sim/hdf5/isolated_read.hpp"
#include "sim/model.hpp"
#include "sim/observer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace trustsim {

inline constexpr std::int32_t checkpoint_format_version = 1;

/// Writes the state after the last completed week to `path` (atomically). Throws
/// OutputFileError naming the file when it cannot be written.
void write_checkpoint(const std::filesystem::path& path, const RunInfo& info, std::uint32_t steps_done,
                      const Model& model);

/// An open checkpoint file. Throws std::invalid_argument naming the file when it is not a
/// trustsim checkpoint this build can read, or is damaged. With Isolation::child_process (the
/// default) every attribute and state column is first read in a child process, so that a file
/// the HDF5 library crashes on is refused (hdf5/isolated_read.hpp).
class CheckpointFile final : public StateSource {
  public:
    explicit CheckpointFile(const std::filesystem::path& path,
                            hdf5::Isolation isolation = hdf5::Isolation::child_process);

    const std::filesystem::path& path() const noexcept { return path_; }
    std::uint32_t steps_done() const noexcept { return steps_done_; }
    /// The resolved scenario of the run it was taken from (to_yaml text).
    const std::string& config_yaml() const noexcept { return config_yaml_; }

    void column(const std::string& name, std::span<std::byte> bytes, std::size_t element_size) override;

  private:
    /// Reads every attribute-checked column under /state and discards it (the isolated probe).
    void read_every_column();

    std::filesystem::path path_;
    hdf5::Handle file_;
    std::uint32_t steps_done_ = 0;
    std::string config_yaml_;
};

/// The observer behind `trustsim run --checkpoint-every K`: after every K-th week (and after the
/// last), writes `<stem>.week<W>.checkpoint.h5` next to `output_path` (stem = its name without
/// ".h5").
class CheckpointWriter final : public Observer {
  public:
    CheckpointWriter(std::filesystem::path output_path, std::uint32_t every);

    void on_start(const RunInfo& info, const World& world, const Model& model) override;
    void on_step(const StepView& view) override;
    void on_finish(std::uint32_t, bool) override {}

    /// Where the checkpoint of week `week` goes.
    std::filesystem::path path_for(std::uint32_t week) const;
    const std::vector<std::filesystem::path>& written() const noexcept { return written_; }

  private:
    std::filesystem::path output_path_;
    std::uint32_t every_;
    RunInfo info_{};
    std::vector<std::filesystem::path> written_;
};

}  // namespace trustsim
