// P5d: leavers are replaced in place the same week by newcomers with fresh traits (spec A.9,
// model-choices "Turnover"). The slot, its edges and a manager's style stay; the newcomer's
// out-edges restart at its own prior and its in-edges at each observer's prior.
//
// This is the one phase that writes rows of agents other than the one iterated: resetting the
// in-edges of a leaver j means writing row i for each in-neighbour i. It is still race-free:
// pass 1 resets the leavers' own rows; pass 2 resets edges i -> j only for non-leaving i, and an
// edge has one target, so two leavers never write the same edge.
#include "models/core/phases.hpp"
#include "sim/parallel.hpp"

namespace trustsim::core {

void replace_leavers(CoreRun& run, const StepContext& step) {
    CoreState& s = run.state;
    TrustNetwork& net = run.network();
    const std::span<Evidence> evidence(run.state.trust.evidence);

    std::vector<AgentIndex> leavers;
    for (AgentIndex i = 0; i < run.org().agents(); ++i) {
        if (s.outcomes.quit[i]) leavers.push_back(i);
    }
    if (leavers.empty()) return;

    for_each_agent(leavers.size(), [&](std::size_t k) {
        const AgentIndex agent = leavers[k];
        hire(run, agent, step.step, Purpose::newcomer_traits);
        for (EdgeIndex e = net.row_begin(agent); e < net.row_end(agent); ++e) {
            evidence[e] = run.prior.evidence(run.prior_mean(agent, net.kind(e)));
            s.negotiation.memory[e] = 0;
        }
    });
    for_each_agent(leavers.size(), [&](std::size_t k) {
        const AgentIndex agent = leavers[k];
        for (EdgeIndex p = net.in_begin(agent); p < net.in_end(agent); ++p) {
            const AgentIndex observer = net.in_source(p);
            if (s.outcomes.quit[observer]) continue;
            const EdgeIndex e = net.in_edge(p);
            evidence[e] = run.prior.evidence(run.prior_mean(observer, net.kind(e)));
            s.negotiation.memory[e] = 0;
        }
    });
    // The cached trust in the manager changes for the newcomer and for its reports.
    const Organisation& org = run.org();
    auto refresh = [&](AgentIndex agent) {
        const EdgeIndex up = net.edge_to_manager(agent);
        if (up != no_edge) s.trust.trust_in_manager[agent] = run.edge_trust(up);
    };
    for (const AgentIndex agent : leavers) {
        refresh(agent);
        for (const AgentIndex report : org.reports(agent)) refresh(report);
    }
}

}  // namespace trustsim::core
