// Scripted events (models/events/): each type does what docs/MODEL.md says, exactly where it
// can be computed by hand (relationships restarted at the priors, evidence moved with a promoted
// person, a breach or a discovered cover-up added to the right counts), and statistically where
// it is random (the share a hiring wave replaces, what a scandal uncovers).
#include "models/gossip/relay_table.hpp"
#include "models/leadership/styles.hpp"
#include "models/registry.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;
using namespace trustsim::core;
using testing::same;
using testing::up_to_events_of_week;
using testing::with_events;

TEST_CASE("a newcomer leader takes the given style and every relationship restarts at the priors", "[events]") {
    const auto sim = up_to_events_of_week(with_events("  - {week: 6, type: replace_leader, target: team 3, style: humble}\n"), 6);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    const AgentIndex leader = run.org().team_manager(3);
    CHECK(run.state.traits.hire_step[leader] == 6);
    const LeadershipStyle& humble = find_style("humble");
    for (std::size_t d = 0; d < style_dimension_count; ++d) CHECK(run.state.leadership.style[leader][d] == static_cast<float>(humble[d]));
    for (EdgeIndex e = net.row_begin(leader); e < net.row_end(leader); ++e) {
        CHECK(same(run.state.trust.evidence[e], run.prior.evidence(run.prior_mean(leader, net.kind(e)))));
    }
    for (EdgeIndex p = net.in_begin(leader); p < net.in_end(leader); ++p) {
        const EdgeIndex e = net.in_edge(p);
        CHECK(same(run.state.trust.evidence[e], run.prior.evidence(run.prior_mean(net.in_source(p), net.kind(e)))));
    }
}

TEST_CASE("a promotion moves the ablest report and its relationships into the leader's slot", "[events]") {
    // Many lateral ties, so that several people know both the leader and the promoted report.
    const auto config = with_events("  - {week: 6, type: replace_leader, target: team 3, by: promotion}\n", 20, 30);
    // The same run one phase earlier shows who will be promoted and what others thought of them.
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 6; ++k) before->step();
    const CoreRun& old = testing::core_run(*before);
    const AgentIndex leader = old.org().team_manager(3);
    AgentIndex promoted = old.org().reports(leader).front();
    for (const AgentIndex r : old.org().reports(leader)) {
        if (old.state.traits.ability[r] > old.state.traits.ability[promoted]) promoted = r;
    }

    const auto sim = up_to_events_of_week(config, 6);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    CHECK(run.state.traits.ability[leader] == old.state.traits.ability[promoted]);
    CHECK(run.state.traits.character[leader] == old.state.traits.character[promoted]);
    CHECK(run.state.traits.hire_step[leader] == old.state.traits.hire_step[promoted]);
    CHECK(run.state.traits.hire_step[promoted] == 6);  // a newcomer fills the promoted person's job
    std::size_t carried = 0;
    for (EdgeIndex p = net.in_begin(leader); p < net.in_end(leader); ++p) {
        const AgentIndex observer = net.in_source(p);
        const EdgeIndex to_promoted = observer == promoted ? no_edge : net.find(observer, promoted);
        if (to_promoted == no_edge) continue;
        CHECK(same(run.state.trust.evidence[net.in_edge(p)], old.state.trust.evidence[to_promoted]));
        ++carried;
    }
    CHECK(carried >= 1);
}

