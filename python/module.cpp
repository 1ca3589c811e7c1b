// _trustsim: the compiled half of the `trustsim` Python package (trustsim/__init__.py is the
// other; docs/python.md). It hands plain numpy arrays and dicts to Python and leaves DataFrames to
// the package, so the C++ side needs no pandas and the package can be read without C++.
//
// Every function that simulates releases the GIL (other Python threads run meanwhile) and takes
// it back briefly, a few times a second, to let Ctrl-C stop the run.
#include "python/in_memory_run.hpp"

#include "models/leadership/styles.hpp"
#include "models/registry.hpp"
#include "sim/build_info.hpp"
#include "sweep/plan.hpp"
#include "sweep/sweep_directory.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <tuple>

namespace py = pybind11;
using namespace trustsim;
using trustsim::python::RecordedRun;

namespace {

/// Override triples from the package: (dotted key, YAML text of the value, where messages point).
using OverrideList = std::vector<std::tuple<std::string, std::string, std::string>>;

std::vector<ConfigOverride> to_overrides(const OverrideList& list) {
    std::vector<ConfigOverride> out;
    for (const auto& [path, value, origin] : list) out.push_back({path, value, origin});
    return out;
}

/// Moves a vector into a numpy array of the given shape without copying its elements.
template <class T>
py::array_t<T> to_array(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
    auto* owner = new std::vector<T>(std::move(values));
    py::capsule release(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>(std::move(shape), owner->data(), release);
}

template <class T>
py::array_t<T> to_array(std::vector<T>&& values) {
    const auto n = static_cast<py::ssize_t>(values.size());
    return to_array(std::move(values), {n});
}

py::list spec_field(const std::vector<SeriesSpec>& specs, std::string SeriesSpec::*field) {
    py::list out;
    for (const SeriesSpec& spec : specs) out.append(spec.*field);
    return out;
}

/// names, units, descriptions of a schema list, plus `values`: one [rows, width] array per name.
template <class T>
py::dict series_group(const std::vector<SeriesSpec>& specs, std::vector<std::vector<T>>&& values, py::ssize_t width) {
    py::dict group;
    group["names"] = spec_field(specs, &SeriesSpec::name);
    group["units"] = spec_field(specs, &SeriesSpec::units);
    group["descriptions"] = spec_field(specs, &SeriesSpec::description);
    py::list arrays;
    for (std::vector<T>& column : values) {
        const auto rows = width > 0 ? static_cast<py::ssize_t>(column.size()) / width : 0;
        arrays.append(to_array(std::move(column), {rows, width}));
    }
    group["values"] = arrays;
    return group;
}

py::dict to_python(RecordedRun&& run) {
    py::dict attrs;
    attrs["format"] = "trustsim-run";
    attrs["trustsim_version"] = build_info::version;
    attrs["git_commit"] = build_info::git_commit;
    attrs["scenario_name"] = run.scenario_name;
    attrs["model"] = run.model;
    attrs["config_yaml"] = run.config_yaml;
    attrs["seed"] = run.seed;
    attrs["replicate"] = run.replicate;
    attrs["threads"] = run.threads;
    attrs["agents"] = run.agents;
    attrs["teams"] = run.teams;
    attrs["edges"] = run.edges;
    attrs["steps_planned"] = run.steps_planned;
    attrs["steps_before"] = run.steps_before;
    attrs["steps_completed"] = run.steps_completed;

    py::dict out;
    out["attrs"] = attrs;
    out["completed"] = run.completed;
    const OutputSchema& schema = run.schema;
    const auto agents = static_cast<py::ssize_t>(run.agents);
    const auto teams = static_cast<py::ssize_t>(run.teams);

    py::dict org;
    const auto org_width = static_cast<py::ssize_t>(schema.org_series.size());
    org["step"] = to_array(std::move(run.org_step));
    org["names"] = spec_field(schema.org_series, &SeriesSpec::name);
    org["units"] = spec_field(schema.org_series, &SeriesSpec::units);
    org["descriptions"] = spec_field(schema.org_series, &SeriesSpec::description);
    const auto org_rows = org_width > 0 ? static_cast<py::ssize_t>(run.org_values.size()) / org_width : 0;
    org["values"] = to_array(std::move(run.org_values), {org_rows, org_width});
    out["org"] = org;
    out["team"] = series_group(run.team_values.empty() ? std::vector<SeriesSpec>{} : schema.team_series,
                               std::move(run.team_values), teams);

    py::dict agent_table;
    agent_table["parent"] = to_array(std::move(run.tables.parent));
    agent_table["depth"] = to_array(std::move(run.tables.depth));
    agent_table["is_manager"] = to_array(std::move(run.tables.is_manager));
    agent_table["team"] = to_array(std::move(run.tables.team));
    agent_table["leads_team"] = to_array(std::move(run.tables.leads_team));
    if (!run.tables.names.empty()) agent_table["name"] = run.tables.names;
    out["agents"] = agent_table;

    py::dict team_table;
    team_table["manager"] = to_array(std::move(run.tables.team_manager));
    team_table["size"] = to_array(std::move(run.tables.team_size));
    team_table["depth"] = to_array(std::move(run.tables.team_depth));
    py::dict style;
    for (std::size_t a = 0; a < schema.team_attributes.size(); ++a) {
        style[py::str(schema.team_attributes[a].name)] = to_array(std::move(run.tables.team_style[a]));
    }
    team_table["style"] = style;
    out["teams"] = team_table;

    py::dict network;
    network["row_offsets"] = to_array(std::move(run.tables.row_offsets));
    network["col_index"] = to_array(std::move(run.tables.col_index));
    network["kind"] = to_array(std::move(run.tables.kind));
    out["network"] = network;

    py::dict agent_snapshots = series_group(run.agent_values.empty() ? std::vector<SeriesSpec>{} : schema.agent_columns,
                                            std::move(run.agent_values), agents);
    agent_snapshots["step"] = to_array(std::move(run.agent_step));
    py::dict structure;
    for (std::size_t c = 0; c < run.agent_structure.size(); ++c) {
        const auto rows = agents > 0 ? static_cast<py::ssize_t>(run.agent_structure[c].size()) / agents : 0;
        structure[structure_columns[c].name] = to_array(std::move(run.agent_structure[c]), {rows, agents});
    }
    agent_snapshots["structure"] = structure;
    out["agent_snapshots"] = agent_snapshots;

    const auto width = static_cast<py::ssize_t>(run.edge_width);
    py::dict edge_snapshots = series_group(run.edge_values.empty() ? std::vector<SeriesSpec>{} : schema.edge_columns,
                                           std::move(run.edge_values), width);
    edge_snapshots["step"] = to_array(std::move(run.edge_step));
    for (auto [name, ends] : {std::pair{"source", &run.edge_sources}, std::pair{"target", &run.edge_targets}}) {
        if (ends->empty()) continue;
        const auto rows = static_cast<py::ssize_t>(ends->size()) / width;
        edge_snapshots[name] = to_array(std::move(*ends), {rows, width});
    }
    out["edge_snapshots"] = edge_snapshots;

    py::dict events;
    py::list week, type, target, detail;
    for (const EventRow& row : run.tables.events) {
        week.append(row.week);
        type.append(row.type);
        target.append(row.target);
        detail.append(row.detail);
    }
    events["week"] = week;
    events["type"] = type;
    events["target"] = target;
    events["detail"] = detail;
    out["events"] = events;
    return out;
}

/// Asked by running simulations, without the GIL and, in a sweep, from several threads at once:
/// at most every 100 ms one of them takes the GIL to run Python's signal handlers (they run on
/// the main thread only); a handler's exception (KeyboardInterrupt) stops every run and is raised
/// once they have returned.
class InterruptCheck {
  public:
    bool keep_going() {
        if (stopped_.load()) return false;
        const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
        std::int64_t last = last_.load();
        if (now - last < interval_ || !last_.compare_exchange_strong(last, now)) return true;
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() == 0) return true;
        pending_ = std::make_unique<py::error_already_set>();  // written and read with the GIL held
        stopped_ = true;
        return false;
    }
    /// Raises the handler's exception, if one stopped the run (call with the GIL held).
    void raise_pending() {
        if (pending_) throw py::error_already_set(*pending_);
    }

  private:
    const std::int64_t interval_ =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::milliseconds(100)).count();
    std::atomic<std::int64_t> last_{std::chrono::steady_clock::now().time_since_epoch().count()};
    std::atomic<bool> stopped_{false};
    std::unique_ptr<py::error_already_set> pending_;
};

