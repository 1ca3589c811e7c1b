// The hierarchy and the trust network: a span-ary tree, CSR rows and their transpose in
// agreement, no self loops or duplicates, and the same network for the same key.
#include "sim/organisation.hpp"
#include "sim/trust_network.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include <set>

#include <tbb/task_arena.h>

using namespace trustsim;

TEST_CASE("the hierarchy is a complete span-ary tree in breadth-first order", "[network]") {
    const Organisation org(1000, 7);
    CHECK(org.parent(0) == no_parent);
    std::uint64_t reports = 0;
    for (AgentIndex i = 1; i < org.agents(); ++i) {
        const auto p = static_cast<AgentIndex>(org.parent(i));
        REQUIRE(p < i);  // parents come first, so following parents always reaches the CEO
        CHECK(org.depth(i) == org.depth(p) + 1);
        const auto siblings = org.reports(p);
        CHECK(std::find(siblings.begin(), siblings.end(), i) != siblings.end());
        // Built in breadth-first order, a manager's reports are consecutive ids.
        CHECK(siblings.back() - siblings.front() + 1 == siblings.size());
    }
    for (AgentIndex i = 0; i < org.agents(); ++i) {
        CHECK(org.report_count(i) <= 7);
        reports += org.report_count(i);
    }
    CHECK(reports == org.agents() - 1);
    // ceil(log_7(1000 * 6 + 1)) levels: 1 + 7 + 49 + 343 = 400 < 1000 <= 2801.
    CHECK(org.levels() == 5);
    // Only the last manager may have fewer than `span` reports.
    std::uint32_t partial_teams = 0;
    for (std::uint32_t t = 0; t < org.teams(); ++t) partial_teams += org.report_count(org.team_manager(t)) < 7 ? 1 : 0;
    CHECK(partial_teams <= 1);
    CHECK(org.member_of_team(0) == no_team);
    CHECK(org.team_manager(static_cast<std::uint32_t>(org.member_of_team(500))) == static_cast<AgentIndex>(org.parent(500)));
}

TEST_CASE("subtree ranges cover exactly the descendants", "[network]") {
    const Organisation org(500, 3);
    for (AgentIndex root : {0u, 1u, 5u, 40u}) {
        std::set<AgentIndex> from_ranges;
        for (const auto r : org.subtree_ranges(root)) {
            for (AgentIndex a = r.begin; a < r.end; ++a) from_ranges.insert(a);
        }
        std::set<AgentIndex> by_parents;
        for (AgentIndex a = 0; a < org.agents(); ++a) {
            AgentIndex x = a;
            while (true) {
                if (x == root) {
                    by_parents.insert(a);
                    break;
                }
                if (x == 0) break;
                x = static_cast<AgentIndex>(org.parent(x));
            }
        }
        CHECK(from_ranges == by_parents);
    }
}

TEST_CASE("the network is the union of formal and lateral ties, with a consistent transpose", "[network]") {
    const Organisation org(3000, 7);
    const TrustNetwork net(org, {6, 0.8}, RngKey{5, 0});
    const std::uint32_t n = org.agents();

    std::uint64_t lateral = 0, lateral_in_department = 0;
    for (AgentIndex i = 0; i < n; ++i) {
        std::uint32_t up = 0, down = 0;
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) {
            const AgentIndex j = net.target(e);
            REQUIRE(j != i);
            if (e > net.row_begin(i)) REQUIRE(net.target(e - 1) < j);  // sorted, no duplicates
            const std::uint8_t kind = net.kind(e);
            REQUIRE(kind != 0);
            if (kind & EdgeKind::to_manager) {
                ++up;
                CHECK(static_cast<std::int32_t>(j) == org.parent(i));
                CHECK(net.edge_to_manager(i) == e);
            }
            if (kind & EdgeKind::to_report) {
                ++down;
                CHECK(org.parent(j) == static_cast<std::int32_t>(i));
                CHECK(net.edge_from_manager(j) == e);
            }
            CHECK(static_cast<bool>(kind & EdgeKind::same_team) == (i != 0 && org.parent(j) == org.parent(i)));
            if (kind & EdgeKind::lateral) {
                ++lateral;
                const AgentIndex root = org.department_root(i);
                for (const auto r : org.subtree_ranges(root)) lateral_in_department += (j >= r.begin && j < r.end) ? 1 : 0;
            }
            const EdgeIndex back = net.reverse(e);
            if (back != no_edge) {
                CHECK(net.target(back) == i);
                CHECK(net.reverse(back) == e);
            } else {
                CHECK(net.find(j, i) == no_edge);
            }
        }
        CHECK(up == (i == 0 ? 0u : 1u));
        CHECK(down == org.report_count(i));
    }
    // At the defaults an agent has about 7.7 out-edges (6 lateral draws, 1 up, ~1 down, minus
    // duplicates and self draws), and at least p_local of lateral ties stay in the department
    // (uniform "anywhere" draws land there too sometimes).
    const double mean_degree = static_cast<double>(net.edges()) / n;
    CHECK(mean_degree > 7.0);
    CHECK(mean_degree < 8.0);
    CHECK(static_cast<double>(lateral_in_department) / static_cast<double>(lateral) > 0.78);

    // Transpose: every edge appears once among its target's incoming edges.
    std::vector<int> seen(net.edges(), 0);
    for (AgentIndex j = 0; j < n; ++j) {
        for (EdgeIndex p = net.in_begin(j); p < net.in_end(j); ++p) {
            const EdgeIndex e = net.in_edge(p);
            REQUIRE(net.target(e) == j);
            REQUIRE(e >= net.row_begin(net.in_source(p)));
            REQUIRE(e < net.row_end(net.in_source(p)));
            if (p > net.in_begin(j)) REQUIRE(net.in_source(p - 1) < net.in_source(p));  // sorted by source
            ++seen[e];
        }
    }
    for (const int count : seen) REQUIRE(count == 1);
}

