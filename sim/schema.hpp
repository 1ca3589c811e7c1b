// The scenario schema, written once per parameter struct and read three ways.
//
// Each parameter struct has one `visit(SchemaVisitor&, T&)` function naming its keys, types and
// valid ranges. The YAML reader (validation with file:line:col), the YAML writer (provenance) and
// the parameter catalogue (sweep factor paths, docs) all implement SchemaVisitor, so a field
// cannot be readable without being written or listed. The visitor is an interface rather than
// a template so that a model's modules can define their own sections in models/ without the
// engine knowing their types: the engine parses `organisation`, `output` and the run's identity,
// and each module registers a ParameterSection for its own YAML section (ConfigVocabulary).
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

namespace trustsim {

/// The largest size of a scenario number that has no natural bound (a weight, a scale, a noise
/// sd, a logit coefficient). Far beyond every meaningful value (the spec's sweep ranges stay below
/// 100), and small enough that what the model builds from such numbers stays finite: evidence and
/// stocks summed over 10^7 weeks in the 32-bit floats of the state, a random walk of 10^7 steps,
/// and sums of logit terms. Larger values overflowed to infinity or NaN (issue 14).
inline constexpr double largest_parameter = 1e6;

/// An interval of finite doubles, each end open or closed, with an optional reason for a bound.
struct Range {
    double lo = -HUGE_VAL;
    double hi = HUGE_VAL;
    bool lo_open = true;
    bool hi_open = true;
    std::string why;

    /// A number with no natural bound in either direction: [-largest_parameter, largest_parameter].
    static Range any() { return closed(-largest_parameter, largest_parameter); }
    static Range closed(double lo, double hi) { return {lo, hi, false, false, {}}; }
    static Range open(double lo, double hi) { return {lo, hi, true, true, {}}; }
    static Range unit() { return closed(0, 1); }
    /// [lo, largest_parameter]: no natural upper bound.
    static Range at_least(double lo) { return closed(lo, largest_parameter); }
    /// (lo, largest_parameter]: no natural upper bound.
    static Range above(double lo) { return {lo, largest_parameter, true, false, {}}; }

    bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi); }
    /// "in [0, 1]", ">= 0", "a finite number", ...
    std::string describe() const;
};

struct IntRange {
    long long lo;
    long long hi;
};

/// Which registered names, if any, a text field must come from: `any_text` (nullptr), the model
/// registry's `model_names`, or the noun of one of the vocabulary's name lists, e.g.
/// "leadership style" (ConfigVocabulary::name_lists).
inline constexpr const char* any_text = nullptr;
inline constexpr const char* model_names = "model";
enum class Presence { optional, required };
/// How the writer lays a section out: a block of lines, or one flow line ({mean: 0.5, sd: 0.1}).
enum class Layout { block, flow };

/// The shortest decimal text that reads back as exactly `x` (messages and the YAML writer).
std::string format_exact(double x);

class SchemaVisitor;

/// A list of sections (e.g. leadership.mix) seen through the visitor without its element type.
class ListAccess {
  public:
    virtual ~ListAccess() = default;
    virtual std::size_t size() const = 0;
    virtual void clear() = 0;
    virtual void append_default() = 0;
    virtual void visit_item(std::size_t index, SchemaVisitor& visitor) = 0;
};

class SchemaVisitor {
  public:
    virtual ~SchemaVisitor() = default;

