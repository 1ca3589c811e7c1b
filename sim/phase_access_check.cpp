#include "sim/phase_access_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace trustsim {
namespace {

bool listed(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void restore(Model& model, const StateCopy& copy) {
    model.visit_state([&](const std::string& name, std::span<std::byte> bytes, std::size_t, ElementKind) {
        const std::vector<std::byte>& saved = copy.at(name);
        if (saved.size() != bytes.size()) throw std::logic_error("state column '" + name + "' changed size");
        std::memcpy(bytes.data(), saved.data(), bytes.size());
    });
}

template <class Real>
void shift(std::byte* where) {
    Real value;
    std::memcpy(&value, where, sizeof value);
    if (!std::isfinite(value)) return;
    value += Real(0.25);
    std::memcpy(where, &value, sizeof value);
}

/// Moves every element to another valid value: an integer (flag, enum, count) by its lowest bit,
/// so flags flip and counts stay small (a huge count could make a binomial draw loop for
/// minutes); a finite floating-point number (or each 4-byte field of a record) by +0.25, which no
/// arithmetic absorbs the way it would absorb a change in the last bit.
void scramble(Model& model, const std::vector<std::string>& names) {
    model.visit_state([&](const std::string& name, std::span<std::byte> bytes, std::size_t element_size,
                          ElementKind kind) {
        if (!listed(names, name)) return;
        if (kind == ElementKind::integer) {
            for (std::size_t i = 0; i < bytes.size(); i += element_size) bytes[i] ^= std::byte{1};
            return;
        }
        if (kind == ElementKind::floating && element_size == sizeof(double)) {
            for (std::size_t i = 0; i + sizeof(double) <= bytes.size(); i += sizeof(double)) shift<double>(bytes.data() + i);
            return;
        }
        for (std::size_t i = 0; i + sizeof(float) <= bytes.size(); i += sizeof(float)) shift<float>(bytes.data() + i);
    });
}

/// The columns (other than `ignored`) in which two copies differ.
std::vector<std::string> differing(const StateCopy& a, const StateCopy& b, const std::vector<std::string>& ignored) {
    std::vector<std::string> names;
    for (const auto& [name, bytes] : a) {
        if (!listed(ignored, name) && bytes != b.at(name)) names.push_back(name);
    }
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

/// The state after running `phase` from `before` with `scrambled` columns scrambled.
StateCopy run_scrambled(Model& model, const Phase& phase, const StepContext& context, const StateCopy& before,
                        const std::vector<std::string>& scrambled) {
    restore(model, before);
    scramble(model, scrambled);
    phase.run(context);
    return copy_state(model);
}

}  // namespace

StateCopy copy_state(Model& model) {
    StateCopy copy;
    model.visit_state([&](const std::string& name, std::span<std::byte> bytes, std::size_t, ElementKind) {
        copy[name].assign(bytes.begin(), bytes.end());
    });
    return copy;
}

void run_checked(Model& model, const Phase& phase, const StepContext& context) {
    const StateCopy before = copy_state(model);
    std::vector<std::string> unread;
    for (const auto& [name, bytes] : before) {
        if (!listed(phase.reads, name) && !listed(phase.writes, name)) unread.push_back(name);
    }
    // The scrambled run goes first, so that what the phase leaves outside the state (a model's
    // measurements, caches) comes from the real run after it.
    StateCopy scrambled;
    if (phase.repeatable) {
        scrambled = run_scrambled(model, phase, context, before, unread);
        restore(model, before);
    }
    phase.run(context);
    const StateCopy after = copy_state(model);
    const std::string week = " in week " + std::to_string(context.step);

    std::vector<std::string> undeclared_writes;
    for (const std::string& name : differing(before, after, {})) {
        if (!listed(phase.writes, name)) undeclared_writes.push_back(name);
    }
    if (!undeclared_writes.empty()) {
        throw std::logic_error("phase '" + phase.name + "' changed state it does not declare" + week + ": " +
                               joined(undeclared_writes));
    }
    if (!phase.repeatable || differing(scrambled, after, unread).empty()) return;

    // Name the columns: scramble one at a time.
    std::vector<std::string> read_undeclared;
    for (const std::string& name : unread) {
        if (!differing(run_scrambled(model, phase, context, before, {name}), after, {name}).empty()) {
            read_undeclared.push_back(name);
        }
    }
    throw std::logic_error("phase '" + phase.name + "' reads state it does not declare" + week + ": " +
                           (read_undeclared.empty() ? "several columns together" : joined(read_undeclared)));
}

}  // namespace trustsim
