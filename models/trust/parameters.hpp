// The trust section of a scenario: two-facet Beta trust (A.3), its priors, evidence gains and
// forgetting. Schema in parameters.cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

enum class TrustMode { slow, swift };

/// Two-facet Beta trust (A.3).
struct TrustConfig {
    TrustMode mode = TrustMode::slow;         ///< prior regime for new relationships
    double prior_strength_slow = 6.26;        ///< n0, pseudo-counts of the slow prior; > 0 (calibrated; spec 4)
    double prior_strength_swift = 2.0;        ///< n0', pseudo-counts of the swift prior; > 0
    double swift_floor = 0.7;                 ///< p_sw, swift prior mean is max(p0, p_sw); [0,1]
    double forgetting = 0.985;                ///< lambda per week; (0,1] (calibrated; spec 0.98)
    double competence_weight = 0.5;           ///< w_c exponent of tau_c in t; >= 0
    double character_weight = 0.5;            ///< w_h exponent of tau_h in t; >= 0
    double success_gain = 1.0;                ///< g+_c, competence evidence of a success
    double failure_loss = 1.5;                ///< g-_c, competence evidence of a failure
    double kept_gain = 1.0;                   ///< g+_h, character evidence of a kept exchange
    double broken_loss = 2.6;                 ///< g-_h, character evidence of a broken exchange (calibrated; spec 3)
    double being_trusted_gain = 0.5;          ///< omega_recip, h+ for being trusted
    double apology_credit = 0.5;              ///< a_apol, h+ of an apology judged sincere
    double deception_multiplier = 2.0;        ///< d_dec, multiplies g-_h on a discovered cover-up
    double help_ask_penalty = 0.3;            ///< c- of asking for help, before (1-kappa)(1+chi)
    double help_ask_credit = 0.3;             ///< h+ of asking for help
    double refusal_loss = 1.0;                ///< h- when a helper refuses
    double constructive_gain = 1.0;           ///< h+ of a constructive response to voice/report
    double punitive_loss = 2.0;               ///< h- of a punitive response or blame
    double blessing_weight = 0.25;            ///< leader's blessing, times t(i, my manager)
    double witness_weight = 0.5;              ///< omega for observers that are not a party
};

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, TrustConfig& c);

}  // namespace trustsim
