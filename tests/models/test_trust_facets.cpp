// Two-facet Beta trust (spec A.3) and stylised fact F1: trust builds slowly and breaks quickly.
#include "models/trust/beta_trust.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace trustsim;
using namespace trustsim::core;

namespace {
constexpr float no_forgetting = 1.0f;
const Prior unused_prior{0, 0};
}  // namespace

TEST_CASE("F1: one breach outweighs one kept promise, and takes at least three to undo", "[F1][trust]") {
    const TrustConfig config;  // g+_h = 1, g-_h = 2.6 (calibrated; the spec's 3 gives the same verdicts)
    // tau_h = 0.6 held by 10 pseudo-counts (alpha = 6, beta = 4); competence fixed at 0.6 too.
    const Evidence start{6, 4, 6, 4};
    const CompositeTrust composite(config);
    const float t0 = composite(start);

    Evidence after_breach = start;
    update_evidence(after_breach, {0, 0, 0, static_cast<float>(config.broken_loss)}, unused_prior, no_forgetting);
    Evidence after_kept = start;
    update_evidence(after_kept, {0, 0, static_cast<float>(config.kept_gain), 0}, unused_prior, no_forgetting);

    // On the character facet itself: 6/(10 + g-_h) vs 7/11.
    const double facet_drop = 0.6 - character_expectation(after_breach);
    const double facet_rise = character_expectation(after_kept) - 0.6;
    CHECK(facet_drop == Approx(0.6 - 6.0 / (10.0 + config.broken_loss)).epsilon(1e-6));
    CHECK(facet_rise == Approx(7.0 / 11.0 - 0.6).epsilon(1e-6));
    CHECK(facet_drop / facet_rise >= 2.0);
    CHECK(facet_drop / facet_rise <= 5.0);

    // On the composite t the same holds.
    const double drop = t0 - composite(after_breach);
    const double rise = composite(after_kept) - t0;
    CHECK(drop / rise >= 2.0);
    CHECK(drop / rise <= 5.0);

    int kept_needed = 0;
    Evidence repairing = after_breach;
    while (character_expectation(repairing) < 0.6f && kept_needed < 100) {
        update_evidence(repairing, {0, 0, 1, 0}, unused_prior, no_forgetting);
        ++kept_needed;
    }
    // (6 + k) / (10 + g-_h + k) >= 0.6  <=>  k >= 1.5 g-_h: 4 kept promises at g-_h = 2.6
    CHECK(kept_needed == static_cast<int>(std::ceil(1.5 * config.broken_loss)));
    CHECK(kept_needed >= 3);
}

TEST_CASE("forgetting decays evidence geometrically toward the prior", "[trust]") {
    const Prior prior{2.2f, 1.8f};
    Evidence e{10, 1, 1, 10};
    const float lambda = 0.98f;
    for (int week = 0; week < 34; ++week) update_evidence(e, {}, prior, lambda);
    const double remaining = std::pow(0.98, 34);  // about one half: the 34-week half-life of A.3
    CHECK(e.alpha_competence == Approx(2.2 + remaining * (10 - 2.2)).epsilon(1e-4));
    CHECK(e.beta_character == Approx(1.8 + remaining * (10 - 1.8)).epsilon(1e-4));
    CHECK(remaining == Approx(0.5).margin(0.01));
}

TEST_CASE("slow and swift priors", "[trust]") {
    TrustConfig slow;  // n0 = 6.26 (calibrated)
    const Prior p = PriorRule(slow)(0.55f);
    CHECK(p.alpha == Approx(6.26 * 0.55));
    CHECK(p.beta == Approx(6.26 * 0.45));

    TrustConfig swift;
    swift.mode = TrustMode::swift;
    const Prior low = PriorRule(swift)(0.55f);  // raised to p_sw = 0.7 with n0' = 2
    CHECK(low.alpha == Approx(1.4));
    CHECK(low.beta == Approx(0.6));
    const Prior high = PriorRule(swift)(0.9f);
    CHECK(high.alpha == Approx(1.8));

    // Fewer pseudo-counts make swift trust move faster on the same evidence (F6 mechanism).
    Evidence slow_edge = PriorRule(slow).evidence(0.7f);
    Evidence swift_edge = PriorRule(swift).evidence(0.7f);
    update_evidence(slow_edge, {0, 0, 0, 3}, {}, 1.0f);
    update_evidence(swift_edge, {0, 0, 0, 3}, {}, 1.0f);
    CHECK(character_expectation(swift_edge) < character_expectation(slow_edge));
}

TEST_CASE("the composite caps trust at the weaker facet", "[trust]") {
    const CompositeTrust equal(TrustConfig{});
    CHECK(equal(0.81f, 0.25f) == Approx(0.45f));
    CHECK(equal(0.9f, 0.1f) < 0.5f * (0.9f + 0.1f));
    TrustConfig weighted;
    weighted.competence_weight = 1.0;
    weighted.character_weight = 2.0;
    CHECK(CompositeTrust(weighted)(0.5f, 0.5f) == Approx(0.125f));
}
