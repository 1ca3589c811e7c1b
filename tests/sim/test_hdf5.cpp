// The HDF5 layer: round trips through the wrapper, the recorder's layout and provenance, and
// the .partial convention for runs that do not finish.
#include "sim/hdf5/file.hpp"
#include "sim/hdf5/recorder.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "tests/support/scenarios.hpp"

#include "sim/output_file.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cerrno>
#include <csignal>
#include <filesystem>

#include <unistd.h>
#include <stdexcept>
#include <system_error>

using namespace trustsim;

namespace {
std::string temp_path(const std::string& name) {
    // The process id keeps concurrent test processes (ctest -j, other checkouts) apart.
    return (std::filesystem::temp_directory_path() / ("trustsim_test_" + std::to_string(::getpid()) + "_" + name)).string();
}

/// Caps the size of files this process may write (RLIMIT_FSIZE), with SIGXFSZ ignored so that a
/// write past the cap fails with EFBIG instead of killing the process: a full disk, in miniature.
/// Restores both when it goes out of scope.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &saved_);
        saved_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = saved_;
        limited.rlim_cur = bytes;
        if (setrlimit(RLIMIT_FSIZE, &limited) != 0) throw std::runtime_error("setrlimit(RLIMIT_FSIZE) failed");
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, saved_handler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  private:
    rlimit saved_{};
    void (*saved_handler_)(int) = SIG_DFL;
};

/// An observer that fails in the middle of a run, as a model or another output might.
class FailingObserver final : public Observer {
  public:
    explicit FailingObserver(std::uint32_t fail_at) : fail_at_(fail_at) {}
    void on_start(const RunInfo&, const World&, const Model&) override {}
    void on_step(const StepView& view) override {
        if (view.step == fail_at_) throw std::runtime_error("the observer after the recorder failed");
    }
    void on_finish(std::uint32_t, bool) override {}

  private:
    std::uint32_t fail_at_;
};
}  // namespace

TEST_CASE("the wrapper round-trips growing datasets and attributes", "[hdf5]") {
    const std::string path = temp_path("wrapper.h5");
    {
        hdf5::Handle file = hdf5::create_file(path);
        hdf5::write_attribute(file.id(), "label", std::string("héllo"));
        hdf5::write_attribute(file.id(), "count", std::uint32_t{7});
        auto series = hdf5::GrowingDataset::create<double>(file.id(), "series", 0, "1", "a 1-D series", {});
        auto table = hdf5::GrowingDataset::create<float>(file.id(), "table", 3, "m", "a growing table", {});
        for (int row = 0; row < 5; ++row) {
            const double value = row * 1.5;
            series.append<double>({&value, 1});
            const float values[] = {static_cast<float>(row), 1.0f, -2.0f};
            table.append<float>(values);
        }
        CHECK(series.rows() == 5);
    }
    const RunSummary summary = summarise_run(path);
    CHECK(summary.text_attributes.at("label") == "héllo");
    CHECK(summary.numeric_attributes.at("count") == 7.0);
    REQUIRE(summary.datasets.size() == 2);
    CHECK(summary.datasets[0].path == "/series");
    CHECK(summary.datasets[0].units == "1");
    CHECK(summary.datasets[1].shape == std::vector<std::uint64_t>{5, 3});
    CHECK(summary.datasets[1].element_type == "float32");
    CHECK(read_dataset(path, "/series") == std::vector<double>{0, 1.5, 3, 4.5, 6});
    CHECK(read_dataset(path, "/table")[12] == 4.0);
    std::filesystem::remove(path);
}

