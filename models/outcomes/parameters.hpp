// The psych_safety and outcomes sections of a scenario: team psychological safety (A.6);
// engagement, performance and turnover (A.9). Schema in parameters.cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trustsim {

/// Team psychological safety (A.6).
struct PsychSafetyConfig {
    double initial = 0.5;     ///< psi at hire
    double rate = 0.132;      ///< kappa_psi (calibrated; spec 0.1)
    double negativity = 2.0;  ///< gamma_psi, multiplier on downward moves
};

/// Engagement, performance and turnover (A.9).
struct OutcomesConfig {
    double initial_engagement = 0.5;
    double initial_felt_trust = 0.3;
    double felt_trust_rate = 0.1;        ///< EMA rate of F
    double engagement_rate = 0.1;        ///< rho_E
    double engagement_intercept = -2.27;  ///< b0 (calibrated; spec -2)
    double engagement_trust = 1.81;      ///< b1, on t(i, manager) (calibrated; spec 2)
    double engagement_safety = 1.1;      ///< b2, on psi (calibrated; spec 1.5)
    double engagement_felt_trust = 1.0;  ///< b3, on F
    double engagement_success = 1.0;     ///< b4, on succ
    double engagement_blame = 2.0;       ///< b5, on blamed
    double base_productivity = 0.6;      ///< the 0.6 of y = a (0.6 + 0.4 E) ...; friction lowers it
    double engagement_productivity = 0.4;  ///< the 0.4 of y = a (0.6 + 0.4 E) ...
    double decision_quality_weight = 0.3;  ///< weight of Q_T in y
    double error_cost = 0.5;             ///< c_err per own error this week
    double performance_noise_sd = 0.201; ///< sigma_y (calibrated; spec 0.2)
    double coordination_gain = 0.1;      ///< g_coord in Y_T
    double quit_base_hazard = 0.00397;   ///< h0 per week (calibrated; spec 0.003)
    double quit_sensitivity = 2.8;       ///< q (calibrated; spec 3)
    double engagement_disposition_sd = 0.458;  ///< sigma_d (calibrated; not in the spec): sd of a person's constant term in the engagement logit
    double outside_option_sd = 0.237;    ///< sigma_o (calibrated; not in the spec): sd of a person's constant term in the quit logit and hazard
};

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, PsychSafetyConfig& c);
void visit(SchemaVisitor& v, OutcomesConfig& c);

}  // namespace trustsim
