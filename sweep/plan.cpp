#include "sweep/plan.hpp"

#include "sim/rng.hpp"
#include "sweep/design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace trustsim::sweep {
namespace {

std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

/// The value of a continuous factor at unit coordinate u in [0,1].
double continuous_value(const Factor& f, double u) {
    u = std::clamp(u, 0.0, 1.0);
    double x = 0;
    switch (f.distribution) {
        case Distribution::uniform: x = f.lo + u * (f.hi - f.lo); break;
        case Distribution::loguniform: x = std::exp(std::log(f.lo) + u * (std::log(f.hi) - std::log(f.lo))); break;
        case Distribution::normal: {
            const double a = normal_cdf((f.lo - f.mean) / f.sd), b = normal_cdf((f.hi - f.mean) / f.sd);
            const double p = std::clamp(a + u * (b - a), 1e-300, 1.0 - 1e-16);
            x = f.mean + f.sd * RandomStream::normal_quantile(p);
            break;
        }
        case Distribution::triangular: {
            const double width = f.hi - f.lo, peak = (f.mode - f.lo) / width;
            x = u < peak ? f.lo + std::sqrt(u * width * (f.mode - f.lo))
                         : f.hi - std::sqrt((1 - u) * width * (f.hi - f.mode));
            break;
        }
    }
    return std::clamp(x, f.lo, f.hi);
}

std::string value_text(const Factor& f, double x) {
    if (f.kind == ParameterKind::integer) return std::to_string(static_cast<long long>(std::llround(x)));
    return format_number(x);
}

std::string unit_value(const Factor& f, double u) {
    if (f.categorical()) {
        const auto levels = f.levels.size();
        const auto k = std::min<std::size_t>(levels - 1, static_cast<std::size_t>(std::max(0.0, u) * static_cast<double>(levels)));
        return f.levels[k];
    }
    return value_text(f, continuous_value(f, u));
}

std::vector<std::string> grid_values(const Factor& f) {
    if (f.categorical()) return f.levels;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < f.grid_points; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(f.grid_points - 1);
        values.push_back(value_text(f, i + 1 == f.grid_points ? f.hi : f.lo + t * (f.hi - f.lo)));
    }
    return values;
}

struct DesignRows {
    std::vector<std::vector<std::string>> values;
    std::vector<std::string> tag_names;
    std::vector<std::vector<std::int64_t>> tags;  // per row
    std::vector<std::string> row_origin;          // for messages: "design point 7" or "table.csv:9"
};

DesignRows from_unit(const SweepPlan& plan, const UnitDesign& design) {
    DesignRows rows;
    rows.tag_names = design.tag_names;
    for (std::size_t r = 0; r < design.rows(); ++r) {
        std::vector<std::string> values;
        for (std::size_t f = 0; f < plan.factors.size(); ++f) values.push_back(unit_value(plan.factors[f], design.at(r, f)));
        rows.values.push_back(std::move(values));
        std::vector<std::int64_t> tags;
        for (const auto& column : design.tag_values) tags.push_back(column[r]);
        rows.tags.push_back(std::move(tags));
    }
    return rows;
}

