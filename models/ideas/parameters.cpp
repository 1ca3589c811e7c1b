#include "models/ideas/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, IdeasConfig& c) {
    v.field("enabled", c.enabled);
    v.field("own_idea_rate", c.own_idea_rate, Range::unit());
    v.field("own_idea_mean", c.own_idea_mean, Range::any());
    v.field("own_idea_life", c.own_idea_life, Range::at_least(1));
    v.field("forward_levels", c.forward_levels, IntRange{0, 64});
    v.field("forward_gain", c.forward_gain, Range::at_least(0));
}

}  // namespace trustsim
