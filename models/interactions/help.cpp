// Help-seeking targets and the helpers' answers (spec P3, model-choices "Help-seeking").
//
// The answer of helper j to asker i is a pure function of j's traits, j's trust in i and the
// draws of stream (step, helper j, help_give, block = 2*i + slot): the asker evaluates it in
// P3b and writes it into its own slot. That is the request/response pattern of A.5 with the
// response computed where it is needed, so no phase writes another agent's slot and no helper
// has to scan its incoming edges for requests.
#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

namespace trustsim::core {

EdgeIndex choose_helper(const CoreRun& run, AgentIndex asker, AgentIndex excluded, RandomStream& stream) {
    const TrustNetwork& net = run.network();
    const std::span<const Evidence> evidence(run.state.trust.evidence);
    EdgeIndex best = no_edge;
    float best_score = -1.0f;
    std::uint32_t ties = 0;
    for (EdgeIndex e = net.row_begin(asker); e < net.row_end(asker); ++e) {
        if (net.target(e) == excluded) continue;
        const float score = run.help_score(evidence[e]);
        if (score > best_score) {
            best = e;
            best_score = score;
            ties = 1;
        } else if (score == best_score) {
            // Reservoir choice among equal scores: each tied edge ends up chosen with equal
            // probability, using one draw per tie.
            ++ties;
            if (stream.below(ties) == 0) best = e;
        }
    }
    return best;
}

namespace {

/// An answer reads the helper's traits and its tie back to the asker (the reverse index, then the
/// evidence it points to): random reads that would otherwise wait for memory one after another.
/// The reverse index of the asker this far ahead is asked for, and the evidence and traits of the
/// one half as far, so those misses overlap with the answers computed meanwhile (P3b at 10^6
/// agents: 16-17 ms -> 11 ms on two threads). Forced inline: as a call it gained nothing.
constexpr std::size_t answer_prefetch_distance = 32;

[[gnu::always_inline]] inline void prefetch_answer_inputs(const CoreState& s, const TrustNetwork& net, std::size_t asker, std::size_t agents) {
    const std::span<const EdgeIndex> reverse = net.reverse_index();
    for (int slot = 0; slot < help_slots; ++slot) {
        const std::span<const EdgeIndex> asked(s.interactions.help_edge[slot]);
        if (asker + answer_prefetch_distance < agents) {
            const EdgeIndex far = asked[asker + answer_prefetch_distance];
            if (far != no_edge) __builtin_prefetch(&reverse[far]);
        }
        if (asker + answer_prefetch_distance / 2 < agents) {
            const EdgeIndex near = asked[asker + answer_prefetch_distance / 2];
            if (near == no_edge) continue;
            const EdgeIndex back = reverse[near];
            if (back != no_edge) __builtin_prefetch(&s.trust.evidence[back]);
            const AgentIndex helper = net.target(near);
            __builtin_prefetch(&s.traits.character[helper]);
            __builtin_prefetch(&s.traits.ability[helper]);
            __builtin_prefetch(&s.traits.cooperative[helper]);
        }
    }
}

}  // namespace

void answer_help_requests(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    const std::size_t agents = run.org().agents();
    for_each_agent(agents, [&](std::size_t i) {
        const auto asker = static_cast<AgentIndex>(i);
        prefetch_answer_inputs(s, net, i, agents);
        for (int slot = 0; slot < help_slots; ++slot) {
            const EdgeIndex e = s.interactions.help_edge[slot][asker];
            if (e == no_edge) {
                s.interactions.help_result[slot][asker] = HelpResult::none;
                continue;
            }
            const AgentIndex helper = net.target(e);
            const EdgeIndex back = net.reverse(e);
            const double helper_trust = back == no_edge ? s.traits.propensity[helper] : run.edge_trust(back);
            RandomStream answer = run.stream(step.step, helper, Purpose::help_give,
                                             2u * asker + static_cast<std::uint32_t>(slot));
            // A cooperative helper always agrees; the draw is still made so its stream stays aligned.
            const bool agrees = answer.bernoulli(s.traits.character[helper] * (0.5 + 0.5 * helper_trust)) || s.traits.cooperative[helper];
            const bool succeeds = answer.bernoulli(s.traits.ability[helper]);
            s.interactions.help_result[slot][asker] = !agrees ? HelpResult::refused
                                         : succeeds ? HelpResult::agreed_succeeded
                                                    : HelpResult::agreed_failed;
        }
    });
}

}  // namespace trustsim::core
