// Sweep YAML -> SweepSpec. Like sim/config.cpp for scenarios, this is the only place the sweep
// format meets yaml-cpp; everything after it works on the typed SweepSpec.
//
// Checks made here, each reported at the offending node's file:line:col: unknown keys (with the
// valid ones), types, the design's sizes, factor paths against the scenario schema
// (scenario_parameters()), ranges against each parameter's valid range, and every categorical
// level and both ends of every range by parsing the scenario with that value set. What can only
// be known per run (a combination of values that breaks a cross-field rule) is checked when the
// plan is expanded, before anything runs.
#include "sweep/sweep_spec.hpp"

#include "sim/yaml_document.hpp"
#include "sweep/plan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <unordered_set>

namespace trustsim::sweep {
namespace {

std::string read_text(const std::string& path, const std::string& what) { return read_yaml_file(path, what); }

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

/// A YAML map read strictly: every key must be asked for, and finish() rejects the rest.
class MapReader {
  public:
    MapReader(const std::string& source, std::string path, const YAML::Node& node)
        : source_(source), path_(std::move(path)), node_(node) {
        if (!node.IsMap()) fail(node, (path_.empty() ? "the sweep file" : path_) + " must be a map of settings");
        for (const auto& kv : node) {
            if (!kv.first.IsScalar()) fail(kv.first, "keys must be plain names");
            const std::string key = kv.first.Scalar();
            if (!seen_.insert(key).second) fail(kv.first, "duplicate key '" + qualified(key) + "'");
            keys_.emplace_back(key, kv.first);
        }
    }

    std::string where(const YAML::Node& node) const {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null()) return source_;
        return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        throw ConfigError(where(node) + ": " + message);
    }
    std::string qualified(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    const YAML::Node& node() const { return node_; }

    /// The value under `key`, or an undefined node (false in a condition); records `key` as valid.
    YAML::Node get(const std::string& key) {
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
        for (const auto& kv : node_) {
            if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
        }
        const YAML::Node& lookup = node_;  // the const operator[] does not insert the key
        return lookup[key];
    }
    bool has(const std::string& key) {
        return std::any_of(keys_.begin(), keys_.end(), [&](const auto& k) { return k.first == key; });
    }
    YAML::Node require(const std::string& key, const std::string& what) {
        YAML::Node value = get(key);
        if (!value || value.IsNull()) fail(node_, qualified(key) + " is required: " + what);
        return value;
    }

    std::string text(const YAML::Node& value, const std::string& key) const {
        if (!value.IsScalar()) fail(value, qualified(key) + ": expected a single value, got " + kind(value));
        return value.Scalar();
    }
    double number(const YAML::Node& value, const std::string& key) const {
        const std::string t = text(value, key);
        double x = 0;
        const auto r = std::from_chars(t.data(), t.data() + t.size(), x);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(x))
            fail(value, qualified(key) + ": expected a finite number, got '" + t + "'");
        return x;
    }
    std::uint64_t integer(const YAML::Node& value, const std::string& key, std::uint64_t lo, std::uint64_t hi) const {
        const std::string t = text(value, key);
        std::uint64_t x = 0;
        const auto r = std::from_chars(t.data(), t.data() + t.size(), x);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size() || x < lo || x > hi)
            fail(value, qualified(key) + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                            "], got '" + t + "'");
        return x;
    }
    bool boolean(const YAML::Node& value, const std::string& key) const {
        bool b = false;
        if (!value.IsScalar() || !YAML::convert<bool>::decode(value, b))
            fail(value, qualified(key) + ": expected true or false");
        return b;
    }

    static std::string kind(const YAML::Node& n) {
        if (n.IsMap()) return "a map";
        if (n.IsSequence()) return "a list";
        if (n.IsNull()) return "nothing";
        return "'" + n.Scalar() + "'";
    }

    /// Declares every valid key up front and rejects the others now, so that a misspelt key is
    /// reported as such rather than as the required key it was meant to be.
    void allow(std::initializer_list<const char*> keys) {
        for (const char* key : keys) known_.emplace_back(key);
        finish();
    }

    void finish() const {
        for (const auto& [key, key_node] : keys_) {
            if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
            fail(key_node, "unknown key '" + qualified(key) + "'; valid keys" +
                               (path_.empty() ? "" : " in '" + path_ + "'") + ": " + join_names(known_));
        }
    }

