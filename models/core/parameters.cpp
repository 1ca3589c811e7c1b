#include "models/core/parameters.hpp"

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

void visit(SchemaVisitor& v, EnvironmentConfig& c) {
    v.field("drift_sd", c.drift_sd, Range::at_least(0));
    v.field("jump_probability", c.jump_probability, Range::unit());
    v.field("signal_noise", c.signal_noise, Range::at_least(0));
    v.field("signal_weight", c.signal_weight, Range::unit());
}

void visit(SchemaVisitor& v, ModulesConfig& c) {
    v.field("exchange", c.exchange);
    v.field("help_seeking", c.help_seeking);
    v.field("voice", c.voice);
    v.field("blessing", c.blessing);
    v.field("turnover", c.turnover);
    v.field("influence", c.influence);
    v.field("collaboration", c.collaboration);
}

}  // namespace trustsim
