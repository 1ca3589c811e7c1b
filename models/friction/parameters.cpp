#include "models/friction/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, FrictionConfig& c) {
    v.field("enabled", c.enabled);
    v.field("level", c.level, Range::unit());
}

}  // namespace trustsim
