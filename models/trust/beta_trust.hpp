// Two-facet Beta trust (spec A.3): expectations, the composite, priors and forgetting.
// Header-only because these run inside the per-edge loop and must inline.
#pragma once

#include "models/trust/parameters.hpp"
#include "sim/trust_network.hpp"

#include <algorithm>
#include <cmath>

namespace trustsim::core {

/// Beta evidence on the two facets of i's trust in j (spec A.3), one per edge of the network.
/// The four floats are updated together, so they sit together (array of structs, four edges per
/// cache line) rather than in four columns.
struct Evidence {
    float alpha_competence;
    float beta_competence;
    float alpha_character;
    float beta_character;
};

/// Evidence to add to one edge in one week (A.3 table), before forgetting.
struct EvidenceDelta {
    float competence_gain = 0;
    float competence_loss = 0;
    float character_gain = 0;
    float character_loss = 0;

    EvidenceDelta& add_scaled(const EvidenceDelta& other, float weight) noexcept {
        competence_gain += weight * other.competence_gain;
        competence_loss += weight * other.competence_loss;
        character_gain += weight * other.character_gain;
        character_loss += weight * other.character_loss;
        return *this;
    }
};

inline float competence_expectation(const Evidence& e) noexcept {
    return e.alpha_competence / (e.alpha_competence + e.beta_competence);
}
inline float character_expectation(const Evidence& e) noexcept {
    return e.alpha_character / (e.alpha_character + e.beta_character);
}

/// Composite willingness to be vulnerable t = tau_c^w_c * tau_h^w_h. The default equal weights of
/// 1/2 take the sqrt path, which is both faster and exact to the last bit on every platform.
class CompositeTrust {
  public:
    explicit CompositeTrust(const TrustConfig& trust)
        : competence_weight_(static_cast<float>(trust.competence_weight)),
          character_weight_(static_cast<float>(trust.character_weight)),
          geometric_mean_(trust.competence_weight == 0.5 && trust.character_weight == 0.5) {}

    float operator()(float competence, float character) const noexcept {
        if (geometric_mean_) return std::sqrt(competence * character);
        return std::pow(competence, competence_weight_) * std::pow(character, character_weight_);
    }
    float operator()(const Evidence& e) const noexcept {
        return (*this)(competence_expectation(e), character_expectation(e));
    }

    /// A score that orders edges exactly as t * tau_c does (the help target rule). With equal
    /// weights t * tau_c = sqrt(tau_c^3 tau_h), and sqrt is monotone, so the square is compared
    /// instead and the per-edge sqrt is saved.
    float help_score(const Evidence& e) const noexcept {
        const float competence = competence_expectation(e);
        const float character = character_expectation(e);
        if (geometric_mean_) return competence * competence * competence * character;
        return (*this)(competence, character) * competence;
    }

  private:
    float competence_weight_;
    float character_weight_;
    bool geometric_mean_;
};

/// Prior of a new relationship: both facets share the mean p0 (model-choices "Traits and
/// priors"); swift trust raises the mean to at least p_sw and uses fewer pseudo-counts.
struct Prior {
    float alpha;
    float beta;
};

class PriorRule {
  public:
    explicit PriorRule(const TrustConfig& trust)
        : swift_(trust.mode == TrustMode::swift),
          strength_(static_cast<float>(swift_ ? trust.prior_strength_swift : trust.prior_strength_slow)),
          swift_floor_(static_cast<float>(trust.swift_floor)) {}

    /// `mean` is the trustor's p0: its propensity, or max(propensity, trust_first) toward its
    /// own reports.
    Prior operator()(float mean) const noexcept {
        const float p = swift_ ? std::max(mean, swift_floor_) : mean;
        return {strength_ * p, strength_ * (1.0f - p)};
    }

    Evidence evidence(float mean) const noexcept {
        const Prior prior = (*this)(mean);
        return {prior.alpha, prior.beta, prior.alpha, prior.beta};
    }

  private:
    bool swift_;
    float strength_;
    float swift_floor_;
};

/// Adds a week's evidence, then forgets toward the prior:
/// x <- lambda*(x + delta) + (1-lambda)*x0 for each of the four counts.
inline void update_evidence(Evidence& e, const EvidenceDelta& d, Prior prior, float forgetting) noexcept {
    const float keep = forgetting;
    const float alpha_pull = (1.0f - forgetting) * prior.alpha;
    const float beta_pull = (1.0f - forgetting) * prior.beta;
    e.alpha_competence = keep * (e.alpha_competence + d.competence_gain) + alpha_pull;
    e.beta_competence = keep * (e.beta_competence + d.competence_loss) + beta_pull;
    e.alpha_character = keep * (e.alpha_character + d.character_gain) + alpha_pull;
    e.beta_character = keep * (e.beta_character + d.character_loss) + beta_pull;
}

}  // namespace trustsim::core
