// What happened on an edge i -> j in a week, as bits: the event record of the output's edge
// sample (output.edge_sample; docs/hdf5-layout.md, /edge_sample). One table row per source of
// evidence in P4 (observe.cpp) and per event that resets or rewrites an edge, so that a sampled
// weekly change of trust can be traced to its causes (spec A.11, F1's emergent test).
#pragma once

#include "models/core/context.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace trustsim::core {

/// The bit names and meanings, in bit order.
std::vector<SeriesSpec> edge_event_types();

/// The bits of `week`, the last completed week, for each edge.
void edge_event_bits(const CoreRun& run, std::uint32_t week, std::span<const EdgeIndex> edges, std::span<std::uint16_t> out);

}  // namespace trustsim::core
