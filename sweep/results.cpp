#include "sweep/results.hpp"

#include "sim/hdf5/file.hpp"
#include "sim/hdf5/recorder.hpp"
#include "sim/output_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

namespace trustsim::sweep {
namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

struct SummaryColumns {
    std::vector<std::string> names;
    std::vector<std::vector<double>> values;  // [column][row]
};

SummaryColumns summarise(const SeriesSchema& schema, const std::vector<const RunRecord*>& records, std::uint32_t last_weeks) {
    SummaryColumns out;
    for (const SeriesSpec& s : schema) {
        out.names.push_back(s.name + "_final");
        out.names.push_back(s.name + "_mean");
    }
    out.values.assign(out.names.size(), std::vector<double>(records.size(), missing));
    for (std::size_t r = 0; r < records.size(); ++r) {
        const RunRecord& record = *records[r];
        if (record.status != RunStatus::ok || record.weeks == 0) continue;
        for (std::size_t s = 0; s < schema.size(); ++s) {
            const double* series = record.values.data() + s * record.weeks;
            out.values[2 * s][r] = series[record.weeks - 1];
            // Mean over the last K weeks, skipping weeks where the series is undefined (NaN).
            double sum = 0;
            std::size_t count = 0;
            for (std::uint32_t w = record.weeks - std::min(record.weeks, last_weeks); w < record.weeks; ++w) {
                if (std::isnan(series[w])) continue;
                sum += series[w];
                ++count;
            }
            out.values[2 * s + 1][r] = count > 0 ? sum / static_cast<double>(count) : missing;
        }
    }
    return out;
}

bool all_numeric(const std::vector<std::string>& values) {
    return std::all_of(values.begin(), values.end(), [](const std::string& v) {
        double x = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
        return r.ec == std::errc() && r.ptr == v.data() + v.size();
    });
}

std::string csv_number(double x) {
    if (std::isnan(x)) return "";
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, r.ptr);
}

template <class T, class Get>
std::vector<T> column(const std::vector<const PlannedRun*>& runs, Get get) {
    std::vector<T> out;
    out.reserve(runs.size());
    for (const PlannedRun* run : runs) out.push_back(static_cast<T>(get(*run)));
    return out;
}

template <class T>
std::span<const T> as_span(const std::vector<T>& v) {
    return {v.data(), v.size()};
}

