// Typed scenario configuration.
//
// A scenario YAML file is parsed once, at the edge, into these plain structs; nothing deeper in
// the engine or the models sees YAML. Every field has its default in the struct initialiser (one
// place), carries its unit or scale in the comment, and is range-checked by `parse_scenario`.
// Symbols in brackets refer to ../shared/model-spec.md (section A).
//
// Only sim/config.cpp includes yaml-cpp.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace trustsim {

/// A bounded [0,1] trait drawn from a Beta distribution given by its mean and standard deviation.
struct BetaTrait {
    double mean = 0.5;  ///< in (0,1)
    double sd = 0.1;    ///< in (0, sqrt(mean*(1-mean)))
};

struct OrganisationConfig {
    std::uint32_t agents = 2000;        ///< N, including the CEO; 2 .. 2^31
    std::uint32_t span_of_control = 7;  ///< s, direct reports per manager; 2 .. 64
    std::uint32_t k_lat = 6;            ///< lateral out-tie draws per agent; 0 .. 64
    double p_local = 0.8;               ///< share of lateral draws inside the department; [0,1]
};

/// Trait distributions of employees (A.2, model-choices "Traits and priors").
struct TraitsConfig {
    BetaTrait ability{0.625, 0.1614};              ///< a_i, Beta(5,3)
    BetaTrait character{0.75, 0.1306};             ///< c_i of the cooperative majority, Beta(7.5,2.5)
    BetaTrait exploitative_character{0.2, 0.1206};  ///< c_i of the exploitative minority, Beta(2,8)
    double exploitative_share = 0.10;              ///< u, share of exploitative agents; [0,1]
    BetaTrait return_fraction{0.37, 0.20};         ///< r_i, Beta(1.79,3.04)
    BetaTrait propensity{0.55, 0.15};              ///< pi_i, Beta(5.5,4.5)
    double initial_error_rate = 0.05;              ///< e0, task errors per week; [0,1]
    double initial_belief_sd = 0.3;                ///< sd of x_i around theta* at hire; >= 0
};

enum class TrustMode { slow, swift };

/// Two-facet Beta trust (A.3).
struct TrustConfig {
    TrustMode mode = TrustMode::slow;         ///< prior regime for new relationships
    double prior_strength_slow = 4.0;         ///< n0, pseudo-counts of the slow prior; > 0
    double prior_strength_swift = 2.0;        ///< n0', pseudo-counts of the swift prior; > 0
    double swift_floor = 0.7;                 ///< p_sw, swift prior mean is max(p0, p_sw); [0,1]
    double forgetting = 0.98;                 ///< lambda per week; (0,1]
    double competence_weight = 0.5;           ///< w_c exponent of tau_c in t; >= 0
    double character_weight = 0.5;            ///< w_h exponent of tau_h in t; >= 0
    double success_gain = 1.0;                ///< g+_c, competence evidence of a success
    double failure_loss = 1.5;                ///< g-_c, competence evidence of a failure
    double kept_gain = 1.0;                   ///< g+_h, character evidence of a kept exchange
    double broken_loss = 3.0;                 ///< g-_h, character evidence of a broken exchange
    double being_trusted_gain = 0.5;          ///< omega_recip, h+ for being trusted
    double apology_credit = 0.5;              ///< a_apol, h+ of an apology judged sincere
    double deception_multiplier = 2.0;        ///< d_dec, multiplies g-_h on a discovered cover-up
    double help_ask_penalty = 0.3;            ///< c- of asking for help, before (1-kappa)(1+chi)
    double help_ask_credit = 0.3;             ///< h+ of asking for help
    double refusal_loss = 1.0;                ///< h- when a helper refuses
    double constructive_gain = 1.0;           ///< h+ of a constructive response to voice/report
    double punitive_loss = 2.0;               ///< h- of a punitive response or blame
    double blessing_weight = 0.25;            ///< leader's blessing, times t(i, my manager)
    double witness_weight = 0.5;              ///< omega for observers that are not a party
};

/// The six leadership dimensions of A.4, each in [0,1].
struct LeadershipStyle {
    double self_reflection = 0.5;       ///< sigma
    double balanced_perspective = 0.5;  ///< beta
    double self_confidence = 0.5;       ///< kappa
    double humility = 0.5;              ///< eta
    double infallibility = 0.5;         ///< iota
    double trust_first = 0.5;           ///< phi
};

/// Optional per-dimension overrides applied after the preset; unset fields keep the preset value.
struct StyleOverrides {
    bool has_self_reflection = false, has_balanced_perspective = false, has_self_confidence = false,
         has_humility = false, has_infallibility = false, has_trust_first = false;
    LeadershipStyle values{};
};

/// How managers get their style. `single`: every manager uses `style`. `categorical`: each
/// manager draws one of `mix` with probability proportional to its weight. `blend`: each manager
/// draws w ~ U(0,1) and takes w*to + (1-w)*from, dimension by dimension.
enum class StyleDistribution { single, categorical, blend };

