#include "sweep/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace trustsim::sweep {
namespace {

constexpr std::uint32_t record_magic = 0x52534A54;  // "TJSR" little-endian
constexpr std::uint8_t schema_record = 1;
constexpr std::uint8_t run_record = 2;
constexpr std::uint32_t max_payload = 1u << 30;

std::uint64_t fnv1a(const char* data, std::size_t size) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= static_cast<unsigned char>(data[i]);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

class Encoder {
  public:
    template <class T>
    void put(T value) {
        const auto* bytes = reinterpret_cast<const char*>(&value);
        text_.append(bytes, sizeof value);
    }
    void put_string(const std::string& s) {
        put(static_cast<std::uint32_t>(s.size()));
        text_ += s;
    }
    void put_doubles(const std::vector<double>& v) {
        put(static_cast<std::uint64_t>(v.size()));
        text_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
    }
    const std::string& text() const { return text_; }

  private:
    std::string text_;
};

/// A record whose checksum matches but whose contents do not decode.
struct DamagedRecord : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Decoder {
  public:
    Decoder(const char* data, std::size_t size) : data_(data), size_(size) {}
    template <class T>
    T get() {
        T value;
        need(sizeof value);
        std::memcpy(&value, data_ + at_, sizeof value);
        at_ += sizeof value;
        return value;
    }
    std::string get_string() {
        const auto n = get<std::uint32_t>();
        need(n);
        std::string s(data_ + at_, n);
        at_ += n;
        return s;
    }
    std::vector<double> get_doubles() {
        const auto n = get<std::uint64_t>();
        if (n > size_ / sizeof(double)) throw DamagedRecord("it claims " + std::to_string(n) + " values");
        need(n * sizeof(double));
        std::vector<double> v(n);
        if (n > 0) std::memcpy(v.data(), data_ + at_, n * sizeof(double));  // v.data() may be null
        at_ += n * sizeof(double);
        return v;
    }

  private:
    void need(std::size_t n) const {
        if (n > size_ - at_) throw DamagedRecord("it is shorter than its contents");
    }
    const char* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

std::string encode_schema(const SeriesSchema& schema) {
    Encoder e;
    e.put(schema_record);
    e.put(static_cast<std::uint32_t>(schema.size()));
    for (const SeriesSpec& s : schema) {
        e.put_string(s.name);
        e.put_string(s.units);
        e.put_string(s.description);
        e.put(static_cast<std::uint8_t>(s.may_be_nan ? 1 : 0));
    }
    return e.text();
}

std::string encode_run(const RunRecord& r) {
    Encoder e;
    e.put(run_record);
    e.put(r.index);
    e.put(static_cast<std::uint8_t>(r.status));
    e.put_string(r.error);
    e.put(r.wall_seconds);
    e.put(r.threads);
    e.put(r.weeks);
    e.put_doubles(r.values);
    return e.text();
}

std::string errno_text() { return std::strerror(errno); }

std::string unique_journal_name() {
    char host[256] = "host";
    gethostname(host, sizeof host - 1);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    char name[400];
    // A fixed-width time first: file names sort in creation order, which decides which record
    // of a run counts when two sessions both wrote one.
    std::snprintf(name, sizeof name, "j-%020lld-%s-%d.bin",
                  static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()), host,
                  static_cast<int>(getpid()));
    return name;
}

}  // namespace

JournalWriter::JournalWriter(const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    path_ = directory / unique_journal_name();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot create sweep journal " + path_.string() + ": " + errno_text());
    last_sync_ = std::chrono::steady_clock::now();
}

JournalWriter::~JournalWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::write_record(const std::string& payload) {
    if (payload.size() > max_payload) throw std::runtime_error("a run's results are too large for one journal record");
    Encoder framed;
    framed.put(record_magic);
    framed.put(static_cast<std::uint32_t>(payload.size()));
    std::string bytes = framed.text() + payload;
    const std::uint64_t checksum = fnv1a(payload.data(), payload.size());
    bytes.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot write sweep journal " + path_.string() + ": " + errno_text());
        written += static_cast<std::size_t>(n);
    }
}

void JournalWriter::append(const RunRecord& record, const SeriesSchema& schema) {
    const std::string payload = encode_run(record);
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ < 0) throw std::runtime_error("sweep journal " + path_.string() + " is closed");
    if (!schema_written_ && !schema.empty()) {
        write_record(encode_schema(schema));
        schema_written_ = true;
    }
    write_record(payload);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_sync_ >= std::chrono::seconds(1)) {
        if (::fdatasync(fd_) != 0) throw std::runtime_error("cannot sync sweep journal " + path_.string() + ": " + errno_text());
        last_sync_ = now;
    }
}

