// Every scenario the validator accepts runs to its end with every output finite and inside its
// documented range, or the validator rejects it naming where (issue 14).
//
// Two samplings of the schema, both drawn from the ranges the validator itself checks (the
// catalogue scenario_parameters() and the sampler of tests/support/random_scenario.hpp, which
// walk the same visit() functions), so neither keeps a second list of ranges:
//   * each numeric parameter alone at each end of its valid range, with every optional module on;
//   * random scenarios: many fields at once, at their ends or between, modules on and off.
// Outputs are what the HDF5 recorder would write (every org and team series, agent column, edge
// column and team attribute), read through the model's accessors after every week; a value may
// be NaN only where the schema says so (SeriesSpec::may_be_nan, which docs/hdf5-layout.md
// explains), and must lie in [SeriesSpec::lowest, SeriesSpec::highest].
//
// The regular suite runs a few hundred random scenarios; `scripts/test --full` runs the hidden
// "[finite_full]" case, thousands more (TRUSTSIM_FINITE_SCENARIOS sets how many).
#include "models/registry.hpp"
#include "sim/config.hpp"
#include "sim/observer.hpp"
#include "tests/support/random_scenario.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace trustsim;

namespace {

constexpr std::uint64_t sampling_seed = 14;

/// The first value of one output that broke its contract, and how often the output did.
struct Violation {
    std::string detail;
    std::vector<ConfigOverride> scenario;  ///< the first scenario that showed it, as overrides of the defaults
    int count = 0;
};

std::string command_line(const std::vector<ConfigOverride>& overrides) {
    std::string text;
    for (const ConfigOverride& o : overrides) text += " --set '" + o.path + "=" + o.value + "'";
    return text;
}

/// Reads every output the model offers, after every week, and records the values that are not
/// finite (where the schema does not allow NaN) or lie outside the series' documented range.
class OutputContractCheck final : public Observer {
  public:
    void on_start(const RunInfo&, const World& world, const Model& model) override {
        const OutputSchema& schema = model.schema();
        std::vector<float> values(world.organisation.teams());
        for (std::size_t a = 0; a < schema.team_attributes.size(); ++a) {
            model.team_attribute(a, values);
            check_teams("team/style/", schema.team_attributes[a], values, world.organisation, 0);
        }
    }

    void on_step(const StepView& view) override {
        const Model& model = view.model;
        const OutputSchema& schema = model.schema();
        const std::size_t teams = view.world.organisation.teams();
        std::vector<double> org(schema.org_series.size());
        model.org_values(org);
        for (std::size_t s = 0; s < org.size(); ++s) check("org/", schema.org_series[s], org[s], view.step, 0);
        std::vector<float> team(schema.team_series.size() * teams);
        model.team_values(team);
        for (std::size_t s = 0; s < schema.team_series.size(); ++s) {
            check_teams("team/", schema.team_series[s], std::span<const float>(team).subspan(s * teams, teams),
                        view.world.organisation, view.step);
        }
        std::vector<float> agents(view.world.organisation.agents());
        for (std::size_t c = 0; c < schema.agent_columns.size(); ++c) {
            model.agent_column(c, agents);
            check_all("snapshots/agents/", schema.agent_columns[c], agents, view.step);
        }
        std::vector<float> edges(view.world.network.edges());
        for (std::size_t c = 0; c < schema.edge_columns.size(); ++c) {
            model.edge_column(c, edges);
            check_all("snapshots/edges/", schema.edge_columns[c], edges, view.step);
        }
    }

    void on_finish(std::uint32_t, bool) override {}

    /// Dataset -> what was wrong with it in this run (the first bad value).
    const std::map<std::string, std::string>& problems() const { return problems_; }

  private:
    /// A vacant team slot (merged away, or reserved for a later split) is NaN by design
    /// (docs/hdf5-layout.md, /team); every other slot keeps the series' contract.
    void check_teams(const std::string& group, const SeriesSpec& spec, std::span<const float> values, const Organisation& org,
                     std::uint32_t step) {
        for (std::uint32_t t = 0; t < values.size(); ++t) {
            if (!org.team_vacant(t)) {
                if (!check(group, spec, values[t], step, t)) return;
            } else if (!std::isnan(values[t])) {
                problems_.emplace(group + spec.name, "week " + std::to_string(step) + ", vacant team " + std::to_string(t) +
                                                         ": " + format_exact(values[t]) + " instead of NaN");
                return;
            }
        }
    }

