// The phase-access check (on by default in debug and ASan builds, TRUSTSIM_CHECK_PHASE_WRITES; on
// request in any build): a phase that changes a state column it does not declare, or whose result
// depends on a column it does not declare, stops the run, naming the phase and the column.
#include "models/registry.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;

namespace {

/// Three columns. "honest" declares "counted" and writes it; "sneaky" also writes "hidden" in
/// week 2; "peeker" writes "derived" from "hidden", declaring that read only when told to.
class ThreeColumnModel final : public Model {
  public:
    explicit ThreeColumnModel(bool peeker_declares_read) {
        phases_.push_back({"honest", [this](const StepContext&) { ++counted_; }, {"counted"}, {}});
        phases_.push_back({"sneaky", [this](const StepContext& s) { hidden_ += s.step == 2 ? 1.0 : 0.0; }, {}, {}});
        Phase peeker{"peeker", [this](const StepContext&) { derived_ = 2 * hidden_ + static_cast<double>(counted_); },
                     {"derived"}, {"counted"}};
        if (peeker_declares_read) peeker.reads.push_back("hidden");
        phases_.push_back(peeker);
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
        sink.column("derived", std::as_bytes(std::span(&derived_, 1)), sizeof derived_);
    }
    void visit_state(const StateVisitor& visit) override {
        visit("counted", std::as_writable_bytes(std::span(&counted_, 1)), sizeof counted_, ElementKind::integer);
        visit("hidden", std::as_writable_bytes(std::span(&hidden_, 1)), sizeof hidden_, ElementKind::floating);
        visit("derived", std::as_writable_bytes(std::span(&derived_, 1)), sizeof derived_, ElementKind::floating);
    }
    void load_state(StateSource&, std::uint32_t, const ScenarioConfig&) override {}

  private:
    std::vector<Phase> phases_;
    OutputSchema schema_;
    std::int64_t counted_ = 0;
    double hidden_ = 0;
    double derived_ = 0;
};

std::unique_ptr<Model> create_undeclared_read(const ScenarioConfig&, World&) {
    return std::make_unique<ThreeColumnModel>(false);
}
std::unique_ptr<Model> create_declared_read(const ScenarioConfig&, World&) {
    return std::make_unique<ThreeColumnModel>(true);
}

ScenarioConfig small_scenario() {
    ScenarioConfig config = default_scenario(config_vocabulary());
    config.organisation.agents = 50;
    return config;
}

}  // namespace

TEST_CASE("a phase that changes an undeclared column stops the run when checked", "[engine][phases]") {
    Simulation simulation(RunPlan{small_scenario(), {}, 1}, &create_declared_read);
    simulation.check_phase_access(true);
    simulation.step();  // week 1: "sneaky" changes nothing
    CHECK_THROWS_WITH(simulation.step(), "phase 'sneaky' changed state it does not declare in week 2: hidden");
}

TEST_CASE("a phase whose result depends on an undeclared column stops the run when checked", "[engine][phases]") {
    Simulation simulation(RunPlan{small_scenario(), {}, 1}, &create_undeclared_read);
    simulation.check_phase_access(true);
    CHECK_THROWS_WITH(simulation.step(), "phase 'peeker' reads state it does not declare in week 1: hidden");
}

TEST_CASE("a phase that declares what it reads and writes runs when checked", "[engine][phases]") {
    Simulation simulation(RunPlan{small_scenario(), {}, 1}, &create_declared_read);
    simulation.check_phase_access(true);
    REQUIRE_NOTHROW(simulation.step());
}

TEST_CASE("an unchecked run does not look at what its phases declare", "[engine][phases]") {
    Simulation simulation(RunPlan{small_scenario(), {}, 1}, &create_undeclared_read);
    simulation.check_phase_access(false);
    REQUIRE_NOTHROW(simulation.step());
}
