// Counter-based randomness: every draw is a pure function of
//   key     = (seed, replicate)
//   counter = (step, agent, purpose, draw index)
// using Random123's Philox4x32-10. No generator state lives in a thread, a slot or a global, so
// the same draws come out whatever the thread count or iteration order, and adding a draw for
// one purpose never shifts the draws of another. Purposes are small integers; each model keeps
// its own named enum of them (see models/core/purposes.hpp) and the engine reserves
// `engine_purpose_base` and above.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace trustsim {

using AgentIndex = std::uint32_t;
using EdgeIndex = std::uint32_t;

struct RngKey {
    std::uint32_t seed = 0;
    std::uint32_t replicate = 0;
};

/// Purposes the engine itself draws for; models use values below this.
inline constexpr std::uint32_t engine_purpose_base = 0x10000;
enum class EnginePurpose : std::uint32_t {
    lateral_wiring = engine_purpose_base,
};

/// A short-lived stream of draws for one (step, agent, purpose). Cheap to construct; meant to
/// live on the stack inside a per-agent kernel.
class RandomStream {
  public:
    RandomStream(RngKey key, std::uint32_t step, std::uint32_t agent, std::uint32_t purpose,
                 std::uint32_t first_block = 0) noexcept
        : key_{{key.seed, key.replicate}}, counter_{{step, agent, purpose, first_block}} {}

    /// Uniform double in the open interval (0,1), 32 random bits per draw (four draws per
    /// Philox block). 2^-32 resolution is far finer than any probability the model compares
    /// against, and halves the RNG cost of the per-agent phases compared with 53-bit draws.
    double uniform() noexcept {
        if (next_ >= 4) refill();
        return (static_cast<double>(buffer_[next_++]) + 0.5) * 0x1p-32;
    }

    bool bernoulli(double p) noexcept { return uniform() < p; }

    /// Uniform double in [0,1) with 53 random bits (two 32-bit draws).
    double uniform53() noexcept {
        if (next_ >= 3) refill();
        const std::uint64_t high = buffer_[next_++];
        const std::uint64_t low = buffer_[next_++];
        return static_cast<double>(((high << 32) | low) >> 11) * 0x1p-53;
    }

    /// Uniform integer in [0, n), n > 0, by scaling a 53-bit uniform: the bias is about n/2^53,
    /// undetectable even when n is the size of a 10^9-agent organisation.
    std::uint32_t below(std::uint32_t n) noexcept {
        return static_cast<std::uint32_t>(uniform53() * static_cast<double>(n));
    }

    /// Standard normal by Box-Muller (both values used).
    double normal() noexcept {
        if (has_spare_normal_) {
            has_spare_normal_ = false;
            return spare_normal_;
        }
        const double u1 = uniform();  // never 0: log is finite
        const double u2 = uniform();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        const double angle = 2.0 * std::numbers::pi * u2;
        spare_normal_ = radius * std::sin(angle);
        has_spare_normal_ = true;
        return radius * std::cos(angle);
    }

    double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost.
    double gamma(double shape) noexcept {
        if (shape < 1.0) {
            const double boost = std::pow(uniform(), 1.0 / shape);
            return gamma(shape + 1.0) * boost;
        }
        const double d = shape - 1.0 / 3.0;
        const double c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0, v = 0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniform();
            if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
            if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
        }
    }

    double beta(double a, double b) noexcept {
        const double x = gamma(a);
        const double y = gamma(b);
        return x / (x + y);
    }

    /// Binomial(n, p) by summing Bernoulli draws: n is a small count of hidden errors here.
    std::uint32_t binomial(std::uint32_t n, double p) noexcept {
        std::uint32_t k = 0;
        for (std::uint32_t i = 0; i < n; ++i) k += bernoulli(p) ? 1u : 0u;
        return k;
    }

  private:
    void refill() noexcept {
        const auto bits = r123::Philox4x32{}(counter_, key_);
        ++counter_.v[3];
        for (int k = 0; k < 4; ++k) buffer_[k] = bits.v[k];
        next_ = 0;
    }

    r123::Philox4x32::key_type key_;
    r123::Philox4x32::ctr_type counter_;
    std::uint32_t buffer_[4] = {0, 0, 0, 0};
    int next_ = 4;
    bool has_spare_normal_ = false;
    double spare_normal_ = 0;
};

/// Beta(a, b) parameters from a mean and standard deviation (method of moments).
struct BetaParameters {
    double a;
    double b;
};
inline BetaParameters beta_from_mean_sd(double mean, double sd) noexcept {
    const double concentration = mean * (1.0 - mean) / (sd * sd) - 1.0;
    return {mean * concentration, (1.0 - mean) * concentration};
}

}  // namespace trustsim
