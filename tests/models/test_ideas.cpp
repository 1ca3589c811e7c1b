// The idea pipeline (models/ideas/). Off (the default), nothing changes, whatever the section's
// other values. On: a manager accepts exactly the ideas above q_own + (1 - beta) b_NIH among
// those it answers constructively (so one with an idea of quality Q rejects everything below Q
// at beta = 1); a forwarded idea is accepted with the boss's openness when every level has the
// same bar; I_T gains exactly what the counts say; ideas travel no further than forward_levels;
// humble chains pass more ideas up than infallible ones; results do not depend on the thread count.
#include "models/ideas/pipeline.hpp"
#include "models/registry.hpp"
#include "tests/support/module_checks.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace trustsim;
using namespace trustsim::core;

namespace {

ScenarioConfig with_ideas(std::uint32_t agents, std::uint32_t steps, const std::string& style, std::uint64_t seed = 5) {
    ScenarioConfig config = testing::scenario(agents, steps, style, seed);
    config.parameters.get<IdeasConfig>().enabled = true;
    return config;
}

/// Every agent has an idea every week and voices it.
void everyone_voices(ScenarioConfig& config) {
    InteractionsConfig& ix = config.parameters.get<InteractionsConfig>();
    ix.idea_rate = 1.0;
    ix.voice_intercept = 20.0;
}

double p_open(const Style& s) {
    return 0.2 + 0.7 * (s.humility + s.balanced_perspective) / 2.0 * (1.0 - s.infallibility);
}

}  // namespace

TEST_CASE("the idea pipeline switched off changes no state and no output, whatever its other settings", "[ideas]") {
    ScenarioConfig plain = testing::scenario(2000, 12, "humble", 7);
    plain.parameters.get<LeadershipConfig>().distribution = StyleDistribution::blend;
    ScenarioConfig off = plain;
    off.parameters.get<IdeasConfig>() = {.enabled = false, .own_idea_rate = 0.9, .own_idea_mean = 2, .own_idea_life = 3,
                                         .forward_levels = 2, .forward_gain = 4};
    testing::require_identical_runs(plain, off, 12, "ideas_off");
    auto a = testing::make_simulation(plain, 2);
    for (int week = 0; week < 12; ++week) a->step();
    off.parameters.get<IdeasConfig>().enabled = true;
    auto on = testing::make_simulation(off, 2);
    for (int week = 0; week < 12; ++week) on->step();
    CHECK(testing::core_run(*a).state.leadership.innovation_stock != testing::core_run(*on).state.leadership.innovation_stock);
}

