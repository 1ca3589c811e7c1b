// What every agent does as a member of its manager's team (P3a, P3b, models/interactions/):
// exchanges answered, tasks and their errors, voice and help requests. Weekly columns are reset
// by their owner each week; "pending" columns carry last week's voice and reports to this
// week's manager responses in P2, which reads them before P3a overwrites them, so one buffer
// suffices. CoreState holds one of these; its columns keep the flat names checkpoints use.
#pragma once

#include "sim/rng.hpp"

#include <cstdint>
#include <vector>

namespace trustsim::core {

/// What a task came to this week (non-managers; a manager's task is its team decision).
enum class TaskOutcome : std::uint8_t { none, success, reported_error, hidden_error };

/// A help request's answer, written by the asker from the helper's pure decision (P3b).
enum class HelpResult : std::uint8_t { none, agreed_succeeded, agreed_failed, refused };

/// Help requests per agent per week: slot 0 is a manager's "uncertain" request in P2, slot 1 an
/// agent's request for a problem it cannot solve alone in P3a.
inline constexpr int help_slots = 2;

struct InteractionState {
    // exchange (as trustee of the manager's offer)
    std::vector<float> exchange_return;  ///< y returned to the manager's offer
    std::vector<float> exchange_payoff;  ///< this agent's share of exchange surplus

    // tasks, errors and reporting
    std::vector<TaskOutcome> task_outcome;
    std::vector<std::uint8_t> own_errors;      ///< task or leadership errors this week
    std::vector<std::uint32_t> latent_errors;  ///< z_i, hidden uncorrected task errors
    std::vector<std::uint8_t> pending_report;
    std::vector<std::uint16_t> pending_discovered;

    // ideas and voice
    std::vector<std::uint8_t> had_idea, voiced, pending_voice;
    std::vector<float> voiced_estimate, idea_quality;

    // help
    std::vector<EdgeIndex> help_edge[help_slots];
    std::vector<HelpResult> help_result[help_slots];
    std::vector<float> help_competence_loss;  ///< c- an observer records when this agent asks for help

    template <class Self, class Visit>
    static void for_each_column(Self& s, Visit&& visit) {
        visit("exchange_return", s.exchange_return);
        visit("exchange_payoff", s.exchange_payoff);
        visit("task_outcome", s.task_outcome);
        visit("own_errors", s.own_errors);
        visit("latent_errors", s.latent_errors);
        visit("pending_report", s.pending_report);
        visit("pending_discovered", s.pending_discovered);
        visit("had_idea", s.had_idea);
        visit("voiced", s.voiced);
        visit("pending_voice", s.pending_voice);
        visit("voiced_estimate", s.voiced_estimate);
        visit("idea_quality", s.idea_quality);
        visit("help_edge[0]", s.help_edge[0]);
        visit("help_edge[1]", s.help_edge[1]);
        visit("help_result[0]", s.help_result[0]);
        visit("help_result[1]", s.help_result[1]);
        visit("help_competence_loss", s.help_competence_loss);
    }
};

}  // namespace trustsim::core
