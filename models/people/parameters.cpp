#include "models/people/parameters.hpp"

#include "models/leadership/styles.hpp"
#include "models/people/agent_reference.hpp"
#include "sim/world.hpp"

namespace trustsim {
namespace {

/// The agent `name` stands for: "ceo", a member name, "agent NAME" or "agent N" with N < agents.
std::optional<AgentIndex> resolve(const std::string& name, std::span<const std::string> names, std::uint64_t agents) {
    if (name == "ceo") return AgentIndex{0};
    if (const auto alone = agent_reference(name, names); alone && alone->by_name) return alone->id;
    constexpr std::string_view prefix = "agent ";
    if (name.rfind(prefix, 0) != 0) return std::nullopt;
    const auto ref = agent_reference(std::string_view(name).substr(prefix.size()), names);
    if (!ref || ref->id >= agents) return std::nullopt;
    return ref->id;
}

}  // namespace

void visit(SchemaVisitor& v, PersonConfig& p) {
    p.where = v.location();
    v.field("name", p.name, any_text, Presence::required);
    v.field("style", p.style);  // empty = the draw; a preset name is checked in check_people
    v.section("overrides", p.overrides, Layout::flow);
    for (auto [key, value] : {std::pair{"ability", &p.ability}, std::pair{"character", &p.character},
                              std::pair{"return_fraction", &p.return_fraction}, std::pair{"propensity", &p.propensity},
                              std::pair{"error_rate", &p.error_rate}}) {
        bool given = value->has_value();
        double number = value->value_or(0.5);
        v.optional(key, given, number, Range::unit());
        if (given) *value = number;
    }
    v.field("cooperative", p.cooperative);
}

std::optional<AgentIndex> find_person(const Organisation& org, const std::string& name) {
    return resolve(name, org.names(), org.agents());
}

void check_people(const ScenarioConfig& config, const std::vector<PersonConfig>& people) {
    if (people.empty()) return;
    const OrganisationShape org(config.organisation);
    std::vector<AgentIndex> seen;
    for (std::size_t i = 0; i < people.size(); ++i) {
        const PersonConfig& p = people[i];
        const std::string at = (p.where.empty() ? std::string("people") : p.where) + ": people." + std::to_string(i) + ": ";
        const auto agent = resolve(p.name, org.names(), org.agents());
        if (!agent) {
            std::string known;
            for (const std::string& name : org.names()) known += (known.empty() ? "" : ", ") + name;
            throw ConfigError(at + "'" + p.name + "' is not an agent; give ceo, 'agent N' (N in 0 .. " +
                              std::to_string(org.agents() - 1) + ")" + (known.empty() ? "" : " or a member: " + known));
        }
        for (std::size_t j = 0; j < seen.size(); ++j) {
            if (seen[j] == *agent) throw ConfigError(at + "'" + p.name + "' is the same agent as people." + std::to_string(j));
        }
        seen.push_back(*agent);
        if (!p.style.empty()) {
            try {
                core::find_style(p.style);
            } catch (const std::invalid_argument& error) {
                throw ConfigError(at + "style: " + error.what());
            }
        }
        const bool any_style = !p.style.empty() || p.overrides != StyleOverrides{};
        if (any_style && !org.is_manager(*agent)) {
            throw ConfigError(at + org.describe(*agent) + " leads no team, so it has no leadership style to set");
        }
    }
}

}  // namespace trustsim
