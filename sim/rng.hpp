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

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>

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
    edge_sample,  ///< which edges the output samples (output.edge_sample)
};

/// A short-lived stream of draws for one (step, agent, purpose). Cheap to construct; meant to
/// live on the stack inside a per-agent kernel.
class RandomStream {
  public:
    RandomStream(RngKey key, std::uint32_t step, std::uint32_t agent, std::uint32_t purpose,
                 std::uint32_t first_block = 0) noexcept
        : key_{{key.seed, key.replicate}}, counter_{{step, agent, purpose, first_block}} {}

    /// The same stream with its block 0 already computed (sim/first_blocks.hpp, many streams at
    /// once): it draws exactly what the stream above would.
    RandomStream(RngKey key, std::uint32_t step, std::uint32_t agent, std::uint32_t purpose,
                 const std::array<std::uint32_t, 4>& block0) noexcept
        : key_{{key.seed, key.replicate}}, counter_{{step, agent, purpose, 1}},
          buffer_{block0[0], block0[1], block0[2], block0[3]}, next_(0) {}

    /// Uniform double in the open interval (0,1), 32 random bits per draw (four draws per
    /// Philox block). 2^-32 resolution is far finer than any probability the model compares
    /// against, and halves the RNG cost of the per-agent phases compared with 53-bit draws.
    double uniform() noexcept {
        if (next_ >= 4) refill();
        return uniform_from_bits(buffer_[next_++]);
    }

    /// The uniform() that 32 bits of a block give: lets a phase read a draw ahead from a block
    /// it already holds (sim/first_blocks.hpp).
    static double uniform_from_bits(std::uint32_t bits) noexcept { return (static_cast<double>(bits) + 0.5) * 0x1p-32; }

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

    /// Standard normal from one uniform by the inverse CDF (see normal_quantile): one draw per
    /// normal and no trigonometry, about half the cost of Box-Muller.
    double normal() noexcept { return normal_quantile(uniform()); }

    double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

    /// The standard normal quantile Phi^-1(p) for p in (0,1) by Wichura's algorithm AS 241
    /// (Applied Statistics 37, 1988), accurate to about 1e-16. Only its central and intermediate
    /// rational approximations are needed: uniform() never returns p below 2^-33, where
    /// sqrt(-log p) = 4.78 is still inside the intermediate range (<= 5).
    static double normal_quantile(double p) noexcept {
        const double q = p - 0.5;
        if (std::abs(q) <= 0.425) {
            const double r = 0.180625 - q * q;
            const double num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
                                    45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
                                 133.14166789178437745) * r + 3.3871328727963666080);
            const double den = (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r +
                                    21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r +
                                 42.313330701600911252) * r + 1.0);
            return q * num / den;
        }
        const double tail = q < 0 ? p : 1.0 - p;
        const double r = std::sqrt(-std::log(tail)) - 1.6;
        const double num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
                                1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.76949722146069140550) * r +
                             4.63033784615654529590) * r + 1.42343711074968357734);
        const double den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
                                1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940) * r +
                             2.05319162663775882187) * r + 1.0);
        const double value = num / den;
        return q < 0 ? -value : value;
    }

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

    /// Beta(a, b) as x / (x + y) of two gamma draws. Shapes far below 1 (a Beta trait whose sd is
    /// close to its largest, sqrt(m (1 - m))) can make both draws underflow to 0, where the ratio
    /// is 0/0: the draws are then compared in log space, and when even those are beyond a double
    /// (shapes near the smallest double) the draw is the limit distribution, Bernoulli(a/(a+b)).
    double beta(double a, double b) noexcept {
        const double x = gamma(a);
        const double y = gamma(b);
        if (x + y > 0) return x / (x + y);
        const double log_x = log_gamma(a);
        const double log_y = log_gamma(b);
        if (std::isinf(log_x) && std::isinf(log_y)) return bernoulli(a / (a + b)) ? 1.0 : 0.0;
        return 1.0 / (1.0 + std::exp(log_y - log_x));
    }

    /// The log of a Gamma(shape, 1) draw, finite where the draw itself underflows (shape < 1).
    double log_gamma(double shape) noexcept {
        if (shape >= 1.0) return std::log(gamma(shape));
        return std::log(gamma(shape + 1.0)) + std::log(uniform()) / shape;
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
};

/// Beta(a, b) parameters from a mean and standard deviation (method of moments).
struct BetaParameters {
    double a;
    double b;
};
/// The concentration a + b is kept within [DBL_MIN, 10^15]. Above 10^15 the sd is below 10^-7.5
/// of its largest value, finer than the float the draw is stored in, and larger concentrations
/// (an sd whose square underflows gives an infinite one) would overflow the gamma draws; at or
/// below 0 (an sd that rounds to sqrt(m (1 - m)) itself) the Beta is at its Bernoulli limit, which
/// the smallest positive concentration stands for. Valid, ordinary values are never clamped.
inline BetaParameters beta_from_mean_sd(double mean, double sd) noexcept {
    const double concentration = std::clamp(mean * (1.0 - mean) / (sd * sd) - 1.0, DBL_MIN, 1e15);
    return {mean * concentration, (1.0 - mean) * concentration};
}

}  // namespace trustsim
