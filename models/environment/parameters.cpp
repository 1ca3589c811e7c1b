#include "models/environment/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, EnvironmentConfig& c) {
    v.field("drift_sd", c.drift_sd, Range::at_least(0));
    v.field("jump_probability", c.jump_probability, Range::unit());
    v.field("signal_noise", c.signal_noise, Range::at_least(0));
    v.field("signal_weight", c.signal_weight, Range::unit());
}

}  // namespace trustsim
