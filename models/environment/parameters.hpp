// The environment section of a scenario (P1, spec A.5): the task-relevant state theta* and the
// private signals agents read it through.
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

/// P1 environment.
struct EnvironmentConfig {
    double drift_sd = 0.05;       ///< sigma_theta, weekly random-walk step of theta*
    double jump_probability = 0.02;  ///< p_jump per week; theta* ~ N(0,1) on a jump
    double signal_noise = 0.3;    ///< sigma_s; signal sd is sigma_s / a_i
    double signal_weight = 0.3;   ///< rho_s, belief update weight on the signal
};

void visit(SchemaVisitor& v, EnvironmentConfig& c);

}  // namespace trustsim
