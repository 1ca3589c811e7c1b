#include "models/memory_estimate.hpp"

#include "models/events/parameters.hpp"
#include "models/events/team_changes.hpp"
#include "models/people/parameters.hpp"
#include "models/registry.hpp"
#include "sim/memory_limit.hpp"
#include "sim/world.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace trustsim {
namespace {

/// Agents of the probe of a generated organisation: large enough that its edges per agent and
/// teams per agent are those of a big organisation, small enough to build in milliseconds.
constexpr std::uint32_t probe_agents = 4096;

/// Sorts the model's state columns by their length: per agent, per edge, per team.
class ColumnBytes final : public StateSink {
  public:
    ColumnBytes(std::uint64_t agents, std::uint64_t edges, std::uint64_t teams)
        : agents_(agents), edges_(edges), teams_(teams) {}
    void column(const std::string&, std::span<const std::byte> bytes, std::size_t element_size) override {
        const std::uint64_t count = element_size ? bytes.size() / element_size : 0;
        if (count == edges_) {
            per_edge += static_cast<double>(bytes.size()) / static_cast<double>(edges_);
        } else if (count == teams_ && teams_ != agents_) {
            per_team += static_cast<double>(bytes.size()) / static_cast<double>(teams_);
        } else if (count > 1) {
            // Per agent, or per agent plus a few (an offsets array): counted per agent.
            per_agent += static_cast<double>(bytes.size()) / static_cast<double>(agents_);
        } else {
            fixed += bytes.size();
        }
    }
    double per_agent = 0, per_edge = 0, per_team = 0;
    std::uint64_t fixed = 0;

  private:
    std::uint64_t agents_, edges_, teams_;
};

std::string with_commas(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

}  // namespace

std::uint64_t MemoryEstimate::total() const noexcept {
    return fixed_bytes + static_cast<std::uint64_t>(std::ceil(bytes_per_agent * static_cast<double>(agents) +
                                                              bytes_per_edge * static_cast<double>(edges) +
                                                              bytes_per_team * static_cast<double>(teams)));
}

std::string MemoryEstimate::describe() const {
    return "about " + format_bytes(total()) + " (" + with_commas(agents) + " agents x " +
           std::to_string(static_cast<long long>(std::lround(bytes_per_agent))) + " B + " + with_commas(edges) +
           " edges x " + std::to_string(static_cast<long long>(std::lround(bytes_per_edge))) + " B + " +
           with_commas(teams) + " teams x " + std::to_string(static_cast<long long>(std::lround(bytes_per_team))) +
           " B + " + format_bytes(fixed_bytes) + ")";
}

MemoryEstimate estimate_memory(const ScenarioConfig& config) {
    ScenarioConfig probe = config;
    const bool generated = !config.organisation.explicit_members();
    if (generated) probe.organisation.agents = std::min(config.organisation.agents, probe_agents);
    // Named people and events refer to agents a smaller probe may not have; they add nothing per agent.
    probe.parameters.get<std::vector<PersonConfig>>().clear();
    probe.parameters.get<std::vector<ScriptedEvent>>().clear();
    World world = build_world(probe);
    const std::unique_ptr<Model> model = create_model(probe, world);

    const Organisation& org = world.organisation;
    const std::uint64_t n = org.agents(), e = world.network.edges(), t = org.teams();
    ColumnBytes columns(n, e, t);
    model->save_state(columns);
    const OutputSchema& schema = model->schema();
    const OutputConfig& output = config.output;
    const auto& events = config.parameters.get<std::vector<ScriptedEvent>>();
    const bool topology_may_change = std::any_of(events.begin(), events.end(), [](const ScriptedEvent& event) {
        return event.type == EventType::reorganise || changes_teams(event);  // snapshots then record edge ends too
    });

    MemoryEstimate estimate;
    estimate.agents = config.organisation.agents;
    const double edges_per_agent = static_cast<double>(e) / static_cast<double>(n);
    estimate.edges = generated ? static_cast<std::uint64_t>(std::ceil(edges_per_agent * static_cast<double>(estimate.agents))) : e;
    estimate.teams = generated ? static_cast<std::uint64_t>(std::ceil(static_cast<double>(t) / static_cast<double>(n) *
                                                                      static_cast<double>(estimate.agents)))
                               : t;
    // The hierarchy: parent, first report, depth and team led per agent; a whole snapshot, which
    // the recorder's writer thread holds while it compresses it (sim/hdf5/recorder.hpp): every
    // column as floats and, until written, as compressed chunks (at most as large again).
    const double agent_snapshot = 2 * 4.0 * static_cast<double>(schema.agent_columns.size());
    estimate.bytes_per_agent = columns.per_agent + 16.0 + (output.agent_snapshot_every > 0 ? agent_snapshot : 0.0);
    // The network in both directions, plus what building it holds at once (its edge list and
    // the sort), which is the run's peak; the edge snapshot held by the writer, as above.
    const double network_per_edge = static_cast<double>(world.network.memory_bytes()) / static_cast<double>(e);
    const double edge_snapshot =
        2 * 4.0 * static_cast<double>(schema.edge_columns.size() + (topology_may_change ? 1 : 0));
    estimate.bytes_per_edge = columns.per_edge + 2 * network_per_edge + (output.edge_snapshot_every > 0 ? edge_snapshot : 0.0);
    // Team state, the model's team-series row and the recorder's buffered rows.
    estimate.bytes_per_team = columns.per_team + 2 * 4.0 * static_cast<double>(schema.team_series.size());
    estimate.fixed_bytes = columns.fixed + (64ull << 20);
    return estimate;
}

void check_memory(const MemoryEstimate& estimate, std::uint64_t limit, const std::string& limit_source) {
    if (estimate.total() <= limit) return;
    throw std::invalid_argument("this scenario needs " + estimate.describe() + ", more than " + limit_source +
                                "; lower organisation.agents (or organisation.k_lat), or give a larger limit with "
                                "--max-memory if the estimate is wrong for this machine");
}

}  // namespace trustsim
