// The headline comparison (spec F4c, issue 2): on the default scenario, humble leadership gives
// higher trust in managers and higher psychological safety at week 52 than infallible
// leadership, seed by seed over 10 seeds.
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;

TEST_CASE("humble beats infallible on trust in managers and psychological safety at week 52", "[F4][leadership]") {
    double humble_trust = 0, infallible_trust = 0, humble_safety = 0, infallible_safety = 0;
    int trust_wins = 0, safety_wins = 0;
    const int seeds = 10;
    for (int seed = 1; seed <= seeds; ++seed) {
        auto humble = testing::make_simulation(testing::scenario(2000, 52, "humble", static_cast<std::uint64_t>(seed)));
        auto infallible = testing::make_simulation(testing::scenario(2000, 52, "infallible", static_cast<std::uint64_t>(seed)));
        for (int week = 0; week < 52; ++week) {
            humble->step();
            infallible->step();
        }
        const double ht = testing::org_metric(*humble, "trust_in_manager");
        const double it = testing::org_metric(*infallible, "trust_in_manager");
        const double hs = testing::org_metric(*humble, "psychological_safety");
        const double is = testing::org_metric(*infallible, "psychological_safety");
        humble_trust += ht;
        infallible_trust += it;
        humble_safety += hs;
        infallible_safety += is;
        trust_wins += ht > it ? 1 : 0;
        safety_wins += hs > is ? 1 : 0;
    }
    INFO("mean trust in manager: humble " << humble_trust / seeds << ", infallible " << infallible_trust / seeds);
    INFO("mean psychological safety: humble " << humble_safety / seeds << ", infallible " << infallible_safety / seeds);
    CHECK(humble_trust > infallible_trust);
    CHECK(humble_safety > infallible_safety);
    CHECK(trust_wins == seeds);
    CHECK(safety_wins == seeds);
}