TEST_CASE("a manager accepts exactly the answered ideas above q_own + (1 - beta) b_NIH", "[ideas]") {
    // beta = 1: the bar is q_own = max(0, Q) itself, so a manager with an idea of quality Q
    // rejects every idea below Q; beta = 0.2 adds 0.8 b_NIH. Every manager gets an idea of its
    // own at once and keeps it; every agent voices an idea every week.
    for (const double beta : {1.0, 0.2}) {
        DYNAMIC_SECTION("beta " << beta) {
            ScenarioConfig config = with_ideas(20000, 3, "humble");
            everyone_voices(config);
            config.parameters.get<LeadershipConfig>().overrides.balanced_perspective = beta;
            IdeasConfig& ideas = config.parameters.get<IdeasConfig>();
            ideas.own_idea_rate = 1.0;
            ideas.own_idea_mean = 0.5;
            ideas.own_idea_life = 1e9;
            auto sim = testing::make_simulation(config, 2);
            const CoreRun& run = testing::core_run(*sim);
            const Organisation& org = run.org();
            const double nih = run.params.leadership.not_invented_here_bias;
            sim->step();
            std::size_t accepted = 0, below_own = 0, refused_by_manager = 0;
            for (int week = 2; week <= 3; ++week) {
                const std::vector<std::uint8_t> voiced = run.state.interactions.pending_voice;
                const std::vector<float> quality = run.state.interactions.idea_quality;
                const std::vector<std::uint8_t> reported = run.state.interactions.pending_report;
                const std::vector<std::uint16_t> discovered = run.state.interactions.pending_discovered;
                sim->step();
                std::vector<std::uint32_t> judged(org.teams()), praised(org.teams());
                for (AgentIndex j = 1; j < org.agents(); ++j) {
                    const auto team = static_cast<std::size_t>(org.member_of_team(j));
                    if (!voiced[j]) continue;
                    ++judged[team];
                    praised[team] += run.state.leadership.idea_praised[j];
                    if (reported[j] || discovered[j]) continue;  // responses then mix several acts
                    const double own = run.state.ideas.own_idea[team];
                    REQUIRE_FALSE(std::isnan(own));
                    const double bar = std::max(0.0, own) + (1.0 - beta) * nih;
                    const bool constructive = run.state.leadership.responses_constructive[j] == 1;
                    INFO("agent " << j << " q " << quality[j] << " bar " << bar << " constructive " << constructive);
                    REQUIRE(run.state.leadership.idea_praised[j] == (constructive && quality[j] > bar ? 1 : 0));
                    accepted += run.state.leadership.idea_praised[j];
                    // refused only because of the manager's own idea: the core's bar would pass it
                    below_own += constructive && quality[j] > (1.0 - beta) * nih && quality[j] <= bar ? 1 : 0;
                    refused_by_manager += !constructive ? 1 : 0;
                }
                for (std::uint32_t team = 0; team < org.teams(); ++team) {
                    REQUIRE(run.state.ideas.judged[team] == static_cast<float>(judged[team]));
                    REQUIRE(run.state.ideas.accepted[team] == static_cast<float>(praised[team]));
                }
            }
            // Both sides of the rule are exercised, including ideas the core (q_own = 0) accepts.
            CHECK(accepted > 3000);
            CHECK(below_own > 3000);
            CHECK(refused_by_manager > 1000);
        }
    }
}

TEST_CASE("with one bar everywhere a forwarded idea passes with the boss's openness, and I_T gains what the counts say", "[ideas]") {
    // No own ideas: every level has the bar (1 - beta) b_NIH that the idea already cleared, so a
    // boss accepts a forwarded idea exactly when it is open to it (probability p_open).
    for (const char* style : {"humble", "infallible"}) {
        DYNAMIC_SECTION(style) {
            ScenarioConfig config = with_ideas(20000, 12, style);
            everyone_voices(config);
            IdeasConfig& ideas = config.parameters.get<IdeasConfig>();
            ideas.own_idea_rate = 0.0;
            ideas.forward_gain = 2.5;
            auto sim = testing::make_simulation(config, 2);
            const CoreRun& run = testing::core_run(*sim);
            const double p = p_open(run.state.leadership.style[0]);
            const auto g = static_cast<float>(run.params.interactions.innovation_gain);
            const auto g_forward = static_cast<float>(2.5 * run.params.interactions.innovation_gain);
            const double decay = std::exp2(-1.0 / run.params.interactions.innovation_half_life);
            double reviewed = 0, passed = 0;
            for (int week = 1; week <= 12; ++week) {
                const std::vector<float> stock = run.state.leadership.innovation_stock;
                sim->step();
                for (std::uint32_t team = 0; team < run.org().teams(); ++team) {
                    reviewed += run.state.ideas.forwards_judged[team];
                    passed += run.state.ideas.forwards_accepted[team];
                    auto expected = static_cast<float>(stock[team] * decay);
                    for (int k = 0; k < static_cast<int>(run.state.ideas.accepted[team]); ++k) expected += g;
                    for (int k = 0; k < static_cast<int>(run.state.ideas.forwards_accepted[team]); ++k) expected += g_forward;
                    REQUIRE(run.state.leadership.innovation_stock[team] == expected);
                }
            }
            const double sd = std::sqrt(reviewed * p * (1 - p));
            INFO(style << ": " << passed << " of " << reviewed << " forwarded ideas passed; p_open " << p);
            CHECK(reviewed > 2000);
            CHECK(std::abs(passed - p * reviewed) < 4 * sd);
        }
    }
}

