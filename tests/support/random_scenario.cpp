#include "tests/support/random_scenario.hpp"

#include "models/registry.hpp"
#include "sim/rng.hpp"
#include "sim/world.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace trustsim::testing {
namespace {

class ScenarioSampler final : public SchemaVisitor {
  public:
    ScenarioSampler(RandomStream& rng, ScenarioConfig& config, const RandomScenarioLimits& limits)
        : rng_(rng), config_(config), limits_(limits), vocabulary_(config_vocabulary()) {
        // How far this scenario departs from the defaults (some change a field or two, some all),
        // and how often a changed number sits at an end of its range (coincidences such as every
        // noise at 0 at once are what breaks a model, and they need many ends together).
        change_ = rng_.uniform();
        corner_share_ = rng_.uniform();
    }

    void real(const char*, double& value, const Range& range) override { value = draw_real(value, range); }

    void integer(const char* key, long long& value, IntRange range) override {
        const std::string path = at(key);
        if (path == "steps") {
            value = 1 + rng_.below(limits_.max_steps);
            steps_ = static_cast<std::uint32_t>(value);
        } else if (path == "seed" || path == "replicate") {
            value = static_cast<long long>(rng_.uniform53() * 0x1p32);
        } else if (path == "organisation.agents") {
            // An explicit organisation is listed in members; `agents` is then left at its default.
            explicit_members_ = rng_.bernoulli(0.1);
            if (!explicit_members_) value = pick({2, 3, 2 + static_cast<long long>(rng_.below(limits_.max_agents - 1))});
        } else if (path == "events.week") {
            value = 1 + rng_.below(steps_);
        } else if (path == "events.discovered_after") {
            value = pick({range.lo, static_cast<long long>(rng_.below(steps_ + 1)), range.hi});
        } else if (changes()) {
            // Corners, and values in the first 64 above the low end (where small counts matter).
            const long long span = std::min<long long>(range.hi - range.lo, 64);
            value = pick({range.lo, range.hi, range.lo + static_cast<long long>(rng_.below(static_cast<std::uint32_t>(span) + 1))});
        }
    }

    void boolean(const char* key, bool& value) override {
        // Optional modules are on or off with even odds whatever the scenario's appetite for change.
        if (std::string_view(key) == "enabled" || changes()) value = rng_.bernoulli(0.5);
    }

    void text(const char* key, std::string& value, const char* names, Presence) override {
        const std::string path = at(key);
        if (names != any_text) {
            // A list entry's required name (leadership.mix.style) has no usable default.
            if (std::string_view(names) == model_names || (!value.empty() && !changes())) return;
            for (const NameList& list : vocabulary_.name_lists) {
                if (list.noun == names) value = list.names[rng_.below(static_cast<std::uint32_t>(list.names.size()))];
            }
            return;
        }
        if (path == "organisation.members.name") {
            value = member_name(item_);
        } else if (path == "organisation.members.manager") {
            value = item_ == 0 ? "" : member_name(rng_.below(item_));
        } else if (path == "organisation.ties.from") {
            tie_from_ = rng_.below(static_cast<std::uint32_t>(config_.organisation.members.size()));
            value = member_name(tie_from_);
        } else if (path == "organisation.ties.to") {
            const auto others = static_cast<std::uint32_t>(config_.organisation.members.size()) - 1;
            value = member_name((tie_from_ + 1 + rng_.below(others)) % (others + 1));
        } else if (path == "events.target") {
            value = event_target(current_choice_["events.type"]);
        } else if (path == "events.into") {
            // A merge into another team; the planner refuses one into the target's own unit or
            // into a vacant slot, and the retries draw again.
            const auto teams = static_cast<std::uint32_t>(shape().teams());
            value = "team " + std::to_string(teams > 1 ? (changed_team_ + 1 + rng_.below(teams - 1)) % teams : 0);
        } else if (path == "events.toward") {
            value = pick_text({"", "all", team_text(), unit_text()});
        } else if (path == "events.trustor") {
            // A trustor tied to the trustee: its manager, or a direct report of the CEO.
            value = trustee_ > 0 ? "agent " + std::to_string(shape().is_manager(trustee_) ? first_report(trustee_) : parent(trustee_))
                                 : "agent 1";
        } else if (path == "events.style" || path == "people.style") {
            const bool can_lead = path == "events.style" || person_leads_;
            value = can_lead && rng_.bernoulli(0.5) ? style_name() : "";
        } else if (path == "people.name") {
            value = person_name();
        }
    }

