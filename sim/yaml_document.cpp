#include "sim/yaml_document.hpp"

#include "sim/config.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <vector>

namespace trustsim {
namespace {

std::string at(const std::string& source, const YAML::Mark& mark) {
    if (mark.is_null()) return source;
    return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

/// Sees only where documents start: the first pass needs nothing else.
class DocumentStarts final : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        last = mark;
        first_node = YAML::Mark::null_mark();
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnMapEnd() override {}

    YAML::Mark last = YAML::Mark::null_mark();        ///< where the latest document starts
    YAML::Mark first_node = YAML::Mark::null_mark();  ///< its first node, where a message points

  private:
    void node(const YAML::Mark& mark) {
        if (first_node.is_null()) first_node = mark;
    }
};

[[noreturn]] void syntax_error(const std::string& source, const YAML::Exception& e) {
    throw ConfigError(at(source, e.mark) + ": YAML syntax error: " + e.msg);
}

[[noreturn]] void too_deep(const std::string& source, const YAML::Mark& mark) {
    throw ConfigError(at(source, mark) +
                      ": YAML nesting too deep: yaml-cpp reads at most about 500 levels of nested lists and maps "
                      "(a scenario needs a handful)");
}

/// The first pass: checks the syntax and that there is exactly one document, in bounded time.
void check_one_document(const std::string& text, const std::string& source, const std::string& what) {
    std::istringstream stream(text);
    DocumentStarts starts;
    try {
        YAML::Parser parser(stream);
        // Up to three documents: a parser stuck after the first or the second one reports the
        // next "document" at the position of the last.
        std::vector<YAML::Mark> documents, first_nodes;
        while (documents.size() < 3 && parser.HandleNextDocument(starts)) {
            if (!documents.empty() && starts.last.pos == documents.back().pos) {
                const auto pos = static_cast<std::size_t>(starts.last.pos);
                const char c = pos < text.size() ? text[pos] : '\0';
                throw ConfigError(at(source, starts.last) + ": YAML syntax error: " +
                                  (c == ','    ? std::string("unexpected ','; a comma separates items only inside [...] or {...}")
                                   : c != '\0' ? "cannot read past '" + std::string(1, c) + "' here"
                                               : std::string("cannot read past this point")));
            }
            documents.push_back(starts.last);
            first_nodes.push_back(starts.first_node.is_null() ? starts.last : starts.first_node);
        }
        if (documents.size() > 1) {
            // A real second document follows a '---' or '...' line; without one, yaml-cpp gave up on
            // the first (a line it could not fit into it, e.g. out of its indentation).
            const auto pos = static_cast<std::size_t>(documents[1].pos);
            const std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
            const std::size_t before = line_start == std::string::npos || line_start == 0 ? std::string::npos
                                                                                         : text.rfind('\n', line_start - 1);
            const std::string previous_line =
                line_start == std::string::npos ? "" : text.substr(before == std::string::npos ? 0 : before + 1,
                                                                   line_start - (before == std::string::npos ? 0 : before + 1));
            const bool marked = text.compare(pos, 3, "---") == 0 || previous_line.rfind("...", 0) == 0 ||
                                previous_line.rfind("---", 0) == 0;
            if (!marked) {
                throw ConfigError(at(source, documents[1]) +
                                  ": YAML syntax error: this line does not continue what comes before it (check its "
                                  "indentation, and brackets or quotes left open above)");
            }
            throw ConfigError(at(source, first_nodes[1]) + ": " + what +
                              " holds one YAML document; a second one starts here (remove the '---' or '...' line)");
        }
    } catch (const YAML::DeepRecursion& e) {
        too_deep(source, e.mark);
    } catch (const YAML::Exception& e) {
        syntax_error(source, e);
    }
}

}  // namespace

std::string read_yaml_file(const std::string& path, const std::string& what) {
    namespace fs = std::filesystem;
    const std::string cannot = "cannot read " + (what.empty() ? "" : what + " ") + path + ": ";
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    // A missing file falls through to fopen, whose errno says so; anything else that is not a
    // regular file (a directory, /dev/zero, a FIFO that would block) is refused unopened.
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        throw ConfigError(cannot + (fs::is_directory(status) ? "it is a directory" : "it is not a regular file"));
    }
    const std::uintmax_t size = fs::exists(status) ? fs::file_size(path, error) : 0;
    if (!error && size > max_yaml_file_bytes) {
        throw ConfigError(cannot + "it is " + std::to_string(size) + " bytes, more than the " +
                          std::to_string(max_yaml_file_bytes >> 20) + " MiB a YAML file may have");
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) throw ConfigError(cannot + std::strerror(errno));
    std::string text;
    char buffer[65536];
    std::size_t got = 0;
    // Bounded even if the file grows while it is read.
    while (text.size() <= max_yaml_file_bytes && (got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        text.append(buffer, got);
    }
    const bool failed = std::ferror(file) != 0;
    const int read_error = errno;
    std::fclose(file);
    if (failed) throw ConfigError(cannot + std::strerror(read_error));
    if (text.size() > max_yaml_file_bytes) {
        throw ConfigError(cannot + "more than the " + std::to_string(max_yaml_file_bytes >> 20) +
                          " MiB a YAML file may have");
    }
    return text;
}

YAML::Node load_yaml_document(const std::string& text, const std::string& source, const std::string& what) {
    check_one_document(text, source, what);
    try {
        return YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
        too_deep(source, e.mark);
    } catch (const YAML::Exception& e) {
        syntax_error(source, e);
    }
}

}  // namespace trustsim
