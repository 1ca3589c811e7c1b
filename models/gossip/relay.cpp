#include "models/gossip/relay.hpp"

#include <vector>

namespace trustsim::core {

namespace {

/// A tie this close to the listener's mean counts as neither stronger nor weaker: the listener has
/// no view to echo, so it hears the story whole. It also keeps a row whose ties all sit at one
/// prior (a newcomer's) from being split by rounding in the mean.
constexpr float no_view_band = 1e-4f;

}  // namespace

std::span<const RelayedWeight> relayed_weights(const CoreRun& run, AgentIndex listener) {
    // Rows are short (out-degree about 8 at the defaults), so one buffer per thread, reused row
    // after row, saves an allocation per agent and per week.
    thread_local std::vector<RelayedWeight> weights;
    const TrustNetwork& net = run.network();
    const CoreState& s = run.state;
    const auto omega = static_cast<float>(run.params.gossip.weight);
    const bool echo = run.params.gossip.echo;
    const EdgeIndex first = net.row_begin(listener);
    const EdgeIndex last = net.row_end(listener);
    weights.assign(last - first, RelayedWeight{});
    // The in-list of a subject is a random read (two cache misses: its offset, then its
    // sources). Ask for the offsets of all the row's subjects that published first, then for
    // their sources, so the misses of a row overlap instead of queueing one after another.
    for (EdgeIndex e = first; e < last; ++e) {
        if (s.has_public_events[net.target(e)]) __builtin_prefetch(&net.in_offsets()[net.target(e)]);
    }
    for (EdgeIndex e = first; e < last; ++e) {
        if (s.has_public_events[net.target(e)]) __builtin_prefetch(&net.in_sources()[net.in_begin(net.target(e))]);
    }
    float mean_trust = -1;  // of the row, computed when a story first needs it
    for (EdgeIndex e = first; e < last; ++e) {
        const AgentIndex subject = net.target(e);
        if (!s.has_public_events[subject]) continue;
        // out(listener) is sorted by target and in(subject) by source: one merge finds the relays.
        // Branch-free steps: which list advances is data, not a jump the CPU has to guess.
        float trust_in_relays = 0;
        EdgeIndex out = first;
        EdgeIndex in = net.in_begin(subject);
        const EdgeIndex in_end = net.in_end(subject);
        while (out < last && in < in_end) {
            const AgentIndex relay = net.target(out);
            const AgentIndex witness = net.in_source(in);
            if (relay == witness) trust_in_relays += run.composite(s.evidence[out]);
            out += relay <= witness ? 1 : 0;
            in += witness <= relay ? 1 : 0;
        }
        if (trust_in_relays == 0) continue;  // no relay (composite trust is never 0)
        const float heard = omega * trust_in_relays;
        if (!echo) {
            weights[e - first] = {heard, heard};
            continue;
        }
        if (mean_trust < 0) {
            float sum = 0;
            for (EdgeIndex r = first; r < last; ++r) sum += run.composite(s.evidence[r]);
            mean_trust = sum / static_cast<float>(last - first);
        }
        const float lean = run.composite(s.evidence[e]) - mean_trust;
        weights[e - first] = {lean >= -no_view_band ? heard : 0.0f, lean <= no_view_band ? heard : 0.0f};
    }
    return weights;
}

}  // namespace trustsim::core