    void choice_index(const char* key, std::size_t& index, std::span<const char* const> names) override {
        const std::string path = at(key);
        if (path == "events.type" || changes()) index = rng_.below(static_cast<std::uint32_t>(names.size()));
        // A merge needs two teams besides the CEO's, a split one: in smaller organisations they
        // would only be rejected, so another type is drawn.
        const auto team_change = [&] {
            const std::string_view name = names[index];
            return name == "merge_teams" || name == "split_team";
        };
        for (int attempt = 0; path == "events.type" && shape().teams() < 3 && team_change() && attempt < 16; ++attempt) {
            index = rng_.below(static_cast<std::uint32_t>(names.size()));
        }
        current_choice_[path] = names[index];
    }

    void optional(const char* key, bool& present, double& value, const Range& range) override {
        // Style overrides of a person are for managers only.
        const bool allowed = at(key).rfind("people.overrides.", 0) != 0 || person_leads_;
        present = allowed && rng_.bernoulli(0.5 * change_);
        if (present) value = draw_real(value, range);
    }

    void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout) override {
        path_.emplace_back(key);
        const bool outer_failed = check_failed_;
        for (int attempt = 0; attempt < 50; ++attempt) {
            check_failed_ = false;
            visit_fields(*this);
            if (!check_failed_) break;
        }
        check_failed_ = outer_failed || check_failed_;
        path_.pop_back();
        if (path_.empty() && std::string_view(key) == "organisation") shape_.emplace(config_.organisation);
    }

    void optional_section_fields(const char* key, bool& present, const std::function<void(SchemaVisitor&)>& visit_fields,
                                 Layout layout) override {
        present = rng_.bernoulli(0.5 * change_);
        if (present) section_fields(key, visit_fields, layout);
    }

    void list_items(const char* key, ListAccess& items) override {
        const std::string path = at(key);
        std::uint32_t count = 0;
        if (path == "organisation.members") {
            count = explicit_members_ ? 2 + rng_.below(limits_.max_agents - 1) : 0;
        } else if (path == "organisation.ties") {
            count = explicit_members_ ? rng_.below(2 * static_cast<std::uint32_t>(config_.organisation.members.size()) + 1) : 0;
        } else if (path == "leadership.mix") {
            count = rng_.below(4);
        } else if (path == "events") {
            count = rng_.bernoulli(0.5) ? 1 + rng_.below(4) : 0;
        } else if (path == "people") {
            count = rng_.bernoulli(0.3) ? 1 + rng_.below(std::min<std::uint32_t>(3, static_cast<std::uint32_t>(shape().agents()))) : 0;
            people_.clear();
        }
        items.clear();
        path_.emplace_back(key);
        for (std::uint32_t i = 0; i < count; ++i) {
            items.append_default();
            item_ = i;
            items.visit_item(i, *this);
        }
        path_.pop_back();
    }

    void check(bool ok, std::initializer_list<const char*>, const std::string&) override {
        if (!ok) check_failed_ = true;
    }

  private:
    std::string at(const char* key) const {
        std::string path;
        for (const std::string& segment : path_) path += segment + ".";
        return path + key;
    }

    bool changes() { return rng_.bernoulli(change_); }

    long long pick(std::initializer_list<long long> options) {
        return *(options.begin() + rng_.below(static_cast<std::uint32_t>(options.size())));
    }
    std::string pick_text(std::initializer_list<std::string> options) {
        return *(options.begin() + rng_.below(static_cast<std::uint32_t>(options.size())));
    }

