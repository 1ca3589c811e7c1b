// Merging and splitting teams (models/events/team_changes.*): the hierarchy, the team slots, the
// ties added for new managers and reports, relationships that go on, and the team outputs of
// slots that fall vacant or come into use, in a 2,000-agent organisation (span 7: agents 0 .. 285
// lead the 286 teams as built, and teams 41 and up lead non-managers only).
#include "models/leadership/styles.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

using namespace trustsim;
using namespace trustsim::core;
using testing::same;
using testing::up_to_events_of_week;
using testing::with_events;

namespace {

/// The evidence of every tie of a run, by (source, target).
std::map<std::pair<AgentIndex, AgentIndex>, Evidence> ties_of(const CoreRun& run) {
    std::map<std::pair<AgentIndex, AgentIndex>, Evidence> ties;
    const TrustNetwork& net = run.network();
    for (AgentIndex i = 0; i < run.org().agents(); ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) ties[{i, net.target(e)}] = run.state.trust.evidence[e];
    }
    return ties;
}

/// Every tie of the network agrees with the hierarchy, and the derived indices with the rows.
void check_network_follows_hierarchy(const CoreRun& run) {
    const TrustNetwork& net = run.network();
    const Organisation& org = run.org();
    for (AgentIndex i = 0; i < org.agents(); ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
            if (e > net.row_begin(i)) REQUIRE(net.target(e - 1) < net.target(e));
            const AgentIndex j = net.target(e);
            REQUIRE(((net.kind(e) & EdgeKind::to_manager) != 0) == (org.parent(i) == static_cast<std::int32_t>(j)));
            REQUIRE(((net.kind(e) & EdgeKind::to_report) != 0) == (org.parent(j) == static_cast<std::int32_t>(i)));
            REQUIRE(((net.kind(e) & EdgeKind::same_team) != 0) == (i != 0 && org.parent(j) == org.parent(i)));
            const EdgeIndex back = net.reverse(e);
            REQUIRE(back == net.find(j, i));
        }
        if (i > 0) REQUIRE(net.target(net.edge_to_manager(i)) == static_cast<AgentIndex>(org.parent(i)));
        for (EdgeIndex p = net.in_begin(i); p < net.in_end(i); ++p) REQUIRE(net.target(net.in_edge(p)) == i);
        if (i > 0) REQUIRE(run.state.trust.trust_in_manager[i] == run.edge_trust(net.edge_to_manager(i)));
    }
}

}  // namespace