TEST_CASE("ideas travel no further than forward_levels above the team that voiced them", "[ideas]") {
    for (const std::uint32_t levels : {0u, 1u, 2u}) {
        DYNAMIC_SECTION("forward_levels " << levels) {
            ScenarioConfig config = with_ideas(20000, 8, "humble");
            everyone_voices(config);
            config.parameters.get<IdeasConfig>().forward_levels = levels;
            auto sim = testing::make_simulation(config, 2);
            const CoreRun& run = testing::core_run(*sim);
            std::size_t forwarded = 0;
            std::uint8_t furthest = 0;
            double reviewed = 0;
            for (int week = 1; week <= 8; ++week) {
                sim->step();
                for (std::uint32_t team = 0; team < run.org().teams(); ++team) reviewed += run.state.ideas.forwards_judged[team];
                for (std::uint32_t team = 0; team < run.org().teams(); ++team) {
                    const std::size_t slot = static_cast<std::size_t>(week) % 2;  // written this week
                    if (std::isnan(run.state.ideas.forwarded_idea[slot][team])) continue;
                    ++forwarded;
                    furthest = std::max(furthest, run.state.ideas.forwarded_hops[slot][team]);
                    REQUIRE(run.state.ideas.forwarded_hops[slot][team] >= 1);
                }
            }
            CHECK(static_cast<std::uint32_t>(furthest) == levels);
            CHECK((levels == 0) == (forwarded == 0));
            CHECK((levels == 0) == (reviewed == 0));
        }
    }
}

TEST_CASE("humble chains pass more ideas up to the top than infallible ones", "[ideas]") {
    auto pipeline = [](const char* style) {
        ScenarioConfig config = with_ideas(20000, 26, style);
        auto sim = testing::make_simulation(config, 2);
        double at_top = 0, rate = 0;
        for (int week = 0; week < 26; ++week) {
            sim->step();
            at_top += testing::org_metric(*sim, "ideas_reaching_top");
            const double r = testing::org_metric(*sim, "forward_acceptance_rate");
            rate += std::isnan(r) ? 0.0 : r / 26;
        }
        return std::pair(at_top, rate);
    };
    const auto [humble_top, humble_rate] = pipeline("humble");
    const auto [infallible_top, infallible_rate] = pipeline("infallible");
    INFO("ideas reaching the CEO in 26 weeks: humble " << humble_top << ", infallible " << infallible_top
                                                       << "; forward acceptance " << humble_rate << " vs " << infallible_rate);
    CHECK(humble_top > 20);
    CHECK(humble_top > 3 * infallible_top);
    CHECK(humble_rate > 2 * infallible_rate);
}

TEST_CASE("the idea pipeline gives bit-identical results for 1, 2 and 3 threads", "[ideas][determinism]") {
    ScenarioConfig config = with_ideas(20000, 10, "humble");
    config.parameters.get<LeadershipConfig>().distribution = StyleDistribution::blend;
    config.output.agent_snapshot_every = 5;
    const auto one = testing::run_and_hash(config, 1, "ideas_t1");
    const auto two = testing::run_and_hash(config, 2, "ideas_t2");
    const auto three = testing::run_and_hash(config, 3, "ideas_t3");
    REQUIRE(one.count("/team/forwards_accepted") == 1);
    REQUIRE(one.count("/org/ideas_reaching_top") == 1);
    for (const auto& [dataset, hash] : one) {
        INFO(dataset);
        CHECK(two.at(dataset) == hash);
        CHECK(three.at(dataset) == hash);
    }
}