struct StyleWeight {
    std::string style;  ///< a preset name from the leadership registry
    double weight = 1;  ///< > 0, relative
};

struct LeadershipConfig {
    StyleDistribution distribution = StyleDistribution::single;
    std::string style = "humble";          ///< preset for `single`
    std::vector<StyleWeight> mix;          ///< presets and weights for `categorical`
    std::string blend_from = "infallible";  ///< preset at w = 0 for `blend`
    std::string blend_to = "humble";        ///< preset at w = 1 for `blend`
    StyleOverrides overrides;               ///< applied to every manager after the draw
    double omniscience_expectation = 0.3;  ///< chi, org power distance; [0,1]
    double learning_from_error = 0.2;      ///< l, e_m *= (1 - sigma*l) after an admitted error
    double feedback_weight = 0.3;          ///< eps_feedback in the belief correction
    double feedback_noise_sd = 0.3;        ///< sd of the outcome signal theta-hat around theta*
    double confidence_bound_base = 0.1;    ///< eps0 of eps_m = eps0 + beta*d_eps
    double confidence_bound_range = 0.4;   ///< d_eps
    double not_invented_here_bias = 0.2;   ///< b_NIH
    double help_uncertainty_threshold = 0.2;  ///< |x_m - mean voiced x| that makes a manager ask
    double decision_width = 0.2;           ///< sigma_Q of Q_T = exp(-(d-theta*)^2 / 2 sigma_Q^2)
};

/// P1 environment.
struct EnvironmentConfig {
    double drift_sd = 0.05;       ///< sigma_theta, weekly random-walk step of theta*
    double jump_probability = 0.02;  ///< p_jump per week; theta* ~ N(0,1) on a jump
    double signal_noise = 0.3;    ///< sigma_s; signal sd is sigma_s / a_i
    double signal_weight = 0.3;   ///< rho_s, belief update weight on the signal
};

/// Task errors, concealment and reporting (A.4, P2, P3).
struct ErrorsConfig {
    double discovery_probability = 0.10;  ///< p_disc per concealed/latent item per week
    double latent_hazard = 0.01;          ///< delta_lat, added error probability per latent item
    double report_intercept = -3.4;       ///< r0 of p_rep = logistic(r0 + r1 psi + r2 t)
    double report_safety = 3.0;           ///< r1
    double report_trust = 1.0;            ///< r2
    double team_learning = 0.02;          ///< l_T, e_i *= (1 - l_T) per reported error in the team
};

/// Help-seeking, voice and exchange (P3, A.7).
struct InteractionsConfig {
    double need_probability = 0.3;        ///< p_need, weekly chance of a problem needing help
    double help_intercept = -2.0;         ///< h0 of logistic(h0 + h1 psi + h2 t)
    double help_safety = 2.0;             ///< h1
    double help_trust = 2.0;              ///< h2
    double help_received_gain = 0.2;      ///< performance multiplier per successful help received
    double idea_rate = 0.05;              ///< ideas per agent per week
    double voice_intercept = -2.0;        ///< v0 of logistic(v0 + v1 psi + v2 t - v3 chi)
    double voice_safety = 3.0;            ///< v1
    double voice_trust = 1.0;             ///< v2
    double voice_power_distance = 1.0;    ///< v3
    double innovation_gain = 0.02;        ///< g_innov, I_T added per accepted idea
    double innovation_half_life = 52.0;   ///< weeks
    double exchange_multiplier = 3.0;     ///< k, Berg et al. multiplier
    double felt_trust_effect = 0.15;      ///< omega_F
    double relationship_effect = 0.2;     ///< omega_rel
    double exploit_probability = 0.8;     ///< an exploitative agent returns 0 with this probability
    double exchange_payoff_scale = 0.05;  ///< performance gained per unit of surplus (k-1)x
};

/// Team psychological safety (A.6).
struct PsychSafetyConfig {
    double initial = 0.5;     ///< psi at hire
    double rate = 0.1;        ///< kappa_psi
    double negativity = 2.0;  ///< gamma_psi, multiplier on downward moves
};

/// Engagement, performance and turnover (A.9).
struct OutcomesConfig {
    double initial_engagement = 0.5;
    double initial_felt_trust = 0.3;
    double felt_trust_rate = 0.1;        ///< EMA rate of F
    double engagement_rate = 0.1;        ///< rho_E
    double engagement_intercept = -2.0;  ///< b0
    double engagement_trust = 2.0;       ///< b1, on t(i, manager)
    double engagement_safety = 1.5;      ///< b2, on psi
    double engagement_felt_trust = 1.0;  ///< b3, on F
    double engagement_success = 1.0;     ///< b4, on succ
    double engagement_blame = 2.0;       ///< b5, on blamed
    double base_productivity = 0.6;      ///< the 0.6 of y = a (0.6 + 0.4 E) ...; friction lowers it
    double engagement_productivity = 0.4;  ///< the 0.4 of y = a (0.6 + 0.4 E) ...
    double decision_quality_weight = 0.3;  ///< weight of Q_T in y
    double error_cost = 0.5;             ///< c_err per own error this week
    double performance_noise_sd = 0.2;   ///< sigma_y
    double coordination_gain = 0.1;      ///< g_coord in Y_T
    double quit_base_hazard = 0.003;     ///< h0 per week
    double quit_sensitivity = 3.0;       ///< q
};

