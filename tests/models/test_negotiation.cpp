// The optional negotiation module (models/negotiation/, spec A.8): off it changes nothing; on,
// mutual sharing reaches the Pareto maximum and no sharing the even split (analytically), sharing
// follows its logistic and rises with trust, each side's evidence and memory land in its own row,
// and the results do not depend on the thread count.
#include "models/negotiation/negotiation.hpp"
#include "models/registry.hpp"
#include "tests/support/module_checks.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

using namespace trustsim;
using namespace trustsim::core;

namespace {

/// Runs the scenario to the end with an HDF5 recorder; every dataset's hash, and the final
/// evidence and negotiation memory if asked for.
std::map<std::string, std::uint64_t> run_and_hash(const ScenarioConfig& config, unsigned threads, const std::string& name,
                                                  std::vector<Evidence>* evidence = nullptr,
                                                  std::vector<std::uint8_t>* memory = nullptr) {
    return testing::run_and_hash(config, threads, "negotiation_" + name, [&](const CoreRun& run) {
        if (evidence) *evidence = run.state.trust.evidence;
        if (memory) *memory = run.state.negotiation.memory;
    });
}

bool same_bits(const std::vector<Evidence>& a, const std::vector<Evidence>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Evidence)) == 0;
}

ScenarioConfig negotiating(std::uint32_t agents, std::uint32_t steps, std::uint64_t seed, double rate) {
    ScenarioConfig config = testing::scenario(agents, steps, "humble", seed);
    NegotiationConfig& n = config.parameters.get<NegotiationConfig>();
    n.enabled = true;
    n.rate = rate;
    return config;
}

/// Sums over several weeks of the openers' slots: negotiations, sides that shared, mutual
/// shares, sum of joint / max and of 1 / max.
struct WeekSums {
    double negotiations = 0, shares = 0, mutual = 0, efficiency = 0, inverse_max = 0, max = 0;
    void add(const CoreState& s) {
        for (std::size_t i = 0; i < s.negotiation.sharing.size(); ++i) {
            const std::uint8_t sharing = s.negotiation.sharing[i];
            if (!sharing) continue;
            const bool a = sharing & NegotiationSharing::opener_shared;
            const bool b = sharing & NegotiationSharing::partner_shared;
            negotiations += 1;
            shares += a + b;
            mutual += a && b;
            efficiency += double{s.negotiation.joint[i]} / s.negotiation.max[i];
            inverse_max += 1.0 / s.negotiation.max[i];
            max += s.negotiation.max[i];
        }
    }
    double sharing_rate() const { return shares / (2 * negotiations); }
    double mean_efficiency() const { return efficiency / negotiations; }
};

WeekSums run_weeks(const ScenarioConfig& config, unsigned weeks) {
    auto sim = testing::make_simulation(config, 2);
    WeekSums sums;
    for (unsigned w = 0; w < weeks; ++w) {
        sim->step();
        sums.add(testing::core_run(*sim).state);
    }
    return sums;
}

}  // namespace

TEST_CASE("negotiation off is bit-identical to a scenario without the section", "[negotiation]") {
    const std::string base = "name: off\nsteps: 12\norganisation: {agents: 3000}\nleadership: {distribution: blend}\n"
                             "outcomes: {quit_base_hazard: 0.01}\noutput: {agent_snapshot_every: 4, edge_snapshot_every: 6}\n";
    const std::string with_section =
        base + "negotiation: {enabled: false, rate: 0.9, claim: 0.4, share_intercept: 3, evidence_weight: 5}\n";
    const ScenarioConfig without = parse_scenario(base, "off.yaml", {}, config_vocabulary());
    const ScenarioConfig disabled = parse_scenario(with_section, "off.yaml", {}, config_vocabulary());
    REQUIRE(disabled.parameters.get<NegotiationConfig>().rate == 0.9);
    std::vector<Evidence> evidence_without, evidence_disabled;
    const auto a = run_and_hash(without, 2, "without", &evidence_without);
    const auto b = run_and_hash(disabled, 2, "disabled", &evidence_disabled);
    REQUIRE(a.size() > 30);
    CHECK(a == b);
    CHECK(same_bits(evidence_without, evidence_disabled));
    CHECK(a.count("/org/negotiation_efficiency") == 0);  // no series of a module that is off

    auto sim = testing::make_simulation(disabled, 1);
    for (const Phase& phase : sim->model().phases()) CHECK(std::string(phase.name).find("negotiation") == std::string::npos);
}

