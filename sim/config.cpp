// Scenario YAML <-> typed configuration.
//
// The schema is written once, as one `visit` function per config struct. The same function drives
// the Reader (YAML -> struct, with validation) and the Writer (struct -> YAML), so a field cannot be
// readable without being written, and to_yaml() cannot drift from parse_scenario().
//
// This is the only translation unit that includes yaml-cpp.
#include "sim/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

namespace trustsim {
namespace {

// ---------------------------------------------------------------------------------------------
// Paths, numbers, ranges

/// A key path from the top of the document; list entries appear as their index ("mix.0.style"),
/// which is also how `--set` addresses them.
using Path = std::vector<std::string>;

std::string join(const Path& path) {
    std::string out;
    for (const auto& segment : path) {
        if (!out.empty()) out += '.';
        out += segment;
    }
    return out;
}

Path child(Path path, std::string segment) {
    path.push_back(std::move(segment));
    return path;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

/// Shortest text that parses back to exactly the same double, so to_yaml() round-trips.
std::string format_exact(double x) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

/// Range bounds are for people; six significant digits are enough there.
std::string format_bound(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}

enum class Parsed { ok, malformed, overflow };

/// from_chars takes no leading '+', which YAML allows.
std::string_view strip_plus(std::string_view text) {
    if (text.size() > 1 && text[0] == '+' && (std::isdigit(static_cast<unsigned char>(text[1])) || text[1] == '.')) {
        text.remove_prefix(1);
    }
    return text;
}

Parsed parse_integer(std::string_view text, long long& out) {
    text = strip_plus(text);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    if (result.ec == std::errc::result_out_of_range) return Parsed::overflow;
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return Parsed::malformed;
    return Parsed::ok;
}

Parsed parse_real(std::string_view text, double& out) {
    // YAML spells infinity and NaN its own way; they parse, so that the range check can name them.
    static constexpr std::pair<std::string_view, double> kSpecial[] = {
        {".inf", HUGE_VAL},   {".Inf", HUGE_VAL},   {".INF", HUGE_VAL}, {"+.inf", HUGE_VAL}, {"-.inf", -HUGE_VAL},
        {"-.Inf", -HUGE_VAL}, {"-.INF", -HUGE_VAL}, {".nan", NAN},      {".NaN", NAN},       {".NAN", NAN}};
    for (const auto& [spelling, value] : kSpecial) {
        if (text == spelling) {
            out = value;
            return Parsed::ok;
        }
    }
    text = strip_plus(text);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    if (result.ptr != text.data() + text.size()) return Parsed::malformed;
    if (result.ec == std::errc::result_out_of_range) {
        // Beyond what a double holds: too large is infinite (and rejected as such), too small is 0.
        const bool tiny = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
        out = (text.front() == '-' ? -1.0 : 1.0) * (tiny ? 0.0 : HUGE_VAL);
        return Parsed::ok;
    }
    return result.ec == std::errc() ? Parsed::ok : Parsed::malformed;
}

/// An interval of finite doubles, each end open or closed, with an optional reason for the bound.
struct Range {
    double lo = -HUGE_VAL;
    double hi = HUGE_VAL;
    bool lo_open = true;
    bool hi_open = true;
    std::string why;

    bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi); }