    void check_all(const std::string& group, const SeriesSpec& spec, std::span<const float> values, std::uint32_t step) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!check(group, spec, values[i], step, i)) return;
        }
    }

    bool check(const std::string& group, const SeriesSpec& spec, double value, std::uint32_t step, std::size_t index) {
        const bool ok = std::isnan(value) ? spec.may_be_nan
                                          : std::isfinite(value) && value >= spec.lowest && value <= spec.highest;
        if (ok) return true;
        const std::string dataset = group + spec.name;
        if (problems_.count(dataset) == 0) {
            std::ostringstream detail;
            detail << "week " << step << ", index " << index << ": " << format_exact(value);
            if (std::isfinite(value)) detail << ", outside [" << spec.lowest << ", " << spec.highest << "]";
            problems_[dataset] = detail.str();
        }
        return false;
    }

    std::map<std::string, std::string> problems_;
};

/// The datasets whose contract a scenario (given as overrides of the defaults) breaks, with
/// "exception" for a run that threw; nothing for a scenario the validator rejects.
std::map<std::string, std::string> broken_outputs(const std::vector<ConfigOverride>& overrides);

/// The fewest of `overrides` that still break `what`: each override whose removal keeps it
/// broken is dropped (a greedy pass, a few hundred short runs).
std::vector<ConfigOverride> shrink(std::vector<ConfigOverride> overrides, const std::string& what) {
    for (std::size_t i = overrides.size(); i-- > 0;) {
        std::vector<ConfigOverride> fewer = overrides;
        fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
        if (broken_outputs(fewer).count(what) != 0) overrides = std::move(fewer);
    }
    return overrides;
}

/// What became of the scenarios of one sampling.
struct Tally {
    int ran = 0;
    int rejected = 0;
    std::map<std::string, Violation> violations;  ///< by dataset, or "rejection" / "exception"
    std::map<std::string, int> rejection_reasons;

    void add(const std::string& what, const std::string& detail, const std::vector<ConfigOverride>& scenario) {
        Violation& v = violations[what];
        if (v.count++ == 0) {
            v.detail = detail;
            v.scenario = scenario;
        }
    }

    /// One paragraph per broken contract, with the first scenario that broke it, shrunk to the
    /// overrides that matter.
    std::string report() const {
        std::ostringstream out;
        out << ran << " scenarios ran, " << rejected << " were rejected\n";
        for (const auto& [what, v] : violations) {
            const bool shrinkable = what.find('/') != std::string::npos || what == "exception";
            out << "\n" << what << " (" << v.count << " scenarios): " << v.detail << "\n  first in: trustsim run {}"
                << command_line(shrinkable ? shrink(v.scenario, what) : v.scenario) << "\n";
        }
        return out.str();
    }
};

/// The message of a rejection must say where: `source:line:col: ...` for a file, or the --set
/// that supplied the value.
bool names_where(const std::string& message, const std::string& source) {
    static const std::regex set_option(R"(^--set [^=]+=.*: )");
    static const std::regex line_and_column(R"(^:[0-9]+:[0-9]+: )");
    const bool in_source = message.rfind(source, 0) == 0 && std::regex_search(message.substr(source.size()), line_and_column);
    return in_source || std::regex_search(message, set_option);
}

/// A short reason for the tally: the message without its location and numbers.
std::string reason_of(const std::string& message) {
    std::string reason = std::regex_replace(message, std::regex(R"(^[^ ]*:[0-9]+:[0-9]+: |^--set [^ ]*: )"), "");
    reason = std::regex_replace(reason, std::regex(R"([-+]?[0-9][0-9.e+-]*)"), "#");
    return reason.substr(0, 90);
}

/// How one scenario ended: rejected (with the message), or run, with the outputs that broke
/// their contract (or "exception").
struct Outcome {
    std::string rejection;
    std::map<std::string, std::string> broken;
};

/// Validates the scenario text (named `source` in messages) with `overrides`, and runs it with
/// the output check when it is accepted.
Outcome validate_and_run(const std::string& text, const std::string& source, const std::vector<ConfigOverride>& overrides) {
    Outcome outcome;
    try {
        const ScenarioConfig config = parse_scenario(text, source, overrides, config_vocabulary());
        auto simulation = testing::make_simulation(config, 1);
        OutputContractCheck check;
        simulation->add_observer(check);
        simulation->run();
        outcome.broken = check.problems();
    } catch (const ConfigError& e) {
        // From the parser, or from the checks that need the built network (a breach's trustor
        // and trustee must be tied).
        outcome.rejection = e.what();
    } catch (const std::exception& e) {
        outcome.broken["exception"] = e.what();
    }
    return outcome;
}