TEST_CASE("when both sides share, every negotiation reaches the Pareto maximum", "[negotiation]") {
    // Every agent opens a negotiation every week and both sides always share (logit 40).
    ScenarioConfig config = negotiating(5000, 1, 3, 1.0);
    config.parameters.get<NegotiationConfig>().share_intercept = 40;
    auto sim = testing::make_simulation(config, 2);
    sim->step();
    const CoreState& s = testing::core_run(*sim).state;
    WeekSums sums;
    sums.add(s);
    REQUIRE(sums.negotiations > 4500);  // a count: enough negotiations for the checks below
    for (std::size_t i = 1; i < s.negotiation.sharing.size(); ++i) {
        if (!s.negotiation.sharing[i]) continue;
        INFO("opener " << i);
        CHECK(s.negotiation.sharing[i] == 7);
        CHECK(s.negotiation.joint[i] == s.negotiation.max[i]);
    }
    CHECK(testing::org_metric(*sim, "negotiation_efficiency") == 1.0);
    CHECK(testing::org_metric(*sim, "negotiation_sharing_rate") == 1.0);
    CHECK(testing::org_metric(*sim, "negotiations") == sums.negotiations);
    // max = 1 + |w_a - w_b| with independent uniform weights: mean 4/3, sd sqrt(1/18) = 0.236, so
    // the mean of > 4500 has a standard error below 0.0036; 0.015 is more than four of them.
    CHECK(sums.max / sums.negotiations == Approx(4.0 / 3.0).margin(0.015));
}

TEST_CASE("when neither side shares, joint value is the even split's and nothing is learned", "[negotiation]") {
    ScenarioConfig config = negotiating(5000, 3, 4, 1.0);
    config.parameters.get<NegotiationConfig>().share_intercept = -40;
    auto sim = testing::make_simulation(config, 2);
    WeekSums sums;
    for (int week = 0; week < 3; ++week) {
        sim->step();
        const CoreState& s = testing::core_run(*sim).state;
        WeekSums this_week;
        this_week.add(s);
        for (std::size_t i = 1; i < s.negotiation.sharing.size(); ++i) {
            if (!s.negotiation.sharing[i]) continue;
            INFO("opener " << i);
            CHECK(s.negotiation.sharing[i] == NegotiationSharing::negotiated);
            CHECK(s.negotiation.joint[i] == 1.0f);  // efficiency exactly 1 / max
            CHECK(s.negotiation.max[i] >= 1.0f);
            CHECK(s.negotiation.max[i] <= 2.0f);
        }
        CHECK(testing::org_metric(*sim, "negotiation_sharing_rate") == 0.0);
        CHECK(testing::org_metric(*sim, "negotiation_efficiency") ==
              Approx(this_week.inverse_max / this_week.negotiations).epsilon(1e-12));
        sums.add(s);
    }
    // E[1 / (1 + |w_a - w_b|)] = integral of 2 (1 - d) / (1 + d) over [0, 1] = 4 ln 2 - 2 = 0.7726;
    // sd < 0.15, so over > 13,500 negotiations the standard error is below 0.0013.
    CHECK(sums.mean_efficiency() == Approx(4.0 * std::log(2.0) - 2.0).margin(0.006));
    // No share, no evidence and no memory: trust is exactly what it is without the module.
    ScenarioConfig off = config;
    off.parameters.get<NegotiationConfig>().enabled = false;
    auto reference = testing::make_simulation(off, 2);
    for (int week = 0; week < 3; ++week) reference->step();
    CHECK(same_bits(testing::core_run(*sim).state.trust.evidence, testing::core_run(*reference).state.trust.evidence));
    const auto& memory = testing::core_run(*sim).state.negotiation.memory;
    CHECK(std::count(memory.begin(), memory.end(), 0) == static_cast<std::ptrdiff_t>(memory.size()));
}

