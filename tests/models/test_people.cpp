// Controlled experiments on explicit organisations (organisation.members + people): an explicit
// dyad follows a Beta update sequence computed by hand, cooperative agents never breach, and the
// people section sets exactly the traits and styles it names.
#include "models/leadership/styles.hpp"
#include "models/registry.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace trustsim;
using namespace trustsim::core;

namespace {

ScenarioConfig parse(const std::string& text) { return parse_scenario(text, "people.yaml", {}, config_vocabulary()); }

// A manager and one report with every random source of character evidence switched off or set to
// zero: no exchanges, help, voice, blessing, turnover, and no errors on either side. The only
// character evidence on ann -> lead is then the scripted breaches, and forgetting.
const std::string dyad = R"(name: dyad
steps: 30
organisation:
  members:
    - {name: lead}
    - {name: ann, manager: lead}
people:
  - {name: lead, style: infallible, error_rate: 0}
  - {name: ann, propensity: 0.6, error_rate: 0}
modules: {exchange: false, help_seeking: false, voice: false, blessing: false, turnover: false}
trust: {prior_strength_slow: 4, forgetting: 0.98}   # the spec's values, which the hand computation uses
events:
  - {week: 3, type: breach, target: lead, trustor: ann, size: 3}
  - {week: 10, type: breach, target: lead, trustor: ann, size: 1.5}
  - {week: 11, type: breach, target: lead, trustor: ann, size: 1}
)";

}  // namespace

TEST_CASE("an explicit dyad follows the hand-computed Beta update of its breaches", "[people]") {
    const ScenarioConfig config = parse(dyad);
    auto sim = testing::make_simulation(config, 1);
    const CoreRun& run = testing::core_run(*sim);
    REQUIRE(run.org().names() == std::vector<std::string>{"lead", "ann"});
    const EdgeIndex up = run.network().edge_to_manager(1);
    REQUIRE(up != no_edge);

    // Slow prior of ann (n0 = 4, p0 = 0.6), forgetting 0.98 toward it; a breach of size s adds s
    // to beta_h at the start of its week, before that week's update.
    const float lambda = 0.98f, alpha0 = 4.0f * 0.6f, beta0 = 4.0f * (1.0f - 0.6f);
    float alpha = alpha0, beta = beta0;
    const auto breach = [](std::uint32_t week) { return week == 3 ? 3.0f : week == 10 ? 1.5f : week == 11 ? 1.0f : 0.0f; };
    for (std::uint32_t week = 1; week <= config.steps; ++week) {
        sim->step();
        alpha = lambda * alpha + (1.0f - lambda) * alpha0;
        beta = lambda * (beta + breach(week)) + (1.0f - lambda) * beta0;
        const Evidence& e = run.state.trust.evidence[up];
        INFO("week " << week);
        REQUIRE(e.alpha_character == Approx(alpha).epsilon(1e-6));
        REQUIRE(e.beta_character == Approx(beta).epsilon(1e-6));
    }
    // The hand computation itself: one week after the first breach, beta_h = beta0 + 0.98 * 3.
    const double after_first = 1.6 + 0.98 * 3.0;
    CHECK(after_first == Approx(4.54));
    CHECK(character_expectation(run.state.trust.evidence[up]) < 0.6f);
}

TEST_CASE("people set the named agents' traits and styles and nothing else", "[people]") {
    const std::string base = "name: p\nsteps: 1\norganisation: {agents: 400}\nleadership: {style: infallible}\n";
    const ScenarioConfig plain = parse(base);
    const ScenarioConfig set = parse(base + R"(people:
  - {name: agent 3, style: humble, overrides: {humility: 0.25}, ability: 0.125}
  - {name: agent 100, propensity: 0.875, character: 0.375, return_fraction: 0.625, error_rate: 0, cooperative: true}
)");
    const auto a = testing::make_simulation(plain, 2);
    const auto b = testing::make_simulation(set, 2);
    const CoreState& s = testing::core_run(*a).state;
    const CoreState& t = testing::core_run(*b).state;
    const LeadershipStyle& humble = find_style("humble");
    for (std::size_t d = 0; d < style_dimension_count; ++d) {
        const double expected = std::string(style_dimensions[d].name) == "humility" ? 0.25 : humble[d];
        CHECK(t.leadership.style[3][d] == static_cast<float>(expected));
    }
    CHECK(t.traits.ability[3] == 0.125f);
    CHECK(t.traits.propensity[100] == 0.875f);
    CHECK(t.traits.character[100] == 0.375f);
    CHECK(t.traits.return_fraction[100] == 0.625f);
    CHECK(t.outcomes.error_rate[100] == 0.0f);
    CHECK(t.traits.cooperative[100] == 1);
    CHECK(t.traits.exploitative[100] == 0);
    // Everyone else drew exactly what they draw without the section.
    for (AgentIndex i = 0; i < 400; ++i) {
        if (i == 3 || i == 100) continue;
        INFO("agent " << i);
        REQUIRE(t.traits.ability[i] == s.traits.ability[i]);
        REQUIRE(t.traits.propensity[i] == s.traits.propensity[i]);
        REQUIRE(t.leadership.style[i] == s.leadership.style[i]);
        REQUIRE(t.traits.cooperative[i] == 0);
    }
    // Agent 100's edges start at its own propensity.
    const TrustNetwork& net = testing::core_run(*b).network();
    const EdgeIndex e = net.edge_to_manager(100);
    CHECK(character_expectation(t.trust.evidence[e]) == Approx(0.875));
}