/// Core mechanisms that can be switched off for ablations. Each switch has a test that shows
/// it changes the results.
struct ModulesConfig {
    bool exchange = true;      ///< managers open trust-first exchanges (A.7)
    bool help_seeking = true;  ///< agents ask for help (P3) and managers when uncertain (P2)
    bool voice = true;         ///< ideas are voiced and answered (P3, P2)
    bool blessing = true;      ///< the leader's blessing on co-worker edges (A.3)
    bool turnover = true;      ///< quits and newcomer replacement (A.9)
};

struct OutputConfig {
    std::string file;                       ///< HDF5 path; empty = <scenario name>.h5
    std::uint32_t agent_snapshot_every = 13;  ///< steps between per-agent snapshots; 0 = none
    std::uint32_t edge_snapshot_every = 52;   ///< steps between trust-edge snapshots; 0 = none
    bool team_series = true;                ///< write steps x teams series
    int compression_level = 4;              ///< gzip level 0..9 (0 = no filter)
};

struct ScenarioConfig {
    std::string name = "scenario";   ///< label written to the output; default: file stem
    std::string description;         ///< free text
    std::string model = "core";      ///< behaviour model name in the model registry
    std::uint32_t steps = 104;       ///< weeks to simulate; 1 .. 10^7
    std::uint64_t seed = 1;          ///< master seed; 0 .. 2^32-1
    std::uint32_t replicate = 0;     ///< replicate index, part of the RNG key
    OrganisationConfig organisation;
    TraitsConfig traits;
    TrustConfig trust;
    LeadershipConfig leadership;
    EnvironmentConfig environment;
    ErrorsConfig errors;
    InteractionsConfig interactions;
    PsychSafetyConfig psych_safety;
    OutcomesConfig outcomes;
    ModulesConfig modules;
    OutputConfig output;
};

/// A configuration error, already formatted as `source:line:col: message`.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// One `--set key.path=value` override, applied on top of the file before typing.
struct ConfigOverride {
    std::string path;   ///< dotted key path, e.g. "organisation.agents"
    std::string value;  ///< YAML scalar or flow text, e.g. "1000000" or "[1, 2]"
    /// Where a message about this value points, e.g. "sweep.yaml:12:5 (factor humility)";
    /// empty means "--set path=value".
    std::string origin;
};

/// What a scenario parameter holds, as the schema types it.
enum class ParameterKind { real, integer, boolean, text, choice, style, model, list };

/// One settable leaf of the scenario schema: its dotted path, type and valid range (as checked
/// at the schema's defaults: a bound that depends on another field, like a Beta trait's sd on
/// its mean, is given for the default of that field).
struct ParameterInfo {
    std::string path;
    ParameterKind kind = ParameterKind::real;
    double lo = 0, hi = 0;  ///< real and integer kinds
    bool lo_open = false, hi_open = false;
    std::vector<std::string> choices;  ///< choice kind: the valid names
    std::string range_text;            ///< e.g. "in [0, 1]", "an integer in [2, 64]", "true or false"

    bool numeric() const noexcept { return kind == ParameterKind::real || kind == ParameterKind::integer; }
    bool contains(double x) const noexcept {
        return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
    }
};

/// Every parameter of the scenario schema, in schema order: the one list a sweep's factor paths
/// are checked against, generated from the same visit() functions that parse a scenario.
const std::vector<ParameterInfo>& scenario_parameters();

/// The parameter at a dotted path, or nullptr.
const ParameterInfo* find_parameter(const std::string& path);

/// Names the caller knows to be valid (the model registry's), so that an unknown model or
/// leadership style is reported at its file:line:col with the valid list. Empty = not checked.
struct ConfigVocabulary {
    std::vector<std::string> model_names;
    std::vector<std::string> style_names;
};

/// Parses an override of the form `key.path=value`; throws ConfigError when malformed.
ConfigOverride parse_override(const std::string& text);

/// Reads, overrides, types and validates a scenario. Throws ConfigError naming file:line:col
/// (or `--set key` for overridden values) and the valid range. `name` defaults to the file stem.
ScenarioConfig load_scenario(const std::string& path, const std::vector<ConfigOverride>& overrides = {},
                             const ConfigVocabulary& vocabulary = {});

/// Same as load_scenario, from text; `source_name` is used in messages.
ScenarioConfig parse_scenario(const std::string& yaml_text, const std::string& source_name,
                              const std::vector<ConfigOverride>& overrides = {},
                              const ConfigVocabulary& vocabulary = {});

/// The fully resolved configuration (every field, defaults included) as YAML text, for provenance.
/// parse_scenario(to_yaml(c), ...) gives back c.
std::string to_yaml(const ScenarioConfig& config);

}  // namespace trustsim
