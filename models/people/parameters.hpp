// The people section of a scenario: settings of single agents, for controlled experiments on a
// small (usually explicit) organisation — a dyad, a team — where the draws of the generator are
// not wanted (docs/config-reference.md, "people"; docs/MODEL.md, "Explicit organisations").
//
//   people:
//     - {name: lead, style: humble, error_rate: 0, cooperative: true}
//     - {name: ann, ability: 0.8, propensity: 0.6}
//     - {name: agent 17, character: 0.2}
//
// A setting replaces the initial occupant's drawn value; a newcomer hired later into the slot
// draws from the distributions again. Names are checked against the organisation when the
// scenario is loaded.
#pragma once

#include "models/leadership/parameters.hpp"
#include "sim/config.hpp"
#include "sim/organisation.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trustsim {

struct PersonConfig {
    /// Who: a member name of an explicit organisation, "agent N" or "ceo".
    std::string name;
    std::string style;        ///< a leadership preset for this manager; empty = the scenario's draw
    StyleOverrides overrides; ///< style dimensions set after the preset (managers only)
    std::optional<double> ability, character, return_fraction, propensity;  ///< traits, each in [0,1]
    std::optional<double> error_rate;  ///< e_i, weekly task error probability (a manager's own errors); [0,1]
    /// Never exploits a trust-first exchange (returns at least the stake) and never refuses to
    /// help: no character breach except scripted ones (spec F5; docs/MODEL.md).
    bool cooperative = false;
    std::string where;  ///< where the entry was written, for messages
    bool operator==(const PersonConfig& o) const {
        return name == o.name && style == o.style && overrides == o.overrides && ability == o.ability &&
               character == o.character && return_fraction == o.return_fraction && propensity == o.propensity &&
               error_rate == o.error_rate && cooperative == o.cooperative;
    }
};

void visit(SchemaVisitor& v, PersonConfig& p);

/// The agent a person entry (or an event target) names in this organisation: "ceo", "agent N" or
/// a member name; nullopt when there is no such agent.
std::optional<AgentIndex> find_person(const Organisation& org, const std::string& name);

/// Checks every entry against the organisation the scenario describes: the agent exists, is
/// named once, and a style is given only to a manager. Throws ConfigError at the entry.
void check_people(const ScenarioConfig& config, const std::vector<PersonConfig>& people);

}  // namespace trustsim