    std::string describe() const {
        if (std::isinf(lo) && std::isinf(hi)) return "a finite number";
        if (std::isinf(hi)) return (lo_open ? "> " : ">= ") + format_bound(lo);
        if (std::isinf(lo)) return (hi_open ? "< " : "<= ") + format_bound(hi);
        return std::string("in ") + (lo_open ? "(" : "[") + format_bound(lo) + ", " + format_bound(hi) +
               (hi_open ? ")" : "]");
    }
};

Range real() { return {}; }
Range closed(double lo, double hi) { return {lo, hi, false, false, {}}; }
Range open_range(double lo, double hi) { return {lo, hi, true, true, {}}; }
Range unit() { return closed(0, 1); }
Range at_least(double lo) { return {lo, HUGE_VAL, false, true, {}}; }
Range above(double lo) { return {lo, HUGE_VAL, true, true, {}}; }

struct IntRange {
    long long lo;
    long long hi;
};

constexpr long long kMaxU32 = std::numeric_limits<std::uint32_t>::max();

/// Which registry, if any, a name field must come from.
enum class Names { any, model, style };

enum class Presence { optional, required };

// ---------------------------------------------------------------------------------------------
// The schema: one visit() per struct. V is Reader or Writer. Key names are the field names.
// Ranges come from the struct comments and model-spec A.10; docs/config-reference.md lists them.

template <class V>
void visit(V& v, BetaTrait& t) {
    v.field("mean", t.mean, open_range(0, 1));
    // A Beta(a, b) with mean m has variance m(1-m)/(a+b+1), so sd reaches sqrt(m(1-m)) only as
    // a+b -> 0; at or beyond it there is no such distribution.
    Range sd = open_range(0, std::sqrt(t.mean * (1 - t.mean)));
    sd.why = "a Beta distribution with mean " + format_exact(t.mean) + " needs sd < sqrt(mean*(1-mean))";
    v.field("sd", t.sd, sd);
}

template <class V>
void visit(V& v, OrganisationConfig& c) {
    v.field("agents", c.agents, IntRange{2, 1LL << 31});
    v.field("span_of_control", c.span_of_control, IntRange{2, 64});
    v.field("k_lat", c.k_lat, IntRange{0, 64});
    v.field("p_local", c.p_local, unit());
}

template <class V>
void visit(V& v, TraitsConfig& c) {
    v.section("ability", c.ability);
    v.section("character", c.character);
    v.section("exploitative_character", c.exploitative_character);
    v.field("exploitative_share", c.exploitative_share, unit());
    v.section("return_fraction", c.return_fraction);
    v.section("propensity", c.propensity);
    v.field("initial_error_rate", c.initial_error_rate, unit());
    v.field("initial_belief_sd", c.initial_belief_sd, at_least(0));
}

template <class V>
void visit(V& v, TrustConfig& c) {
    v.choice("mode", c.mode, {{"slow", TrustMode::slow}, {"swift", TrustMode::swift}});
    v.field("prior_strength_slow", c.prior_strength_slow, above(0));
    v.field("prior_strength_swift", c.prior_strength_swift, above(0));
    v.field("swift_floor", c.swift_floor, unit());
    // lambda = 0 would erase all evidence every week, leaving trust pinned to the prior.
    v.field("forgetting", c.forgetting, {0, 1, true, false, {}});
    v.field("competence_weight", c.competence_weight, at_least(0));
    v.field("character_weight", c.character_weight, at_least(0));
    v.field("success_gain", c.success_gain, at_least(0));
    v.field("failure_loss", c.failure_loss, at_least(0));
    v.field("kept_gain", c.kept_gain, at_least(0));
    v.field("broken_loss", c.broken_loss, at_least(0));
    v.field("being_trusted_gain", c.being_trusted_gain, at_least(0));
    v.field("apology_credit", c.apology_credit, at_least(0));
    v.field("deception_multiplier", c.deception_multiplier, at_least(0));
    v.field("help_ask_penalty", c.help_ask_penalty, at_least(0));
    v.field("help_ask_credit", c.help_ask_credit, at_least(0));
    v.field("refusal_loss", c.refusal_loss, at_least(0));
    v.field("constructive_gain", c.constructive_gain, at_least(0));
    v.field("punitive_loss", c.punitive_loss, at_least(0));
    v.field("blessing_weight", c.blessing_weight, at_least(0));
    // A witness never learns more from an event than a party to it (omega = 1).
    v.field("witness_weight", c.witness_weight, unit());
}

template <class V>
void visit(V& v, StyleWeight& w) {
    v.field("style", w.style, Names::style, Presence::required);
    v.field("weight", w.weight, above(0));
}

template <class V>
void visit(V& v, StyleOverrides& o) {
    v.optional("self_reflection", o.has_self_reflection, o.values.self_reflection, unit());
    v.optional("balanced_perspective", o.has_balanced_perspective, o.values.balanced_perspective, unit());
    v.optional("self_confidence", o.has_self_confidence, o.values.self_confidence, unit());
    v.optional("humility", o.has_humility, o.values.humility, unit());
    v.optional("infallibility", o.has_infallibility, o.values.infallibility, unit());
    v.optional("trust_first", o.has_trust_first, o.values.trust_first, unit());
}

template <class V>
void visit(V& v, LeadershipConfig& c) {
    v.choice("distribution", c.distribution,
             {{"single", StyleDistribution::single},
              {"categorical", StyleDistribution::categorical},
              {"blend", StyleDistribution::blend}});
    v.field("style", c.style, Names::style);
    v.list("mix", c.mix);
    v.check(c.distribution != StyleDistribution::categorical || !c.mix.empty(), {"mix", "distribution"},
            "distribution 'categorical' needs at least one {style, weight} entry in leadership.mix");
    v.field("blend_from", c.blend_from, Names::style);
    v.field("blend_to", c.blend_to, Names::style);
    v.section("overrides", c.overrides);
    v.field("omniscience_expectation", c.omniscience_expectation, unit());
    // l > 1 would turn e_m *= (1 - sigma*l) negative.
    v.field("learning_from_error", c.learning_from_error, unit());
    v.field("feedback_weight", c.feedback_weight, unit());
    v.field("feedback_noise_sd", c.feedback_noise_sd, at_least(0));
    v.field("confidence_bound_base", c.confidence_bound_base, at_least(0));
    v.field("confidence_bound_range", c.confidence_bound_range, at_least(0));
    v.field("not_invented_here_bias", c.not_invented_here_bias, at_least(0));
    v.field("help_uncertainty_threshold", c.help_uncertainty_threshold, at_least(0));
    v.field("decision_width", c.decision_width, above(0));  // divides in Q_T
}

template <class V>
void visit(V& v, EnvironmentConfig& c) {
    v.field("drift_sd", c.drift_sd, at_least(0));
    v.field("jump_probability", c.jump_probability, unit());
    v.field("signal_noise", c.signal_noise, at_least(0));
    v.field("signal_weight", c.signal_weight, unit());
}

template <class V>
void visit(V& v, ErrorsConfig& c) {
    v.field("discovery_probability", c.discovery_probability, unit());
    v.field("latent_hazard", c.latent_hazard, unit());
    // Logit coefficients are left unbounded so that sensitivity runs may flip a sign.
    v.field("report_intercept", c.report_intercept, real());
    v.field("report_safety", c.report_safety, real());
    v.field("report_trust", c.report_trust, real());
    v.field("team_learning", c.team_learning, unit());
}

template <class V>
void visit(V& v, InteractionsConfig& c) {
    v.field("need_probability", c.need_probability, unit());
    v.field("help_intercept", c.help_intercept, real());
    v.field("help_safety", c.help_safety, real());
    v.field("help_trust", c.help_trust, real());
    v.field("help_received_gain", c.help_received_gain, at_least(0));
    v.field("idea_rate", c.idea_rate, at_least(0));
    v.field("voice_intercept", c.voice_intercept, real());
    v.field("voice_safety", c.voice_safety, real());
    v.field("voice_trust", c.voice_trust, real());
    v.field("voice_power_distance", c.voice_power_distance, real());
    v.field("innovation_gain", c.innovation_gain, at_least(0));
    v.field("innovation_half_life", c.innovation_half_life, above(0));
    // Below k = 1 an exchange destroys value and its payoff 0.05 (k-1) x turns negative.
    v.field("exchange_multiplier", c.exchange_multiplier, at_least(1));
    v.field("felt_trust_effect", c.felt_trust_effect, at_least(0));
    v.field("relationship_effect", c.relationship_effect, at_least(0));
    v.field("exploit_probability", c.exploit_probability, unit());
    v.field("exchange_payoff_scale", c.exchange_payoff_scale, at_least(0));
}

template <class V>
void visit(V& v, PsychSafetyConfig& c) {
    v.field("initial", c.initial, unit());
    v.field("rate", c.rate, unit());
    v.field("negativity", c.negativity, at_least(0));
    // A downward step of gamma*kappa > 1 overshoots the target and can leave [0,1].
    v.check(c.rate * c.negativity <= 1, {"negativity", "rate"},
            "rate * negativity must be <= 1 (a larger downward step overshoots and can push psi below 0), got " +
                format_exact(c.rate) + " * " + format_exact(c.negativity));
}

template <class V>
void visit(V& v, OutcomesConfig& c) {
    v.field("initial_engagement", c.initial_engagement, unit());
    v.field("initial_felt_trust", c.initial_felt_trust, unit());
    v.field("felt_trust_rate", c.felt_trust_rate, unit());
    v.field("engagement_rate", c.engagement_rate, unit());
    v.field("engagement_intercept", c.engagement_intercept, real());
    v.field("engagement_trust", c.engagement_trust, real());
    v.field("engagement_safety", c.engagement_safety, real());
    v.field("engagement_felt_trust", c.engagement_felt_trust, real());
    v.field("engagement_success", c.engagement_success, real());
    v.field("engagement_blame", c.engagement_blame, real());
    v.field("base_productivity", c.base_productivity, at_least(0));
    v.field("engagement_productivity", c.engagement_productivity, at_least(0));
    v.field("decision_quality_weight", c.decision_quality_weight, at_least(0));
    v.field("error_cost", c.error_cost, at_least(0));
    v.field("performance_noise_sd", c.performance_noise_sd, at_least(0));
    v.field("coordination_gain", c.coordination_gain, at_least(0));
    v.field("quit_base_hazard", c.quit_base_hazard, unit());
    v.field("quit_sensitivity", c.quit_sensitivity, at_least(0));
}

template <class V>
void visit(V& v, ModulesConfig& c) {
    v.field("exchange", c.exchange);
    v.field("help_seeking", c.help_seeking);
    v.field("voice", c.voice);
    v.field("blessing", c.blessing);
    v.field("turnover", c.turnover);
}

template <class V>
void visit(V& v, OutputConfig& c) {
    v.field("file", c.file);
    v.field("agent_snapshot_every", c.agent_snapshot_every, IntRange{0, kMaxU32});
    v.field("edge_snapshot_every", c.edge_snapshot_every, IntRange{0, kMaxU32});
    v.field("team_series", c.team_series);
    v.field("compression_level", c.compression_level, IntRange{0, 9});
}

template <class V>
void visit(V& v, ScenarioConfig& c) {
    v.field("name", c.name);
    v.check(!c.name.empty(), {"name"}, "must not be empty: it labels the outputs");
    v.field("description", c.description);
    v.field("model", c.model, Names::model);
    v.check(!c.model.empty(), {"model"}, "must not be empty");
    v.field("steps", c.steps, IntRange{1, 10'000'000});
    v.field("seed", c.seed, IntRange{0, kMaxU32});
    v.field("replicate", c.replicate, IntRange{0, kMaxU32});
    v.section("organisation", c.organisation);
    v.section("traits", c.traits);
    v.section("trust", c.trust);
    v.section("leadership", c.leadership);
    v.section("environment", c.environment);
    v.section("errors", c.errors);
    v.section("interactions", c.interactions);
    v.section("psych_safety", c.psych_safety);
    v.section("outcomes", c.outcomes);
    v.section("modules", c.modules);
    v.section("output", c.output);
}

// ---------------------------------------------------------------------------------------------
// Where values came from

/// An applied `--set`. Values at or under `path` came from it, and so did the intermediate maps
/// it had to create (the prefixes of `path` at least `created_from` long).
struct AppliedOverride {
    Path path;
    std::size_t created_from;
    std::string text;    // "key.path=value", as given
    std::string origin;  // where to point instead of "--set text", if given