DesignRows design_rows(SweepPlan& plan) {
    const SweepSpec& spec = plan.spec;
    const std::size_t k = plan.factors.size();
    // Random designs draw from their own seed, derived from the master seed, so that changing
    // the master seed gives a new design as well as new run streams. Saltelli's base points are
    // the deterministic Sobol' sequence: the master seed changes only its runs' streams.
    const std::uint64_t design_seed = splitmix64(spec.seed ^ 0x5d1e5e5d1e5e5dULL);
    try {
        switch (spec.design) {
            case DesignKind::grid: {
                DesignRows rows;
                std::vector<std::vector<std::string>> levels;
                std::vector<std::size_t> counts;
                for (const Factor& f : plan.factors) {
                    levels.push_back(grid_values(f));
                    counts.push_back(levels.back().size());
                }
                for (const auto& combination : full_grid(counts)) {
                    std::vector<std::string> values;
                    for (std::size_t f = 0; f < k; ++f) values.push_back(levels[f][combination[f]]);
                    rows.values.push_back(std::move(values));
                    rows.tags.emplace_back();
                }
                return rows;
            }
            case DesignKind::random: return from_unit(plan, random_design(spec.samples, k, design_seed));
            case DesignKind::lhs: return from_unit(plan, latin_hypercube(spec.samples, k, design_seed));
            case DesignKind::saltelli: return from_unit(plan, saltelli(spec.samples, k, 0));
            case DesignKind::morris: return from_unit(plan, morris(spec.samples, k, spec.morris_levels, design_seed));
            case DesignKind::table: {
                DesignRows rows;
                const DesignTable table = read_design_table(spec.table_path);
                for (std::size_t r = 0; r < table.rows.size(); ++r) {
                    rows.values.push_back(table.rows[r]);
                    rows.tags.emplace_back();
                    rows.row_origin.push_back(spec.table_path + ":" + std::to_string(table.row_lines[r]));
                }
                return rows;
            }
        }
    } catch (const std::invalid_argument& e) {
        throw ConfigError(spec.source + ": design " + design_name(spec.design) + ": " + e.what());
    } catch (const ConfigError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw ConfigError(e.what());
    }
    return {};
}

void add_table_factors(SweepPlan& plan, const ConfigVocabulary& vocabulary) {
    const DesignTable table = read_design_table(plan.spec.table_path);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const std::string& column = table.columns[c];
        const std::optional<ParameterInfo> parameter = find_parameter(column, vocabulary);
        const std::string where = plan.spec.table_path + ":1:" + std::to_string(c + 1);
        if (!parameter || parameter->kind == ParameterKind::list || parameter->kind == ParameterKind::model ||
            parameter->kind == ParameterKind::text) {
            throw ConfigError(where + ": column '" + column + "' is not a scenario parameter a sweep can set" +
                              " (docs/config-reference.md lists them)");
        }
        for (const ConfigOverride& fixed : plan.spec.fixed) {
            if (fixed.path == column) throw ConfigError(where + ": '" + column + "' is both a table column and fixed under set:");
        }
        Factor f;
        f.path = f.name = column;
        f.where = where;
        f.kind = parameter->kind;
        plan.factors.push_back(std::move(f));
    }
}

std::vector<ConfigOverride> run_overrides(const SweepPlan& plan, const PlannedRun& run, const std::string& origin) {
    std::vector<ConfigOverride> overrides = plan.spec.fixed;
    for (std::size_t f = 0; f < plan.factors.size(); ++f) {
        overrides.push_back({plan.factors[f].path, run.values[f], origin + " (" + plan.factors[f].name + " = " + run.values[f] + ")"});
    }
    overrides.push_back({"seed", std::to_string(run.seed), origin + " (derived seed)"});
    overrides.push_back({"replicate", std::to_string(run.replicate), origin + " (replicate)"});
    return overrides;
}

}  // namespace

std::string format_number(double x) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

std::uint32_t derive_seed(std::uint64_t master_seed, std::uint64_t point) noexcept {
    return static_cast<std::uint32_t>(splitmix64(splitmix64(master_seed) ^ splitmix64(point + 0x632be59bd9b4e019ULL)) >> 32);
}

double factor_number(const std::string& value) {
    double x = 0;
    const auto r = std::from_chars(value.data(), value.data() + value.size(), x);
    if (r.ec == std::errc() && r.ptr == value.data() + value.size()) return x;
    if (value == "true") return 1;
    if (value == "false") return 0;
    return std::nan("");
}

std::uint64_t planned_runs(const SweepSpec& spec) {
    constexpr std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();
    const auto times = [](std::uint64_t a, std::uint64_t b) { return b != 0 && a > saturated / b ? saturated : a * b; };
    const std::uint64_t k = spec.factors.size();
    std::uint64_t points = 0;
    switch (spec.design) {
        case DesignKind::grid:
            points = spec.factors.empty() ? 0 : 1;
            for (const Factor& f : spec.factors) points = times(points, f.categorical() ? f.levels.size() : f.grid_points);
            break;
        case DesignKind::random:
        case DesignKind::lhs: points = spec.samples; break;
        case DesignKind::saltelli: points = times(spec.samples, k + 2); break;
        case DesignKind::morris: points = times(spec.samples, k + 1); break;
        case DesignKind::table:
            try {
                points = read_design_table(spec.table_path).rows.size();
            } catch (const std::runtime_error& e) {
                throw ConfigError(e.what());
            }
            break;
    }
    return times(points, spec.replicates);
}

