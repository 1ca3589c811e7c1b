#include "models/people/traits.hpp"

#include <cmath>

namespace trustsim {

void visit(SchemaVisitor& v, BetaTrait& t) {
    v.field("mean", t.mean, Range::open(0, 1));
    // A Beta(a, b) with mean m has variance m(1-m)/(a+b+1), so sd reaches sqrt(m(1-m)) only as
    // a+b -> 0; at or beyond it there is no such distribution.
    Range sd = Range::open(0, std::sqrt(t.mean * (1 - t.mean)));
    sd.why = "a Beta distribution with mean " + format_exact(t.mean) + " needs sd < sqrt(mean*(1-mean))";
    v.field("sd", t.sd, sd);
}

void visit(SchemaVisitor& v, TraitsConfig& c) {
    v.section("ability", c.ability, Layout::flow);
    v.section("character", c.character, Layout::flow);
    v.section("exploitative_character", c.exploitative_character, Layout::flow);
    v.field("exploitative_share", c.exploitative_share, Range::unit());
    v.section("return_fraction", c.return_fraction, Layout::flow);
    v.section("propensity", c.propensity, Layout::flow);
    v.field("initial_error_rate", c.initial_error_rate, Range::unit());
    v.field("initial_belief_sd", c.initial_belief_sd, Range::at_least(0));
    v.section("manager_ability", c.manager_ability, Layout::flow);
}

}  // namespace trustsim