    bool covers(const Path& p) const {
        if (p.size() >= path.size()) return std::equal(path.begin(), path.end(), p.begin());
        return p.size() >= created_from && std::equal(p.begin(), p.end(), path.begin());
    }
};

class Origin {
  public:
    Origin(std::string source, const ConfigVocabulary& vocabulary)
        : source_(std::move(source)), vocabulary_(vocabulary) {}

    const ConfigVocabulary& vocabulary() const { return vocabulary_; }
    void add(AppliedOverride applied) { overrides_.push_back(std::move(applied)); }

    /// `source:line:col`, or `--set key=value` when the value at `path` came from an override.
    std::string where(const YAML::Node& node, const Path& path) const {
        // Later overrides replace earlier ones, so the last one covering the path wins.
        for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
            if (it->covers(path)) return it->origin.empty() ? "--set " + it->text : it->origin;
        }
        const YAML::Mark mark = node.Mark();
        if (mark.is_null()) return source_;
        return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }

    [[noreturn]] void fail(const YAML::Node& node, const Path& path, const std::string& message) const {
        throw ConfigError(where(node, path) + ": " + message);
    }

  private:
    std::string source_;
    const ConfigVocabulary& vocabulary_;
    std::vector<AppliedOverride> overrides_;
};

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return "'" + node.Scalar() + "'";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        default:
            return "nothing";
    }
}