TEST_CASE("a breach adds its size to the trustor's character evidence against the target", "[events]") {
    const auto config = with_events("  - {week: 4, type: breach, target: agent 1, trustor: agent 8, size: 5}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 4; ++k) before->step();
    const auto sim = up_to_events_of_week(config, 4);
    const CoreRun& run = testing::core_run(*sim);
    const EdgeIndex e = run.network().find(8, 1);
    REQUIRE(e != no_edge);
    Evidence expected = testing::core_run(*before).state.trust.evidence[e];
    expected.beta_character += 5.0f;
    CHECK(same(run.state.trust.evidence[e], expected));
}

TEST_CASE("a breach whose tie an earlier reorganisation may move is refused at the run's start", "[events][reorganise]") {
    // A lateral tie of agent 8 in the organisation these scenarios build.
    const auto plain = testing::make_simulation(with_events("  - {week: 2, type: scandal, target: all}\n"), 1);
    const TrustNetwork& net = testing::core_run(*plain).network();
    constexpr AgentIndex none = 0xFFFFFFFFu;
    AgentIndex lateral = none;
    for (EdgeIndex e = net.row_begin(8); e < net.row_end(8) && lateral == none; ++e) {
        if ((net.kind(e) & (EdgeKind::to_manager | EdgeKind::to_report)) == 0) lateral = net.col_index()[e];
    }
    REQUIRE(lateral != none);
    const std::string reorganise = "  - {week: 3, type: reorganise, target: all, rewire: 1}\n";
    const auto breach = [](std::uint32_t week, AgentIndex target) {
        return "  - {week: " + std::to_string(week) + ", type: breach, target: agent " + std::to_string(target) +
               ", trustor: agent 8, size: 2}\n";
    };
    const auto start = [](const std::string& events) {
        try {
            testing::make_simulation(with_events(events), 1);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("started");
    };
    CHECK(start(reorganise + breach(5, lateral)) ==
          "events.yaml:7:5: breach event in week 5: the reorganisation at events.yaml:6:5 (week 3) may move agent 8's lateral "
          "tie to agent " + std::to_string(lateral) +
          " first; breach a tie between a manager and its direct report, or schedule the breach before the reorganisation");
    // The same week counts in the order listed: listed first, the breach comes first.
    CHECK(start(breach(3, lateral) + reorganise) == "started");
    CHECK(start(reorganise + breach(3, lateral)) != "started");
    // A tie to one's manager is never moved (agent 8 reports to agent 1), and a reorganisation of
    // a unit without agent 8 leaves its ties alone.
    CHECK(start(reorganise + breach(5, 1)) == "started");
    CHECK(start("  - {week: 3, type: reorganise, target: unit 2, rewire: 1}\n" + breach(5, lateral)) == "started");
}

TEST_CASE("a concealed error comes out after its delay as the error plus deception", "[events]") {
    const auto config = with_events(
        "  - {week: 3, type: forced_error, target: agent 40, facet: competence, admitted: false, discovered_after: 4}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 7; ++k) before->step();
    const auto sim = up_to_events_of_week(config, 7);
    const CoreRun& old = testing::core_run(*before);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    const TrustConfig& t = run.params.trust;
    REQUIRE(net.in_end(40) > net.in_begin(40));
    for (EdgeIndex p = net.in_begin(40); p < net.in_end(40); ++p) {
        Evidence expected = old.state.trust.evidence[net.in_edge(p)];
        expected.beta_competence += static_cast<float>(t.failure_loss);
        expected.beta_character += static_cast<float>(t.broken_loss * t.deception_multiplier);
        CHECK(same(run.state.trust.evidence[net.in_edge(p)], expected));
    }
}

TEST_CASE("a concealed error left to chance joins the manager's own cover-ups and nobody hears of it", "[events]") {
    // F5(iii): the error is hidden like the manager's own, to be found by P2 with p_disc.
    const auto config = with_events("  - {week: 3, type: forced_error, target: ceo, admitted: false, discovered_by_chance: true}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 3; ++k) before->step();
    const auto sim = up_to_events_of_week(config, 3);
    const CoreRun& old = testing::core_run(*before);
    const CoreRun& run = testing::core_run(*sim);
    CHECK(run.state.leadership.latent_cover[0] == old.state.leadership.latent_cover[0] + 1);
    const TrustNetwork& net = run.network();
    REQUIRE(net.in_end(0) > net.in_begin(0));
    for (EdgeIndex p = net.in_begin(0); p < net.in_end(0); ++p) {
        CHECK(same(run.state.trust.evidence[net.in_edge(p)], old.state.trust.evidence[net.in_edge(p)]));
    }
}

TEST_CASE("an error left to chance needs a manager and a competence error", "[events][errors]") {
    auto error_of = [](const std::string& event) {
        try {
            testing::make_simulation(with_events("  - " + event + "\n"), 1);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of("{week: 3, type: forced_error, target: agent 1999, admitted: false, discovered_by_chance: true}"),
               Catch::Contains("discovered_by_chance: true needs a manager target") && Catch::Contains("is not a manager"));
    CHECK_THAT(error_of("{week: 3, type: forced_error, target: ceo, facet: character, admitted: false, discovered_by_chance: true}"),
               Catch::Contains("the facet is character"));
}

TEST_CASE("a hiring wave replaces about its share of non-manager positions", "[events]") {
    const auto sim = up_to_events_of_week(with_events("  - {week: 5, type: hiring_wave, target: all, share: 0.3}\n"), 5);
    const CoreRun& run = testing::core_run(*sim);
    std::size_t employees = 0, hired = 0, managers_hired = 0;
    for (AgentIndex i = 0; i < run.org().agents(); ++i) {
        const bool new_here = run.state.traits.hire_step[i] == 5;
        if (run.org().is_manager(i)) {
            managers_hired += new_here ? 1 : 0;
        } else {
            ++employees;
            hired += new_here ? 1 : 0;
        }
    }
    const double share = static_cast<double>(hired) / static_cast<double>(employees);
    INFO("replaced " << hired << " of " << employees);
    // ~1,700 positions: the binomial sd of the share is ~0.011; 0.05 is more than 4 sd.
    CHECK(share == Approx(0.3).margin(0.05));
    CHECK(managers_hired == 0);
}

TEST_CASE("a scandal uncovers every hidden error of its unit in that week", "[events]") {
    // Week 10's own errors can still be concealed; everything older must come out.
    auto quiet = testing::make_simulation(with_events("  - {week: 19, type: scandal, target: all}\n", 20), 2);
    auto scandal = testing::make_simulation(with_events("  - {week: 10, type: scandal, target: all}\n", 20), 2);
    for (int k = 1; k < 10; ++k) quiet->step(), scandal->step();
    quiet->step();
    scandal->step();
    const double cover_quiet = testing::org_metric(*quiet, "manager_latent_cover");
    const double cover_scandal = testing::org_metric(*scandal, "manager_latent_cover");
    const double latent_quiet = testing::org_metric(*quiet, "latent_errors");
    const double latent_scandal = testing::org_metric(*scandal, "latent_errors");
    INFO("cover " << cover_scandal << " vs " << cover_quiet << ", latent " << latent_scandal << " vs " << latent_quiet);
    CHECK(cover_scandal < 0.5 * cover_quiet);
    CHECK(latent_scandal < 0.5 * latent_quiet);
}

TEST_CASE("bad events are configuration errors at their file and line and column", "[events][errors]") {
    auto error_of = [](const std::string& event) {
        try {
            with_events("  - " + event + "\n");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("{week: 40, type: scandal, target: all}") ==
          "events.yaml:6:5: scandal event: week 40 is past the end of the run (steps: 20)");
    CHECK(error_of("{week: 4, type: replace_leader, target: agent 1999}") ==
          "events.yaml:6:5: replace_leader event: agent 1999 leads no team; give a manager, 'team N' or ceo");
    CHECK(error_of("{week: 4, type: scandal, target: team 300}") ==
          "events.yaml:6:5: scandal event: target: there is no team 300 (teams are 0 .. 285)");
    CHECK_THAT(error_of("{week: 4, type: scandal, target: all, share: 0.3}"),
               Catch::StartsWith("events.yaml:6:43: unknown key 'events.0.share'; valid keys in 'events.0': week, type, target"));
    CHECK_THAT(error_of("{week: 4, type: replace_leader, style: meek}"),
               Catch::Contains("style: unknown leadership style 'meek'"));
    CHECK_THAT(error_of("{week: 4, type: forced_error, target: someone}"),
               Catch::Contains("target 'someone' is not a target"));
}

TEST_CASE("a reorganisation moves about its share of the unit's lateral ties into the other unit", "[events][reorganise]") {
    const auto config = with_events("  - {week: 4, type: reorganise, target: unit 1, rewire: 0.5, toward: unit 2}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 4; ++k) before->step();
    const CoreRun& old = testing::core_run(*before);
    const TrustNetwork& old_net = old.network();

    const auto sim = up_to_events_of_week(config, 4);
    const CoreRun& run = testing::core_run(*sim);
    const TrustNetwork& net = run.network();
    const Organisation& org = run.org();
    REQUIRE(net.edges() == old_net.edges());
    CHECK(net.version() == 1);
    const auto in_unit = [&](AgentIndex root, AgentIndex agent) {
        for (const auto& range : org.subtree_ranges(root)) {
            if (agent >= range.begin && agent < range.end) return true;
        }
        return false;
    };
    std::size_t lateral = 0, moved = 0, kept = 0;
    for (AgentIndex i = 0; i < org.agents(); ++i) {
        REQUIRE(net.row_end(i) - net.row_begin(i) == old_net.row_end(i) - old_net.row_begin(i));
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
            if (e > net.row_begin(i)) REQUIRE(net.target(e - 1) < net.target(e));  // rows stay sorted
            const AgentIndex j = net.target(e);
            const EdgeIndex was = old_net.find(i, j);
            if (was == no_edge) {
                // A new tie: from unit 1 into unit 2, lateral, starting at the prior.
                REQUIRE(in_unit(1, i));
                REQUIRE(in_unit(2, j));
                REQUIRE(net.kind(e) == EdgeKind::lateral);
                REQUIRE(same(run.state.trust.evidence[e], run.prior.evidence(run.prior_mean(i, net.kind(e)))));
                ++moved;
            } else {
                // A kept tie carries its relationship to its new position.
                REQUIRE(same(run.state.trust.evidence[e], old.state.trust.evidence[was]));
                REQUIRE(net.kind(e) == old_net.kind(was));
                ++kept;
            }
        }
        if (!in_unit(1, i)) continue;
        for (EdgeIndex e = old_net.row_begin(i); e < old_net.row_end(i); ++e) {
            lateral += (old_net.kind(e) & (EdgeKind::to_manager | EdgeKind::to_report)) == 0;
        }
    }
    INFO("moved " << moved << " of " << lateral << " lateral ties of unit 1");
    // Binomial(lateral, 0.5): within 5 standard deviations.
    const auto expected = 0.5 * static_cast<double>(lateral);
    CHECK(std::abs(static_cast<double>(moved) - expected) < 5 * std::sqrt(0.5 * expected));
    CHECK(kept + moved == net.edges());
    // Derived indices follow: the reverse of every edge and each agent's edge to its manager.
    for (AgentIndex i = 1; i < org.agents(); ++i) {
        const EdgeIndex up = net.edge_to_manager(i);
        REQUIRE(net.target(up) == static_cast<AgentIndex>(org.parent(i)));
    }
}

TEST_CASE("after a reorganisation the gossip relays are those of the moved network", "[events][reorganise][gossip]") {
    auto config = with_events("  - {week: 3, type: reorganise, target: all, rewire: 0.4}\n");
    config.parameters.get<GossipConfig>().enabled = true;
    const auto sim = up_to_events_of_week(config, 3);
    const CoreRun& run = testing::core_run(*sim);
    REQUIRE(run.network().version() == 1);
    const RelayTable fresh(run.network());
    std::size_t relays = 0;
    for (EdgeIndex e = 0; e < run.network().edges(); ++e) {
        REQUIRE(run.relays.count(e) == fresh.count(e));
        relays += fresh.count(e);
    }
    CHECK(relays > 1000);
    CHECK(std::equal(run.relays.positions().begin(), run.relays.positions().end(), fresh.positions().begin(),
                     fresh.positions().end()));
}