void JournalWriter::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ < 0) return;
    const int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
        const std::string error = errno_text();
        ::close(fd);
        throw std::runtime_error("cannot sync sweep journal " + path_.string() + ": " + error);
    }
    if (::close(fd) != 0) throw std::runtime_error("cannot close sweep journal " + path_.string() + ": " + errno_text());
}

JournalContents read_journals(const std::filesystem::path& directory) {
    JournalContents contents;
    if (!std::filesystem::is_directory(directory)) return contents;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".bin") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    bool have_schema = false;
    std::map<std::uint64_t, std::filesystem::path> recorded_in;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) throw std::runtime_error("cannot read sweep journal " + file.string());
        std::size_t at = 0;
        while (at < data.size()) {
            std::uint32_t magic = 0, length = 0;
            std::uint64_t checksum = 0;
            if (data.size() - at < 8) break;
            std::memcpy(&magic, data.data() + at, 4);
            std::memcpy(&length, data.data() + at + 4, 4);
            if (magic != record_magic || length > max_payload || data.size() - at - 8 < std::size_t{length} + 8) break;
            const char* payload = data.data() + at + 8;
            std::memcpy(&checksum, payload + length, 8);
            if (checksum != fnv1a(payload, length)) break;
            const std::size_t record_at = at;
            at += 8 + std::size_t{length} + 8;
            Decoder d(payload, length);
            try {
                const auto type = d.get<std::uint8_t>();
                if (type == schema_record) {
                    // Each series takes at least 13 bytes (three string lengths and a flag): a count
                    // beyond that is a damaged record, not a reason to allocate gigabytes.
                    const auto count = d.get<std::uint32_t>();
                    if (count > length / 13) throw DamagedRecord("it claims " + std::to_string(count) + " series");
                    SeriesSchema schema(count);
                    for (SeriesSpec& s : schema) {
                        s.name = d.get_string();
                        s.units = d.get_string();
                        s.description = d.get_string();
                        s.may_be_nan = d.get<std::uint8_t>() != 0;
                    }
                    if (have_schema && !std::equal(schema.begin(), schema.end(), contents.schema.begin(), contents.schema.end(),
                                                   [](const SeriesSpec& a, const SeriesSpec& b) { return a.name == b.name; })) {
                        throw std::runtime_error("sweep journal " + file.string() +
                                                 " records different series than the others (made by another trustsim build?)");
                    }
                    contents.schema = std::move(schema);
                    have_schema = true;
                } else if (type == run_record) {
                    RunRecord r;
                    r.index = d.get<std::uint64_t>();
                    r.status = static_cast<RunStatus>(d.get<std::uint8_t>());
                    r.error = d.get_string();
                    r.wall_seconds = d.get<double>();
                    r.threads = d.get<std::uint32_t>();
                    r.weeks = d.get<std::uint32_t>();
                    r.values = d.get_doubles();
                    const auto it = contents.runs.find(r.index);
                    // A success is never replaced by a failure; otherwise the later record counts.
                    if (it == contents.runs.end() || !(it->second.status == RunStatus::ok && r.status != RunStatus::ok)) {
                        recorded_in[r.index] = file;
                        contents.runs[r.index] = std::move(r);
                    }
                }
            } catch (const DamagedRecord& e) {
                // The checksum matched, so this is no torn write: the record itself is wrong.
                throw std::runtime_error("sweep journal " + file.string() + ": the record at byte " +
                                         std::to_string(record_at) + " is damaged (" + e.what() +
                                         "); move the file away and --resume reruns its runs");
            }
        }
        if (at < data.size()) ++contents.torn_records;
    }
    // The results read series s of a completed run at values[s * weeks + w]: a record that holds
    // fewer values than its weeks of every series would be read past its end.
    for (const auto& [index, run] : contents.runs) {
        const std::uint64_t expected = std::uint64_t{run.weeks} * contents.schema.size();
        if (run.status == RunStatus::ok && run.values.size() != expected) {
            throw std::runtime_error("sweep journal " + recorded_in[index].string() + ": run " + std::to_string(index) +
                                     " holds " + std::to_string(run.values.size()) + " values, but " +
                                     std::to_string(run.weeks) + " weeks of " + std::to_string(contents.schema.size()) +
                                     " series need " + std::to_string(expected) + "; move the file away and --resume reruns its runs");
        }
    }
    return contents;
}

}  // namespace trustsim::sweep