TEST_CASE("sharing follows its logistic, and joint gains follow mutual sharing", "[negotiation]") {
    // Trust, memory and mode play no part: p_share = logistic(logit 0.3) = 0.3 for every side.
    ScenarioConfig config = negotiating(5000, 4, 5, 0.5);
    NegotiationConfig& n = config.parameters.get<NegotiationConfig>();
    n.share_intercept = std::log(0.3 / 0.7);
    n.share_trust = n.share_reciprocity = n.share_swift = 0;
    const WeekSums sums = run_weeks(config, 4);
    REQUIRE(sums.negotiations > 9000);  // a count: enough negotiations for the tolerance below
    // > 18,000 sides: standard error of the rate 0.0034; margin about four of them.
    CHECK(sums.sharing_rate() == Approx(0.3).margin(0.014));
    CHECK(sums.mutual / sums.negotiations == Approx(0.09).margin(0.013));
    // Mutual sharing (0.09) gives 1, the rest 0.7726 on average.
    CHECK(sums.mean_efficiency() == Approx(0.09 + 0.91 * (4.0 * std::log(2.0) - 2.0)).margin(0.008));
}

TEST_CASE("higher trust gives more sharing and higher joint gains", "[negotiation]") {
    // By disposition: propensity 0.8 against 0.3 sets the prior of every edge.
    ScenarioConfig trusting = negotiating(4000, 6, 6, 0.5);
    ScenarioConfig wary = trusting;
    trusting.parameters.get<TraitsConfig>().propensity = {0.8, 0.08};
    wary.parameters.get<TraitsConfig>().propensity = {0.3, 0.08};
    const WeekSums high = run_weeks(trusting, 6);
    const WeekSums low = run_weeks(wary, 6);
    INFO("sharing " << high.sharing_rate() << " vs " << low.sharing_rate() << ", efficiency " << high.mean_efficiency()
                    << " vs " << low.mean_efficiency());
    // With t near the propensities p_share is about 0.8 against 0.3 (logit -2.3 + 4.6 t); mutual
    // sharing 0.64 against 0.09, efficiency about 0.92 against 0.79.
    CHECK(high.sharing_rate() > 0.7);
    CHECK(low.sharing_rate() < 0.4);
    CHECK(high.mean_efficiency() - low.mean_efficiency() > 0.08);

    // By the scenario's trust mode: swift priors (mean at least 0.7) and the swift term n3.
    ScenarioConfig swift = negotiating(4000, 6, 6, 0.5);
    ScenarioConfig slow = swift;
    swift.parameters.get<TrustConfig>().mode = TrustMode::swift;
    const WeekSums fast = run_weeks(swift, 6);
    const WeekSums gradual = run_weeks(slow, 6);
    INFO("swift " << fast.sharing_rate() << " vs slow " << gradual.sharing_rate());
    CHECK(fast.sharing_rate() - gradual.sharing_rate() > 0.1);
    CHECK(fast.mean_efficiency() > gradual.mean_efficiency());
}