py::dict run(const std::string& source, bool is_text, const OverrideList& overrides, unsigned threads) {
    InterruptCheck interrupt;
    RecordedRun recorded;
    {
        py::gil_scoped_release no_gil;
        ScenarioConfig config = python::read_scenario(source, is_text, to_overrides(overrides));
        python::check_memory_fits(config);
        recorded = python::run_in_memory(std::move(config), threads, [&] { return interrupt.keep_going(); });
    }
    interrupt.raise_pending();
    return to_python(std::move(recorded));
}

py::dict validate(const std::string& source, bool is_text, const OverrideList& overrides) {
    const ScenarioConfig config = python::read_scenario(source, is_text, to_overrides(overrides));
    py::dict summary;
    summary["name"] = config.name;
    summary["model"] = config.model;
    summary["agents"] = config.organisation.agents;
    summary["steps"] = config.steps;
    summary["seed"] = config.seed;
    summary["replicate"] = config.replicate;
    summary["settings"] = describe_model_settings(config);
    summary["memory"] = python::check_memory_fits(config);
    summary["config_yaml"] = to_yaml(config);
    return summary;
}

py::dict run_sweep(const std::string& sweep_path, const std::string& directory, unsigned workers, unsigned threads_per_run,
               bool resume, bool force, bool retry_failed) {
    InterruptCheck interrupt;
    sweep::SweepOutcome outcome;
    sweep::SweepRunOptions options;
    {
        py::gil_scoped_release no_gil;
        const sweep::SweepPlan plan = sweep::expand_plan(sweep::load_sweep(sweep_path, config_vocabulary()), config_vocabulary());
        options.directory = directory.empty() ? plan.spec.name : directory;
        options.workers = workers;
        options.threads_per_run = threads_per_run;
        options.resume = resume;
        options.force = force;
        options.retry_failed = retry_failed;
        options.quiet = true;
        options.create_model = &create_model;
        options.vocabulary = config_vocabulary();
        options.keep_going = [&] { return interrupt.keep_going(); };
        sweep::SingleProcess group;
        outcome = sweep::run_sweep(plan, options, group);
    }
    interrupt.raise_pending();
    py::dict out;
    out["directory"] = options.directory.string();
    out["runs"] = outcome.runs_in_directory;
    out["recorded_before"] = outcome.recorded_before;
    out["ran"] = outcome.ran;
    out["failed"] = outcome.failed_total;
    out["complete"] = outcome.complete;
    out["interrupted"] = outcome.interrupted;
    out["workers"] = outcome.parallelism.workers;
    out["threads_per_run"] = outcome.parallelism.threads_per_run;
    out["seconds"] = outcome.seconds;
    return out;
}