TEST_CASE("a completed run is renamed from .partial and carries its provenance", "[hdf5]") {
    const std::string path = temp_path("complete.h5");
    auto config = testing::scenario(400, 12, "humble", 9);
    config.output.agent_snapshot_every = 5;
    config.output.edge_snapshot_every = 6;
    auto sim = testing::make_simulation(config, 2);
    Hdf5Recorder recorder(path, config.output);
    sim->add_observer(recorder);
    sim->run();

    CHECK(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path + ".partial"));
    const RunSummary summary = summarise_run(path);
    CHECK(summary.text_attributes.at("format") == "trustsim-run");
    CHECK(summary.numeric_attributes.at("steps_completed") == 12.0);
    CHECK(summary.numeric_attributes.at("agents") == 400.0);
    CHECK(summary.numeric_attributes.at("seed") == 9.0);
    CHECK_THAT(summary.text_attributes.at("config_yaml"), Catch::Contains("agents: 400"));
    CHECK(read_dataset(path, "/org/step").size() == 12);
    CHECK(read_dataset(path, "/snapshots/agents/step") == std::vector<double>{5, 10, 12});
    CHECK(read_dataset(path, "/snapshots/edges/step") == std::vector<double>{6, 12});
    CHECK(read_dataset(path, "/snapshots/agents/engagement").size() == 3u * 400u);
    // The stored mean trust in the manager is the mean of the model's own column.
    const auto trust = read_dataset(path, "/org/trust_in_manager");
    CHECK(trust.back() == Approx(testing::org_metric(*sim, "trust_in_manager")));
    for (const DatasetSummary& d : summary.datasets) {
        INFO(d.path);
        CHECK_FALSE(d.units.empty());
        CHECK_FALSE(d.description.empty());
    }
    std::filesystem::remove(path);
}

TEST_CASE("an interrupted run leaves only NAME.partial", "[hdf5]") {
    const std::string path = temp_path("interrupted.h5");
    std::filesystem::remove(path);
    const auto config = testing::scenario(300, 10, "humble", 1);
    auto sim = testing::make_simulation(config, 1);
    Hdf5Recorder recorder(path, config.output);
    sim->add_observer(recorder);
    int calls = 0;
    sim->run({}, [&] { return ++calls <= 3; });
    CHECK(sim->steps_done() == 3);
    CHECK_FALSE(std::filesystem::exists(path));
    REQUIRE(std::filesystem::exists(path + ".partial"));
    CHECK(read_dataset(path + ".partial", "/org/step").size() == 3);
    std::filesystem::remove(path + ".partial");
}

TEST_CASE("rows wider than a chunk are compressed in parallel and read back exactly", "[hdf5]") {
    const std::string path = temp_path("wide.h5");
    const std::size_t width = 200003;  // four 65536-float chunks, the last one partial
    std::vector<float> first(width), second(width);
    for (std::size_t i = 0; i < width; ++i) {
        first[i] = static_cast<float>(i) * 0.25f;
        second[i] = -static_cast<float>(i % 977);
    }
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto wide = hdf5::GrowingDataset::create<float>(file.id(), "wide", width, "1", "wide rows", {6}, 1);
        wide.append<float>(first);
        wide.append<float>(second);
        wide.flush();
    }
    const auto values = read_dataset(path, "/wide");
    REQUIRE(values.size() == 2 * width);
    for (std::size_t i = 0; i < width; ++i) {
        REQUIRE(values[i] == first[i]);
        REQUIRE(values[width + i] == second[i]);
    }
    std::filesystem::remove(path);
}

TEST_CASE("multi-row chunks written in parallel, including a partial last block", "[hdf5]") {
    const std::string path = temp_path("wide_rows.h5");
    const std::size_t width = 140001;  // 3 column chunks; 4 rows per chunk by default
    std::vector<std::vector<float>> rows;
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto wide = hdf5::GrowingDataset::create<float>(file.id(), "wide", width, "1", "wide rows", {4});
        for (int r = 0; r < 6; ++r) {  // one full block of 4 rows, then a partial block of 2
            std::vector<float> row(width);
            for (std::size_t i = 0; i < width; ++i) row[i] = static_cast<float>(r * 1000003 + static_cast<int>(i % 4099));
            wide.append<float>(row);
            rows.push_back(std::move(row));
        }
        wide.flush();
    }
    const auto values = read_dataset(path, "/wide");
    REQUIRE(values.size() == 6 * width);
    for (std::size_t r = 0; r < 6; ++r) {
        for (std::size_t i = 0; i < width; ++i) REQUIRE(values[r * width + i] == rows[r][i]);
    }
    std::filesystem::remove(path);
}