void write_hdf5(const std::filesystem::path& target, const SweepPlan& plan, const Shard& shard,
                const std::vector<const PlannedRun*>& runs, const std::vector<const RunRecord*>& records,
                const SeriesSchema& schema, const SummaryColumns& summary) {
    hdf5::silence_library_errors();
    const std::filesystem::path partial = partial_path_for(target);
    hdf5::Handle file;
    try {
        file = hdf5::create_file(partial.string());
        const hid_t root = file.id();
        const hdf5::DatasetOptions options;
        const std::size_t n = runs.size();
        std::size_t ok = 0;
        for (const RunRecord* r : records) ok += r->status == RunStatus::ok ? 1 : 0;
        hdf5::write_attribute(root, "format", std::string("trustsim-sweep"));
        hdf5::write_attribute(root, "format_version", sweep_format_version);
        write_build_provenance(root);
        hdf5::write_attribute(root, "sweep_name", plan.spec.name);
        hdf5::write_attribute(root, "sweep_yaml", plan.spec.text);
        hdf5::write_attribute(root, "scenario_path", plan.spec.scenario_path);
        hdf5::write_attribute(root, "scenario_yaml", plan.spec.scenario_text);
        hdf5::write_attribute(root, "design", design_name(plan.spec.design));
        hdf5::write_attribute(root, "master_seed", std::uint64_t{plan.spec.seed});
        hdf5::write_attribute(root, "replicates", plan.spec.replicates);
        hdf5::write_attribute(root, "points", std::uint64_t{plan.points});
        hdf5::write_attribute(root, "runs_planned", std::uint64_t{plan.runs.size()});
        hdf5::write_attribute(root, "runs", std::uint64_t{n});
        hdf5::write_attribute(root, "runs_ok", std::uint64_t{ok});
        hdf5::write_attribute(root, "runs_failed", std::uint64_t{n - ok});
        hdf5::write_attribute(root, "shard", shard.text());
        hdf5::write_attribute(root, "summary_last_weeks", plan.spec.output.summary_last_weeks);
        hdf5::write_attribute(root, "written_time", iso8601_utc(std::chrono::system_clock::now()));

        hdf5::Handle manifest = hdf5::create_group(root, "manifest");
        const hid_t m = manifest.id();
        hdf5::write_array<std::uint64_t>(m, "run", as_span(column<std::uint64_t>(runs, [](const PlannedRun& r) { return r.index; })),
                                         "run index", "index of the run in the plan (point * replicates + replicate)", options);
        hdf5::write_array<std::uint64_t>(m, "point", as_span(column<std::uint64_t>(runs, [](const PlannedRun& r) { return r.point; })),
                                         "design point", "row of the design this run samples", options);
        hdf5::write_array<std::uint32_t>(m, "replicate", as_span(column<std::uint32_t>(runs, [](const PlannedRun& r) { return r.replicate; })),
                                         "replicate index", "replicate of the design point; part of the RNG key", options);
        hdf5::write_array<std::uint32_t>(m, "seed", as_span(column<std::uint32_t>(runs, [](const PlannedRun& r) { return r.seed; })),
                                         "seed", "the run's seed, derived from (master seed, point)", options);
        for (std::size_t f = 0; f < plan.factors.size(); ++f) {
            const Factor& factor = plan.factors[f];
            std::vector<std::string> values;
            for (const PlannedRun* r : runs) values.push_back(r->values[f]);
            const std::string description = "design factor: scenario parameter " + factor.path;
            if (all_numeric(values)) {
                std::vector<double> numbers;
                for (const std::string& v : values) numbers.push_back(factor_number(v));
                hdf5::write_array<double>(m, factor.name, as_span(numbers), "as the scenario parameter", description, options);
            } else {
                hdf5::write_strings(m, factor.name, values, "level", description);
            }
        }
        for (std::size_t t = 0; t < plan.tag_names.size(); ++t) {
            std::vector<std::int32_t> tags;
            for (const PlannedRun* r : runs) tags.push_back(static_cast<std::int32_t>(r->tags[t]));
            hdf5::write_array<std::int32_t>(m, plan.tag_names[t], as_span(tags), "index",
                                            "design structure (docs/sweeps.md, Designs)", options);
        }
        std::vector<std::uint8_t> status;
        std::vector<std::string> errors;
        std::vector<std::uint32_t> weeks, threads;
        std::vector<double> wall;
        std::uint32_t max_weeks = 0;
        for (const RunRecord* r : records) {
            status.push_back(static_cast<std::uint8_t>(r->status));
            errors.push_back(r->error);
            weeks.push_back(r->weeks);
            threads.push_back(r->threads);
            wall.push_back(r->wall_seconds);
            max_weeks = std::max(max_weeks, r->weeks);
        }
        hdf5::write_array<std::uint8_t>(m, "status", as_span(status), "flag", "0 = completed, 1 = failed (see error)", options);
        hdf5::write_strings(m, "error", errors, "text", "why the run failed; empty for completed runs");
        hdf5::write_array<std::uint32_t>(m, "weeks", as_span(weeks), "weeks", "weeks simulated (0 for a failed run)", options);
        hdf5::write_array<std::uint32_t>(m, "threads", as_span(threads), "threads",
                                         "the run's thread budget (results do not depend on it)", options);
        hdf5::write_array<double>(m, "wall_seconds", as_span(wall), "s",
                                  "wall time of the run, assembly included (varies from sweep to sweep)", options);

        hdf5::Handle summary_group = hdf5::create_group(root, "summary");
        for (std::size_t c = 0; c < summary.names.size(); ++c) {
            const SeriesSpec& s = schema[c / 2];
            const bool final_value = c % 2 == 0;
            hdf5::write_array<double>(summary_group.id(), summary.names[c], as_span(summary.values[c]), s.units,
                                      (final_value ? "value at the last week of: " : "mean over the last summary_last_weeks weeks "
                                                                                     "(NaN weeks skipped) of: ") + s.description,
                                      options);
        }

        hdf5::Handle org = hdf5::create_group(root, "org");
        std::vector<std::int32_t> week_numbers(max_weeks);
        for (std::uint32_t w = 0; w < max_weeks; ++w) week_numbers[w] = static_cast<std::int32_t>(w + 1);
        hdf5::write_array<std::int32_t>(org.id(), "week", as_span(week_numbers), "week", "week of each column of the series", options);
        std::vector<double> row(max_weeks);
        for (std::size_t s = 0; s < schema.size(); ++s) {
            auto dataset = hdf5::GrowingDataset::create<double>(org.id(), schema[s].name, max_weeks, schema[s].units,
                                                                schema[s].description + " [runs x weeks]; NaN past a run's "
                                                                "last week and for failed runs", options);
            for (const RunRecord* r : records) {
                std::fill(row.begin(), row.end(), missing);
                if (r->status == RunStatus::ok) std::copy_n(r->values.data() + s * r->weeks, r->weeks, row.begin());
                dataset.append<double>(as_span(row));
            }
            dataset.close();
        }
        org.close_checked("group /org of " + target.string());
        manifest.close_checked("group /manifest of " + target.string());
        summary_group.close_checked("group /summary of " + target.string());
        hdf5::flush_file(root, target.string());
        file.close_checked(target.string());
    } catch (const std::exception& e) {
        hdf5::abandon_file(file);  // closing a file whose writes failed would crash HDF5 1.10
        discard_partial(partial);
        throw OutputFileError("cannot write " + target.string() + ": " + e.what() + "; nothing was left under that name");
    }
    commit_file(partial, target);
}

}  // namespace