    // What implementations provide.
    virtual void real(const char* key, double& value, const Range& range) = 0;
    virtual void integer(const char* key, long long& value, IntRange range) = 0;
    virtual void boolean(const char* key, bool& value) = 0;
    virtual void text(const char* key, std::string& value, const char* names, Presence presence) = 0;
    /// One of `names`; `index` is the current (default) choice on entry.
    virtual void choice_index(const char* key, std::size_t& index, std::span<const char* const> names) = 0;
    /// A number that is either given (and then `present`) or left to someone else's default.
    virtual void optional(const char* key, bool& present, double& value, const Range& range) = 0;
    virtual void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout layout) = 0;
    /// A section that is either given (and then `present`) or absent; a writer writes it only when
    /// present, a catalogue lists its fields either way.
    virtual void optional_section_fields(const char* key, bool& present,
                                         const std::function<void(SchemaVisitor&)>& visit_fields, Layout layout) = 0;
    virtual void list_items(const char* key, ListAccess& items) = 0;
    /// A constraint between fields, reported at the first of `keys` that is present.
    virtual void check(bool ok, std::initializer_list<const char*> keys, const std::string& message) = 0;
    /// Where the map being visited was written ("file:line:col", or the `--set` that made it),
    /// for checks that can only run later (e.g. an event's target against the organisation).
    /// Empty when the visitor does not read a file.
    virtual std::string location() const { return {}; }

    // What schemas call.
    void field(const char* key, double& value, const Range& range) { real(key, value, range); }
    template <std::integral T>
    requires(!std::same_as<T, bool>) void field(const char* key, T& value, IntRange range) {
        long long wide = static_cast<long long>(value);
        integer(key, wide, range);
        value = static_cast<T>(wide);
    }
    void field(const char* key, bool& value) { boolean(key, value); }
    void field(const char* key, std::string& value, const char* names = any_text, Presence presence = Presence::optional) {
        text(key, value, names, presence);
    }
    template <class E>
    void choice(const char* key, E& value, std::initializer_list<std::pair<const char*, E>> options) {
        std::vector<const char*> names;
        std::size_t index = 0;
        for (const auto& [name, option] : options) {
            if (option == value) index = names.size();
            names.push_back(name);
        }
        choice_index(key, index, names);
        value = (options.begin() + index)->second;
    }
    /// A nested map, read with its own visit(SchemaVisitor&, T&) (found by argument lookup).
    template <class T>
    void section(const char* key, T& value, Layout layout = Layout::block) {
        section_fields(key, [&value](SchemaVisitor& inner) { visit(inner, value); }, layout);
    }
    /// A nested map that may be absent (std::nullopt) rather than defaulted.
    template <class T>
    void section(const char* key, std::optional<T>& value, Layout layout = Layout::block) {
        bool present = value.has_value();
        T fields = value.value_or(T{});
        optional_section_fields(key, present, [&fields](SchemaVisitor& inner) { visit(inner, fields); }, layout);
        value = present ? std::optional<T>(std::move(fields)) : std::nullopt;
    }
    template <class T>
    void list(const char* key, std::vector<T>& values) {
        struct Items final : ListAccess {
            explicit Items(std::vector<T>& v) : values(v) {}
            std::size_t size() const override { return values.size(); }
            void clear() override { values.clear(); }
            void append_default() override { values.emplace_back(); }
            void visit_item(std::size_t index, SchemaVisitor& visitor) override { visit(visitor, values[index]); }
            std::vector<T>& values;
        } items(values);
        list_items(key, items);
    }
};

/// A model's section of the scenario (e.g. `trust:`, or the list `events:`), held by the engine
/// without its type.
class ParameterSection {
  public:
    virtual ~ParameterSection() = default;
    virtual std::unique_ptr<ParameterSection> clone() const = 0;
    /// Visits the section as the value of `key`.
    virtual void visit_as(const char* key, SchemaVisitor& visitor) = 0;
    virtual const std::type_info& type() const noexcept = 0;
};

template <class T>
inline constexpr bool is_vector = false;
template <class T>
inline constexpr bool is_vector<std::vector<T>> = true;

/// A section of type T: a map with its own visit(), or a std::vector of such maps (a list).
template <class T>
class TypedSection final : public ParameterSection {
  public:
    TypedSection() = default;
    explicit TypedSection(T v) : value(std::move(v)) {}
    std::unique_ptr<ParameterSection> clone() const override { return std::make_unique<TypedSection>(value); }
    void visit_as(const char* key, SchemaVisitor& visitor) override {
        if constexpr (is_vector<T>) {
            visitor.list(key, value);
        } else {
            visitor.section(key, value);
        }
    }
    const std::type_info& type() const noexcept override { return typeid(T); }
    T value{};
};

/// A section a model's module contributes to the scenario schema: its YAML key and a factory
/// for its defaults. The model registry lists them, in the order they appear in a scenario.
struct SectionEntry {
    std::string key;
    std::function<std::unique_ptr<ParameterSection>()> make_default;
};

template <class T>
SectionEntry section_entry(std::string key) {
    return {std::move(key), [] { return std::unique_ptr<ParameterSection>(std::make_unique<TypedSection<T>>()); }};
}

/// The model sections of one scenario, in schema order, with value semantics (a copied scenario
/// copies its parameters). Modules read their own struct with get<T>().
class ModelParameters {
  public:
    ModelParameters() = default;
    ModelParameters(const ModelParameters& other) { *this = other; }
    ModelParameters& operator=(const ModelParameters& other) {
        if (this == &other) return *this;
        sections_.clear();
        for (const auto& [key, section] : other.sections_) sections_.emplace_back(key, section->clone());
        return *this;
    }
    ModelParameters(ModelParameters&&) noexcept = default;
    ModelParameters& operator=(ModelParameters&&) noexcept = default;

    void add(std::string key, std::unique_ptr<ParameterSection> section) {
        sections_.emplace_back(std::move(key), std::move(section));
    }
    std::size_t size() const noexcept { return sections_.size(); }
    const std::string& key(std::size_t i) const { return sections_[i].first; }
    ParameterSection& section(std::size_t i) { return *sections_[i].second; }

    template <class T>
    const T& get() const {
        for (const auto& [key, section] : sections_) {
            if (section->type() == typeid(T)) return static_cast<const TypedSection<T>&>(*section).value;
        }
        throw std::logic_error(std::string("the scenario has no parameter section of type ") + typeid(T).name() +
                               " (was it parsed with the model registry's vocabulary?)");
    }
    template <class T>
    T& get() {
        return const_cast<T&>(std::as_const(*this).get<T>());
    }

  private:
    std::vector<std::pair<std::string, std::unique_ptr<ParameterSection>>> sections_;
};

}  // namespace trustsim
