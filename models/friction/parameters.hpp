// The friction section of a scenario: the optional bureaucracy term of spec (c) F3, which lowers
// the base productivity constant of y_i (A.9), so that a scenario can test whether trust
// compensates for it (docs/MODEL.md, "Friction").
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

struct FrictionConfig {
    bool enabled = false;  ///< off by default, as the spec makes it optional
    double level = 0.2;    ///< share of base productivity lost to bureaucracy: b -> b (1 - level); [0, 1]
};

void visit(SchemaVisitor& v, FrictionConfig& c);

/// The base productivity constant b of y_i under `friction` (b itself when it is off).
inline double base_productivity_under(const FrictionConfig& friction, double base) {
    return friction.enabled ? base * (1.0 - friction.level) : base;
}

}  // namespace trustsim