// ---------------------------------------------------------------------------------------------
// Reader: one map of the document, read against its visit() schema

class Reader {
  public:
    /// `map` may be null (section absent or empty: all defaults). `anchor` is where to point when a
    /// problem concerns a key that is absent.
    Reader(const Origin& origin, Path path, const YAML::Node& map, const YAML::Node& anchor)
        : origin_(origin), path_(std::move(path)), anchor_(anchor) {
        if (!map.IsMap()) return;
        for (const auto& kv : map) {
            const Path key_path = child(path_, kv.first.IsScalar() ? kv.first.Scalar() : "?");
            if (!kv.first.IsScalar())
                origin_.fail(kv.first, key_path, "keys must be plain names, got " + describe(kv.first));
            const std::string& key = kv.first.Scalar();
            const bool seen =
                std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
            if (seen) origin_.fail(kv.first, key_path, "duplicate key '" + join(key_path) + "'");
            entries_.push_back({key, kv.first, kv.second});
        }
    }

    template <std::integral T>
    requires(!std::same_as<T, bool>) void field(const char* key, T& value, IntRange range) {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        long long parsed = static_cast<long long>(value);
        std::string text = "the default " + std::to_string(value);
        Parsed how = Parsed::ok;
        if (e) {
            text = scalar(*e, "an integer");
            how = parse_integer(text, parsed);
            if (how == Parsed::malformed) fail(e, key, join(path) + ": expected an integer, got '" + text + "'");
        }
        if (how == Parsed::overflow || parsed < range.lo || parsed > range.hi) {
            fail(e, key,
                 join(path) + " must be in [" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + "], got " +
                     text);
        }
        value = static_cast<T>(parsed);
    }

