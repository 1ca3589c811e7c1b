#include "models/trust/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, TrustConfig& c) {
    v.choice("mode", c.mode, {{"slow", TrustMode::slow}, {"swift", TrustMode::swift}});
    // Evidence is held in 32-bit floats, where forgetting pulls every count toward the prior: a
    // prior below 10^-6 pseudo-counts rounded to 0 and left trust at 0/0 (issue 14).
    const Range prior_strength{1e-6, largest_parameter, false, false, "smaller priors round to 0 in the 32-bit evidence"};
    v.field("prior_strength_slow", c.prior_strength_slow, prior_strength);
    v.field("prior_strength_swift", c.prior_strength_swift, prior_strength);
    v.field("swift_floor", c.swift_floor, Range::unit());
    // lambda = 0 would erase all evidence every week, leaving trust pinned to the prior.
    v.field("forgetting", c.forgetting, {0, 1, true, false, {}});
    v.field("competence_weight", c.competence_weight, Range::at_least(0));
    v.field("character_weight", c.character_weight, Range::at_least(0));
    v.field("success_gain", c.success_gain, Range::at_least(0));
    v.field("failure_loss", c.failure_loss, Range::at_least(0));
    v.field("kept_gain", c.kept_gain, Range::at_least(0));
    v.field("broken_loss", c.broken_loss, Range::at_least(0));
    v.field("being_trusted_gain", c.being_trusted_gain, Range::at_least(0));
    v.field("apology_credit", c.apology_credit, Range::at_least(0));
    v.field("deception_multiplier", c.deception_multiplier, Range::at_least(0));
    v.field("help_ask_penalty", c.help_ask_penalty, Range::at_least(0));
    v.field("help_ask_credit", c.help_ask_credit, Range::at_least(0));
    v.field("refusal_loss", c.refusal_loss, Range::at_least(0));
    v.field("constructive_gain", c.constructive_gain, Range::at_least(0));
    v.field("punitive_loss", c.punitive_loss, Range::at_least(0));
    v.field("blessing_weight", c.blessing_weight, Range::at_least(0));
    // A witness never learns more from an event than a party to it (omega = 1).
    v.field("witness_weight", c.witness_weight, Range::unit());
}

}  // namespace trustsim
