// Explicit organisations (organisation.members / ties): any tree, stored breadth first with the
// members' names, its listed lateral ties and no drawn ones, and clear errors at file:line:col.
#include "models/registry.hpp"
#include "sim/config.hpp"
#include "sim/world.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;
using Catch::Matchers::Contains;

namespace {

ScenarioConfig parse(const std::string& text) { return parse_scenario(text, "org.yaml", {}, config_vocabulary()); }

// Listed depth first (a manager's whole team before the next manager), so the breadth-first ids
// differ from the list order.
const char* depth_first = R"(organisation:
  members:
    - {name: ceo}
    - {name: ann, manager: ceo}
    - {name: ann1, manager: ann}
    - {name: ann2, manager: ann}
    - {name: bob, manager: ceo}
    - {name: bob1, manager: bob}
    - {name: cy, manager: ceo}
  ties:
    - {from: ann1, to: bob1}
    - {from: bob1, to: ann1}
    - {from: ann2, to: ann1}
    - {from: cy, to: ann}
)";

}  // namespace

TEST_CASE("an explicit organisation is stored breadth first with its members' names", "[organisation]") {
    const ScenarioConfig config = parse(depth_first);
    CHECK(config.organisation.agents == 7);
    const World world = build_world(config);
    const Organisation& org = world.organisation;
    REQUIRE(org.names() == std::vector<std::string>{"ceo", "ann", "bob", "cy", "ann1", "ann2", "bob1"});
    CHECK(org.parent(0) == no_parent);
    for (AgentIndex i : {1u, 2u, 3u}) CHECK(org.parent(i) == 0);
    CHECK(org.parent(4) == 1);
    CHECK(org.parent(5) == 1);
    CHECK(org.parent(6) == 2);
    CHECK(org.reports(1).front() == 4);
    CHECK(org.report_count(1) == 2);
    CHECK(org.report_count(2) == 1);
    CHECK(org.report_count(3) == 0);  // cy leads nobody
    CHECK(org.teams() == 3);
    CHECK(org.team_manager(2) == 2);  // the teams of ceo, ann and bob; cy is not a manager
    CHECK(org.member_of_team(6) == 2);
    CHECK(org.levels() == 3);
    CHECK(org.span() == 3);
    const auto unit = org.subtree_ranges(1);
    REQUIRE(unit.size() == 2);
    CHECK((unit[1].begin == 4 && unit[1].end == 6));
    CHECK(org.find_name("bob1") == AgentIndex{6});
    CHECK_FALSE(org.find_name("nobody"));
}

TEST_CASE("an explicit organisation has its formal ties and exactly the listed lateral ones", "[organisation]") {
    const World world = build_world(parse(depth_first));
    const TrustNetwork& net = world.network;
    // Formal: 6 up + 6 down; lateral: the 4 listed, of which ann2 -> ann1 joins co-workers.
    CHECK(net.edges() == 16);
    const EdgeIndex ann1_bob1 = net.find(4, 6);
    REQUIRE(ann1_bob1 != no_edge);
    CHECK(net.kind(ann1_bob1) == EdgeKind::lateral);
    CHECK(net.reverse(ann1_bob1) == net.find(6, 4));
    CHECK(net.kind(net.find(5, 4)) == (EdgeKind::lateral | EdgeKind::same_team));
    CHECK(net.find(4, 5) == no_edge);  // ties are directed
    CHECK(net.kind(net.find(3, 1)) == (EdgeKind::lateral | EdgeKind::same_team));  // both report to the ceo
    CHECK(net.find(3, 2) == no_edge);  // nothing drawn
}

TEST_CASE("a generated organisation is the same tree through either constructor", "[organisation]") {
    const Organisation generated(1000, 7);
    std::vector<std::int32_t> parents(1000);
    for (AgentIndex i = 0; i < 1000; ++i) parents[i] = generated.parent(i);
    const Organisation listed(parents, {});
    for (AgentIndex i = 0; i < 1000; ++i) {
        INFO("agent " << i);
        REQUIRE(listed.report_count(i) == generated.report_count(i));
        if (generated.is_manager(i)) REQUIRE(listed.reports(i).front() == generated.reports(i).front());
        REQUIRE(listed.depth(i) == generated.depth(i));
        REQUIRE(listed.member_of_team(i) == generated.member_of_team(i));
    }
    for (AgentIndex root : {0u, 3u, 17u}) {
        const auto a = generated.subtree_ranges(root);
        const auto b = listed.subtree_ranges(root);
        REQUIRE(a.size() == b.size());
        for (std::size_t level = 0; level < a.size(); ++level) {
            CHECK(a[level].begin == b[level].begin);
            CHECK(a[level].end == b[level].end);
        }
    }
}

TEST_CASE("breadth-first ordering refuses cycles and second roots", "[organisation]") {
    CHECK_THROWS_WITH(breadth_first_order({no_parent, 2, 1}), Contains("cycle"));
    CHECK_THROWS_WITH(breadth_first_order({no_parent, 0, no_parent}), Contains("only the first member"));
    CHECK_THROWS_WITH(Organisation({no_parent, 0, 2}, {}), Contains("breadth-first"));
}

TEST_CASE("an explicit organisation round-trips through to_yaml", "[organisation][config]") {
    const ScenarioConfig config = parse(depth_first);
    const ScenarioConfig back = parse(to_yaml(config));
    CHECK(back.organisation == config.organisation);
    CHECK(to_yaml(back) == to_yaml(config));
}

TEST_CASE("explicit organisation mistakes are reported at their entry", "[organisation][config]") {
    const auto error_of = [](const std::string& text) { return testing::config_error(text, "org.yaml"); };
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a}\n    - {name: b, manager: c}\n"),
               Contains("org.yaml:4:7: organisation.members.1: manager 'c' of 'b' is not listed before it"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a}\n    - {name: a, manager: a}\n"),
               Contains("org.yaml:4:7: organisation.members.1: the name 'a' is listed twice"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a, manager: b}\n    - {name: b}\n"),
               Contains("org.yaml:3:7: organisation.members.0: the first member is the CEO"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a}\n    - {name: b}\n"),
               Contains("org.yaml:4:7: organisation.members.1: 'b' needs a manager"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a}\n    - {name: b, manager: a}\n  ties:\n    - {from: a, to: z}\n"),
               Contains("org.yaml:6:7: organisation.ties.0: 'z' is not a member; members: a, b"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {name: a}\n"), Contains("at least 2 members"));
    CHECK_THAT(error_of("organisation:\n  ties:\n    - {from: a, to: b}\n"), Contains("ties need an explicit organisation"));
    CHECK_THAT(error_of("organisation:\n  members:\n    - {manager: a}\n"), Contains("organisation.members.0.name is required"));
    CHECK_THAT(error_of("organisation:\n  agents: 5\n  members:\n    - {name: a}\n    - {name: b, manager: a}\n"),
               Contains("org.yaml:2:11: organisation.agents: an explicit organisation has as many agents as members (2)"));
}
