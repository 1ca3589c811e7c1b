// The core model's week: the slots of model-choices "Order within a week", in order. Each module
// adds its phases to their slots (models/core/modules.cpp lists the modules), each phase with
// the state columns it reads and writes; a module that acts inside another's phase (the idea
// pipeline inside the managers' week, gossip inside the trust update) adds what it reads and
// writes there. The checked builds hold every phase to its declarations (sim/phase_access_check).
#pragma once

#include "sim/model.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trustsim::core {

/// One slot of the week: its id (the start of its phase's name) and what happens in it.
struct WeekSlot {
    std::string_view id;
    std::string_view what;
};

inline constexpr WeekSlot week_slots[] = {
    {"P0", "scripted events"},        {"P1", "environment"},        {"P2", "managers"},
    {"P3a", "employees"},             {"P3b", "help answers"},      {"P3c", "help counts"},
    {"P3d", "negotiation"},           {"P4", "trust update"},       {"P4b", "negotiation evidence"},
    {"P5a", "team climate"},          {"P5b", "outcomes"},          {"P5c", "measure"},
    {"P5d", "replacement"},           {"P6", "style cascade"},
};

using Columns = std::vector<std::string>;

class Week {
  public:
    /// Fills `slot` with a phase named "<slot> <what>"; a slot takes one phase.
    void add(std::string_view slot, Columns reads, Columns writes, std::function<void(const StepContext&)> run,
             bool repeatable = true);
    /// What a module working inside the phase of `slot` reads and writes there.
    void extend(std::string_view slot, const Columns& reads, const Columns& writes);
    /// The filled slots in the week's order.
    std::vector<Phase> phases() const;

  private:
    std::vector<std::pair<std::size_t, Phase>> phases_;  // (slot index, phase)
    Phase& at(std::string_view slot);
};

}  // namespace trustsim::core
