#include "models/culture/parameters.hpp"

#include "models/leadership/parameters.hpp"
#include "sim/config.hpp"

#include <cmath>

namespace trustsim {

void visit(SchemaVisitor& v, CultureConfig& c) {
    c.where = v.location();
    v.field("enabled", c.enabled);
    // 0.5 is the largest sd any distribution on [0, 1] can have; check_culture checks it against the mean.
    v.field("subculture_sd", c.subculture_sd, Range{0, 0.5, false, true, "a Beta on [0, 1] has sd < 0.5"});
    v.field("unit_depth", c.unit_depth, IntRange{1, 64});
    v.field("report_power_distance", c.report_power_distance, Range::any());
    v.field("upward_help_power_distance", c.upward_help_power_distance, Range::any());
    v.field("style_sd", c.style_sd, Range::unit());
}

void check_culture(const CultureConfig& culture, const LeadershipConfig& leadership) {
    if (!culture.enabled || culture.subculture_sd == 0) return;
    const double mean = leadership.omniscience_expectation;
    const double largest = std::sqrt(mean * (1.0 - mean));
    if (culture.subculture_sd < largest) return;
    throw ConfigError((culture.where.empty() ? std::string("culture") : culture.where) +
                      ": culture.subculture_sd = " + format_exact(culture.subculture_sd) +
                      " is too large for a Beta with mean leadership.omniscience_expectation = " + format_exact(mean) +
                      ": it must be below sqrt(m (1 - m)) = " + format_exact(largest) + " (or 0)");
}

}  // namespace trustsim