    /// A value of `range`: an end (the value next to an open one), a value between the ends, or
    /// one of small, moderate or large size.
    double draw_real(double current, const Range& range) {
        // A default can fall outside a range that depends on a field drawn before (sd on mean).
        if (!changes() && range.contains(current)) return current;
        const double lowest = range.lo_open ? std::nextafter(range.lo, HUGE_VAL) : range.lo;
        const double highest = range.hi_open ? std::nextafter(range.hi, -HUGE_VAL) : range.hi;
        auto sized = [&](double exponent_lo, double exponent_hi) {
            const double magnitude = std::pow(10.0, exponent_lo + (exponent_hi - exponent_lo) * rng_.uniform());
            double x = lowest >= 0 ? lowest + magnitude : highest <= 0 ? highest - magnitude
                                                        : (rng_.bernoulli(0.5) ? magnitude : -magnitude);
            return std::clamp(x, lowest, highest);
        };
        if (rng_.bernoulli(corner_share_)) return rng_.bernoulli(0.5) ? lowest : highest;
        switch (rng_.below(4)) {
            case 0: {
                const double u = rng_.uniform();
                return std::clamp(lowest * (1 - u) + highest * u, lowest, highest);
            }
            case 1: return sized(-3, 1);
            case 2: return sized(1, 4);
            default: return sized(4, 308);
        }
    }

    static std::string member_name(std::uint32_t i) { return std::string("member-").append(std::to_string(i)); }

    const OrganisationShape& shape() const { return *shape_; }
    std::uint32_t agents() const { return static_cast<std::uint32_t>(shape().agents()); }
    std::uint32_t any_agent() { return rng_.below(agents()); }
    /// Manager and first report in a generated organisation (the complete span-ary tree in
    /// breadth-first order); an explicit one uses 0 and 1, the CEO and its first report.
    AgentIndex parent(AgentIndex a) const {
        return config_.organisation.explicit_members() ? 0 : (a - 1) / config_.organisation.span_of_control;
    }
    AgentIndex first_report(AgentIndex a) const {
        return config_.organisation.explicit_members() ? 1 : a * config_.organisation.span_of_control + 1;
    }
    std::string team_text() { return "team " + std::to_string(rng_.below(static_cast<std::uint32_t>(shape().teams()))); }
    std::string unit_text() { return "unit " + std::to_string(any_agent()); }
    std::string style_name() {
        for (const NameList& list : vocabulary_.name_lists) {
            if (list.noun == "leadership style") return list.names[rng_.below(static_cast<std::uint32_t>(list.names.size()))];
        }
        return "";
    }

    std::string event_target(const std::string& type) {
        trustee_ = 0;
        if (type == "replace_leader") return pick_text({"ceo", team_text()});
        if (type == "merge_teams" || type == "split_team") {
            // The CEO's team can be neither merged nor split: any other team, when there is one.
            const auto teams = static_cast<std::uint32_t>(shape().teams());
            changed_team_ = teams > 1 ? 1 + rng_.below(teams - 1) : 0;
            return "team " + std::to_string(changed_team_);
        }
        if (type == "forced_error" || type == "breach") {
            if (type == "breach" && agents() < 2) return "ceo";
            trustee_ = any_agent();
            return trustee_ == 0 ? "ceo" : "agent " + std::to_string(trustee_);
        }
        return pick_text({"all", "ceo", team_text(), unit_text()});
    }

    std::string person_name() {
        AgentIndex agent = any_agent();
        while (std::find(people_.begin(), people_.end(), agent) != people_.end()) agent = (agent + 1) % agents();
        people_.push_back(agent);
        person_leads_ = shape().is_manager(agent);
        return agent == 0 ? "ceo" : "agent " + std::to_string(agent);
    }