    void field(const char* key, double& value, const Range& range) {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        std::string text = "the default " + format_exact(value);
        double parsed = value;
        if (e) {
            text = scalar(*e, "a number");
            if (parse_real(text, parsed) != Parsed::ok)
                fail(e, key, join(path) + ": expected a number, got '" + text + "'");
        }
        if (!std::isfinite(parsed)) fail(e, key, join(path) + " must be a finite number, got " + text);
        if (!range.contains(parsed)) {
            fail(e, key,
                 join(path) + " must be " + range.describe() + ", got " + text +
                     (range.why.empty() ? "" : " (" + range.why + ")"));
        }
        value = parsed;
    }

    void field(const char* key, bool& value) {
        const Entry* e = find(key);
        if (!e) return;
        const std::string text = scalar(*e, "true or false");
        if (!YAML::convert<bool>::decode(e->value, value)) {
            fail(e, key, join(child(path_, key)) + ": expected true or false, got '" + text + "'");
        }
    }

    void field(const char* key, std::string& value, Names names = Names::any, Presence presence = Presence::optional) {
        const Entry* e = find(key);
        if (e) {
            value = scalar(*e, "a string");
        } else if (presence == Presence::required) {
            fail(e, key, join(child(path_, key)) + " is required");
        }
        if (names == Names::any) return;
        const bool model = names == Names::model;
        const auto& valid = model ? origin_.vocabulary().model_names : origin_.vocabulary().style_names;
        if (valid.empty() || std::find(valid.begin(), valid.end(), value) != valid.end()) return;
        fail(e, key,
             join(child(path_, key)) + ": unknown " + (model ? "model" : "leadership style") + " '" + value + "'" +
                 (e ? "" : " (the default)") + "; valid " + (model ? "models" : "styles") + ": " + join_names(valid));
    }

    template <class E>
    void choice(const char* key, E& value, std::initializer_list<std::pair<const char*, E>> options) {
        const Entry* e = find(key);
        if (!e) return;
        const std::string text = scalar(*e, "a name");
        std::vector<std::string> names;
        for (const auto& [name, option] : options) {
            if (text == name) {
                value = option;
                return;
            }
            names.emplace_back(name);
        }
        fail(e, key, join(child(path_, key)) + " must be one of " + join_names(names) + "; got '" + text + "'");
    }

    /// A number that is either given (and then `present`) or left to someone else's default.
    void optional(const char* key, bool& present, double& value, const Range& range) {
        if (!has(key)) return;
        field(key, value, range);
        present = true;
    }

    template <class T>
    void section(const char* key, T& value) {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        if (e && !e->value.IsMap() && !e->value.IsNull()) {
            fail(e, key, join(path) + ": expected a map of settings, got " + describe(e->value));
        }
        Reader inner(origin_, path, e ? e->value : YAML::Node(), e ? location(*e) : anchor_);
        visit(inner, value);
        inner.finish();
    }

    template <class T>
    void list(const char* key, std::vector<T>& values) {
        const Entry* e = find(key);
        if (!e) return;
        const Path path = child(path_, key);
        if (!e->value.IsSequence() && !e->value.IsNull())
            fail(e, key, join(path) + ": expected a list, got " + describe(e->value));
        values.clear();
        for (std::size_t i = 0; i < e->value.size(); ++i) {
            const YAML::Node item = e->value[i];
            const Path item_path = child(path, std::to_string(i));
            if (!item.IsMap())
                origin_.fail(item, item_path, join(item_path) + ": expected a map of settings, got " + describe(item));
            T parsed{};
            Reader inner(origin_, item_path, item, item);
            visit(inner, parsed);
            inner.finish();
            values.push_back(std::move(parsed));
        }
    }