  private:
    const std::string& source_;
    std::string path_;
    YAML::Node node_;
    std::vector<std::pair<std::string, YAML::Node>> keys_;
    std::unordered_set<std::string> seen_;  // duplicate check in linear time
    std::vector<std::string> known_;
};

/// Parses the base scenario with `extra` set on top, so a value is checked exactly as a run
/// would check it; a failure is reported at `where` with the scenario's own message.
void check_scenario_accepts(const SweepSpec& spec, std::vector<ConfigOverride> extra, const ConfigVocabulary& vocabulary,
                            const std::string& where) {
    std::vector<ConfigOverride> overrides = spec.fixed;
    for (ConfigOverride& o : extra) {
        o.origin = where;
        overrides.push_back(std::move(o));
    }
    parse_scenario(spec.scenario_text, spec.scenario_path, overrides, vocabulary);
}

DesignKind read_design(MapReader& top, SweepSpec& spec) {
    const YAML::Node node = top.require("design", "a map such as {type: lhs, samples: 20}");
    MapReader design(spec.source, "design", node);
    design.allow({"type", "samples", "trajectories", "levels", "file"});
    const YAML::Node type = design.require("type", "one of grid, random, lhs, saltelli, morris, table");
    const std::string name = design.text(type, "type");
    static const std::pair<const char*, DesignKind> kinds[] = {
        {"grid", DesignKind::grid},         {"random", DesignKind::random}, {"lhs", DesignKind::lhs},
        {"saltelli", DesignKind::saltelli}, {"morris", DesignKind::morris}, {"table", DesignKind::table}};
    bool found = false;
    for (const auto& [text, kind] : kinds) {
        if (name == text) {
            spec.design = kind;
            found = true;
        }
    }
    if (!found) design.fail(type, "design.type must be one of grid, random, lhs, saltelli, morris, table; got '" + name + "'");
    constexpr std::uint64_t max_points = 100'000'000;
    switch (spec.design) {
        case DesignKind::random:
        case DesignKind::lhs:
        case DesignKind::saltelli:
            spec.samples = design.integer(design.require("samples", "how many design points (base samples N for saltelli)"),
                                          "samples", 1, max_points);
            break;
        case DesignKind::morris: {
            spec.samples = design.integer(design.require("trajectories", "how many Morris trajectories r"), "trajectories",
                                          1, max_points);
            const YAML::Node levels = design.get("levels");
            if (levels) {
                spec.morris_levels = design.integer(levels, "levels", 2, 1000);
                if (spec.morris_levels % 2 != 0) design.fail(levels, "design.levels must be even (Morris's p)");
            }
            break;
        }
        case DesignKind::table: {
            const YAML::Node file = design.require("file", "the CSV file of design points (a header of parameter paths)");
            const std::filesystem::path base = std::filesystem::path(spec.source).parent_path();
            spec.table_path = (base / design.text(file, "file")).lexically_normal().string();
            break;
        }
        case DesignKind::grid: break;
    }
    design.finish();
    return spec.design;
}

