// The core model's mechanism switches (the `modules` section). Each module's own section lives
// in its folder; CoreParameters (core_parameters.hpp) lists them all. Symbols in brackets refer
// to ../shared/model-spec.md (section A).
#pragma once

#include "sim/schema.hpp"

namespace trustsim {

/// Core mechanisms that can be switched off for ablations. Each switch has a test that shows
/// it changes the results.
struct ModulesConfig {
    bool exchange = true;      ///< managers open trust-first exchanges (A.7)
    bool help_seeking = true;  ///< agents ask for help (P3) and managers when uncertain (P2)
    bool voice = true;         ///< ideas are voiced and answered (P3, P2)
    bool blessing = true;      ///< the leader's blessing on co-worker edges (A.3)
    bool turnover = true;      ///< quits and newcomer replacement (A.9)
    bool influence = true;     ///< informal influence (PageRank) in agent snapshots (A.11); output only
    bool collaboration = true; ///< helps given/received per agent, ICC(1) of psych. safety (A.11); output only
};

/// The schema of each section (keys, types, ranges), for the engine's reader, writer and catalogue.
void visit(SchemaVisitor& v, ModulesConfig& c);

}  // namespace trustsim
