// Core-model invariants and the effect of each module switch (an ablation switch that changed
// nothing would be a defect).
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace trustsim;

namespace {

std::unique_ptr<Simulation> run_weeks(const ScenarioConfig& config) {
    auto sim = testing::make_simulation(config);
    for (std::uint32_t week = 0; week < config.steps; ++week) sim->step();
    return sim;
}

double mean(const std::vector<float>& column, std::size_t from = 1) {
    double sum = 0;
    for (std::size_t i = from; i < column.size(); ++i) sum += column[i];
    return sum / static_cast<double>(column.size() - from);
}

/// Mean composite trust over edges whose kind has all bits of `kind`.
double mean_edge_trust(const core::CoreRun& run, std::uint8_t kind) {
    const TrustNetwork& net = run.network();
    double sum = 0;
    std::size_t count = 0;
    for (EdgeIndex e = 0; e < net.edges(); ++e) {
        if ((net.kind(e) & kind) != kind) continue;
        sum += run.edge_trust(e);
        ++count;
    }
    return sum / static_cast<double>(count);
}

}  // namespace

TEST_CASE("state stays in range and evidence stays positive", "[model]") {
    auto config = testing::scenario(1500, 40, "infallible", 3);
    config.parameters.get<trustsim::OutcomesConfig>().quit_base_hazard = 0.02;  // plenty of replacement as well
    auto sim = run_weeks(config);
    const core::CoreRun& run = testing::core_run(*sim);
    const core::CoreState& s = run.state;
    for (AgentIndex i = 1; i < run.org().agents(); ++i) {
        REQUIRE(s.outcomes.psych_safety[i] >= 0.0f);
        REQUIRE(s.outcomes.psych_safety[i] <= 1.0f);
        REQUIRE(s.outcomes.engagement[i] >= 0.0f);
        REQUIRE(s.outcomes.engagement[i] <= 1.0f);
        REQUIRE(s.outcomes.felt_trust[i] >= 0.0f);
        REQUIRE(s.outcomes.felt_trust[i] <= 1.0f);
        REQUIRE(s.outcomes.error_rate[i] >= 0.0f);
        REQUIRE(s.outcomes.error_rate[i] <= 1.0f);
        REQUIRE(s.trust.trust_in_manager[i] == run.edge_trust(run.network().edge_to_manager(i)));
        // A slot refilled in the last week has no output yet (NaN); every other one is finite.
        REQUIRE((std::isfinite(s.outcomes.performance[i]) || s.traits.hire_step[i] == 40));
    }
    for (const core::Evidence& e : run.state.trust.evidence) {
        REQUIRE(e.alpha_competence > 0.0f);
        REQUIRE(e.beta_competence > 0.0f);
        REQUIRE(e.alpha_character > 0.0f);
        REQUIRE(e.beta_character > 0.0f);
    }
}

TEST_CASE("a newcomer's relationships restart at the priors", "[model][turnover]") {
    auto config = testing::scenario(1000, 6, "humble", 4);
    config.parameters.get<trustsim::OutcomesConfig>().quit_base_hazard = 0.05;
    auto sim = run_weeks(config);
    const core::CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    int newcomers = 0;
    for (AgentIndex i = 1; i < run.org().agents(); ++i) {
        if (run.state.traits.hire_step[i] != 6) continue;  // hired at the end of the last week
        ++newcomers;
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
            const core::Evidence expected = run.prior.evidence(run.prior_mean(i, net.kind(e)));
            REQUIRE(run.state.trust.evidence[e].alpha_character == expected.alpha_character);
            REQUIRE(run.state.trust.evidence[e].beta_competence == expected.beta_competence);
        }
        for (EdgeIndex p = net.in_begin(i); p < net.in_end(i); ++p) {
            const AgentIndex observer = net.in_source(p);
            const core::Evidence expected = run.prior.evidence(run.prior_mean(observer, net.kind(net.in_edge(p))));
            REQUIRE(run.state.trust.evidence[net.in_edge(p)].alpha_competence == expected.alpha_competence);
        }
    }
    CHECK(newcomers > 0);
}

