// Culture (models/culture/): power distance chi per unit. Off (the default), nothing changes,
// whatever the section's other values; on, each unit draws chi_u from a Beta with the org chi as
// mean and the stated sd, reporting, voice and help-seeking upward follow chi_i exactly as
// docs/MODEL.md writes them, stronger power distance lowers them, managers' styles scatter with
// the stated sd, and results do not depend on the thread count.
#include "models/culture/power_distance.hpp"
#include "models/registry.hpp"
#include "tests/support/module_checks.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace trustsim;
using namespace trustsim::core;

namespace {

ScenarioConfig with_culture(std::uint32_t agents, std::uint32_t steps, double chi, double sd, std::uint64_t seed = 3) {
    ScenarioConfig config = testing::scenario(agents, steps, "humble", seed);
    config.parameters.get<LeadershipConfig>().omniscience_expectation = chi;
    CultureConfig& culture = config.parameters.get<CultureConfig>();
    culture.enabled = true;
    culture.subculture_sd = sd;
    return config;
}

double mean_of(const std::vector<double>& x) {
    double sum = 0;
    for (double v : x) sum += v;
    return sum / static_cast<double>(x.size());
}

double sd_of(const std::vector<double>& x) {
    const double m = mean_of(x);
    double sum = 0;
    for (double v : x) sum += (v - m) * (v - m);
    return std::sqrt(sum / static_cast<double>(x.size() - 1));
}

/// Observed and expected counts of a Bernoulli act over many agents, with the expectation's sd.
struct Tally {
    double observed = 0, expected = 0, variance = 0, expected_without_chi = 0;
    void add(bool happened, double p, double p_without_chi) {
        observed += happened ? 1.0 : 0.0;
        expected += p;
        variance += p * (1.0 - p);
        expected_without_chi += p_without_chi;
    }
    double sd() const { return std::sqrt(variance); }
};

}  // namespace

TEST_CASE("culture switched off changes no state and no output, whatever its other settings", "[culture]") {
    ScenarioConfig plain = testing::scenario(2000, 12, "humble", 7);
    plain.parameters.get<LeadershipConfig>().distribution = StyleDistribution::blend;
    ScenarioConfig off = plain;
    off.parameters.get<CultureConfig>() = {.enabled = false, .subculture_sd = 0.3, .unit_depth = 2,
                                           .report_power_distance = 5, .upward_help_power_distance = 5, .style_sd = 0.5, .where = {}};
    testing::require_identical_runs(plain, off, 12, "culture_off");
    // On, the same settings change the run (so the comparison above could fail).
    auto a = testing::make_simulation(plain, 2);
    for (int week = 0; week < 12; ++week) a->step();
    off.parameters.get<CultureConfig>().enabled = true;
    auto on = testing::make_simulation(off, 2);
    for (int week = 0; week < 12; ++week) on->step();
    CHECK_FALSE(testing::first_different_column(testing::core_run(*a), testing::core_run(*on)).empty());
}

TEST_CASE("each unit draws its power distance from a Beta with the org value as mean and the stated sd", "[culture]") {
    // 20,000 agents with units at depth 3: 343 units below 57 headquarters agents.
    ScenarioConfig config = with_culture(20000, 1, 0.3, 0.1);
    config.parameters.get<CultureConfig>().unit_depth = 3;
    auto sim = testing::make_simulation(config, 2);
    const CoreRun& run = testing::core_run(*sim);
    const Organisation& org = run.org();
    std::vector<double> unit_chi;
    for (AgentIndex i = 0; i < org.agents(); ++i) {
        if (org.depth(i) < 3) {
            REQUIRE(run.state.culture.power_distance[i] == static_cast<float>(0.3));
            continue;
        }
        AgentIndex root = i;
        while (org.depth(root) > 3) root = static_cast<AgentIndex>(org.parent(root));
        REQUIRE(run.state.culture.power_distance[i] == run.state.culture.power_distance[root]);
        if (root == i) unit_chi.push_back(run.state.culture.power_distance[i]);
    }
    REQUIRE(unit_chi.size() == 343);
    // Mean within 4 standard errors (0.1 / sqrt(343) = 0.0054); the sample sd within 4 of its
    // standard errors (about 0.1 / sqrt(2 * 342) = 0.0038).
    CHECK(mean_of(unit_chi) == Approx(0.3).margin(0.022));
    CHECK(sd_of(unit_chi) == Approx(0.1).margin(0.016));

    // A manager's help-request cost and admissions use its unit's chi.
    for (AgentIndex m = 1; m < org.teams(); ++m) {
        const double kappa = run.state.leadership.style[m].self_confidence;
        const double expected = run.params.trust.help_ask_penalty * (1.0 - kappa) * (1.0 + run.state.culture.power_distance[m]);
        REQUIRE(run.state.interactions.help_competence_loss[m] == Approx(expected).epsilon(1e-6));
    }

    // sd = 0: every unit has the org value.
    config.parameters.get<CultureConfig>().subculture_sd = 0;
    auto flat = testing::make_simulation(config, 2);
    for (const float chi : testing::core_run(*flat).state.culture.power_distance) REQUIRE(chi == static_cast<float>(0.3));
}

