#include "models/core/parameters.hpp"

namespace trustsim {

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