TEST_CASE("a merge puts the other team's manager and reports under the absorbing manager", "[events][teams]") {
    const auto config = with_events("  - {week: 4, type: merge_teams, target: team 60, into: team 50}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 4; ++k) before->step();
    const CoreRun& old = testing::core_run(*before);
    const auto old_ties = ties_of(old);
    const std::vector<AgentIndex> moved_reports(old.org().reports(60).begin(), old.org().reports(60).end());
    REQUIRE(moved_reports.size() == 7);

    const auto sim = up_to_events_of_week(config, 4);
    const CoreRun& run = testing::core_run(*sim);
    const Organisation& org = run.org();
    CHECK(org.parent(60) == 50);
    for (const AgentIndex r : moved_reports) CHECK(org.parent(r) == 50);
    CHECK(org.report_count(50) == 7 + 7 + 1);
    CHECK(std::is_sorted(org.reports(50).begin(), org.reports(50).end()));
    CHECK(org.team_vacant(60));
    CHECK(org.leads_team(60) == no_team);
    CHECK(org.active_teams() == 285);
    CHECK(org.teams() == 286);
    CHECK(org.depth(60) == org.depth(50) + 1);
    check_network_follows_hierarchy(run);

    // Every tie goes on with its relationship; the added ones start at the observer's prior.
    const auto ties = ties_of(run);
    std::size_t added = 0;
    for (const auto& [tie, evidence] : old_ties) REQUIRE(ties.count(tie) == 1);
    for (const auto& [tie, evidence] : ties) {
        const auto was = old_ties.find(tie);
        if (was != old_ties.end()) {
            REQUIRE(same(evidence, was->second));
            continue;
        }
        ++added;
        const auto [i, j] = tie;
        REQUIRE(((i == 50 && org.parent(j) == 50) || (j == 50 && org.parent(i) == 50)));
        const EdgeIndex e = run.network().find(i, j);
        REQUIRE(same(evidence, run.prior.evidence(run.prior_mean(i, run.network().kind(e)))));
    }
    CHECK(added > 0);
    CHECK(added <= 2 * 8);
    CHECK(run.network().edges() == old.network().edges() + added);
    // The former manager's ties to its former reports go on as lateral ties among teammates.
    const EdgeIndex former = run.network().find(60, moved_reports.front());
    REQUIRE(former != no_edge);
    CHECK(run.network().kind(former) == (EdgeKind::lateral | EdgeKind::same_team));
}

TEST_CASE("the team outputs of a merged-away slot are NaN and the absorbing team's are measured", "[events][teams]") {
    auto sim = testing::make_simulation(with_events("  - {week: 4, type: merge_teams, target: team 60, into: team 50}\n"), 2);
    for (int k = 1; k <= 4; ++k) sim->step();
    const CoreRun& run = testing::core_run(*sim);
    CHECK(std::isnan(run.state.outcomes.out_psych_safety[60]));
    CHECK(std::isnan(run.state.outcomes.out_trust_in_manager[60]));
    CHECK(std::isfinite(run.state.outcomes.out_psych_safety[50]));
    CHECK(std::isfinite(testing::org_metric(*sim, "trust_in_manager")));
}

TEST_CASE("a split gives the lowest-id non-manager report a new team of the highest-id reports", "[events][teams]") {
    const auto config = with_events("  - {week: 4, type: split_team, target: team 100, share: 0.5, style: humble}\n");
    auto before = testing::make_simulation(config, 2);
    for (int k = 1; k < 4; ++k) before->step();
    const CoreRun& old = testing::core_run(*before);
    CHECK(old.org().teams() == 287);  // the split's slot is reserved from the start
    CHECK(old.org().team_vacant(286));
    CHECK(std::isnan(old.state.outcomes.out_psych_safety[286]));
    REQUIRE(old.org().reports(100).size() == 7);
    REQUIRE(old.org().reports(100).front() == 701);

    const auto sim = up_to_events_of_week(config, 4);
    const CoreRun& run = testing::core_run(*sim);
    const Organisation& org = run.org();
    // 701 leads; of the other six, round(0.5 x 6) = 3 with the highest ids go with it.
    CHECK(org.parent(701) == org.parent(100));
    for (const AgentIndex r : {705u, 706u, 707u}) CHECK(org.parent(r) == 701);
    for (const AgentIndex r : {702u, 703u, 704u}) CHECK(org.parent(r) == 100);
    CHECK(org.team_manager(286) == 701);
    CHECK(org.leads_team(701) == 286);
    CHECK(org.active_teams() == 287);
    CHECK(org.member_of_team(705) == 286);
    CHECK(run.state.leadership.style[701] == to_style(find_style("humble")));
    check_network_follows_hierarchy(run);
    // The lead's new ties to its reports start at its prior, which its style's trust-first raises.
    for (const AgentIndex r : {705u, 706u, 707u}) {
        const EdgeIndex down = run.network().find(701, r);
        REQUIRE(down != no_edge);
        if (old.network().find(701, r) == no_edge) {
            CHECK(same(run.state.trust.evidence[down], run.prior.evidence(run.prior_mean(701, run.network().kind(down)))));
        }
    }
}

TEST_CASE("merges and splits that cannot be done are configuration errors at their file and line", "[events][teams][errors]") {
    auto error_of = [](const std::string& events) {
        try {
            with_events(events);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("  - {week: 4, type: merge_teams, target: team 0, into: team 50}\n") ==
          "events.yaml:6:5: merge_teams event in week 4: the CEO's team cannot be merged into another; merge the other "
          "team into it");
    CHECK(error_of("  - {week: 4, type: merge_teams, target: team 5, into: team 36}\n") ==
          "events.yaml:6:5: merge_teams event in week 4: team 36 is inside the unit of team 5; merge the other way round");
    CHECK(error_of("  - {week: 4, type: merge_teams, target: team 50, into: team 50}\n") ==
          "events.yaml:6:5: merge_teams event in week 4: target and into are the same team");
    CHECK(error_of("  - {week: 4, type: split_team, target: team 5}\n") ==
          "events.yaml:6:5: split_team event in week 4: every report of team 5 leads a team; name a lead");
    CHECK(error_of("  - {week: 4, type: split_team, target: team 100, lead: agent 3}\n") ==
          "events.yaml:6:5: split_team event in week 4: lead: agent 3 is not a direct report of team 100's manager");
    CHECK(error_of("  - {week: 4, type: split_team, target: team 0}\n") ==
          "events.yaml:6:5: split_team event in week 4: the CEO's team cannot be split: the new team would have no "
          "manager above it");
    // After a merge, its team is vacant; a split's team exists only from its week on.
    CHECK(error_of("  - {week: 4, type: merge_teams, target: team 60, into: team 50}\n"
                   "  - {week: 6, type: scandal, target: team 60}\n") ==
          "events.yaml:7:5: scandal event: team 60 is vacant in week 6 (merged into another team, or a split that has "
          "not happened yet)");
    CHECK(error_of("  - {week: 8, type: split_team, target: team 100}\n"
                   "  - {week: 6, type: replace_leader, target: team 286}\n") ==
          "events.yaml:7:5: replace_leader event: team 286 is vacant in week 6 (merged into another team, or a split "
          "that has not happened yet)");
    CHECK(error_of("  - {week: 8, type: split_team, target: team 100}\n"
                   "  - {week: 9, type: replace_leader, target: team 286}\n") == "no error");
    CHECK(error_of("  - {week: 4, type: merge_teams, target: team 60, into: team 50}\n"
                   "  - {week: 5, type: split_team, target: team 60}\n") ==
          "events.yaml:7:5: split_team event in week 5: target: team 60 is vacant at this point (merged into another "
          "team, or a split that has not happened yet)");
}

TEST_CASE("edge indices held this week follow their ties, and a merged manager's own request does not linger",
          "[events][teams]") {
    const auto config = with_events("  - {week: 4, type: merge_teams, target: team 60, into: team 50}\n");
    auto sim = testing::make_simulation(config, 2);
    for (int k = 1; k < 4; ++k) sim->step();
    // As if managers 100 and 60 had asked for help as managers (P2's slot 0) this week.
    auto& run = const_cast<CoreRun&>(testing::core_run(*sim));
    const EdgeIndex asked_before = run.network().row_end(100) - 1;
    const AgentIndex helper_of_100 = run.network().target(asked_before);
    run.state.interactions.help_edge[0][100] = asked_before;
    run.state.interactions.help_edge[0][60] = run.network().edge_to_manager(60);
    const Phase& events = sim->model().phases().front();
    REQUIRE(events.name == "P0 scripted events");
    events.run(StepContext{4, sim->world().key});
    // Rows 50 and 60 come before 100's and grew (ties to the new manager and reports), so 100's request
    // moved to a later index, on the same tie.
    const EdgeIndex asked = run.state.interactions.help_edge[0][100];
    REQUIRE(asked != no_edge);
    CHECK(asked > asked_before);
    CHECK(asked == run.network().row_end(100) - 1);
    CHECK(run.network().target(asked) == helper_of_100);
    // 60 leads no team any more; P2, which clears slot 0 for managers, no longer runs for it.
    CHECK(run.state.interactions.help_edge[0][60] == no_edge);
}
