// The phase-write check of debug and ASan builds (TRUSTSIM_CHECK_PHASE_WRITES): a phase that
// changes a state column it does not declare stops the run, naming the phase and the column.
// In release builds the check is compiled out, and so is this test.
#include "models/registry.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

#ifdef TRUSTSIM_CHECK_PHASE_WRITES

using namespace trustsim;

namespace {

/// Two columns; one phase declares "counted" and writes it, the other also writes "hidden".
class TwoColumnModel final : public Model {
  public:
    TwoColumnModel() {
        phases_.push_back({"honest", [this](const StepContext&) { ++counted_; }, {"counted"}});
        phases_.push_back({"sneaky", [this](const StepContext& s) { hidden_ += s.step == 2 ? 1.0 : 0.0; }, {}});
    }
    std::span<const Phase> phases() const override { return phases_; }
    const OutputSchema& schema() const override { return schema_; }
    void org_values(std::span<double>) const override {}
    void team_values(std::span<float>) const override {}
    void agent_column(std::size_t, std::span<float>) const override {}
    void team_attribute(std::size_t, std::span<float>) const override {}
    void edge_column(std::size_t, std::span<float>) const override {}
    void edge_values(std::size_t, std::span<const EdgeIndex>, std::span<float>) const override {}
    void edge_events(std::span<const EdgeIndex>, std::span<std::uint16_t>) const override {}
    void save_state(StateSink& sink) const override {
        sink.column("counted", std::as_bytes(std::span(&counted_, 1)), sizeof counted_);
        sink.column("hidden", std::as_bytes(std::span(&hidden_, 1)), sizeof hidden_);
    }
    void load_state(StateSource&, std::uint32_t, const ScenarioConfig&) override {}

  private:
    std::vector<Phase> phases_;
    OutputSchema schema_;
    std::int64_t counted_ = 0;
    double hidden_ = 0;
};

std::unique_ptr<Model> create_two_columns(const ScenarioConfig&, World&) { return std::make_unique<TwoColumnModel>(); }

}  // namespace

TEST_CASE("a phase that changes an undeclared column stops the run in checked builds", "[engine][phases]") {
    ScenarioConfig config = default_scenario(config_vocabulary());
    config.organisation.agents = 50;
    Simulation simulation(RunPlan{config, {}, 1}, &create_two_columns);
    simulation.step();  // week 1: "sneaky" changes nothing
    CHECK_THROWS_WITH(simulation.step(), "phase 'sneaky' changed state it does not declare in week 2: hidden");
}

#endif
