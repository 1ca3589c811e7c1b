// The traits section of a scenario: the distributions every hire draws its traits from (A.2,
// model-choices "Traits and priors"); the `people` section sets single agents' values over them.
#pragma once

#include "sim/schema.hpp"

#include <optional>

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

void visit(SchemaVisitor& v, BetaTrait& c);
void visit(SchemaVisitor& v, TraitsConfig& c);

}  // namespace trustsim
