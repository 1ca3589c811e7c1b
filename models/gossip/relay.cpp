#include "models/gossip/relay.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

namespace {

/// A tie this close to the listener's mean counts as neither stronger nor weaker: the listener has
/// no view to echo, so it hears the story whole. It also keeps a row whose ties all sit at one
/// prior (a newcomer's) from being split by rounding in the mean.
constexpr float no_view_band = 1e-4f;

}  // namespace

RelayedRow relayed_weights(const CoreRun& run, AgentIndex listener) {
    // Rows are short (out-degree about 8 at the defaults), so one buffer per thread, reused row
    // after row, saves an allocation per agent and per week.
    thread_local std::vector<RelayedWeight> weights;
    const TrustNetwork& net = run.network();
    const CoreState& s = run.state;
    const auto omega = static_cast<float>(run.params.gossip.weight);
    const bool echo = run.params.gossip.echo;
    const EdgeIndex first = net.row_begin(listener);
    const EdgeIndex last = net.row_end(listener);
    const std::span<const std::uint8_t> relay_offsets = run.relays.positions();
    weights.assign(last - first, RelayedWeight{});
    float mean_trust = -1;  // of the row, computed when a story first needs it
    EdgeIndex next_relay = run.relays.row_start(listener);
    std::uint32_t stories = 0;
    for (EdgeIndex e = first; e < last; ++e) {
        const EdgeIndex relays_of_edge = next_relay;
        const std::uint8_t relays = run.relays.count(e);
        next_relay += relays;
        if (relays == 0 || !s.trust.has_public_events[net.target(e)]) continue;
        stories += relays;
        float trust_in_relays = 0;  // summed in increasing relay id
        for (EdgeIndex r = relays_of_edge; r < relays_of_edge + relays; ++r) {
            trust_in_relays += run.composite(s.trust.evidence[first + relay_offsets[r]]);
        }
        const float heard = omega * trust_in_relays;
        if (!echo) {
            weights[e - first] = {heard, heard};
            continue;
        }
        if (mean_trust < 0) {
            float sum = 0;
            for (EdgeIndex r = first; r < last; ++r) sum += run.composite(s.trust.evidence[r]);
            mean_trust = sum / static_cast<float>(last - first);
        }
        const float lean = run.composite(s.trust.evidence[e]) - mean_trust;
        weights[e - first] = {lean >= -no_view_band ? heard : 0.0f, lean <= no_view_band ? heard : 0.0f};
    }
    return {weights, stories};
}

}  // namespace trustsim::core
