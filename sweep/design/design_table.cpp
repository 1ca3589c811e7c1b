// The CSV reader for explicit design tables. RFC 4180 with the leniencies a hand-written or
// spreadsheet-exported file needs: LF, CRLF or lone-CR line ends, a UTF-8 byte-order mark,
// blank lines, '#' comment lines, and spaces around fields (trimmed from unquoted fields and
// ignored around quoted ones). Every error names the file, line and column, where the column
// counts characters (UTF-8 continuation bytes do not advance it), as an editor shows it.
#include "sweep/design.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace trustsim::sweep {

namespace {

struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
};

[[noreturn]] void fail(const std::string& path, Position at, const std::string& message) {
    throw std::runtime_error(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + message);
}

/// A read position in the file text that tracks its line and column.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool at_end() const noexcept { return offset_ >= text_.size(); }
    char peek() const noexcept { return text_[offset_]; }
    bool at_line_end() const noexcept { return !at_end() && (peek() == '\n' || peek() == '\r'); }
    bool at_field_end() const noexcept { return at_end() || at_line_end() || peek() == ','; }
    bool at_blank() const noexcept { return !at_end() && (peek() == ' ' || peek() == '\t'); }
    Position position() const noexcept { return position_; }

    /// Consumes one character; a CRLF pair is consumed as one line end.
    void advance() noexcept {
        const char c = text_[offset_++];
        if (c == '\r' && !at_end() && peek() == '\n') ++offset_;
        if (c == '\n' || c == '\r') {
            ++position_.line;
            position_.column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) {
            ++position_.column;
        }
    }

    void skip_blanks() noexcept {
        while (at_blank()) advance();
    }
    void skip_line() noexcept {
        while (!at_end() && !at_line_end()) advance();
        if (!at_end()) advance();
    }

  private:
    std::string_view text_;
    std::size_t offset_ = 0;
    Position position_;
};

/// One CSV record with where each of its fields starts and where its line ends.
struct Record {
    std::vector<std::string> fields;
    std::vector<Position> field_starts;  ///< first non-blank character of each field
    Position end;                        ///< the line end (or end of file) after the last field
};

class CsvReader {
  public:
    CsvReader(std::string_view text, const std::string& path) : cursor_(text), path_(path) {}

    /// The next record, skipping blank and comment lines; nullopt at the end of the file.
    std::optional<Record> next() {
        while (!cursor_.at_end()) {
            Cursor probe = cursor_;
            probe.skip_blanks();
            if (probe.at_end()) {
                cursor_ = probe;
                break;
            }
            if (probe.at_line_end() || probe.peek() == '#') {
                probe.skip_line();
                cursor_ = probe;
                continue;
            }
            return read_record();
        }
        return std::nullopt;
    }

    Position position() const noexcept { return cursor_.position(); }

  private:
    Record read_record() {
        Record record;
        for (;;) {
            cursor_.skip_blanks();
            record.field_starts.push_back(cursor_.position());
            record.fields.push_back(!cursor_.at_end() && cursor_.peek() == '"' ? read_quoted() : read_unquoted());
            if (!cursor_.at_end() && cursor_.peek() == ',') {
                cursor_.advance();
                continue;
            }
            record.end = cursor_.position();
            if (!cursor_.at_end()) cursor_.advance();  // the line end
            return record;
        }
    }

    /// A field in double quotes: commas and line breaks are data (a line break is kept as '\n'),
    /// "" is one quote. Blanks after the closing quote are ignored.
    std::string read_quoted() {
        const Position opened = cursor_.position();
        cursor_.advance();
        std::string value;
        for (;;) {
            if (cursor_.at_end()) {
                fail(path_, opened, "unterminated quoted field: this quote is never closed (write a quote inside a "
                                    "quoted field as \"\")");
            }
            const char c = cursor_.peek();
            if (c == '"') {
                cursor_.advance();
                if (cursor_.at_end() || cursor_.peek() != '"') break;
                value += '"';
            } else {
                value += cursor_.at_line_end() ? '\n' : c;
            }
            cursor_.advance();
        }
        cursor_.skip_blanks();
        if (!cursor_.at_field_end()) {
            fail(path_, cursor_.position(), "unexpected text after the closing quote; separate fields with ',' and write "
                                            "a quote inside a quoted field as \"\"");
        }
        return value;
    }

    /// A field without quotes: up to the next comma or line end, surrounding blanks trimmed.
    std::string read_unquoted() {
        std::string value;
        while (!cursor_.at_field_end()) {
            if (cursor_.peek() == '"') {
                fail(path_, cursor_.position(), "double quote inside an unquoted field; enclose the whole field in "
                                                "quotes and write the quote as \"\"");
            }
            value += cursor_.peek();
            cursor_.advance();
        }
        value.erase(value.find_last_not_of(" \t") + 1);
        return value;
    }

    Cursor cursor_;
    const std::string& path_;
};

std::string read_file(const std::string& path) {
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (std::filesystem::is_directory(status)) throw std::runtime_error(path + ": is a directory, not a design table");
    // A device or FIFO (e.g. /dev/zero) would be read forever or block: refused unopened.
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw std::runtime_error(path + ": is not a regular file, so not a design table");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the design table: " + std::strerror(errno));
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw std::runtime_error(path + ": cannot read the design table: " + std::strerror(errno));
    return text;
}

}  // namespace

DesignTable read_design_table(const std::string& path) {
    std::string text = read_file(path);
    // Spreadsheets often save "CSV UTF-8" with a byte-order mark, which would otherwise become
    // part of the first column name.
    constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
    std::string_view content = text;
    if (content.starts_with(byte_order_mark)) content.remove_prefix(byte_order_mark.size());

    CsvReader reader(content, path);
    std::optional<Record> header = reader.next();
    if (!header) {
        fail(path, reader.position(), "empty design table: expected a header line of column names, then one row per "
                                      "design point");
    }

    DesignTable table;
    for (std::size_t i = 0; i < header->fields.size(); ++i) {
        const std::string& name = header->fields[i];
        if (name.empty()) fail(path, header->field_starts[i], "empty column name (column " + std::to_string(i + 1) + ")");
        for (std::size_t j = 0; j < i; ++j) {
            if (header->fields[j] == name) {
                fail(path, header->field_starts[i], "duplicate column name '" + name + "' (columns " + std::to_string(j + 1) +
                                                        " and " + std::to_string(i + 1) + ")");
            }
        }
    }
    table.columns = std::move(header->fields);

    const std::size_t width = table.columns.size();
    while (std::optional<Record> record = reader.next()) {
        const std::size_t fields = record->fields.size();
        if (fields != width) {
            // Point at the first surplus field, or at the line end where a field is missing.
            const Position at = fields > width ? record->field_starts[width] : record->end;
            fail(path, at, "row has " + std::to_string(fields) + (fields == 1 ? " field" : " fields") +
                               " but the header has " + std::to_string(width) + (width == 1 ? " column" : " columns"));
        }
        table.row_lines.push_back(record->field_starts.front().line);
        table.rows.push_back(std::move(record->fields));
    }
    if (table.rows.empty()) fail(path, reader.position(), "the design table has a header line but no rows");
    return table;
}

}  // namespace trustsim::sweep
