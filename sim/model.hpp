// What the engine needs from a behaviour model, and nothing more.
//
// A model is a list of named phases (the week, in order) plus read-only views of what it
// measures. The engine owns the step loop, times each phase, and hands the model's outputs to
// observers; it never knows what a phase does. Models are created through the registry in
// models/ (the one table), so the engine links no model code.
#pragma once

#include "sim/world.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace trustsim {

/// The step being run, given to every phase.
struct StepContext {
    std::uint32_t step;  ///< 1-based week number
    RngKey key;
};

struct Phase {
    std::string name;  ///< shown in profiles, e.g. "P4 evidence+forgetting"
    std::function<void(const StepContext&)> run;
    /// The model state columns (as Model::save_state names them) this phase may change; checked
    /// after every phase in debug and sanitizer builds and on request (Simulation::check_phase_access).
    std::vector<std::string> writes;
    /// The columns it reads besides those it writes. Checked builds run the phase a second time
    /// with every other column scrambled and require the same result (Simulation::step).
    std::vector<std::string> reads;
    /// False for a phase whose effects are not all in the state columns (e.g. one that moves
    /// ties of the network): the read check, which runs a phase twice, skips it.
    bool repeatable = true;
};

/// A named output quantity with its unit and meaning, as written to HDF5 attributes.
struct SeriesSpec {
    std::string name;
    std::string units;
    std::string description;
    /// NaN is a legitimate value ("undefined this week", e.g. a rate with no events); for any
    /// other series a NaN or an infinity is a failed run (the sweep runner's guard).
    bool may_be_nan = false;
    /// The range docs/hdf5-layout.md gives its values (every other value is a bug; the
    /// finite-output test checks it).
    double lowest = -HUGE_VAL;
    double highest = HUGE_VAL;
};

/// Everything a model measures. Org series: one double per step. Team series: one float per team
/// per step. Agent columns: snapshotted every K steps. Edge columns: one float per network edge
/// (aligned with its col_index), snapshotted every K' steps. Team attributes: written once.
struct OutputSchema {
    std::vector<SeriesSpec> org_series;
    std::vector<SeriesSpec> team_series;
    std::vector<SeriesSpec> agent_columns;
    std::vector<SeriesSpec> edge_columns;
    std::vector<SeriesSpec> team_attributes;
    /// What can cause an edge's weekly change, one bit each (bit b = edge_event_types[b]), for the
    /// sampled edges' event record (output.edge_sample); empty when the model does not say.
    std::vector<SeriesSpec> edge_event_types;
    /// The run may move ties (TrustNetwork::move_ties), so edge outputs record their targets.
    bool topology_may_change = false;
    /// Non-zero when the run may change the hierarchy (TrustNetwork::restructure adds ties): the
    /// most edges the network can reach. Edge snapshots are then this wide, padded, and record
    /// each edge's source too; agent snapshots record each agent's manager and teams.
    std::size_t edge_slots = 0;
};

/// One scripted intervention of the run, as the output's /events table lists it.
struct EventRow {
    std::uint32_t week;  ///< applied at the start of this week
    std::string type;
    std::string target;
    std::string detail;
};

/// Where a model saves its state for a checkpoint: named columns of raw bytes, each of
/// `element_size`-byte elements (a checkpoint restores into the same build's same layout).
class StateSink {
  public:
    virtual ~StateSink() = default;
    virtual void column(const std::string& name, std::span<const std::byte> bytes, std::size_t element_size) = 0;
};

/// What a state column's elements are, so the phase-access check can change them to other valid
/// values: integers (and enums), floating-point numbers, or records (structs of 4-byte fields).
enum class ElementKind : std::uint8_t { integer, floating, record };

/// Where a model restores its state from: fills `bytes` from the column of that name; throws
/// when the checkpoint has no such column or its size differs (a different organisation or build).
class StateSource {
  public:
    virtual ~StateSource() = default;
    virtual void column(const std::string& name, std::span<std::byte> bytes, std::size_t element_size) = 0;
};

/// A model owns the run's behavioural state: copying one would fork a run silently, so it is
/// neither copyable nor movable (the Simulation holds it by unique_ptr).
class Model {
  public:
    Model() = default;
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;
    virtual ~Model() = default;

    /// The phases of one step, in order. Called once; the spans stay valid for the model's life.
    virtual std::span<const Phase> phases() const = 0;
    virtual const OutputSchema& schema() const = 0;

    /// Values measured at the end of the last completed step, in schema order.
    virtual void org_values(std::span<double> out) const = 0;
    /// out[s * teams + team] for team series s.
    virtual void team_values(std::span<float> out) const = 0;
    virtual void agent_column(std::size_t column, std::span<float> out) const = 0;
    virtual void team_attribute(std::size_t attribute, std::span<float> out) const = 0;
    /// Edge column `column` of the schema, aligned with the network's col_index.
    virtual void edge_column(std::size_t column, std::span<float> out) const = 0;
    /// Edge column `column` on the given edges only: out[k] for edges[k].
    virtual void edge_values(std::size_t column, std::span<const EdgeIndex> edges, std::span<float> out) const = 0;
    /// For each given edge, the bits of schema().edge_event_types that applied to it in the last
    /// completed week.
    virtual void edge_events(std::span<const EdgeIndex> edges, std::span<std::uint16_t> out) const = 0;
    /// The run's scripted events (empty when it has none).
    virtual std::vector<EventRow> event_table() const { return {}; }

    /// Everything the model carries from one week into the next (checkpoints).
    virtual void save_state(StateSink& sink) const = 0;
    /// Calls visit(name, bytes, element_size, kind) for every state column save_state writes,
    /// with write access: the checked builds' phase-access check scrambles and restores columns
    /// through it.
    using StateVisitor = std::function<void(const std::string&, std::span<std::byte>, std::size_t, ElementKind)>;
    virtual void visit_state(const StateVisitor& visit) = 0;
    /// Restores what save_state wrote, on a model freshly built for the same organisation;
    /// `steps_done` is the week the state is from, `saved` the scenario it was saved under (a
    /// branch's scenario may differ from it in what happens next, and the model decides what of
    /// its saved state the new settings replace).
    virtual void load_state(StateSource& source, std::uint32_t steps_done, const ScenarioConfig& saved) = 0;
};

/// Creates a model for a scenario on a world already built for it (the registry in models/
/// provides one; the engine and the sweep runner receive it, so neither links a model).
using ModelFactory = std::unique_ptr<Model> (*)(const ScenarioConfig& config, World& world);

}  // namespace trustsim