std::map<std::string, std::string> broken_outputs(const std::vector<ConfigOverride>& overrides) {
    return validate_and_run("{}", "shrink.yaml", overrides).broken;
}

void tally_outcome(const Outcome& outcome, const std::string& source, const std::vector<ConfigOverride>& scenario,
                   Tally& tally) {
    if (!outcome.rejection.empty()) {
        ++tally.rejected;
        ++tally.rejection_reasons[reason_of(outcome.rejection)];
        if (!names_where(outcome.rejection, source)) tally.add("rejection without file:line:col", outcome.rejection, scenario);
        return;
    }
    ++tally.ran;
    for (const auto& [dataset, detail] : outcome.broken) tally.add(dataset, detail, scenario);
}

void run_random_scenarios(std::uint32_t first, std::uint32_t count, const testing::RandomScenarioLimits& limits,
                          Tally& tally) {
    for (std::uint32_t index = first; index < first + count; ++index) {
        const ScenarioConfig drawn = testing::random_scenario(sampling_seed, index, limits);
        const std::string source = drawn.name + ".yaml";
        tally_outcome(validate_and_run(to_yaml(drawn), source, {}), source, testing::differences_from_defaults(drawn), tally);
    }
}

std::string describe_reasons(const Tally& tally) {
    std::ostringstream out;
    for (const auto& [reason, count] : tally.rejection_reasons) out << "  " << count << " x " << reason << "\n";
    return out.str();
}

}  // namespace

TEST_CASE("each parameter alone at each end of its valid range runs finite, every optional module on", "[finite]") {
    // Small and short, with every optional module on, so that every mechanism reads the value.
    const std::vector<ConfigOverride> base = {
        {"organisation.agents", "40", {}}, {"steps", "4", {}},          {"cascade.enabled", "true", {}},
        {"friction.enabled", "true", {}},  {"gossip.enabled", "true", {}}, {"culture.enabled", "true", {}},
        {"ideas.enabled", "true", {}},     {"negotiation.enabled", "true", {}}};
    Tally tally;
    int ends = 0;
    for (const ParameterInfo& p : scenario_parameters(config_vocabulary())) {
        // The run's size is fixed above; the output section changes nothing the model computes.
        if (!p.numeric() || p.path == "organisation.agents" || p.path == "steps" || p.path.rfind("output.", 0) == 0) continue;
        const double lowest = p.lo_open ? std::nextafter(p.lo, HUGE_VAL) : p.lo;
        const double highest = p.hi_open ? std::nextafter(p.hi, -HUGE_VAL) : p.hi;
        for (const double end : {lowest, highest}) {
            std::vector<ConfigOverride> overrides = base;
            overrides.push_back({p.path, format_exact(end), {}});
            tally_outcome(validate_and_run("{}", "ends.yaml", overrides), "ends.yaml", overrides, tally);
            ++ends;
        }
    }
    INFO(tally.report());
    INFO("rejected:\n" << describe_reasons(tally));
    CHECK(ends > 200);
    CHECK(tally.violations.empty());
}

TEST_CASE("random scenarios over the valid ranges run finite or are rejected naming where", "[finite]") {
    Tally tally;
    run_random_scenarios(0, 300, {}, tally);
    INFO(tally.report());
    INFO("rejected:\n" << describe_reasons(tally));
    CHECK(tally.violations.empty());
    // Most draws must run, or the test would check little but the validator.
    CHECK(tally.ran >= 200);
}

TEST_CASE("a network whose slowest PageRank modes mislead the extrapolation still gives finite influence", "[finite][influence]") {
    // Found by the --full sampling when PageRank's extrapolation took a mixed set of modes for one
    // positive one: every fifth iteration stepped the wrong way and influence reached -180 by
    // week 10. Extrapolation now stops after a step that made the change grow.
    const std::vector<ConfigOverride> overrides = {
        {"seed", "2573023310", {}},  {"replicate", "494353739", {}},  {"steps", "12", {}},
        {"organisation.agents", "77", {}},  {"organisation.p_local", "1", {}},
        {"traits.exploitative_character.sd", "1.0536712127723505e-08", {}},
        {"traits.propensity.sd", "0.10712116117131498", {}},  {"trust.character_weight", "8087.717284678936", {}},
        {"trust.success_gain", "0", {}},  {"trust.broken_loss", "1e+06", {}},  {"trust.constructive_gain", "1e+06", {}},
        {"environment.drift_sd", "1e+06", {}},  {"errors.report_safety", "1e+06", {}}};
    const Outcome outcome = validate_and_run("{}", "pagerank.yaml", overrides);
    REQUIRE(outcome.rejection.empty());
    for (const auto& [dataset, detail] : outcome.broken) FAIL_CHECK(dataset << ": " << detail);
}

