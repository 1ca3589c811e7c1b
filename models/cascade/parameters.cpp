#include "models/cascade/parameters.hpp"

namespace trustsim {

void visit(SchemaVisitor& v, CascadeConfig& c) {
    v.field("enabled", c.enabled);
    v.field("rate", c.rate, Range::unit());
}

}  // namespace trustsim
