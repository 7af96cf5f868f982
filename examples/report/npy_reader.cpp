// npy_reader.cpp — the header of a NumPy .npy file.
//
// Layout: the magic "\x93NUMPY", a version (major, minor), a header length (2 bytes in
// version 1, 4 bytes in versions 2 and 3, little-endian), then the header: a Python dict
// literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded
// with spaces and a newline. The data follows the header.
//
// The header is a Python literal, not JSON, so it gets its own small parser; it accepts
// exactly the subset NumPy writes (quoted keys, a string, a bool and a tuple of integers).
#include <algorithm>
#include <string>

#include "tensor_file.hpp"

namespace lowp_report {
namespace {

class dict_parser {
 public:
  explicit dict_parser(std::string_view text) : text_(text) {}

  void parse(std::string& descr, bool& fortran_order, std::vector<std::uint64_t>& shape) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (!accept('}')) {
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        fortran_order = boolean_literal();
        have_order = true;
      } else if (key == "shape") {
        shape = tuple_of_integers();
        have_shape = true;
      } else {
        fail("unexpected key " + in_quotes(key));
      }
      if (!accept(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    if (pos_ != text_.size()) fail("text after the closing brace");
    if (!have_descr || !have_order || !have_shape) fail("it needs 'descr', 'fortran_order' and 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw input_error("bad .npy header: " + why); }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t')) ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "' at byte " + std::to_string(pos_));
  }

  std::string string_literal() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) fail("expected a quoted string");
    const char quote = text_[pos_++];
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\') fail("escapes in strings are not supported");
      ++pos_;
    }
    if (pos_ >= text_.size()) fail("unterminated string");
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool boolean_literal() {
    skip_space();
    for (const auto& [word, value] : {std::pair<std::string_view, bool>{"True", true}, {"False", false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    fail("'fortran_order' is not True or False");
  }

  std::vector<std::uint64_t> tuple_of_integers() {
    std::vector<std::uint64_t> values;
    expect('(');
    while (!accept(')')) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') fail("'shape' holds a non-integer");
      std::uint64_t v = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        const auto digit = static_cast<std::uint64_t>(text_[pos_++] - '0');
        if (v > (UINT64_MAX - digit) / 10) fail("a dimension of 'shape' is too large");
        v = v * 10 + digit;
      }
      values.push_back(v);
      if (!accept(',')) {
        expect(')');
        break;
      }
    }
    return values;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

dtype npy_dtype(const std::string& descr) {
  if (descr == "<f8") return dtype::f64;
  if (descr == "<f4") return dtype::f32;
  if (descr == "<f2") return dtype::f16;
  if (descr.size() == 3 && descr[0] == '>' && descr[1] == 'f')
    throw input_error("big-endian dtype " + in_quotes(descr) + " is not supported (lowp-report reads <f2, <f4, <f8)");
  throw input_error("unsupported dtype " + in_quotes(descr) + " (lowp-report reads <f2, <f4, <f8)");
}

}  // namespace

std::uint64_t npy_prefix_size(const unsigned char* first12, std::size_t got, std::uint64_t file_size) noexcept {
  if (got < 12 || !has_npy_magic(first12, got)) return got;
  const std::uint64_t header_size = first12[6] == 1 ? (std::uint64_t{first12[8]} | std::uint64_t{first12[9]} << 8)
                                                    : (std::uint64_t{first12[8]} | std::uint64_t{first12[9]} << 8 |
                                                       std::uint64_t{first12[10]} << 16 | std::uint64_t{first12[11]} << 24);
  return std::min(file_size, 12 + header_size);
}

tensor_file parse_npy(const unsigned char* data, std::size_t size, const std::string& name) {
  return parse_npy(data, size, size, name);
}

tensor_file parse_npy(const unsigned char* data, std::size_t available, std::uint64_t size, const std::string& name) {
  if (!has_npy_magic(data, available)) throw input_error("not a .npy file (no \\x93NUMPY magic)");
  if (size < 10) throw input_error("truncated: " + std::to_string(size) + " bytes, shorter than a .npy preamble");
  const int major = data[6];
  std::uint64_t header_size = 0, header_begin = 0;
  if (major == 1) {
    header_size = std::uint64_t{data[8]} | std::uint64_t{data[9]} << 8;
    header_begin = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) throw input_error("truncated: " + std::to_string(size) + " bytes, shorter than a .npy preamble");
    header_size = std::uint64_t{data[8]} | std::uint64_t{data[9]} << 8 | std::uint64_t{data[10]} << 16 |
                  std::uint64_t{data[11]} << 24;
    header_begin = 12;
  } else {
    throw input_error("unsupported .npy version " + std::to_string(major) + "." + std::to_string(data[7]));
  }
  if (header_size > size - header_begin)
    throw input_error("header length " + std::to_string(header_size) + " runs past the end of the file (" +
                      std::to_string(size) + " bytes)");
  if (available < header_begin + header_size) throw input_error("the file shrank while its header was read");

  std::string descr;
  bool fortran_order = false;
  tensor_entry t;
  dict_parser(std::string_view(reinterpret_cast<const char*>(data + header_begin), header_size))
      .parse(descr, fortran_order, t.shape);
  t.type = npy_dtype(descr);
  if (fortran_order) throw input_error("Fortran-order arrays are not supported (fortran_order is True)");

  t.name = name;
  t.count = 1;
  bool fits = true;
  for (const auto d : t.shape) fits = fits && checked_product(t.count, d, t.count);
  if (!fits || !checked_product(t.count, dtype_size(t.type), t.size))
    throw input_error("shape " + shape_text(t.shape) + " of " + in_quotes(descr) + " is too large");
  t.offset = header_begin + header_size;
  const std::uint64_t data_bytes = size - t.offset;
  if (data_bytes != t.size)
    throw input_error(std::string(data_bytes < t.size ? "truncated" : "size mismatch") + ": shape " +
                      shape_text(t.shape) + " of " + in_quotes(descr) + " needs " + std::to_string(t.size) +
                      " bytes of data, the file has " + std::to_string(data_bytes));
  tensor_file file;
  file.kind = file_kind::npy;
  file.tensors.push_back(std::move(t));
  return file;
}

}  // namespace lowp_report
