#include "sim/hdf5/checkpoint.hpp"

#include "sim/hdf5/recorder.hpp"
#include "sim/output_file.hpp"

#include <cstdint>
#include <stdexcept>

// HDF5's constant macros (H5S_ALL, H5P_DEFAULT, ...) are C-style casts; they expand here.
#pragma GCC diagnostic ignored "-Wold-style-cast"

namespace trustsim {
namespace {

constexpr const char* checkpoint_format = "trustsim-checkpoint";

/// Collects the model's columns into /state, one uint8 dataset each, uncompressed: a checkpoint
/// is written mid-run and read back whole, so speed matters more than size.
class ColumnWriter final : public StateSink {
  public:
    explicit ColumnWriter(hid_t group) : group_(group) { options_.compression_level = 0; }
    void column(const std::string& name, std::span<const std::byte> bytes, std::size_t element_size) override {
        const std::span<const std::uint8_t> values(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        hdf5::write_array<std::uint8_t>(group_, name, values, "bytes", "model state column, raw", options_);
        hdf5::Handle dataset = hdf5::open_dataset(group_, name);
        hdf5::write_attribute(dataset.id(), "element_size", std::uint64_t{element_size});
    }

  private:
    hid_t group_;
    hdf5::DatasetOptions options_;
};

/// Reads bytes [first, first + out.size()) of a 1-D byte column.
void read_bytes(hid_t dataset, std::uint64_t first, std::span<std::byte> out) {
    hdf5::Handle file_space(H5Dget_space(dataset), H5Sclose, "get the shape of a state column");
    const hsize_t start[] = {first}, count[] = {out.size()};
    if (H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0)
        throw hdf5::Hdf5Error("HDF5: cannot select bytes of a state column");
    hdf5::Handle memory_space(H5Screate_simple(1, count, nullptr), H5Sclose, "create a dataspace");
    if (H5Dread(dataset, hdf5::native_type<std::uint8_t>(), memory_space.id(), file_space.id(), H5P_DEFAULT, out.data()) < 0)
        throw hdf5::Hdf5Error("HDF5: cannot read a state column");
}

}  // namespace

void write_checkpoint(const std::filesystem::path& path, const RunInfo& info, std::uint32_t steps_done,
                      const Model& model) {
    const std::filesystem::path partial = partial_path_for(path);
    hdf5::Handle file;
    try {
        hdf5::silence_library_errors();
        file = hdf5::create_file(partial.string());
        const hid_t root = file.id();
        hdf5::write_attribute(root, "format", std::string(checkpoint_format));
        hdf5::write_attribute(root, "format_version", checkpoint_format_version);
        write_build_provenance(root);
        hdf5::write_attribute(root, "steps_done", steps_done);
        hdf5::write_attribute(root, "config_yaml", info.resolved_config_yaml);
        hdf5::write_attribute(root, "seed", std::uint64_t{info.config->seed});
        hdf5::write_attribute(root, "replicate", info.config->replicate);
        {
            hdf5::Handle state = hdf5::create_group(root, "state");
            ColumnWriter writer(state.id());
            model.save_state(writer);
        }
        hdf5::flush_file(root, partial.string());
        file.close_checked("file " + partial.string());
        commit_file(partial, path);
    } catch (const OutputFileError&) {
        hdf5::abandon_file(file);  // a close after a failed write can crash HDF5 1.10 (sim/hdf5/file.hpp)
        discard_partial(partial);
        throw;
    } catch (const std::exception& error) {
        hdf5::abandon_file(file);
        discard_partial(partial);
        throw OutputFileError("cannot write checkpoint " + path.string() + ": " + error.what());
    }
}

CheckpointFile::CheckpointFile(const std::filesystem::path& path, hdf5::Isolation isolation) : path_(path) {
    hdf5::silence_library_errors();
    if (!std::filesystem::is_regular_file(path)) throw std::invalid_argument(path.string() + ": no such checkpoint file");
    if (isolation == hdf5::Isolation::child_process) {
        try {
            hdf5::read_isolated(path.string(), [&] {
                CheckpointFile probe(path, hdf5::Isolation::none);
                probe.read_every_column();
                return std::string("ok");
            });
        } catch (const std::runtime_error& e) {
            throw std::invalid_argument(e.what());  // a crash: "<path> is damaged: ..."
        }
    }
    try {
        file_ = hdf5::open_file_read_only(path.string());
    } catch (const std::exception&) {
        throw std::invalid_argument(path.string() + " is not an HDF5 file, so not a trustsim checkpoint");
    }
    const hid_t root = file_.id();
    std::string format;
    try {
        format = hdf5::has_attribute(root, "format") ? hdf5::read_string_attribute(root, "format") : "";
    } catch (const hdf5::Hdf5Error& e) {
        throw std::invalid_argument(path.string() + " is not a trustsim checkpoint (" + e.what() + ")");
    }
    if (format != checkpoint_format) {
        throw std::invalid_argument(path.string() + " is not a trustsim checkpoint (its format is '" + format +
                                    "'; checkpoints come from trustsim run --checkpoint-every K)");
    }
    try {
        const auto version = hdf5::read_integer_attribute(root, "format_version", 0, INT32_MAX);
        if (version != checkpoint_format_version) {
            throw std::invalid_argument(path.string() + " is a checkpoint of format version " + std::to_string(version) +
                                        "; this trustsim reads version " + std::to_string(checkpoint_format_version));
        }
        steps_done_ = static_cast<std::uint32_t>(hdf5::read_integer_attribute(root, "steps_done", 0, UINT32_MAX));
        config_yaml_ = hdf5::read_string_attribute(root, "config_yaml");
    } catch (const hdf5::Hdf5Error& e) {
        throw std::invalid_argument(path.string() + " is a damaged trustsim checkpoint: " + e.what());
    }
}

void CheckpointFile::read_every_column() {
    std::vector<std::string> names;
    const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
    };
    if (H5Lexists(file_.id(), "state", H5P_DEFAULT) > 0 &&
        H5Literate_by_name(file_.id(), "state", H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names, H5P_DEFAULT) < 0) {
        throw std::invalid_argument(path_.string() + " is damaged: its state columns cannot be listed");
    }
    for (const std::string& name : names) {
        hdf5::Handle dataset;
        try {
            dataset = hdf5::open_dataset(file_.id(), "state/" + name);
            const auto element = static_cast<std::size_t>(hdf5::read_integer_attribute(dataset.id(), "element_size", 1, 1 << 20));
            const std::vector<std::uint64_t> shape = hdf5::dataset_shape(dataset.id());
            if (shape.size() != 1) throw hdf5::Hdf5Error("HDF5: it is not a 1-D column");
            // Bounded reads: a damaged shape must not make this allocate what the file does not hold.
            std::vector<std::byte> bytes(std::min<std::uint64_t>(shape[0], std::uint64_t{1} << 24));
            for (std::uint64_t first = 0; first < shape[0]; first += bytes.size()) {
                const std::uint64_t count = std::min<std::uint64_t>(bytes.size(), shape[0] - first);
                read_bytes(dataset.id(), first, std::span(bytes.data(), count));
            }
            static_cast<void>(element);
        } catch (const hdf5::Hdf5Error& e) {
            throw std::invalid_argument(path_.string() + ": state column '" + name + "' is damaged: " + e.what());
        }
    }
}

void CheckpointFile::column(const std::string& name, std::span<std::byte> bytes, std::size_t element_size) {
    const std::string where = path_.string() + ": state column '" + name + "'";
    if (H5Lexists(file_.id(), ("state/" + name).c_str(), H5P_DEFAULT) <= 0) {
        throw std::invalid_argument(where + " is missing: the checkpoint is from another model or trustsim build");
    }
    hdf5::Handle dataset;
    std::size_t stored_element = 0;
    std::vector<std::uint64_t> shape;
    try {
        dataset = hdf5::open_dataset(file_.id(), "state/" + name);
        stored_element = static_cast<std::size_t>(hdf5::read_integer_attribute(dataset.id(), "element_size", 1, 1 << 20));
        shape = hdf5::dataset_shape(dataset.id());
    } catch (const hdf5::Hdf5Error& e) {
        throw std::invalid_argument(where + " is damaged: " + e.what());
    }
    const std::uint64_t stored_bytes = shape.size() == 1 ? shape[0] : 0;
    if (stored_element != element_size || stored_bytes != bytes.size()) {
        throw std::invalid_argument(where + " holds " + std::to_string(stored_bytes) + " bytes of " +
                                    std::to_string(stored_element) + "-byte elements; this run needs " +
                                    std::to_string(bytes.size()) + " of " + std::to_string(element_size) +
                                    ": the checkpoint is from another organisation or trustsim build");
    }
    // Straight into the model's column: a checkpoint of 10^6 agents is ~0.4 GB, not to be held twice.
    if (!bytes.empty() && H5Dread(dataset.id(), hdf5::native_type<std::uint8_t>(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                  bytes.data()) < 0) {
        throw std::runtime_error(where + ": cannot be read");
    }
}

CheckpointWriter::CheckpointWriter(std::filesystem::path output_path, std::uint32_t every)
    : output_path_(std::move(output_path)), every_(every) {
    if (every_ == 0) throw std::invalid_argument("--checkpoint-every must be at least 1");
}

std::filesystem::path CheckpointWriter::path_for(std::uint32_t week) const {
    std::string stem = output_path_.filename().string();
    if (stem.size() > 3 && stem.compare(stem.size() - 3, 3, ".h5") == 0) stem.resize(stem.size() - 3);
    return output_path_.parent_path() / (stem + ".week" + std::to_string(week) + ".checkpoint.h5");
}

void CheckpointWriter::on_start(const RunInfo& info, const World&, const Model&) { info_ = info; }

void CheckpointWriter::on_step(const StepView& view) {
    if (view.step % every_ != 0 && view.step != info_.steps_planned) return;
    const std::filesystem::path path = path_for(view.step);
    write_checkpoint(path, info_, view.step, view.model);
    written_.push_back(path);
}

}  // namespace trustsim
