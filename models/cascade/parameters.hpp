// The cascade section of a scenario: spec P6, the optional style cascade. Each week every
// manager's style drifts toward its own manager's: lambda_m <- lambda_m + rho (lambda_boss -
// lambda_m), dimension by dimension (docs/MODEL.md, "P6 Style cascade").
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

struct CascadeConfig {
    bool enabled = false;  ///< off by default, as the spec makes it optional
    double rate = 0.01;    ///< rho_casc per week; [0, 1]; spec range 0-0.05
};

void visit(SchemaVisitor& v, CascadeConfig& c);

}  // namespace trustsim