TEST_CASE("the network depends only on the key and parameters", "[network]") {
    const Organisation org(2000, 5);
    const TrustNetwork a(org, {6, 0.8}, RngKey{7, 1});
    const TrustNetwork b(org, {6, 0.8}, RngKey{7, 1});
    const TrustNetwork c(org, {6, 0.8}, RngKey{8, 1});
    const TrustNetwork d(org, {6, 0.8}, RngKey{7, 2});
    const auto cols = [](const TrustNetwork& net) {
        return std::vector<AgentIndex>(net.col_index().begin(), net.col_index().end());
    };
    CHECK(cols(a) == cols(b));
    CHECK(cols(a) != cols(c));
    CHECK(cols(a) != cols(d));

    const TrustNetwork formal_only(org, {0, 0.8}, RngKey{7, 1});
    CHECK(formal_only.edges() == 2u * (org.agents() - 1));
}

TEST_CASE("reassigning agents keeps team numbers, vacates and fills slots, and refuses cycles", "[organisation]") {
    Organisation org(100, 3);  // agents 0 .. 32 lead teams 0 .. 32; 33 .. 99 lead none
    org.reserve_team_slots(1);
    REQUIRE(org.teams() == 34);
    REQUIRE(org.team_vacant(33));
    const std::vector<AgentIndex> reports_of_11(org.reports(11).begin(), org.reports(11).end());

    // A cycle (agent 1 under its own report 4) is refused and changes nothing.
    const Reassignment cycle[] = {{1, 4}};
    CHECK_THROWS_AS(org.reassign(cycle), std::invalid_argument);
    CHECK(org.parent(1) == 0);
    CHECK(org.report_count(4) == 3);
    CHECK(!org.reassigned());

    // Team 11 into team 10: 11 and its reports move under 10, and 11's slot falls vacant.
    std::vector<Reassignment> merge{{11, 10}};
    for (const AgentIndex r : reports_of_11) merge.push_back({r, 10});
    org.reassign(merge);
    CHECK(org.team_vacant(11));
    CHECK(org.leads_team(11) == no_team);
    CHECK(org.leads_team(10) == 10);
    CHECK(org.report_count(10) == 7);
    CHECK(org.active_teams() == 32);
    CHECK(org.depth(11) == org.depth(10) + 1);

    // Agent 40 (no reports) takes two of 10's: it fills the reserved slot.
    REQUIRE(!org.is_manager(40));
    const Reassignment split[] = {{40, 3}, {reports_of_11[0], 40}, {reports_of_11[1], 40}};
    org.reassign(split);
    CHECK(org.team_manager(33) == 40);
    CHECK(org.leads_team(40) == 33);
    CHECK(org.member_of_team(reports_of_11[0]) == 33);
    CHECK(org.active_teams() == 33);
    // A second new team has no slot left.
    const Reassignment another[] = {{41, reports_of_11[2]}};
    CHECK_THROWS_AS(org.reassign(another), std::invalid_argument);
    CHECK(org.parent(41) == 13);

    // A subtree's ranges hold exactly its members, whatever their ids.
    for (const AgentIndex root : {0u, 1u, 3u, 10u}) {
        std::set<AgentIndex> from_ranges, walked{root};
        for (const auto& range : org.subtree_ranges(root)) {
            for (AgentIndex i = range.begin; i < range.end; ++i) CHECK(from_ranges.insert(i).second);
        }
        for (bool grew = true; grew;) {
            grew = false;
            for (AgentIndex i = 1; i < org.agents(); ++i) {
                if (walked.count(static_cast<AgentIndex>(org.parent(i))) && walked.insert(i).second) grew = true;
            }
        }
        CHECK(from_ranges == walked);
    }
}

TEST_CASE("the network and its transpose are the same built on one thread or several", "[network][determinism]") {
    // The transpose counts in as many source ranges as the arena has threads (up to 4): 1, 3 and
    // 4 ranges must give the same in-rows, and the ties drawn in two blocks the same rows.
    const Organisation org(30000, 7);
    const auto build = [&](int threads) {
        tbb::task_arena arena(threads);
        return arena.execute([&] { return TrustNetwork(org, {6, 0.8}, RngKey{4, 0}); });
    };
    const TrustNetwork one = build(1);
    for (const int threads : {3, 4}) {
        const TrustNetwork many = build(threads);
        REQUIRE(many.edges() == one.edges());
        bool same = true;
        for (EdgeIndex e = 0; e < one.edges(); ++e) {
            same = same && many.target(e) == one.target(e) && many.kind(e) == one.kind(e) &&
                   many.reverse(e) == one.reverse(e) && many.in_source(e) == one.in_source(e) &&
                   many.in_edge(e) == one.in_edge(e);
        }
        for (AgentIndex j = 0; j < one.agents(); ++j) {
            same = same && many.in_begin(j) == one.in_begin(j) && many.in_end(j) == one.in_end(j);
        }
        CHECK(same);
    }
}
