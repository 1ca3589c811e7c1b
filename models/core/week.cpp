#include "models/core/week.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace trustsim::core {
namespace {

std::size_t slot_index(std::string_view slot) {
    for (std::size_t i = 0; i < std::size(week_slots); ++i) {
        if (week_slots[i].id == slot) return i;
    }
    throw std::logic_error("no slot '" + std::string(slot) + "' in the week");
}

void append(Columns& to, const Columns& more) {
    for (const std::string& name : more) {
        if (std::find(to.begin(), to.end(), name) == to.end()) to.push_back(name);
    }
}

}  // namespace

void Week::add(std::string_view slot, Columns reads, Columns writes, std::function<void(const StepContext&)> run,
               bool repeatable) {
    const std::size_t index = slot_index(slot);
    for (const auto& [taken, phase] : phases_) {
        if (taken == index) throw std::logic_error("slot " + std::string(slot) + " of the week is filled twice");
    }
    Phase phase;
    phase.name = std::string(slot) + " " + std::string(week_slots[index].what);
    phase.run = std::move(run);
    phase.writes = std::move(writes);
    phase.reads = std::move(reads);
    phase.repeatable = repeatable;
    phases_.emplace_back(index, std::move(phase));
}

Phase& Week::at(std::string_view slot) {
    const std::size_t index = slot_index(slot);
    for (auto& [taken, phase] : phases_) {
        if (taken == index) return phase;
    }
    throw std::logic_error("slot " + std::string(slot) + " of the week is extended before it is filled");
}

void Week::extend(std::string_view slot, const Columns& reads, const Columns& writes) {
    Phase& phase = at(slot);
    append(phase.reads, reads);
    append(phase.writes, writes);
}

std::vector<Phase> Week::phases() const {
    auto ordered = phases_;
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Phase> phases;
    for (auto& [slot, phase] : ordered) phases.push_back(std::move(phase));
    return phases;
}

}  // namespace trustsim::core