SweepPlan expand_plan(SweepSpec spec, const ConfigVocabulary& vocabulary) {
    if (const std::uint64_t runs = planned_runs(spec); runs > max_planned_runs) {
        throw ConfigError(spec.source + ": the sweep has " +
                          (runs == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 2^64")
                                                                              : std::to_string(runs)) +
                          " runs (design points x replicates); at most " + std::to_string(max_planned_runs) +
                          " are planned at once: split it into several sweep files");
    }
    SweepPlan plan;
    plan.spec = std::move(spec);
    if (plan.spec.design == DesignKind::table) {
        add_table_factors(plan, vocabulary);
    } else {
        plan.factors = plan.spec.factors;
    }
    DesignRows rows = design_rows(plan);
    plan.tag_names = rows.tag_names;
    plan.points = rows.values.size();
    if (plan.points == 0) throw ConfigError(plan.spec.source + ": the design has no points");
    const std::uint32_t replicates = plan.spec.replicates;
    plan.runs.reserve(plan.points * replicates);
    for (std::uint64_t p = 0; p < plan.points; ++p) {
        PlannedRun first;
        first.point = p;
        first.seed = derive_seed(plan.spec.seed, p);
        first.values = std::move(rows.values[p]);
        first.tags = std::move(rows.tags[p]);
        // One parse per point: its replicates differ only in the replicate index.
        const std::string origin = p < rows.row_origin.size() ? rows.row_origin[p]
                                                              : plan.spec.source + ": design point " + std::to_string(p);
        const ScenarioConfig config =
            parse_scenario(plan.spec.scenario_text, plan.spec.scenario_path, run_overrides(plan, first, origin), vocabulary);
        if (config.organisation.agents > plan.largest_agents) {
            plan.largest_agents = config.organisation.agents;
            plan.largest_points.clear();
        }
        if (config.organisation.agents == plan.largest_agents && plan.largest_points.size() < max_largest_points) {
            plan.largest_points.push_back(p);
        }
        for (std::uint32_t r = 0; r < replicates; ++r) {
            PlannedRun run = first;
            run.replicate = r;
            run.index = p * replicates + r;
            plan.runs.push_back(std::move(run));
        }
    }
    return plan;
}

ScenarioConfig resolve_run_scenario(const SweepPlan& plan, const PlannedRun& run, const ConfigVocabulary& vocabulary) {
    ScenarioConfig config = parse_scenario(plan.spec.scenario_text, plan.spec.scenario_path,
                                           run_overrides(plan, run, "run " + std::to_string(run.index)), vocabulary);
    config.name = plan.spec.name + "-run" + std::to_string(run.index);
    return config;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string plan_csv_header(const SweepPlan& plan) {
    std::string csv = "run,point,replicate,seed";
    for (const Factor& f : plan.factors) csv.append(",").append(csv_field(f.name));
    for (const std::string& tag : plan.tag_names) csv.append(",").append(tag);
    return csv;
}

std::string plan_csv_row(const PlannedRun& run) {
    std::string csv = std::to_string(run.index);
    csv.append(",").append(std::to_string(run.point)).append(",").append(std::to_string(run.replicate));
    csv.append(",").append(std::to_string(run.seed));
    for (const std::string& value : run.values) csv.append(",").append(csv_field(value));
    for (const std::int64_t tag : run.tags) csv.append(",").append(std::to_string(tag));
    return csv;
}

std::string plan_csv(const SweepPlan& plan) {
    std::string csv = plan_csv_header(plan) + "\n";
    for (const PlannedRun& run : plan.runs) csv.append(plan_csv_row(run)).append("\n");
    return csv;
}

}  // namespace trustsim::sweep