TEST_CASE("a moved dataset keeps its chunking and the parallel compression path", "[hdf5]") {
    const std::string path = temp_path("moved.h5");
    const std::size_t width = 200003;  // four 65536-float chunks per row, the last one partial
    std::vector<std::vector<float>> rows(3, std::vector<float>(width));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i = 0; i < width; ++i) {
            rows[r][i] = static_cast<float>(r) * 0.5f - static_cast<float>(i % 1013);
        }
    }
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto created = hdf5::GrowingDataset::create<float>(file.id(), "wide", width, "1", "wide rows", {6}, 1);
        hdf5::GrowingDataset constructed(std::move(created));
        auto narrow = hdf5::GrowingDataset::create<float>(file.id(), "narrow", 3, "1", "narrow rows", {6});
        const float narrow_row[] = {1.0f, 2.0f, 3.0f};
        narrow.append<float>(narrow_row);  // buffered: the move below must write it first
        hdf5::GrowingDataset& assigned = narrow;
        assigned = std::move(constructed);
        CHECK(assigned.path() == "/wide");
        for (const auto& row : rows) assigned.append<float>(row);
        assigned.close();
        // Each row is four chunks, compressed here in parallel; none went through HDF5's filters.
        CHECK(assigned.chunks_written_direct() == 3u * 4u);
        CHECK(assigned.rows_written_through_filters() == 0u);
    }
    const auto values = read_dataset(path, "/wide");
    REQUIRE(values.size() == rows.size() * width);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i = 0; i < width; ++i) REQUIRE(values[r * width + i] == rows[r][i]);
    }
    CHECK(read_dataset(path, "/narrow") == std::vector<double>{1, 2, 3});
    std::filesystem::remove(path);
}

TEST_CASE("rows appended after a flush inside a chunk go through HDF5's filter pipeline", "[hdf5]") {
    const std::string path = temp_path("narrow.h5");
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto table = hdf5::GrowingDataset::create<float>(file.id(), "table", 3, "1", "a narrow table", {4});
        for (int row = 0; row < 5; ++row) {
            const float values[] = {static_cast<float>(row), 0.5f, -1.0f};
            table.append<float>(values);
        }
        table.flush();  // a chunk started on its boundary: compressed here, written directly
        CHECK(table.chunks_written_direct() == 1u);
        CHECK(table.rows_written_through_filters() == 0u);
        for (int row = 5; row < 7; ++row) {
            const float values[] = {static_cast<float>(row), 0.5f, -1.0f};
            table.append<float>(values);
        }
        table.close();  // these two rows join the chunk on disk: HDF5 merges them
        CHECK(table.chunks_written_direct() == 1u);
        CHECK(table.rows_written_through_filters() == 2u);
        CHECK_THROWS_WITH(table.append<float>(std::vector<float>{1, 2, 3}), Catch::Contains("closed"));
    }
    const auto values = read_dataset(path, "/table");
    REQUIRE(values.size() == 21u);
    for (int row = 0; row < 7; ++row) CHECK(values[static_cast<std::size_t>(row) * 3] == row);
    std::filesystem::remove(path);
}

