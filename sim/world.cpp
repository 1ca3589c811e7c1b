#include "sim/world.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace trustsim {
namespace {

/// The explicit organisation a scenario lists, in breadth-first order, and its ties by id.
struct ExplicitStructure {
    Organisation organisation;
    ListedTies ties;
};

ExplicitStructure explicit_structure(const OrganisationConfig& config) {
    const auto& members = config.members;
    // Names are unique (checked when the scenario was parsed); a map, not a search per member,
    // which made 10^5 members take a minute.
    std::unordered_map<std::string_view, std::int32_t> index_of;
    index_of.reserve(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) index_of.emplace(members[i].name, static_cast<std::int32_t>(i));
    const auto listed_index = [&](const std::string& name) {
        const auto it = index_of.find(name);
        return it == index_of.end() ? static_cast<std::int32_t>(members.size()) : it->second;
    };
    std::vector<std::int32_t> listed_parents;
    for (const OrganisationMember& m : members) listed_parents.push_back(m.manager.empty() ? no_parent : listed_index(m.manager));
    const BreadthFirstOrder order = breadth_first_order(listed_parents);
    std::vector<std::string> names(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) names[order.id_of_listed[i]] = members[i].name;
    ListedTies ties;
    for (const OrganisationTie& tie : config.ties) {
        ties.emplace_back(order.id_of_listed[static_cast<std::size_t>(listed_index(tie.from))],
                                  order.id_of_listed[static_cast<std::size_t>(listed_index(tie.to))]);
    }
    return {Organisation(order.parents, std::move(names)), std::move(ties)};
}

}  // namespace

Organisation build_organisation(const OrganisationConfig& config) {
    if (config.explicit_members()) return explicit_structure(config).organisation;
    return Organisation(config.agents, config.span_of_control);
}

OrganisationShape::OrganisationShape(const OrganisationConfig& config) : config_(config) {
    if (config.explicit_members()) built_.emplace(build_organisation(config));
}

std::uint64_t OrganisationShape::agents() const { return config_.agents; }

std::uint64_t OrganisationShape::teams() const {
    return built_ ? built_->teams() : (std::uint64_t{config_.agents} - 2) / config_.span_of_control + 1;
}

bool OrganisationShape::is_manager(std::uint64_t agent) const {
    return built_ ? built_->is_manager(static_cast<AgentIndex>(agent))
                  : std::uint64_t{config_.span_of_control} * agent + 1 < config_.agents;
}

std::span<const std::string> OrganisationShape::names() const {
    return built_ ? std::span<const std::string>(built_->names()) : std::span<const std::string>();
}

std::string OrganisationShape::describe(std::uint64_t agent) const {
    return "agent " + std::to_string(agent) + (built_ ? " ('" + built_->names()[agent] + "')" : std::string());
}

World build_world(const ScenarioConfig& config) {
    const RngKey key{static_cast<std::uint32_t>(config.seed), config.replicate};
    if (config.organisation.explicit_members()) {
        ExplicitStructure structure = explicit_structure(config.organisation);
        TrustNetwork network(structure.organisation, structure.ties);
        return World{std::move(structure.organisation), std::move(network), key};
    }
    Organisation organisation(config.organisation.agents, config.organisation.span_of_control);
    TrustNetwork network(organisation, {config.organisation.k_lat, config.organisation.p_local}, key);
    return World{std::move(organisation), std::move(network), key};
}

}  // namespace trustsim
