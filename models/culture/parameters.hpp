// The culture section of a scenario: spec A.4 chi beyond one org-wide constant (the optional
// "chi culture" module of spec (c) 5). Power distance varies across units (subcultures), lowers
// error reporting and help-seeking upward, and managers' styles scatter around the drawn preset
// (docs/MODEL.md, "Culture").
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <string>

namespace trustsim {

struct LeadershipConfig;

struct CultureConfig {
    bool enabled = false;               ///< off by default, as the spec makes it optional
    double subculture_sd = 0.1;         ///< sd of a unit's chi_u ~ Beta(mean chi_org, sd); [0, 0.5)
    std::uint32_t unit_depth = 1;       ///< units are the subtrees rooted at this depth (1: the CEO's reports); [1, 64]
    double report_power_distance = 1.0;       ///< r3 of p_rep = logistic(r0 + r1 psi + r2 t - r3 chi_i); any
    double upward_help_power_distance = 1.0;  ///< h3: -h3 chi_i in p_ask when the helper sits above the asker; any
    double style_sd = 0.0;              ///< sd of each manager's style dimensions around its drawn style; [0, 1]
    std::string where;                  ///< where the section was written, for check_culture's message

    /// The sd the styles are scattered with (0 when the module is off).
    double style_scatter() const { return enabled ? style_sd : 0.0; }
    /// Whether two settings draw the same manager styles (a checkpoint branch redraws otherwise).
    bool same_styles(const CultureConfig& o) const { return style_scatter() == o.style_scatter(); }
};

void visit(SchemaVisitor& v, CultureConfig& c);

/// The checks across sections: a unit's Beta(mean chi_org, sd) must exist, i.e. sd^2 <
/// chi_org (1 - chi_org) (or sd = 0). Throws ConfigError naming where `culture` was written.
void check_culture(const CultureConfig& culture, const LeadershipConfig& leadership);

}  // namespace trustsim