TEST_CASE("thousands of random scenarios over the valid ranges run finite (scripts/test --full)", "[.][finite_full]") {
    const char* wanted = std::getenv("TRUSTSIM_FINITE_SCENARIOS");
    const auto count = static_cast<std::uint32_t>(wanted ? std::strtoul(wanted, nullptr, 10) : 5000);
    Tally tally;
    // Other scenarios than the regular suite's, in organisations and runs a few times larger.
    run_random_scenarios(300, count, {.max_agents = 150, .max_steps = 30}, tally);
    INFO(tally.report());
    INFO("rejected:\n" << describe_reasons(tally));
    CHECK(tally.violations.empty());
    CHECK(tally.ran >= static_cast<int>(count) * 2 / 3);
}

namespace {

/// The text of the "## heading" section of docs/hdf5-layout.md, up to the next "## ".
std::string layout_section(const std::string& heading) {
    std::ifstream in(std::string(TRUSTSIM_CONFIG_DIR) + "/../docs/hdf5-layout.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto begin = doc.find("\n## " + heading + "\n");
    if (begin == std::string::npos) return {};
    const auto end = doc.find("\n## ", begin + 1);
    return doc.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

/// Whether `section` describes `name` (written `name`), and whether a description of it says NaN.
/// A bullet describes the names before its first '(' or ':', a table row those in its first cell; a
/// paragraph, every name it contains.
struct Mentions {
    bool named = false;
    bool with_nan = false;
};
Mentions mentions(const std::string& section, const std::string& name) {
    Mentions found;
    std::istringstream lines(section);
    std::string line, block;
    auto close_block = [&] {
        std::string subject = block;
        if (block.rfind("* ", 0) == 0) subject = block.substr(0, block.find_first_of("(:"));
        if (block.rfind("|", 0) == 0) subject = block.substr(0, block.find('|', 1));
        if (subject.find("`" + name + "`") != std::string::npos) {
            found.named = true;
            found.with_nan = found.with_nan || block.find("NaN") != std::string::npos;
        }
        block.clear();
    };
    while (std::getline(lines, line)) {
        // A blank line ends a paragraph; a bullet or table row is a block of its own.
        if (line.empty() || line.rfind("* ", 0) == 0 || line.rfind("|", 0) == 0) close_block();
        block += line + "\n";
        if (line.rfind("|", 0) == 0) close_block();
    }
    close_block();
    return found;
}

}  // namespace

TEST_CASE("docs/hdf5-layout.md says when each output may be NaN, and only those", "[finite][docs]") {
    // Every optional module on, so that every output exists.
    ScenarioConfig config = testing::scenario(40, 1);
    for (const std::string path : {"cascade", "friction", "gossip", "culture", "ideas", "negotiation"}) {
        config = parse_scenario(to_yaml(config), "all-modules", {{path + ".enabled", "true", {}}}, config_vocabulary());
    }
    const auto simulation = testing::make_simulation(config, 1);
    const OutputSchema& schema = simulation->model().schema();
    const std::pair<const char*, const std::vector<SeriesSpec>*> groups[] = {
        {"`/org`: weekly organisation-level series", &schema.org_series},
        {"`/team`: teams, their leaders' styles and weekly team series", &schema.team_series},
        {"`/snapshots/agents`: per-agent state every few weeks", &schema.agent_columns},
        {"`/snapshots/edges`: trust on every edge every few weeks", &schema.edge_columns}};
    for (const auto& [heading, series] : groups) {
        const std::string section = layout_section(heading);
        INFO(heading);
        REQUIRE_FALSE(section.empty());
        for (const SeriesSpec& spec : *series) {
            INFO(spec.name);
            const Mentions found = mentions(section, spec.name);
            CHECK(found.named);
            CHECK(found.with_nan == spec.may_be_nan);
        }
    }
}
