// The core model's parameter sections, in scenario order: the one table that gives each section
// its YAML key. The registry builds the schema's section list from it, and CoreRun copies the
// parsed values out of the scenario through it, so the two cannot disagree.
#pragma once

#include "models/cascade/parameters.hpp"
#include "models/core/parameters.hpp"
#include "models/culture/parameters.hpp"
#include "models/environment/parameters.hpp"
#include "models/events/parameters.hpp"
#include "models/friction/parameters.hpp"
#include "models/gossip/parameters.hpp"
#include "models/ideas/parameters.hpp"
#include "models/interactions/parameters.hpp"
#include "models/leadership/parameters.hpp"
#include "models/negotiation/parameters.hpp"
#include "models/outcomes/parameters.hpp"
#include "models/people/parameters.hpp"
#include "models/people/traits.hpp"
#include "models/trust/parameters.hpp"
#include "sim/config.hpp"

#include <vector>

namespace trustsim::core {

struct CoreParameters {
    TraitsConfig traits;
    TrustConfig trust;
    LeadershipConfig leadership;
    EnvironmentConfig environment;
    ErrorsConfig errors;
    InteractionsConfig interactions;
    PsychSafetyConfig psych_safety;
    OutcomesConfig outcomes;
    ModulesConfig modules;
    CascadeConfig cascade;
    FrictionConfig friction;
    GossipConfig gossip;
    CultureConfig culture;
    IdeasConfig ideas;
    NegotiationConfig negotiation;
    std::vector<PersonConfig> people;
    std::vector<ScriptedEvent> events;

    /// Calls visit(key, member) for every section, in scenario order.
    template <class Self, class Visit>
    static void for_each_section(Self& p, Visit&& visit) {
        visit("traits", p.traits);
        visit("trust", p.trust);
        visit("leadership", p.leadership);
        visit("environment", p.environment);
        visit("errors", p.errors);
        visit("interactions", p.interactions);
        visit("psych_safety", p.psych_safety);
        visit("outcomes", p.outcomes);
        visit("modules", p.modules);
        visit("cascade", p.cascade);
        visit("friction", p.friction);
        visit("gossip", p.gossip);
        visit("culture", p.culture);
        visit("ideas", p.ideas);
        visit("negotiation", p.negotiation);
        visit("people", p.people);
        visit("events", p.events);
    }

    CoreParameters() = default;
    /// The values a scenario parsed with the registry's vocabulary holds.
    explicit CoreParameters(const ModelParameters& parsed) {
        for_each_section(*this, [&](const char*, auto& section) {
            section = parsed.get<std::remove_cvref_t<decltype(section)>>();
        });
    }

    /// The schema entries of these sections (the registry's vocabulary).
    static std::vector<SectionEntry> section_entries() {
        std::vector<SectionEntry> entries;
        CoreParameters defaults;
        for_each_section(defaults, [&](const char* key, auto& section) {
            entries.push_back(section_entry<std::remove_cvref_t<decltype(section)>>(key));
        });
        return entries;
    }
};

}  // namespace trustsim::core