TEST_CASE("the chunks of several datasets are written in one batch", "[hdf5]") {
    const std::string path = temp_path("batch.h5");
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto series = hdf5::GrowingDataset::create<double>(file.id(), "series", 0, "1", "a 1-D series", {4});
        auto table = hdf5::GrowingDataset::create<float>(file.id(), "table", 5, "1", "a table", {4}, 2);
        auto plain = hdf5::GrowingDataset::create<float>(file.id(), "plain", 5, "1", "uncompressed", {0}, 2);
        for (int row = 0; row < 3; ++row) {
            series.stage<double>(std::vector<double>{row * 1.5});
            table.stage<float>(std::vector<float>(5, static_cast<float>(row)));
            plain.stage<float>(std::vector<float>(5, static_cast<float>(-row)));
        }
        CHECK(table.chunk_full());
        CHECK_FALSE(series.chunk_full());
        hdf5::GrowingDataset* all[] = {&series, &table, &plain};
        hdf5::flush_together(all);
        CHECK(series.chunks_written_direct() == 1u);
        CHECK(table.chunks_written_direct() == 2u);  // a full chunk of 2 rows and a partial one
        CHECK(plain.rows_written_through_filters() == 3u);  // level 0: no filter to run
        series.close();
        table.close();
        plain.close();
    }
    CHECK(read_dataset(path, "/series") == std::vector<double>{0, 1.5, 3});
    CHECK(read_dataset(path, "/table") == std::vector<double>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2});
    CHECK(read_dataset(path, "/plain") == std::vector<double>{-0.0, -0.0, -0.0, -0.0, -0.0, -1, -1, -1, -1, -1, -2, -2, -2, -2, -2});
    std::filesystem::remove(path);
}

TEST_CASE("a checked close reports the failure and names the object", "[hdf5]") {
    const std::string path = temp_path("checked_close.h5");
    hdf5::Handle file = hdf5::create_file(path);
    const hsize_t dims[] = {4};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    REQUIRE(space >= 0);
    {
        // A dataspace handed to H5Gclose: HDF5 refuses it, which the unchecked close() would hide.
        hdf5::Handle wrong_closer(space, H5Gclose, "adopt a dataspace");
        CHECK_THROWS_WITH(wrong_closer.close_checked("the dataspace"),
                          Catch::StartsWith("HDF5: cannot close the dataspace"));
        CHECK_FALSE(wrong_closer);
    }
    CHECK(H5Sclose(space) >= 0);

    // A file with an object still open is not closed: HDF5 would defer the close, and its errors.
    hdf5::Handle group = hdf5::create_group(file.id(), "group");
    CHECK_THROWS_WITH(file.close_checked("file " + path), Catch::Contains("1 objects in it are still open"));
    CHECK(file);
    group.close_checked("group /group");
    hdf5::flush_file(file.id(), path);
    CHECK_NOTHROW(file.close_checked("file " + path));
    CHECK_FALSE(file);
    CHECK(summarise_run(path).datasets.empty());
    std::filesystem::remove(path);
}

TEST_CASE("a write past the file size limit names the dataset and the system's reason", "[hdf5]") {
    const std::string path = temp_path("too_large.h5");
    std::vector<float> row(200003);
    std::uint32_t state = 12345;  // noise, so that gzip cannot shrink the rows under the limit
    for (float& value : row) value = static_cast<float>(state = state * 1664525u + 1013904223u);
    hdf5::Handle file = hdf5::create_file(path);
    auto wide = hdf5::GrowingDataset::create<float>(file.id(), "wide", row.size(), "1", "wide rows", {1}, 1);
    {
        const FileSizeLimit limit(64 * 1024);
        try {
            for (int r = 0; r < 4; ++r) wide.append<float>(row);
            wide.close();
            FAIL("writing 3 MB under a 64 KiB file size limit succeeded");
        } catch (const hdf5::Hdf5Error& error) {
            CHECK_THAT(error.operation(), Catch::Contains("/wide"));
            CHECK(error.cause() == std::generic_category().message(EFBIG));
        }
        wide.abandon();
        hdf5::abandon_file(file);
    }
    CHECK(std::filesystem::remove(path));
}

