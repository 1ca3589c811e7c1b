// The tidy results of a sweep directory, written from its journals once every run of the
// directory's share of the plan has a record:
//
//   DIR/results.h5   manifest (one row per run: plan columns, status, error, weeks, timing),
//                    summary statistics per run, and org series as [runs x weeks] datasets
//   DIR/runs.csv     manifest + summary as one table: pd.read_csv("DIR/runs.csv")
//
// Rows are sorted by run index whatever worker, rank or session ran them, so an interrupted and
// resumed sweep, an MPI sweep and merged shards write the same datasets as one uninterrupted
// serial sweep. Both files are written under a .partial name and renamed only after every
// write, the flush and the close succeeded (sim/output_file.hpp). docs/sweeps.md documents the
// layout.
#pragma once

#include "sweep/journal.hpp"
#include "sweep/plan.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace trustsim::sweep {

inline constexpr std::int32_t sweep_format_version = 1;

/// Which runs of the plan a directory holds: every run, or those with index % count == index.
struct Shard {
    std::uint32_t index = 0;
    std::uint32_t count = 1;
    bool holds(std::uint64_t run) const noexcept { return run % count == index; }
    std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

/// The plan rows `shard` holds, as positions in plan.runs.
std::vector<std::size_t> shard_positions(const SweepPlan& plan, const Shard& shard);

/// Writes DIR/results.h5 and DIR/runs.csv for the runs at `positions` (each must have a record).
void write_results(const std::filesystem::path& directory, const SweepPlan& plan, const Shard& shard,
                   const std::vector<std::size_t>& positions, const JournalContents& journals);

}  // namespace trustsim::sweep
