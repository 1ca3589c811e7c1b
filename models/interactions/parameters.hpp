// The errors and interactions sections of a scenario: task errors, concealment and reporting
// (A.4, P2, P3); help-seeking, voice and exchange (P3, A.7). Schema in parameters.cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

/// Task errors, concealment and reporting (A.4, P2, P3).
struct ErrorsConfig {
    double discovery_probability = 0.0874;  ///< p_disc per concealed/latent item per week (calibrated; spec 0.1)
    double latent_hazard = 0.0175;         ///< delta_lat, added error probability per latent item (calibrated; spec 0.01)
    double report_intercept = -3.4;       ///< r0 of p_rep = logistic(r0 + r1 psi + r2 t)
    double report_safety = 3.0;           ///< r1
    double report_trust = 1.0;            ///< r2
    double team_learning = 0.02;          ///< l_T, e_i *= (1 - l_T) per reported error in the team
};

/// Help-seeking, voice and exchange (P3, A.7).
struct InteractionsConfig {
    double need_probability = 0.3;        ///< p_need, weekly chance of a problem needing help
    double help_intercept = -2.0;         ///< h0 of logistic(h0 + h1 psi + h2 t)
    double help_safety = 2.0;             ///< h1
    double help_trust = 2.0;              ///< h2
    double help_received_gain = 0.2;      ///< performance multiplier per successful help received
    double idea_rate = 0.05;              ///< ideas per agent per week
    double voice_intercept = -2.0;        ///< v0 of logistic(v0 + v1 psi + v2 t - v3 chi)
    double voice_safety = 3.0;            ///< v1
    double voice_trust = 1.0;             ///< v2
    double voice_power_distance = 1.0;    ///< v3
    double innovation_gain = 0.02;        ///< g_innov, I_T added per accepted idea
    double innovation_half_life = 52.0;   ///< weeks
    double exchange_multiplier = 3.0;     ///< k, Berg et al. multiplier
    double felt_trust_effect = 0.15;      ///< omega_F
    double relationship_effect = 0.2;     ///< omega_rel
    double exploit_probability = 0.8;     ///< an exploitative agent returns 0 with this probability
    double exchange_payoff_scale = 0.05;  ///< performance gained per unit of surplus (k-1)x
};

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, ErrorsConfig& c);
void visit(SchemaVisitor& v, InteractionsConfig& c);

}  // namespace trustsim