TEST_CASE("a cooperative agent never breaks an exchange or refuses help", "[people]") {
    // A small team where everybody but bea is exploitative and of low character: without the flag
    // bea would keep exchanges and refuse help as often as the rest.
    std::string text = R"(name: coop
steps: 60
organisation:
  members:
    - {name: boss}
    - {name: bea, manager: boss}
)";
    for (int k = 0; k < 6; ++k) text += "    - {name: m" + std::to_string(k) + ", manager: boss}\n";
    text += "  ties:\n";
    for (int k = 0; k < 6; ++k) text += "    - {from: m" + std::to_string(k) + ", to: bea}\n";
    // Without turnover: a newcomer in bea's slot would draw afresh, cooperative or not.
    text += R"(traits: {exploitative_share: 1}
modules: {turnover: false}
leadership: {style: humble}
people:
  - {name: bea, cooperative: true}
)";
    const ScenarioConfig config = parse(text);
    auto sim = testing::make_simulation(config, 2);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    const AgentIndex bea = *run.org().find_name("bea");
    std::uint32_t offers = 0, asks = 0, others_broken = 0, others_refused = 0;
    for (std::uint32_t week = 0; week < config.steps; ++week) {
        sim->step();
        const CoreState& s = run.state;
        for (AgentIndex i = 1; i < run.org().agents(); ++i) {
            if (s.leadership.offered_stake[i] > 0) {
                if (i == bea) {
                    ++offers;
                    REQUIRE(s.interactions.exchange_return[i] >= s.leadership.offered_stake[i]);
                } else {
                    others_broken += s.interactions.exchange_return[i] < s.leadership.offered_stake[i];
                }
            }
        }
        for (AgentIndex asker = 0; asker < run.org().agents(); ++asker) {
            for (int slot = 0; slot < help_slots; ++slot) {
                const EdgeIndex e = s.interactions.help_edge[slot][asker];
                if (e == no_edge || s.interactions.help_result[slot][asker] == HelpResult::none) continue;
                if (net.target(e) == bea) {
                    ++asks;
                    REQUIRE(s.interactions.help_result[slot][asker] != HelpResult::refused);
                } else {
                    others_refused += s.interactions.help_result[slot][asker] == HelpResult::refused;
                }
            }
        }
    }
    // Enough chances for a breach to show, and the others did breach.
    CHECK(offers > 20);
    CHECK(asks > 10);
    CHECK(others_broken > 20);
    CHECK(others_refused > 5);
}

TEST_CASE("people names are checked against the organisation", "[people][config]") {
    const auto error_of = [](const std::string& text) { return testing::config_error(text, "people.yaml"); };
    const std::string org = "organisation:\n  members:\n    - {name: a}\n    - {name: b, manager: a}\n";
    CHECK_THAT(error_of(org + "people:\n  - {name: z}\n"),
               Catch::Matchers::Contains("people.yaml:6:5: people.0: 'z' is not an agent") &&
                   Catch::Matchers::Contains("or a member: a, b"));
    CHECK_THAT(error_of(org + "people:\n  - {name: b, style: humble}\n"),
               Catch::Matchers::Contains("people.0: agent 1 ('b') leads no team"));
    CHECK_THAT(error_of(org + "people:\n  - {name: a}\n  - {name: ceo}\n"),
               Catch::Matchers::Contains("people.1: 'ceo' is the same agent as people.0"));
    CHECK_THAT(error_of("organisation: {agents: 50}\npeople:\n  - {name: agent 50}\n"),
               Catch::Matchers::Contains("N in 0 .. 49"));
    CHECK_THAT(error_of(org + "people:\n  - {name: a, ability: 1.5}\n"), Catch::Matchers::Contains("people.0.ability must be in [0, 1]"));
}

TEST_CASE("event targets may name members of an explicit organisation", "[people][events]") {
    const std::string org = "steps: 10\norganisation:\n  members:\n    - {name: a}\n    - {name: b, manager: a}\n    - {name: c, manager: b}\n";
    const ScenarioConfig ok = parse(org + "events:\n  - {week: 2, type: breach, target: b, trustor: c, size: 2}\n"
                                          "  - {week: 3, type: replace_leader, target: team b, style: humble}\n");
    auto sim = testing::make_simulation(ok, 1);
    for (int k = 0; k < 3; ++k) sim->step();
    CHECK(testing::core_run(*sim).state.traits.hire_step[1] == 3);
    CHECK_THROWS_WITH(parse(org + "events:\n  - {week: 2, type: replace_leader, target: team c}\n"),
                      Catch::Matchers::Contains("agent 2 ('c') leads no team"));
}
