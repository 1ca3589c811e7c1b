// The first Philox block of many streams at once. Most per-agent phases open one stream per
// agent for the same (step, purpose) and use only its first block; drawn one stream at a time,
// Philox's ten dependent rounds cost about 8.7 ns per block on this project's machines, and
// eight lanes of AVX2 compute the same bits in about 3 ns. So a phase computes the first blocks
// of a run of consecutive agents together and hands each agent a stream that starts from its
// block: the draws are the ones `RandomStream` would make, bit for bit, on any CPU.
#pragma once

#include "sim/parallel.hpp"
#include "sim/rng.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace trustsim {

using PhiloxBlock = std::array<std::uint32_t, 4>;

/// out[k] = block 0 of the stream (step, first_agent + k, purpose) for k < out.size(). With
/// `vectorised` false the plain Random123 Philox is used (tests compare the two).
void philox_first_blocks(RngKey key, std::uint32_t step, std::uint32_t purpose, AgentIndex first_agent,
                         std::span<PhiloxBlock> out, bool vectorised = true) noexcept;

/// Whether philox_first_blocks uses AVX2 on this CPU.
bool philox_first_blocks_vectorised() noexcept;

/// The first blocks of one purpose's streams for a run of up to `capacity` consecutive agents,
/// held on the stack of a parallel range.
class FirstBlocks {
  public:
    static constexpr std::size_t capacity = 256;

    FirstBlocks(RngKey key, std::uint32_t step, std::uint32_t purpose) noexcept
        : key_(key), step_(step), purpose_(purpose) {}

    /// Computes the blocks of agents [first, first + count), count <= capacity.
    void fill(AgentIndex first, std::size_t count) noexcept {
        first_ = first;
        count_ = static_cast<AgentIndex>(count);
        philox_first_blocks(key_, step_, purpose_, first, std::span<PhiloxBlock>(blocks_.data(), count));
    }

    /// The first block of an agent of the last fill.
    const PhiloxBlock& block(AgentIndex agent) const noexcept { return blocks_[agent - first_]; }

    /// The first block of `agent` if the last fill holds it, else nullptr: a kernel may look at
    /// the draws of the agents after its own.
    const PhiloxBlock* find(AgentIndex agent) const noexcept {
        return agent - first_ < count_ ? &blocks_[agent - first_] : nullptr;
    }

    /// The stream (step, agent, purpose) of an agent of the last fill, its first block drawn.
    RandomStream stream(AgentIndex agent) const noexcept {
        return RandomStream(key_, step_, agent, purpose_, blocks_[agent - first_]);
    }

  private:
    RngKey key_;
    std::uint32_t step_;
    std::uint32_t purpose_;
    AgentIndex first_ = 0;
    AgentIndex count_ = 0;
    std::array<PhiloxBlock, capacity> blocks_;
};

/// for_each_agent for a kernel(i, blocks) that draws from the stream (step, i, purpose) of every
/// agent: `blocks` holds the first blocks of a run of agents including i, computed together.
template <class Kernel>
void for_each_agent_with_blocks(std::size_t n, RngKey key, std::uint32_t step, std::uint32_t purpose, Kernel&& kernel) {
    parallel_ranges(n, agent_grain, [&](std::size_t begin, std::size_t end) {
        FirstBlocks blocks(key, step, purpose);
        for (std::size_t run_begin = begin; run_begin < end; run_begin += FirstBlocks::capacity) {
            const std::size_t run_end = std::min(end, run_begin + FirstBlocks::capacity);
            blocks.fill(static_cast<AgentIndex>(run_begin), run_end - run_begin);
            for (std::size_t i = run_begin; i < run_end; ++i) kernel(i, std::as_const(blocks));
        }
    });
}

/// The same, handing the kernel agent i's stream itself.
template <class Kernel>
void for_each_agent_with_stream(std::size_t n, RngKey key, std::uint32_t step, std::uint32_t purpose, Kernel&& kernel) {
    for_each_agent_with_blocks(n, key, step, purpose, [&](std::size_t i, const FirstBlocks& blocks) {
        RandomStream stream = blocks.stream(static_cast<AgentIndex>(i));
        kernel(i, stream);
    });
}

}  // namespace trustsim