    RandomStream& rng_;
    ScenarioConfig& config_;
    RandomScenarioLimits limits_;
    ConfigVocabulary vocabulary_;
    double change_ = 0;
    double corner_share_ = 0;
    std::vector<std::string> path_;
    bool check_failed_ = false;
    std::uint32_t steps_ = 1;
    bool explicit_members_ = false;
    std::uint32_t item_ = 0;
    std::uint32_t tie_from_ = 0;
    std::optional<OrganisationShape> shape_;
    std::map<std::string, std::string> current_choice_;
    AgentIndex trustee_ = 0;
    std::uint32_t changed_team_ = 0;  ///< the team a merge or split event targets
    std::vector<AgentIndex> people_;
    bool person_leads_ = false;
};

/// Lists every field of a scenario as (dotted path, YAML text); a list is one entry whose text is
/// the whole list in flow style.
class ValueLister final : public SchemaVisitor {
  public:
    void real(const char* key, double& value, const Range&) override { emit(key, format_exact(value)); }
    void integer(const char* key, long long& value, IntRange) override { emit(key, std::to_string(value)); }
    void boolean(const char* key, bool& value) override { emit(key, value ? "true" : "false"); }
    void text(const char* key, std::string& value, const char*, Presence) override { emit(key, quoted(value)); }
    void choice_index(const char* key, std::size_t& index, std::span<const char* const> names) override {
        emit(key, names[index]);
    }
    void optional(const char* key, bool& present, double& value, const Range&) override {
        if (present) emit(key, format_exact(value));
    }
    void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout) override {
        if (flow_.empty()) {
            path_.emplace_back(key);
            visit_fields(*this);
            path_.pop_back();
            return;
        }
        flow_.emplace_back();
        visit_fields(*this);
        const std::string fields = flow_.back();
        flow_.pop_back();
        emit(key, "{" + fields + "}");
    }
    void optional_section_fields(const char* key, bool& present, const std::function<void(SchemaVisitor&)>& visit_fields,
                                 Layout layout) override {
        if (present) section_fields(key, visit_fields, layout);
    }
    void list_items(const char* key, ListAccess& items) override {
        std::string list = "[";
        for (std::size_t i = 0; i < items.size(); ++i) {
            flow_.emplace_back();
            items.visit_item(i, *this);
            list += (i == 0 ? "{" : ", {") + flow_.back() + "}";
            flow_.pop_back();
        }
        emit(key, list + "]");
    }
    void check(bool, std::initializer_list<const char*>, const std::string&) override {}

    std::vector<std::pair<std::string, std::string>> values;

  private:
    static std::string quoted(const std::string& text) {
        std::string out = "\"";
        for (const char c : text) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        return out + "\"";
    }
    void emit(const char* key, const std::string& text) {
        if (!flow_.empty()) {
            flow_.back() += (flow_.back().empty() ? "" : ", ") + std::string(key) + ": " + text;
            return;
        }
        std::string path;
        for (const std::string& segment : path_) path += segment + ".";
        values.emplace_back(path + key, text);
    }

    std::vector<std::string> path_;
    std::vector<std::string> flow_;  ///< the flow text of the list items and maps being written
};

std::vector<std::pair<std::string, std::string>> values_of(ScenarioConfig config) {
    ValueLister lister;
    visit(lister, config);
    return lister.values;
}

}  // namespace

std::vector<ConfigOverride> differences_from_defaults(const ScenarioConfig& config) {
    const auto defaults = values_of(default_scenario(config_vocabulary()));
    std::vector<ConfigOverride> overrides;
    for (const auto& [path, text] : values_of(config)) {
        const auto same = std::find(defaults.begin(), defaults.end(), std::pair{path, text});
        if (same == defaults.end()) overrides.push_back({path, text, {}});
    }
    return overrides;
}

ScenarioConfig random_scenario(std::uint64_t seed, std::uint32_t index, const RandomScenarioLimits& limits) {
    ScenarioConfig config = default_scenario(config_vocabulary());
    config.name = "random-" + std::to_string(index);
    RandomStream rng(RngKey{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}, index, 0, 0);
    ScenarioSampler sampler(rng, config, limits);
    visit(sampler, config);
    return config;
}

}  // namespace trustsim::testing