TEST_CASE("each side's evidence and memory land on its own row", "[negotiation]") {
    // Two runs of one week that differ only in the evidence weight: every difference in trust is
    // the negotiations' evidence. No quits, so no edge is reset after P4b.
    // Every agent opens one: lateral ties point one way, so only a few percent of partners have
    // an edge back to the opener, and only those record anything.
    ScenarioConfig config = negotiating(10000, 1, 8, 1.0);
    NegotiationConfig& n = config.parameters.get<NegotiationConfig>();
    n.share_intercept = 0;
    n.share_trust = n.share_reciprocity = n.share_swift = 0;  // each side shares with probability 1/2
    config.parameters.get<ModulesConfig>().turnover = false;
    ScenarioConfig silent = config;
    silent.parameters.get<NegotiationConfig>().evidence_weight = 0;
    auto with = testing::make_simulation(config, 2);
    auto without = testing::make_simulation(silent, 2);
    with->step();
    without->step();
    const CoreRun& run = testing::core_run(*with);
    const CoreState& s = run.state;
    const CoreState& q = testing::core_run(*without).state;
    const TrustNetwork& net = run.network();
    REQUIRE(s.negotiation.sharing == q.negotiation.sharing);
    REQUIRE(s.negotiation.memory == q.negotiation.memory);

    // What each edge should have gained: lambda * (h+ or h-) per negotiation on it.
    const TrustConfig& trust = run.params.trust;
    const double lambda = trust.forgetting;
    const double exploited = lambda * trust.broken_loss * 2 * n.claim;
    const double reciprocated = lambda * (trust.kept_gain + trust.being_trusted_gain);
    const double disclosed = lambda * trust.being_trusted_gain;
    std::map<EdgeIndex, std::pair<double, double>> expected;  // edge -> (alpha_h, beta_h) added
    std::map<EdgeIndex, int> memory;                          // edge -> expected memory
    auto add = [&](EdgeIndex e, bool mine, bool theirs) {
        auto& [gain, loss] = expected[e];
        if (theirs) gain += mine ? reciprocated : disclosed;
        else if (mine) loss += exploited;
        // A pair that opened with each other this week: the memory holds whether the other
        // shared in either negotiation.
        const auto [slot, first] = memory.emplace(e, int{theirs});
        if (!first) slot->second |= int{theirs};
    };
    std::size_t exploited_partners = 0, partners_without_edge_back = 0;
    for (AgentIndex opener = 0; opener < run.org().agents(); ++opener) {
        const std::uint8_t sharing = s.negotiation.sharing[opener];
        if (!sharing) continue;
        const EdgeIndex e = s.negotiation.edge[opener];
        REQUIRE(net.row_begin(opener) <= e);
        REQUIRE(e < net.row_end(opener));
        REQUIRE(is_cross_team(net.kind(e)));
        const bool a = sharing & NegotiationSharing::opener_shared;
        const bool b = sharing & NegotiationSharing::partner_shared;
        add(e, a, b);
        const EdgeIndex back = net.reverse(e);
        if (back == no_edge) {
            ++partners_without_edge_back;
            continue;
        }
        add(back, b, a);
        exploited_partners += b && !a;
    }
    INFO(exploited_partners << " exploited partners, " << partners_without_edge_back << " partners without an edge back");
    REQUIRE(exploited_partners > 30);
    REQUIRE(partners_without_edge_back > 1000);

    std::size_t changed = 0;
    for (EdgeIndex e = 0; e < s.trust.evidence.size(); ++e) {
        const Evidence& x = s.trust.evidence[e];
        const Evidence& y = q.trust.evidence[e];
        INFO("edge " << e);
        REQUIRE(x.alpha_competence == y.alpha_competence);
        REQUIRE(x.beta_competence == y.beta_competence);
        const auto it = expected.find(e);
        const double gain = it == expected.end() ? 0.0 : it->second.first;
        const double loss = it == expected.end() ? 0.0 : it->second.second;
        REQUIRE(x.alpha_character - y.alpha_character == Approx(gain).margin(2e-6));
        REQUIRE(x.beta_character - y.beta_character == Approx(loss).margin(2e-6));
        changed += !(x.alpha_character == y.alpha_character && x.beta_character == y.beta_character);
        const auto m = memory.find(e);
        REQUIRE(int{s.negotiation.memory[e]} == (m == memory.end() ? 0 : m->second));
    }
    CHECK(changed > 500);
}

TEST_CASE("negotiation gives bit-identical results for 1, 2 and 3 threads", "[negotiation][determinism]") {
    // 20,000 agents, so every phase splits into many chunks; frequent negotiations and turnover.
    ScenarioConfig config = negotiating(20000, 10, 12, 0.3);
    config.parameters.get<OutcomesConfig>().quit_base_hazard = 0.01;
    config.output.agent_snapshot_every = 5;
    config.output.edge_snapshot_every = 5;
    std::vector<Evidence> e1, e2, e3;
    std::vector<std::uint8_t> m1, m2, m3;
    const auto one = run_and_hash(config, 1, "t1", &e1, &m1);
    const auto two = run_and_hash(config, 2, "t2", &e2, &m2);
    const auto three = run_and_hash(config, 3, "t3", &e3, &m3);
    REQUIRE(one.count("/org/negotiation_efficiency") == 1);
    for (const auto& [dataset, hash] : one) {
        INFO(dataset);
        CHECK(two.at(dataset) == hash);
        CHECK(three.at(dataset) == hash);
    }
    CHECK(same_bits(e1, e2));
    CHECK(same_bits(e1, e3));
    CHECK(m1 == m2);
    CHECK(m1 == m3);
    CHECK(std::count(m1.begin(), m1.end(), 1) > 1000);  // the memory is in use
}

