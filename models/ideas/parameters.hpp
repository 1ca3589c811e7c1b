// The ideas section of a scenario: the idea pipeline of spec A.4 beta and A.5 P2 with the
// not-invented-here bias. A manager may hold an idea of its own (q_own in the acceptance rule
// q > q_own + (1 - beta) b_NIH), and an idea a manager accepts travels up the line, one level a
// week, each level judging it with its own beta and q_own (docs/MODEL.md, "Idea pipeline").
#pragma once

#include "sim/schema.hpp"

#include <cstdint>

namespace trustsim {

struct IdeasConfig {
    bool enabled = false;           ///< off by default; off, q_own = 0 and no idea travels (the core model)
    double own_idea_rate = 0.05;    ///< weekly chance that a manager without an idea of its own gets one; [0, 1]
    double own_idea_mean = 0.0;     ///< mu of its quality N(mu, 1); any
    double own_idea_life = 26.0;    ///< mean weeks an own idea is held (dropped with probability 1/life a week); >= 1
    std::uint32_t forward_levels = 64;  ///< levels above its team an accepted idea may travel (0: none); [0, 64]
    double forward_gain = 1.0;      ///< I_T gained by a level that accepts a forwarded idea, in units of g_innov; >= 0
};

void visit(SchemaVisitor& v, IdeasConfig& c);

}  // namespace trustsim