    /// A constraint between fields, reported at the first of `keys` that is present.
    void check(bool ok, std::initializer_list<const char*> keys, const std::string& message) {
        if (ok) return;
        const char* at = *keys.begin();
        for (const char* key : keys) {
            if (has(key)) {
                at = key;
                break;
            }
        }
        fail(lookup(at), at, join(child(path_, at)) + ": " + message);
    }

    /// Rejects keys the schema did not ask for; call after visit().
    void finish() const {
        for (const auto& entry : entries_) {
            if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
            const Path path = child(path_, entry.key);
            const std::string scope = path_.empty() ? "valid top-level keys" : "valid keys in '" + join(path_) + "'";
            origin_.fail(entry.key_node, path,
                         "unknown key '" + join(path) + "'; " + scope + ": " + join_names(known_));
        }
    }

  private:
    struct Entry {
        std::string key;
        YAML::Node key_node;
        YAML::Node value;
    };

    const Entry* lookup(std::string_view key) const {
        for (const auto& entry : entries_) {
            if (entry.key == key) return &entry;
        }
        return nullptr;
    }

    bool has(std::string_view key) const { return lookup(key) != nullptr; }

    /// Looks a key up and records it as part of this section's schema.
    const Entry* find(const char* key) {
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
        return lookup(key);
    }

    /// yaml-cpp marks an empty value at wherever the parser happened to be; its key is clearer.
    static const YAML::Node& location(const Entry& e) { return e.value.IsNull() ? e.key_node : e.value; }

    std::string scalar(const Entry& e, const char* expected) const {
        if (!e.value.IsScalar()) {
            fail(&e, e.key, join(child(path_, e.key)) + ": expected " + expected + ", got " + describe(e.value));
        }
        return e.value.Scalar();
    }

    [[noreturn]] void fail(const Entry* e, const std::string& key, const std::string& message) const {
        origin_.fail(e ? location(*e) : anchor_, e ? child(path_, key) : path_, message);
    }

    const Origin& origin_;
    Path path_;
    YAML::Node anchor_;
    std::vector<Entry> entries_;
    std::vector<std::string> known_;  // in schema order, for "valid keys" lists
};

// ---------------------------------------------------------------------------------------------
// Writer: the same schema, emitted

template <class T>
constexpr bool kInline = std::same_as<T, BetaTrait> || std::same_as<T, StyleWeight> || std::same_as<T, StyleOverrides>;

class Writer {
  public:
    explicit Writer(YAML::Emitter& out) : out_(out) {}

    template <std::integral T>
    requires(!std::same_as<T, bool>) void field(const char* key, const T& value, IntRange) {
        out_ << YAML::Key << key << YAML::Value << std::to_string(value);
    }
    void field(const char* key, const double& value, const Range&) {
        out_ << YAML::Key << key << YAML::Value << format_exact(value);
    }
    void field(const char* key, const bool& value) { out_ << YAML::Key << key << YAML::Value << value; }
    void field(const char* key, const std::string& value, Names = Names::any, Presence = Presence::optional) {
        // Quoted, so that names like "true", "~" or "123" come back as the same strings.
        out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
    }

    template <class E>
    void choice(const char* key, const E& value, std::initializer_list<std::pair<const char*, E>> options) {
        for (const auto& [name, option] : options) {
            if (option == value) out_ << YAML::Key << key << YAML::Value << name;
        }
    }

    void optional(const char* key, const bool& present, const double& value, const Range& range) {
        if (present) field(key, value, range);
    }

    template <class T>
    void section(const char* key, T& value) {
        out_ << YAML::Key << key << YAML::Value;
        if constexpr (kInline<T>) out_ << YAML::Flow;
        out_ << YAML::BeginMap;
        visit(*this, value);
        out_ << YAML::EndMap;
    }

    template <class T>
    void list(const char* key, std::vector<T>& values) {
        out_ << YAML::Key << key << YAML::Value;
        if (values.empty()) out_ << YAML::Flow;
        out_ << YAML::BeginSeq;
        for (auto& item : values) {
            out_ << YAML::Flow << YAML::BeginMap;
            visit(*this, item);
            out_ << YAML::EndMap;
        }
        out_ << YAML::EndSeq;
    }