TEST_CASE("module switches change what they switch", "[model][modules]") {
    const auto base = testing::scenario(1500, 52, "humble", 2);

    SECTION("exchange off: no one is trusted first, so felt trust decays from 0.3 toward 0") {
        auto off = base;
        off.parameters.get<trustsim::ModulesConfig>().exchange = false;
        off.parameters.get<trustsim::ModulesConfig>().turnover = false;  // newcomers would restart at 0.3
        const double felt_off = mean(testing::core_run(*run_weeks(off)).state.outcomes.felt_trust);
        const double felt_on = mean(testing::core_run(*run_weeks(base)).state.outcomes.felt_trust);
        CHECK(felt_off == Approx(0.3 * std::pow(0.9, 52)).margin(1e-4));
        CHECK(felt_on > 0.2);
    }
    SECTION("help-seeking off: no requests, no helps received") {
        auto off = base;
        off.parameters.get<trustsim::ModulesConfig>().help_seeking = false;
        const auto sim = run_weeks(off);
        const core::CoreState& s = testing::core_run(*sim).state;
        for (int slot = 0; slot < core::help_slots; ++slot) {
            for (const EdgeIndex e : s.interactions.help_edge[slot]) REQUIRE(e == no_edge);
        }
        const auto with_help = run_weeks(base);
        std::size_t requests = 0;
        for (const EdgeIndex e : testing::core_run(*with_help).state.interactions.help_edge[1]) requests += e != no_edge ? 1 : 0;
        CHECK(requests > 50);
    }
    SECTION("voice off: ideas arrive but none is voiced or accepted") {
        auto off = base;
        off.parameters.get<trustsim::ModulesConfig>().voice = false;
        const auto sim = run_weeks(off);
        CHECK(testing::org_metric(*sim, "voice_rate") == 0.0);
        for (const float stock : testing::core_run(*sim).state.leadership.innovation_stock) REQUIRE(stock == 0.0f);
        CHECK(testing::org_metric(*run_weeks(base), "voice_rate") > 0.2);
    }
    SECTION("turnover off: no one leaves") {
        auto off = base;
        off.parameters.get<trustsim::ModulesConfig>().turnover = false;
        off.parameters.get<trustsim::OutcomesConfig>().quit_base_hazard = 0.05;
        const auto sim = run_weeks(off);
        for (const std::int32_t hired : testing::core_run(*sim).state.traits.hire_step) REQUIRE(hired == 0);
        auto on = off;
        on.parameters.get<trustsim::ModulesConfig>().turnover = true;
        CHECK(testing::org_metric(*run_weeks(on), "quit_rate") > 0.0);
    }
    SECTION("blessing off: co-workers of those the manager trusts gain less trust in them") {
        auto off = base;
        off.parameters.get<trustsim::ModulesConfig>().blessing = false;
        const double co_worker_off = mean_edge_trust(testing::core_run(*run_weeks(off)), EdgeKind::same_team);
        const double co_worker_on = mean_edge_trust(testing::core_run(*run_weeks(base)), EdgeKind::same_team);
        CHECK(co_worker_on > co_worker_off + 0.01);
    }
}

TEST_CASE("infallible leaders accumulate concealed errors and humble ones admit them", "[model][leadership]") {
    const auto humble = run_weeks(testing::scenario(2000, 52, "humble", 5));
    const auto infallible = run_weeks(testing::scenario(2000, 52, "infallible", 5));
    CHECK(testing::org_metric(*infallible, "manager_latent_cover") >
          3.0 * testing::org_metric(*humble, "manager_latent_cover"));
    CHECK(testing::org_metric(*humble, "reported_error_rate") >
          testing::org_metric(*infallible, "reported_error_rate"));
}

TEST_CASE("the state column table lists every column of the core state", "[checkpoint]") {
    // A checkpoint saves exactly the columns for_each_column visits; a column added to CoreState
    // but not to the table would silently restart at its initial value when a run continues.
    core::CoreState state;
    std::size_t bytes = 0;
    for_each_column(state, [&](const char*, auto& column) {
        using Column = std::remove_cvref_t<decltype(column)>;
        if constexpr (is_vector<Column>) {
            bytes += sizeof(Column);
        } else {
            bytes += column.size_bytes();  // the scalar, seen through a span
        }
    });
    CHECK(bytes == sizeof(core::CoreState));
}

TEST_CASE("managers can draw their ability from a distribution of their own", "[traits]") {
    ScenarioConfig config = testing::scenario(3000, 1, "humble", 21);
    auto same = testing::make_simulation(config, 2);
    config.parameters.get<TraitsConfig>().manager_ability = BetaTrait{0.85, 0.05};
    auto own = testing::make_simulation(config, 2);
    const core::CoreRun& a = testing::core_run(*same);
    const core::CoreRun& b = testing::core_run(*own);
    double manager_sum = 0;
    std::size_t managers = 0;
    for (AgentIndex i = 0; i < a.org().agents(); ++i) {
        if (a.org().is_manager(i)) {
            manager_sum += b.state.traits.ability[i];
            ++managers;
        } else {
            REQUIRE(b.state.traits.ability[i] == a.state.traits.ability[i]);  // employees' draws are untouched
        }
    }
    // 429 managers: the standard error of their mean is about 0.0024; 0.015 is over 6 of them.
    CHECK(managers == 429);
    CHECK(manager_sum / static_cast<double>(managers) == Approx(0.85).margin(0.015));
}