TEST_CASE("a run that cannot be written leaves nothing and says why", "[hdf5]") {
    const std::string path = temp_path("full.h5");
    std::filesystem::remove(path);
    std::filesystem::remove(path + ".partial");
    auto config = testing::scenario(400, 12, "humble", 3);
    config.output.agent_snapshot_every = 1;
    auto sim = testing::make_simulation(config, 2);
    Hdf5Recorder recorder(path, config.output);
    sim->add_observer(recorder);
    {
        const FileSizeLimit limit(32 * 1024);
        try {
            sim->run();
            FAIL("a run larger than the file size limit was written");
        } catch (const OutputFileError& error) {
            CHECK_THAT(error.what(), Catch::StartsWith("cannot write " + path + ": File too large (HDF5: cannot "));
            CHECK_THAT(error.what(), Catch::EndsWith("nothing was left under that name"));
        }
    }
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path + ".partial"));

    // HDF5 stays usable in this process after a file was given up.
    auto again = testing::make_simulation(config, 2);
    Hdf5Recorder second(path, config.output);
    again->add_observer(second);
    again->run();
    CHECK(read_dataset(path, "/snapshots/agents/step").size() == 12u);
    std::filesystem::remove(path);
}

TEST_CASE("when a run fails elsewhere the recorder removes its file and keeps the original error", "[hdf5]") {
    const std::string path = temp_path("failed_elsewhere.h5");
    std::filesystem::remove(path);
    const auto config = testing::scenario(300, 10, "humble", 1);
    auto sim = testing::make_simulation(config, 1);
    Hdf5Recorder recorder(path, config.output);
    FailingObserver failing(4);
    sim->add_observer(recorder);
    sim->add_observer(failing);
    CHECK_THROWS_WITH(sim->run(), "the observer after the recorder failed");
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST_CASE("info on another program's HDF5 file lists it, says so, and reads no array into one value", "[hdf5]") {
    const std::string path = temp_path("foreign.h5");
    {
        hdf5::silence_library_errors();
        hdf5::Handle file = hdf5::create_file(path);
        // What h5py writes for f.attrs['levels'] = [1, 2, 3]: an array attribute. Read as one
        // number it overflowed the reader's buffer; info then failed with "map::at".
        const hsize_t three[] = {3};
        hdf5::Handle space(H5Screate_simple(1, three, nullptr), H5Sclose, "space");
        hdf5::Handle levels(H5Acreate2(file.id(), "levels", H5T_NATIVE_INT32, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                            H5Aclose, "attribute");
        const std::int32_t values[] = {1, 2, 3};
        REQUIRE(H5Awrite(levels.id(), H5T_NATIVE_INT32, values) >= 0);
        hdf5::write_attribute(file.id(), "title", std::string("not a trustsim file"));
        const double x[] = {1, 2};
        hdf5::write_array<double>(file.id(), "x", x, "m", "two values", {});
        levels.close();
        space.close();
        file.close_checked("file " + path);
    }
    const RunFileReport report = report_run_file(path, true);
    CHECK_THAT(report.note, Catch::Contains("is an HDF5 file, but not one trustsim wrote"));
    CHECK_THAT(report.text, Catch::Contains("(integer attribute of 3 values)"));
    CHECK_THAT(report.text, Catch::Contains("not a trustsim file"));
    CHECK_THAT(report.text, Catch::Contains("/x"));
    CHECK_THROWS_WITH(run_config_yaml(path), Catch::StartsWith(path + " holds no scenario") &&
                                                 Catch::Contains("not a file trustsim wrote"));
    {
        hdf5::Handle reopened = hdf5::open_file_read_only(path);
        CHECK_THROWS_WITH(hdf5::read_numeric_attribute(reopened.id(), "levels"),
                          Catch::Contains("attribute levels holds 3 values, not one"));
    }
    std::filesystem::remove(path);
    const std::string text = temp_path("not-hdf5.h5");
    { std::FILE* f = std::fopen(text.c_str(), "w"); std::fputs("name: x\n", f); std::fclose(f); }
    CHECK_THROWS_WITH(report_run_file(text, false), Catch::StartsWith(text + " is not an HDF5 file"));
    std::filesystem::remove(text);
}