/// {preset name: {"summary": words, "style": {dimension: value}}}, from the one preset table.
py::dict style_presets() {
    py::dict out;
    for (const core::StylePreset& preset : core::style_presets()) {
        py::dict style;
        for (std::size_t d = 0; d < style_dimension_count; ++d) {
            style[style_dimensions[d].name] = preset.style[d];
        }
        py::dict entry;
        entry["summary"] = std::string(preset.summary);
        entry["style"] = style;
        out[py::str(std::string(preset.name))] = entry;
    }
    return out;
}

}  // namespace

PYBIND11_MODULE(_trustsim, m) {
    m.doc() = "trustsim's engine, in memory (use the `trustsim` package, not this module)";
    m.attr("__version__") = build_info::version;
    m.attr("scenario_text_name") = python::scenario_text_name;
    py::register_exception<ConfigError>(m, "ConfigError", PyExc_ValueError);
    m.def("run", &run, py::arg("source"), py::arg("is_text"), py::arg("overrides"), py::arg("threads"));
    m.def("validate", &validate, py::arg("source"), py::arg("is_text"), py::arg("overrides"));
    m.def("sweep", &run_sweep, py::arg("sweep_path"), py::arg("directory"), py::arg("workers"), py::arg("threads_per_run"),
          py::arg("resume"), py::arg("force"), py::arg("retry_failed"));
    m.def("style_presets", &style_presets);
    py::list models;
    for (const ModelEntry& entry : model_entries()) models.append(std::string(entry.name));
    m.attr("models") = models;
}
