// The core model's own scenario sections: employee traits, the environment (P1) and the
// mechanism switches. Each section's schema (keys, ranges) is its visit() in parameters.cpp;
// the model registry lists the sections (models/registry.cpp). Symbols in brackets refer to
// ../shared/model-spec.md (section A).
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trustsim {

/// A bounded [0,1] trait drawn from a Beta distribution given by its mean and standard deviation.
struct BetaTrait {
    double mean = 0.5;  ///< in (0,1)
    double sd = 0.1;    ///< in (0, sqrt(mean*(1-mean)))
};

/// Trait distributions of employees (A.2, model-choices "Traits and priors").
struct TraitsConfig {
    BetaTrait ability{0.625, 0.1614};              ///< a_i, Beta(5,3)
    BetaTrait character{0.75, 0.1306};             ///< c_i of the cooperative majority, Beta(7.5,2.5)
    BetaTrait exploitative_character{0.2, 0.1206};  ///< c_i of the exploitative minority, Beta(2,8)
    double exploitative_share = 0.10;              ///< u, share of exploitative agents; [0,1]
    BetaTrait return_fraction{0.37, 0.20};         ///< r_i, Beta(1.79,3.04)
    BetaTrait propensity{0.55, 0.15};              ///< pi_i, Beta(5.5,4.5)
    double initial_error_rate = 0.05;              ///< e0, task errors per week; [0,1]
    double initial_belief_sd = 0.3;                ///< sd of x_i around theta* at hire; >= 0
    /// a_i of managers when it differs from employees' (absent: managers draw `ability` too).
    std::optional<BetaTrait> manager_ability;
};

/// P1 environment.
struct EnvironmentConfig {
    double drift_sd = 0.05;       ///< sigma_theta, weekly random-walk step of theta*
    double jump_probability = 0.02;  ///< p_jump per week; theta* ~ N(0,1) on a jump
    double signal_noise = 0.3;    ///< sigma_s; signal sd is sigma_s / a_i
    double signal_weight = 0.3;   ///< rho_s, belief update weight on the signal
};

/// Core mechanisms that can be switched off for ablations. Each switch has a test that shows
/// it changes the results.
struct ModulesConfig {
    bool exchange = true;      ///< managers open trust-first exchanges (A.7)
    bool help_seeking = true;  ///< agents ask for help (P3) and managers when uncertain (P2)
    bool voice = true;         ///< ideas are voiced and answered (P3, P2)
    bool blessing = true;      ///< the leader's blessing on co-worker edges (A.3)
    bool turnover = true;      ///< quits and newcomer replacement (A.9)
    bool influence = true;     ///< informal influence (PageRank) in agent snapshots (A.11); output only
    bool collaboration = true; ///< helps given/received per agent, ICC(1) of psych. safety (A.11); output only
};

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, BetaTrait& c);
void visit(SchemaVisitor& v, TraitsConfig& c);
void visit(SchemaVisitor& v, EnvironmentConfig& c);
void visit(SchemaVisitor& v, ModulesConfig& c);

}  // namespace trustsim