    void check(bool, std::initializer_list<const char*>, const std::string&) {}

  private:
    YAML::Emitter& out_;
};

// ---------------------------------------------------------------------------------------------
// Catalogue: the same schema, listed as typed parameters

class Catalogue {
  public:
    explicit Catalogue(std::vector<ParameterInfo>& out) : out_(out) {}

    template <std::integral T>
    requires(!std::same_as<T, bool>) void field(const char* key, const T&, IntRange range) {
        ParameterInfo& p = add(key, ParameterKind::integer);
        p.lo = static_cast<double>(range.lo);
        p.hi = static_cast<double>(range.hi);
        p.range_text = "an integer in [" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + "]";
    }
    void field(const char* key, const double&, const Range& range) {
        ParameterInfo& p = add(key, ParameterKind::real);
        p.lo = range.lo;
        p.hi = range.hi;
        p.lo_open = range.lo_open;
        p.hi_open = range.hi_open;
        p.range_text = range.describe() + (range.why.empty() ? "" : " (" + range.why + ")");
    }
    void field(const char* key, const bool&) { add(key, ParameterKind::boolean).range_text = "true or false"; }
    void field(const char* key, const std::string&, Names names = Names::any, Presence = Presence::optional) {
        const ParameterKind kind = names == Names::model   ? ParameterKind::model
                                   : names == Names::style ? ParameterKind::style
                                                           : ParameterKind::text;
        add(key, kind).range_text = kind == ParameterKind::text ? "text" : "a registered name";
    }
    template <class E>
    void choice(const char* key, const E&, std::initializer_list<std::pair<const char*, E>> options) {
        ParameterInfo& p = add(key, ParameterKind::choice);
        for (const auto& option : options) p.choices.emplace_back(option.first);
        p.range_text = "one of " + join_names(p.choices);
    }
    void optional(const char* key, const bool&, const double& value, const Range& range) { field(key, value, range); }
    template <class T>
    void section(const char* key, T& value) {
        path_.emplace_back(key);
        visit(*this, value);
        path_.pop_back();
    }
    template <class T>
    void list(const char* key, std::vector<T>&) {
        add(key, ParameterKind::list).range_text = "a list";
    }
    void check(bool, std::initializer_list<const char*>, const std::string&) {}

  private:
    ParameterInfo& add(const char* key, ParameterKind kind) {
        ParameterInfo info;
        info.path = join(child(path_, key));
        info.kind = kind;
        out_.push_back(std::move(info));
        return out_.back();
    }

    std::vector<ParameterInfo>& out_;
    Path path_;
};

// ---------------------------------------------------------------------------------------------
// Overrides

std::string set_text(const ConfigOverride& o) { return "--set " + o.path + "=" + o.value; }

Path split_path(const ConfigOverride& o) {
    Path path;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = o.path.find('.', start);
        path.push_back(o.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (path.back().empty()) {
            throw ConfigError(
                set_text(o) + ": '" + o.path +
                "' has an empty key; expected --set key.path=value, e.g. --set organisation.agents=1000000");
        }
        if (dot == std::string::npos) return path;
        start = dot + 1;
    }
}

/// The index a path segment names in a list, if it is a valid one.
bool list_index(const YAML::Node& list, const std::string& segment, std::size_t& index) {
    long long parsed = 0;
    if (parse_integer(segment, parsed) != Parsed::ok || segment.front() == '+' || parsed < 0) return false;
    index = static_cast<std::size_t>(parsed);
    return index < list.size();
}

