#include "models/collaboration/help_counts.hpp"

#include "sim/parallel.hpp"

#include <vector>

namespace trustsim::core {

void count_helps(CoreRun& run, const StepContext&) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    // In parallel, each asker counts its own agreed requests and lists their helpers; then one
    // serial pass over those lists (in block order) counts the helpers' side, which would
    // otherwise be written from many askers at once.
    const std::vector<AgentIndex> helpers = reduce_fixed_order(
        run.org().agents(), std::vector<AgentIndex>{},
        [&](std::size_t begin, std::size_t end) {
            std::vector<AgentIndex> block;
            for (std::size_t i = begin; i < end; ++i) {
                for (int slot = 0; slot < help_slots; ++slot) {
                    const HelpResult result = s.interactions.help_result[slot][i];
                    if (result != HelpResult::agreed_succeeded && result != HelpResult::agreed_failed) continue;
                    ++s.collaboration.helps_received[i];
                    block.push_back(net.target(s.interactions.help_edge[slot][i]));
                }
            }
            return block;
        },
        [](std::vector<AgentIndex>& all, const std::vector<AgentIndex>& block) {
            all.insert(all.end(), block.begin(), block.end());
        });
    for (const AgentIndex helper : helpers) ++s.collaboration.helps_given[helper];
}

}  // namespace trustsim::core
