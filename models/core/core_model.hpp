// The core trust model of the spec (A.1-A.9) as an engine Model: its modules' phases in the order
// of the week (models/core/modules.hpp) and its outputs. The behaviour lives in the modules;
// this class only wires them, runs the scripted events (P0) and measures (P5c).
#pragma once

#include "models/core/context.hpp"
#include "models/events/scripted_events.hpp"
#include "models/outcomes/metrics.hpp"
#include "sim/model.hpp"

#include <memory>
#include <vector>

namespace trustsim::core {

class CoreModel final : public Model {
  public:
    CoreModel(const ScenarioConfig& config, World& world);

    std::span<const Phase> phases() const override { return phases_; }
    const OutputSchema& schema() const override { return schema_; }
    void org_values(std::span<double> out) const override;
    void team_values(std::span<float> out) const override;
    void agent_column(std::size_t column, std::span<float> out) const override;
    void team_attribute(std::size_t attribute, std::span<float> out) const override;
    void edge_column(std::size_t column, std::span<float> out) const override;
    void edge_values(std::size_t column, std::span<const EdgeIndex> edges, std::span<float> out) const override;
    void edge_events(std::span<const EdgeIndex> edges, std::span<std::uint16_t> out) const override;
    std::vector<EventRow> event_table() const override { return events_.table(); }
    void save_state(StateSink& sink) const override;
    void visit_state(const StateVisitor& visit) override;
    void load_state(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved) override;

    /// Read access for tests and benchmarks.
    const CoreRun& run() const noexcept { return run_; }

  private:
    CoreRun run_;
    ScriptedEvents events_;
    OutputSchema schema_;
    std::vector<std::size_t> agent_column_rows_;  ///< schema's agent column -> metrics table row
    std::vector<std::size_t> team_series_rows_;   ///< schema's team series -> metrics table row
    OrgMetrics metrics_;
    std::uint32_t last_week_ = 0;  ///< the last completed week (for the edge sample's event bits)
    // Informal influence of the week influence_week_ (computed on demand for snapshots).
    mutable std::vector<double> influence_;
    mutable std::uint32_t influence_week_ = 0xFFFFFFFFu;
    std::vector<Phase> phases_;
};

}  // namespace trustsim::core