TEST_CASE("error reports and voice follow logistic(... - r3 chi_i) and logistic(... - v3 chi_i) agent by agent", "[culture]") {
    // Strong power distance that varies across the 49 units at depth 2, and a strong r3, so the
    // expected counts with and without chi are many standard deviations apart.
    ScenarioConfig config = with_culture(20000, 4, 0.6, 0.2);
    CultureConfig& culture = config.parameters.get<CultureConfig>();
    culture.unit_depth = 2;
    culture.report_power_distance = 2.0;
    auto sim = testing::make_simulation(config, 2);
    const CoreRun& run = testing::core_run(*sim);
    const ErrorsConfig& errors = run.params.errors;
    const InteractionsConfig& ix = run.params.interactions;
    Tally reports, voice;
    for (int week = 0; week < 4; ++week) {
        const std::vector<float> psi = run.state.outcomes.psych_safety;
        const std::vector<float> trust = run.state.trust.trust_in_manager;
        sim->step();
        for (AgentIndex i = 1; i < run.org().agents(); ++i) {
            const double chi = run.state.culture.power_distance[i];
            const TaskOutcome outcome = run.state.interactions.task_outcome[i];
            if (!run.org().is_manager(i) && (outcome == TaskOutcome::reported_error || outcome == TaskOutcome::hidden_error)) {
                const double logit = errors.report_intercept + errors.report_safety * psi[i] + errors.report_trust * trust[i];
                reports.add(outcome == TaskOutcome::reported_error, logistic(logit - 2.0 * chi), logistic(logit));
            }
            if (run.state.interactions.had_idea[i]) {
                const double logit = ix.voice_intercept + ix.voice_safety * psi[i] + ix.voice_trust * trust[i];
                voice.add(run.state.interactions.voiced[i] != 0, logistic(logit - ix.voice_power_distance * chi),
                          logistic(logit - ix.voice_power_distance * 0.0));
            }
        }
    }
    INFO("reports " << reports.observed << " expected " << reports.expected << " +- " << reports.sd() << ", without chi "
                    << reports.expected_without_chi);
    CHECK(std::abs(reports.observed - reports.expected) < 4 * reports.sd());
    CHECK(reports.expected_without_chi - reports.observed > 8 * reports.sd());
    INFO("voice " << voice.observed << " expected " << voice.expected << " +- " << voice.sd() << ", without chi "
                  << voice.expected_without_chi);
    CHECK(std::abs(voice.observed - voice.expected) < 4 * voice.sd());
    CHECK(voice.expected_without_chi - voice.observed > 8 * voice.sd());
}

TEST_CASE("stronger power distance lowers the org's reporting and voice rates", "[culture]") {
    auto rates = [](double chi) {
        auto sim = testing::make_simulation(with_culture(20000, 20, chi, 0.05), 2);
        double reported = 0, voiced = 0;
        for (int week = 0; week < 20; ++week) {
            sim->step();
            reported += testing::org_metric(*sim, "reported_error_rate");
            voiced += testing::org_metric(*sim, "voice_rate");
        }
        return std::pair(reported / 20, voiced / 20);
    };
    const auto [report_low, voice_low] = rates(0.1);
    const auto [report_high, voice_high] = rates(0.7);
    INFO("reporting " << report_low << " -> " << report_high << ", voice " << voice_low << " -> " << voice_high);
    // At chi 0.1 -> 0.7 the logits fall by 0.6 (r3 = v3 = 1) before any feedback through psi.
    CHECK(report_high < 0.85 * report_low);
    CHECK(voice_high < 0.85 * voice_low);
}