// Note on yaml-cpp: `handle = other` on a Node that refers to a document node overwrites that
// document node; `handle.reset(other)` only re-points the handle. Below, assignment is used only
// to write a slot (`map[key] = value`); walking down the tree uses reset().
void apply_override(YAML::Node& root, const ConfigOverride& o, Origin& origin) {
    const Path path = split_path(o);
    YAML::Node value;
    try {
        value.reset(YAML::Load(o.value));
    } catch (const YAML::Exception& e) {
        throw ConfigError(set_text(o) + ": the value is not valid YAML: " + e.msg);
    }

    AppliedOverride applied{path, path.size(), o.path + "=" + o.value, o.origin};
    YAML::Node node(root);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const std::string& segment = path[i];
        const std::string parent = join(Path(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(i)));
        const bool last = i + 1 == path.size();
        if (node.IsSequence()) {
            std::size_t index = 0;
            if (!list_index(node, segment, index)) {
                throw ConfigError(set_text(o) + ": " + parent + " is a list, and '" + segment +
                                  "' is not an index below its length " + std::to_string(node.size()));
            }
            if (last) {
                node[index] = value;
                break;
            }
            if (node[index].IsNull()) node[index] = YAML::Node(YAML::NodeType::Map);
            const YAML::Node next(node[index]);
            node.reset(next);
            continue;
        }
        if (!node.IsMap()) {
            throw ConfigError(set_text(o) + ": " + parent + " is a single value, so it has no key '" + segment + "'");
        }
        if (last) {
            // Remove first, so that the new value gets a fresh slot instead of overwriting a node
            // the document may share through an anchor.
            node.remove(segment);
            node[segment] = value;
            break;
        }
        YAML::Node next;
        bool found = false;
        for (const auto& kv : node) {
            if (kv.first.IsScalar() && kv.first.Scalar() == segment) {
                next.reset(kv.second);
                found = true;
                break;
            }
        }
        if (!found) applied.created_from = std::min(applied.created_from, i + 1);
        if (!found || next.IsNull()) {
            next.reset(YAML::Node(YAML::NodeType::Map));
            node.remove(segment);
            node[segment] = next;
        }
        node.reset(next);
    }
    origin.add(std::move(applied));
}

// ---------------------------------------------------------------------------------------------

YAML::Node load_document(const std::string& text, const std::string& source) {
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
        const std::string at =
            e.mark.is_null() ? source
                             : source + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
        throw ConfigError(at + ": YAML syntax error: " + e.msg);
    }
    if (documents.size() > 1) {
        const YAML::Mark mark = documents[1].Mark();
        throw ConfigError(source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                          ": a scenario file holds one YAML document, found " + std::to_string(documents.size()));
    }
    if (documents.empty() || documents[0].IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!documents[0].IsMap()) {
        const YAML::Mark mark = documents[0].Mark();
        throw ConfigError(source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                          ": a scenario must be a map of settings (name: ..., organisation: ...), got " +
                          describe(documents[0]));
    }
    return documents[0];
}

ScenarioConfig parse(const std::string& text, const std::string& source, const std::vector<ConfigOverride>& overrides,
                     const ConfigVocabulary& vocabulary, const std::string& default_name) {
    YAML::Node root = load_document(text, source);
    Origin origin(source, vocabulary);
    for (const auto& o : overrides) apply_override(root, o, origin);

    ScenarioConfig config;
    config.name = default_name;
    Reader reader(origin, {}, root, root);
    visit(reader, config);
    reader.finish();
    return config;
}

}  // namespace

ConfigOverride parse_override(const std::string& text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw ConfigError("--set " + text + ": " + (eq == 0 ? "empty key" : "no '='") +
                          "; expected --set key.path=value, e.g. --set organisation.agents=1000000");
    }
    ConfigOverride result{text.substr(0, eq), text.substr(eq + 1), {}};
    split_path(result);  // reject "a..b" here, before any file is read
    return result;
}

ScenarioConfig parse_scenario(const std::string& yaml_text, const std::string& source_name,
                              const std::vector<ConfigOverride>& overrides, const ConfigVocabulary& vocabulary) {
    return parse(yaml_text, source_name, overrides, vocabulary, ScenarioConfig{}.name);
}

ScenarioConfig load_scenario(const std::string& path, const std::vector<ConfigOverride>& overrides,
                             const ConfigVocabulary& vocabulary) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) throw ConfigError("cannot read " + path + ": " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) throw ConfigError("cannot read " + path + ": " + std::strerror(error));
    return parse(text, path, overrides, vocabulary, std::filesystem::path(path).stem().string());
}

const std::vector<ParameterInfo>& scenario_parameters() {
    static const std::vector<ParameterInfo> parameters = [] {
        std::vector<ParameterInfo> out;
        ScenarioConfig defaults;
        Catalogue catalogue(out);
        visit(catalogue, defaults);
        return out;
    }();
    return parameters;
}

const ParameterInfo* find_parameter(const std::string& path) {
    for (const ParameterInfo& p : scenario_parameters()) {
        if (p.path == path) return &p;
    }
    return nullptr;
}

std::string to_yaml(const ScenarioConfig& config) {
    ScenarioConfig copy = config;  // visit() takes the schema's structs by non-const reference
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    Writer writer(out);
    visit(writer, copy);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace trustsim
