// The memory estimate that lets `run` and `validate` refuse a scenario too big for the machine:
// measured on a 4,096-agent probe and scaled, it must cover what a real model of another size
// holds, without overstating it so much that feasible runs are refused.
#include "models/memory_estimate.hpp"
#include "models/registry.hpp"
#include "sim/memory_limit.hpp"
#include "sim/world.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;

namespace {

/// Bytes of every state column of a model built for `config`, plus its network, plus the agent
/// snapshot the recorder's writer holds twice while it compresses it (every agent column as
/// floats and as chunks): that buffer grows with every output column, not with the state.
std::uint64_t built_bytes(const ScenarioConfig& config) {
    class Sum final : public StateSink {
      public:
        void column(const std::string&, std::span<const std::byte> bytes, std::size_t) override { total += bytes.size(); }
        std::uint64_t total = 0;
    };
    World world = build_world(config);
    const auto model = create_model(config, world);
    Sum sum;
    model->save_state(sum);
    const std::uint64_t snapshot = config.output.agent_snapshot_every > 0
                                       ? 2ull * sizeof(float) * model->schema().agent_columns.size() * world.organisation.agents()
                                       : 0;
    return sum.total + world.network.memory_bytes() + snapshot;
}

}  // namespace

TEST_CASE("the memory estimate scales a small probe to the organisation's size", "[memory]") {
    for (const std::uint32_t agents : {30000u, 120000u}) {
        ScenarioConfig config = testing::scenario(agents, 2);
        config.parameters.get<NegotiationConfig>().enabled = agents == 120000u;  // a module's columns count too
        const MemoryEstimate estimate = estimate_memory(config);
        World world = build_world(config);
        INFO(agents << " agents: " << estimate.describe());
        // Edges and teams extrapolated from the probe are within 1 % of the real organisation's.
        CHECK(static_cast<double>(estimate.edges) == Approx(static_cast<double>(world.network.edges())).epsilon(0.01));
        CHECK(estimate.teams == Approx(world.organisation.teams()).epsilon(0.01));
        // It covers the model's state and the network, and not by more than the setup peak,
        // output buffers and fixed overhead it adds on purpose.
        const double built = static_cast<double>(built_bytes(config));
        const double variable = static_cast<double>(estimate.total() - estimate.fixed_bytes);
        CHECK(variable >= built);
        CHECK(variable <= 2.0 * built);
    }
}

TEST_CASE("a scenario over the limit is refused with its estimate", "[memory]") {
    const ScenarioConfig config = testing::scenario(2000, 2);
    const MemoryEstimate estimate = estimate_memory(config);
    CHECK_NOTHROW(check_memory(estimate, estimate.total(), "the limit"));
    CHECK_THROWS_WITH(check_memory(estimate, estimate.total() - 1, "--max-memory 1M"),
                      Catch::Contains("this scenario needs about") && Catch::Contains("2,000 agents") &&
                          Catch::Contains("more than --max-memory 1M"));
}

TEST_CASE("memory sizes are read in powers of 1024 and bad ones are named", "[memory]") {
    CHECK(parse_byte_size("2000000") == 2000000u);
    CHECK(parse_byte_size("512M") == 512ull << 20);
    CHECK(parse_byte_size("8G") == 8ull << 30);
    CHECK(parse_byte_size("1.5GiB") == 3ull << 29);
    CHECK(parse_byte_size("64kb") == 64ull << 10);
    for (const char* bad : {"", "lots", "8X", "-1G", "0", "nanG"}) {
        CHECK_THROWS_WITH(parse_byte_size(bad), Catch::Contains("is not a memory size"));
    }
    CHECK(format_bytes(100) == "100 B");
    CHECK(format_bytes(3ull << 29) == "1.5 GiB");
    CHECK(available_memory_bytes().value_or(1) > 0);
}