std::vector<std::size_t> shard_positions(const SweepPlan& plan, const Shard& shard) {
    std::vector<std::size_t> positions;
    for (std::size_t p = 0; p < plan.runs.size(); ++p) {
        if (shard.holds(plan.runs[p].index)) positions.push_back(p);
    }
    return positions;
}

void write_results(const std::filesystem::path& directory, const SweepPlan& plan, const Shard& shard,
                   const std::vector<std::size_t>& positions, const JournalContents& journals) {
    std::vector<const PlannedRun*> runs;
    std::vector<const RunRecord*> records;
    for (const std::size_t p : positions) {
        const PlannedRun& run = plan.runs[p];
        const auto it = journals.runs.find(run.index);
        if (it == journals.runs.end()) throw std::logic_error("run " + std::to_string(run.index) + " has no record");
        runs.push_back(&run);
        records.push_back(&it->second);
    }
    const SummaryColumns summary = summarise(journals.schema, records, plan.spec.output.summary_last_weeks);
    write_hdf5(directory / "results.h5", plan, shard, runs, records, journals.schema, summary);

    // The plan's own columns first, exactly as in plan.csv, then the outcome.
    std::string csv = plan_csv_header(plan);
    csv += ",status,error,weeks";
    for (const std::string& name : summary.names) csv.append(",").append(name);
    csv += '\n';
    for (std::size_t r = 0; r < runs.size(); ++r) {
        csv += plan_csv_row(*runs[r]);
        csv.append(records[r]->status == RunStatus::ok ? ",ok," : ",failed,");
        csv.append(csv_field(records[r]->error)).append(",").append(std::to_string(records[r]->weeks));
        for (const auto& values : summary.values) csv.append(",").append(csv_number(values[r]));
        csv += '\n';
    }
    write_file_atomically(directory / "runs.csv", csv);
}

}  // namespace trustsim::sweep