Factor read_factor(const SweepSpec& spec, const YAML::Node& node, std::size_t index, const ConfigVocabulary& vocabulary) {
    const std::string path_label = "factors." + std::to_string(index);
    MapReader m(spec.source, path_label, node);
    m.allow({"path", "name", "levels", "range", "distribution", "mean", "sd", "mode", "points"});
    Factor f;
    f.where = m.where(node);
    const YAML::Node path = m.require("path", "the scenario parameter to vary, e.g. leadership.overrides.humility");
    f.path = m.text(path, "path");
    const std::optional<ParameterInfo> parameter = find_parameter(f.path, vocabulary);
    if (!parameter) {
        std::string hint;
        for (const ParameterInfo& p : scenario_parameters(vocabulary)) {
            if (p.path.rfind(f.path.substr(0, f.path.find('.') + 1), 0) == 0 && p.path.size() < 60 && hint.size() < 400)
                hint += (hint.empty() ? "" : ", ") + p.path;
        }
        m.fail(path, "'" + f.path + "' is not a scenario parameter" +
                         (hint.empty() ? " (docs/config-reference.md lists them)" : "; parameters there: " + hint));
    }
    f.kind = parameter->kind;
    if (f.kind == ParameterKind::list || f.kind == ParameterKind::text || f.kind == ParameterKind::model)
        m.fail(path, "'" + f.path + "' cannot be a sweep factor (it is " + parameter->range_text + ")");
    const YAML::Node name = m.get("name");
    f.name = name ? m.text(name, "name") : f.path;

    const YAML::Node levels = m.get("levels");
    const YAML::Node range = m.get("range");
    const YAML::Node distribution = m.get("distribution");
    const YAML::Node mean = m.get("mean"), sd = m.get("sd"), mode = m.get("mode"), points = m.get("points");
    if (levels && (range || distribution))
        m.fail(levels, path_label + ": give either levels or a range (with an optional distribution), not both");
    if (levels) {
        if (!levels.IsSequence() || levels.size() == 0) m.fail(levels, path_label + ".levels must be a non-empty list");
        for (const YAML::Node& level : levels) {
            const std::string text = m.text(level, "levels");
            if (std::find(f.levels.begin(), f.levels.end(), text) != f.levels.end())
                m.fail(level, "level '" + text + "' is listed twice");
            check_scenario_accepts(spec, {{f.path, text, {}}}, vocabulary, m.where(level) + " (factor " + f.name + ")");
            f.levels.push_back(text);
        }
    } else {
        if (!parameter->numeric())
            m.fail(path, "'" + f.path + "' is " + parameter->range_text + ": give its values as levels: [...]");
        if (!range) m.fail(node, path_label + " needs range: [lo, hi] (or levels: [...])");
        if (!range.IsSequence() || range.size() != 2) m.fail(range, path_label + ".range must be [lo, hi]");
        f.lo = m.number(range[0], "range");
        f.hi = m.number(range[1], "range");
        if (!(f.lo < f.hi)) m.fail(range, path_label + ".range must have lo < hi, got [" + format_number(f.lo) + ", " + format_number(f.hi) + "]");
        if (!parameter->contains(f.lo) || !parameter->contains(f.hi)) {
            m.fail(range, "range [" + format_number(f.lo) + ", " + format_number(f.hi) + "] of '" + f.path +
                              "' leaves its valid range: it must be " + parameter->range_text);
        }
        if (parameter->kind == ParameterKind::integer && (std::floor(f.lo) != f.lo || std::floor(f.hi) != f.hi))
            m.fail(range, "'" + f.path + "' is an integer parameter: give integer range ends");
        for (const double end : {f.lo, f.hi}) {
            check_scenario_accepts(spec, {{f.path, format_number(end), {}}}, vocabulary,
                                   m.where(range) + " (factor " + f.name + " at " + format_number(end) + ")");
        }
        if (distribution) {
            const std::string d = m.text(distribution, "distribution");
            if (d == "uniform") f.distribution = Distribution::uniform;
            else if (d == "loguniform") f.distribution = Distribution::loguniform;
            else if (d == "normal") f.distribution = Distribution::normal;
            else if (d == "triangular") f.distribution = Distribution::triangular;
            else m.fail(distribution, path_label + ".distribution must be one of uniform, loguniform, normal, triangular; got '" + d + "'");
        }
        if (f.distribution == Distribution::loguniform && f.lo <= 0)
            m.fail(range, "a loguniform distribution needs a range above 0");
        if (f.distribution == Distribution::normal) {
            if (!mean || !sd) m.fail(distribution, "a normal distribution needs mean and sd (it is truncated to the range)");
            f.mean = m.number(mean, "mean");
            f.sd = m.number(sd, "sd");
            if (f.sd <= 0) m.fail(sd, path_label + ".sd must be > 0");
        } else if (mean || sd) {
            m.fail(mean ? mean : sd, "mean and sd belong to distribution: normal");
        }
        if (f.distribution == Distribution::triangular) {
            if (!mode) m.fail(distribution, "a triangular distribution needs mode (its peak, inside the range)");
            f.mode = m.number(mode, "mode");
            if (f.mode < f.lo || f.mode > f.hi) m.fail(mode, path_label + ".mode must lie inside the range");
        } else if (mode) {
            m.fail(mode, "mode belongs to distribution: triangular");
        }
        if (points) {
            if (spec.design != DesignKind::grid) m.fail(points, "points (values along a range) is for design type grid");
            f.grid_points = m.integer(points, "points", 2, 1'000'000);
        } else if (spec.design == DesignKind::grid) {
            m.fail(range, "a grid needs discrete values: add points: N (evenly spaced, ends included) or use levels: [...]");
        }
        if (spec.design == DesignKind::grid && distribution)
            m.fail(distribution, "a grid takes evenly spaced points; a distribution is for random, lhs, saltelli and morris");
    }
    m.finish();
    return f;
}

}  // namespace

