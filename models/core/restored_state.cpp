#include "models/core/restored_state.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace trustsim::core {
namespace {

[[noreturn]] void damaged(const std::string& column, const char* what, std::size_t index, const std::string& value) {
    throw std::invalid_argument("the checkpoint's state is damaged: column '" + column + "' holds " + value + " for " + what + " " +
                                std::to_string(index));
}

void check_indices(const std::vector<std::uint32_t>& column, const std::string& name, std::uint64_t limit) {
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (column[i] != 0xFFFFFFFFu && column[i] >= limit) damaged(name, "agent", i, "index " + std::to_string(column[i]));
    }
}

template <class Enum>
void check_enum(const std::vector<Enum>& column, const std::string& name, Enum last) {
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (static_cast<unsigned>(column[i]) > static_cast<unsigned>(last)) {
            damaged(name, "agent", i, "the unknown value " + std::to_string(static_cast<unsigned>(column[i])));
        }
    }
}

}  // namespace

void check_restored_state(const CoreRun& run, std::uint32_t steps_done) {
    const CoreState& s = run.state;
    const std::uint64_t agents = run.org().agents(), edges = run.network().edges();
    for (int slot = 0; slot < help_slots; ++slot) {
        check_indices(s.interactions.help_edge[slot], "help_edge[" + std::to_string(slot) + "]", edges);
        check_enum(s.interactions.help_result[slot], "help_result[" + std::to_string(slot) + "]", HelpResult::refused);
    }
    check_indices(s.negotiation.edge, "negotiation_edge", edges);
    check_enum(s.interactions.task_outcome, "task_outcome", TaskOutcome::hidden_error);
    for (std::size_t i = 0; i < s.trust.public_events.size(); ++i) {
        for (const AgentIndex helper : s.trust.public_events[i].helper) {
            if (helper != no_agent && helper >= agents) damaged("public_events", "agent", i, "helper " + std::to_string(helper));
        }
    }
    // At most 255 errors a week can be added to a count (own_errors is one byte).
    const std::uint64_t most_errors = 255ull * (std::uint64_t{steps_done} + 1);
    for (const auto* column : {&s.interactions.latent_errors, &s.leadership.latent_cover}) {
        for (std::size_t i = 0; i < column->size(); ++i) {
            if ((*column)[i] > most_errors) {
                damaged(column == &s.interactions.latent_errors ? "latent_errors" : "latent_cover", "agent", i,
                        std::to_string((*column)[i]) + " errors after " + std::to_string(steps_done) + " weeks");
            }
        }
    }
    for (std::size_t e = 0; e < s.trust.evidence.size(); ++e) {
        const Evidence& v = s.trust.evidence[e];
        for (const float count : {v.alpha_competence, v.beta_competence, v.alpha_character, v.beta_character}) {
            if (!(std::isfinite(count) && count >= 0)) damaged("evidence", "edge", e, "the count " + std::to_string(count));
        }
    }
}

}  // namespace trustsim::core
