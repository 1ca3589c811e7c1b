// Every phase of the core model declares the state it reads and writes (sim/phase_access_check.hpp).
// Debug and ASan builds check that on every test; this test makes the release suite check it too,
// over one run with every optional module switched on and every kind of scripted event, so that a
// column a phase starts to read without declaring it fails `scripts/test`, not only `--full`.
#include "models/registry.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

using namespace trustsim;

namespace {

// 2,000 agents so that the teams the events name exist (team 60 merges into team 50, outside its
// unit; team 100 has reports enough to split). The breach is between the CEO and a direct report,
// a formal tie no reorganisation moves.
const char* const every_module_and_event = R"(name: access
steps: 16
organisation: {agents: 2000}
leadership: {distribution: blend, blend_from: infallible, blend_to: humble}
cascade: {enabled: true}
friction: {enabled: true}
gossip: {enabled: true}
culture: {enabled: true, style_sd: 0.1}
ideas: {enabled: true, own_idea_rate: 0.5}
negotiation: {enabled: true, rate: 0.3}
people:
  - {name: agent 5, ability: 0.9, cooperative: true}
events:
  - {week: 2, type: replace_leader, target: team 3, by: promotion}
  - {week: 3, type: replace_leader, target: ceo, by: newcomer, style: humble}
  - {week: 3, type: hiring_wave, target: all, share: 0.2}
  - {week: 4, type: forced_error, target: agent 17, facet: character, admitted: false, discovered_after: 2}
  - {week: 4, type: forced_error, target: agent 1, admitted: false, discovered_by_chance: true}
  - {week: 5, type: breach, target: ceo, trustor: agent 1, size: 3}
  - {week: 6, type: reorganise, target: unit 1, rewire: 0.3, toward: unit 2}
  - {week: 7, type: merge_teams, target: team 60, into: team 50}
  - {week: 8, type: split_team, target: team 100, share: 0.5, style: humble}
  - {week: 9, type: scandal, target: unit 3}
)";

}  // namespace

TEST_CASE("every phase of the model with all its modules and events declares what it reads and writes",
          "[engine][phases][modules]") {
    const ScenarioConfig config = parse_scenario(every_module_and_event, "access.yaml", {}, config_vocabulary());
    const auto sim = testing::make_simulation(config, 2);
    sim->check_phase_access(true);
    // The optional phases must exist to be checked (gossip, ideas and culture act inside the
    // core's phases, friction and people have none).
    std::string names;
    for (const Phase& phase : sim->model().phases()) names += phase.name + "; ";
    INFO("phases: " << names);
    for (const char* expected : {"P0 scripted events", "P3d negotiation", "P4b negotiation evidence", "P6 style cascade"}) {
        CHECK_THAT(names, Catch::Contains(expected));
    }
    for (std::uint32_t week = 1; week <= config.steps; ++week) REQUIRE_NOTHROW(sim->step());
}