TEST_CASE("power distance keeps help requests from going up the hierarchy", "[culture]") {
    auto upward_share = [](double h3) {
        ScenarioConfig config = with_culture(20000, 10, 0.6, 0.0);
        config.parameters.get<CultureConfig>().upward_help_power_distance = h3;
        auto sim = testing::make_simulation(config, 2);
        const CoreRun& run = testing::core_run(*sim);
        double upward = 0, all = 0;
        for (int week = 0; week < 10; ++week) {
            sim->step();
            for (AgentIndex i = 1; i < run.org().agents(); ++i) {
                const EdgeIndex e = run.state.interactions.help_edge[1][i];
                if (e == no_edge) continue;
                ++all;
                upward += run.org().depth(run.network().target(e)) < run.org().depth(i) ? 1.0 : 0.0;
            }
        }
        return upward / all;
    };
    const double free_share = upward_share(0.0);
    const double shy_share = upward_share(4.0);
    INFO("share of requests to someone higher up: " << free_share << " -> " << shy_share);
    CHECK(free_share > 0.1);  // the manager is often the best-trusted competent neighbour
    CHECK(shy_share < 0.6 * free_share);
}

TEST_CASE("managers' styles scatter around the preset with the stated sd, clipped to the unit interval", "[culture]") {
    ScenarioConfig config = with_culture(20000, 1, 0.3, 0.1);
    config.parameters.get<CultureConfig>().style_sd = 0.05;
    auto sim = testing::make_simulation(config, 2);
    const CoreRun& run = testing::core_run(*sim);
    std::vector<double> humility, reflection;
    for (AgentIndex m = 0; m < run.org().teams(); ++m) {
        humility.push_back(run.state.leadership.style[m].humility);
        reflection.push_back(run.state.leadership.style[m].self_reflection);
    }
    // 2,857 managers: the sample sd's standard error is about 0.05 / sqrt(5712) = 0.0007.
    CHECK(mean_of(humility) == Approx(0.8).margin(0.004));
    CHECK(sd_of(humility) == Approx(0.05).margin(0.004));
    CHECK(mean_of(reflection) == Approx(0.7).margin(0.004));
    CHECK(sd_of(reflection) == Approx(0.05).margin(0.004));

    config.parameters.get<CultureConfig>().style_sd = 0.5;
    auto wide = testing::make_simulation(config, 2);
    std::size_t at_one = 0;
    for (AgentIndex m = 0; m < run.org().teams(); ++m) {
        const Style& style = testing::core_run(*wide).state.leadership.style[m];
        for (std::size_t d = 0; d < style_dimension_count; ++d) REQUIRE((style[d] >= 0.0f && style[d] <= 1.0f));
        at_one += style.humility == 1.0f ? 1 : 0;
    }
    CHECK(at_one > 700);  // P(0.8 + 0.5 Z >= 1) = 0.34 of 2,857
}

TEST_CASE("culture gives bit-identical results for 1, 2 and 3 threads", "[culture][determinism]") {
    ScenarioConfig config = with_culture(20000, 8, 0.4, 0.15);
    config.parameters.get<CultureConfig>().unit_depth = 2;
    config.parameters.get<CultureConfig>().style_sd = 0.1;
    config.output.agent_snapshot_every = 4;
    config.output.edge_snapshot_every = 8;
    const auto one = testing::run_and_hash(config, 1, "culture_t1");
    const auto two = testing::run_and_hash(config, 2, "culture_t2");
    const auto three = testing::run_and_hash(config, 3, "culture_t3");
    REQUIRE(one.count("/snapshots/agents/power_distance") == 1);
    for (const auto& [dataset, hash] : one) {
        INFO(dataset);
        CHECK(two.at(dataset) == hash);
        CHECK(three.at(dataset) == hash);
    }
}

TEST_CASE("a subculture sd the org's power distance cannot have is an error at its file and line and column", "[culture][errors]") {
    auto error_of = [](const std::string& text) {
        try {
            parse_scenario(text, "culture.yaml", {}, config_vocabulary());
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of("leadership: {omniscience_expectation: 0.05}\nculture:\n  enabled: true\n  subculture_sd: 0.3\n"),
               Catch::StartsWith("culture.yaml:3:3: culture.subculture_sd = 0.3 is too large for a Beta with mean "
                                 "leadership.omniscience_expectation = 0.05"));
    CHECK_THAT(error_of("culture: {enabled: true, subculture_sd: 0.5}\n"), Catch::StartsWith("culture.yaml:1:41:"));
    CHECK_THAT(error_of("culture: {enabled: true, unit_depth: 0}\n"), Catch::StartsWith("culture.yaml:1:38:"));
    // Off, or with sd 0, nothing is drawn and nothing is checked.
    CHECK(error_of("leadership: {omniscience_expectation: 0}\nculture: {enabled: true, subculture_sd: 0}\n") == "no error");
    CHECK(error_of("leadership: {omniscience_expectation: 0.05}\nculture: {subculture_sd: 0.3}\n") == "no error");
}