TEST_CASE("negotiation settings out of range are errors at their line", "[negotiation]") {
    auto error_of = [](const std::string& yaml) -> std::string {
        try {
            parse_scenario(yaml, "bad.yaml", {}, config_vocabulary());
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of("negotiation:\n  claim: 0.6\n") == "bad.yaml:2:10: negotiation.claim must be in [0, 0.5], got 0.6");
    CHECK_THAT(error_of("negotiation:\n  enabled: true\n  rate: 1.5\n"), Catch::StartsWith("bad.yaml:3:9: negotiation.rate"));
    CHECK_THAT(error_of("negotiation: {evidence_weight: -1}\n"), Catch::StartsWith("bad.yaml:1:32: negotiation.evidence_weight"));
    CHECK_THAT(error_of("negotiation: {share: 1}\n"), Catch::Contains("unknown key 'negotiation.share'"));
}

TEST_CASE("sharing is reciprocal and carries the effect of trust on joint gains", "[negotiation]") {
    // Spec F6c at the defaults, over two years of 10,000 agents (about 50,000 negotiations). Each
    // decision is paired with the decider's memory and trust from before its week.
    ScenarioConfig config = negotiating(10000, 104, 21, 0.05);
    auto sim = testing::make_simulation(config, 2);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    std::vector<std::uint8_t> memory = run.state.negotiation.memory;
    std::vector<Evidence> evidence = run.state.trust.evidence;
    std::vector<float> propensity = run.state.traits.propensity;
    double decisions[2] = {0, 0}, shared[2] = {0, 0};  // by "the other shared last time"
    // Moments of x = mutual trust (t_ij + t_ji) / 2, z = the dyad's share rate, y = efficiency.
    double n = 0, sx = 0, sy = 0, sz = 0, sxx = 0, szz = 0, sxy = 0, sxz = 0, szy = 0;
    for (int week = 0; week < 104; ++week) {
        sim->step();
        const CoreState& s = run.state;
        for (AgentIndex i = 0; i < run.org().agents(); ++i) {
            const std::uint8_t sharing = s.negotiation.sharing[i];
            if (!sharing) continue;
            const bool a = sharing & NegotiationSharing::opener_shared;
            const bool b = sharing & NegotiationSharing::partner_shared;
            const EdgeIndex e = s.negotiation.edge[i];
            const EdgeIndex back = net.reverse(e);
            decisions[memory[e]] += 1;
            shared[memory[e]] += a;
            if (back != no_edge) {
                decisions[memory[back]] += 1;
                shared[memory[back]] += b;
            }
            const double t_back = back == no_edge ? propensity[net.target(e)] : run.composite(evidence[back]);
            const double x = 0.5 * (run.composite(evidence[e]) + t_back);
            const double z = 0.5 * (a + b);
            const double y = double{s.negotiation.joint[i]} / s.negotiation.max[i];
            n += 1;
            sx += x, sy += y, sz += z;
            sxx += x * x, szz += z * z, sxy += x * y, sxz += x * z, szy += z * y;
        }
        memory = s.negotiation.memory;
        evidence = s.trust.evidence;
        propensity = s.traits.propensity;
    }
    REQUIRE(n > 40000);
    REQUIRE(decisions[1] > 5000);
    const double reciprocity = shared[1] / decisions[1] - shared[0] / decisions[0];
    // Efficiency on trust alone, then on trust and the share rate (least squares, centred).
    const double vx = sxx / n - sx * sx / n / n, vz = szz / n - sz * sz / n / n;
    const double cxy = sxy / n - sx * sy / n / n, cxz = sxz / n - sx * sz / n / n, czy = szy / n - sz * sy / n / n;
    const double alone = cxy / vx;
    const double with_sharing = (cxy * vz - czy * cxz) / (vx * vz - cxz * cxz);
    INFO("P(share | shared last time) - P(share | not) = " << reciprocity << "; trust coefficient " << alone << " alone, "
                                                          << with_sharing << " beside the share rate");
    CHECK(reciprocity >= 0.2);                                  // F6c: sharing is reciprocal
    CHECK(alone > 0.1);                                         // efficiency rises with mutual trust
    CHECK(std::abs(with_sharing) <= 0.5 * alone);               // F6c: mediated by the share rate
}