std::string design_name(DesignKind kind) {
    switch (kind) {
        case DesignKind::grid: return "grid";
        case DesignKind::random: return "random";
        case DesignKind::lhs: return "lhs";
        case DesignKind::saltelli: return "saltelli";
        case DesignKind::morris: return "morris";
        case DesignKind::table: return "table";
    }
    return "?";
}

SweepSpec load_sweep(const std::string& path, const ConfigVocabulary& vocabulary) {
    return parse_sweep(read_text(path, "sweep file"), path, vocabulary);
}

SweepSpec parse_sweep(const std::string& text, const std::string& path, const ConfigVocabulary& vocabulary) {
    SweepSpec spec;
    spec.source = path;
    spec.text = text;
    const YAML::Node root = load_yaml_document(spec.text, path, "a sweep file");
    MapReader top(spec.source, "", root);
    top.allow({"name", "description", "scenario", "set", "seed", "replicates", "design", "factors", "summary", "output"});
    const YAML::Node name = top.get("name");
    spec.name = name ? top.text(name, "name") : std::filesystem::path(path).stem().string();
    if (spec.name.empty()) top.fail(name, "name must not be empty");
    if (const YAML::Node d = top.get("description")) spec.description = top.text(d, "description");

    const YAML::Node scenario = top.require("scenario", "the scenario file every run starts from, e.g. ../demo.yaml");
    const std::filesystem::path base = std::filesystem::path(path).parent_path();
    spec.scenario_path = (base / top.text(scenario, "scenario")).lexically_normal().string();
    try {
        spec.scenario_text = read_text(spec.scenario_path, "scenario");
    } catch (const ConfigError& e) {
        top.fail(scenario, e.what());
    }

    if (const YAML::Node set = top.get("set")) {
        if (!set.IsMap()) top.fail(set, "set must be a map of scenario paths to values, e.g. {steps: 52}");
        for (const auto& kv : set) {
            const std::string key = top.text(kv.first, "set");
            if (!kv.second.IsScalar()) top.fail(kv.second, "set." + key + ": expected a single value");
            spec.fixed.push_back({key, kv.second.Scalar(), top.where(kv.second) + " (set." + key + ")"});
        }
    }
    // The base scenario with the fixed settings must itself be valid before any factor is tried.
    parse_scenario(spec.scenario_text, spec.scenario_path, spec.fixed, vocabulary);

    if (const YAML::Node seed = top.get("seed")) spec.seed = top.integer(seed, "seed", 0, std::numeric_limits<std::uint64_t>::max());
    if (const YAML::Node r = top.get("replicates")) spec.replicates = static_cast<std::uint32_t>(top.integer(r, "replicates", 1, 1'000'000));
    read_design(top, spec);

    const YAML::Node factors = top.get("factors");
    if (spec.design == DesignKind::table) {
        if (factors) top.fail(factors, "a table design takes its factors from the CSV header; remove factors:");
    } else {
        if (!factors || !factors.IsSequence() || factors.size() == 0)
            top.fail(factors ? factors : root, "factors must be a non-empty list of {path: ..., range: [lo, hi]} or {path: ..., levels: [...]}");
        for (std::size_t i = 0; i < factors.size(); ++i) {
            Factor f = read_factor(spec, factors[i], i, vocabulary);
            for (const Factor& other : spec.factors) {
                if (other.path == f.path) top.fail(factors[i], "factor '" + f.path + "' is listed twice");
                if (other.name == f.name) top.fail(factors[i], "two factors are named '" + f.name + "'");
            }
            for (const ConfigOverride& fixed : spec.fixed) {
                if (fixed.path == f.path) top.fail(factors[i], "'" + f.path + "' is both fixed under set: and a factor");
            }
            spec.factors.push_back(std::move(f));
        }
    }
    if (const YAML::Node summary = top.get("summary")) {
        MapReader s(spec.source, "summary", summary);
        if (const YAML::Node k = s.get("last_weeks"))
            spec.output.summary_last_weeks = static_cast<std::uint32_t>(s.integer(k, "last_weeks", 1, 10'000'000));
        s.finish();
    }
    if (const YAML::Node output = top.get("output")) {
        MapReader o(spec.source, "output", output);
        if (const YAML::Node files = o.get("run_files")) spec.output.run_files = o.boolean(files, "run_files");
        o.finish();
    }
    top.finish();
    return spec;
}

}  // namespace trustsim::sweep
