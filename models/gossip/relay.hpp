// Gossip, the optional third-party relay of spec A.3: what an observer hears this week about each
// of its out-neighbours from the agents it has ties to.
//
//   listener i --t_ik--> relay k ---> subject j        (and i ---> j: no edge, no update)
//
// A relay k tells what it saw itself: it is an in-neighbour of j, so it witnessed j's public
// events this week (model-choices "Who observes what"). The listener takes the story in through
// its own edge i -> j only, at omega_gossip * t_ik per relay, so the week's relayed weight on
// i -> j is
//
//   W_ij = omega_gossip * sum of t_ik over the relays k in out(i) ∩ in(j)   (t_ik before P4)
//
// and P4 adds W_ij times j's unit-weight public evidence to the edge before forgetting, like every
// other piece of the week's evidence (models/trust/observe.cpp). A subject i already observes is
// heard again through each relay. With echo (the default) the relays tell the listener what fits
// its view (Burt & Knez 1995; Burt 2001): about a tie stronger than the listener's average tie
// only the story's good news (c+, h+), about a weaker one only its bad news (c-, h-). That is
// what makes gossip amplify trust in strong ties and distrust in weak ones; without echo the
// relays only repeat the public record, which amplifies whatever it says.
//
// Cost: the relays of each edge are found once per run (relay_table.hpp); each week a row looks
// only at edges whose subject published (the 1-byte flag P4 reads anyway) and have a relay, and
// reads t_ik from its own row. Nothing is read at random beyond what P4 reads.
#pragma once

#include "models/core/context.hpp"

#include <cstdint>
#include <span>

namespace trustsim::core {

/// What the relays of one edge add per unit of the subject's public evidence this week: `gain`
/// multiplies the story's good news (c+, h+, an apology's credit), `loss` its bad news (c-, h-).
/// Without echo both are W_ij; with echo one of them is W_ij and the other 0.
struct RelayedWeight {
    float gain = 0;
    float loss = 0;
};

/// What a listener hears this week: the relayed weights of every edge of its row, in row order
/// (zero where the subject published nothing or no relay links the two), and the number of
/// stories, one per relay of an edge whose subject published.
struct RelayedRow {
    std::span<const RelayedWeight> weights;  ///< into a per-thread buffer, valid until the thread's next call
    std::uint32_t stories = 0;
};

/// Reads the row's evidence as it is, so call it before the row is updated.
RelayedRow relayed_weights(const CoreRun& run, AgentIndex listener);

/// Adds the relayed part of a subject's unit-weight public evidence `story` to `d`.
inline void add_relayed(EvidenceDelta& d, const EvidenceDelta& story, RelayedWeight relayed) noexcept {
    d.competence_gain += relayed.gain * story.competence_gain;
    d.competence_loss += relayed.loss * story.competence_loss;
    d.character_gain += relayed.gain * story.character_gain;
    d.character_loss += relayed.loss * story.character_loss;
}

}  // namespace trustsim::core
