// safetensors_reader.cpp — the safetensors header, checked.
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON, then the data. The
// JSON object maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets relative to the start of the data) and may hold "__metadata__", a map of
// strings. The JSON is parsed by nlohmann::json; everything the format implies beyond
// valid JSON is checked here, with overflow-safe arithmetic.
#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_set>

#include "tensor_file.hpp"

namespace lowp_report {
namespace {

// Parsed into nlohmann::json (a std::map per object: logarithmic lookups). ordered_json
// looks keys up linearly, which made a header of 10^5 tensors take quadratic time; the
// header order is recorded while parsing instead.
using json = nlohmann::json;

// The deepest nesting a valid header has is 3 (header, entry, shape); anything much deeper
// is hostile. Checked before parsing, by a scan without recursion, because nlohmann::json
// copies and compares values recursively: 10^5 nested arrays overflow the stack.
constexpr int max_header_depth = 16;

// check_header_bytes(text, size): no NUL byte (JSON allows none, and a header padded with
// them is not a header) and no nesting deeper than max_header_depth.
void check_header_bytes(const char* text, std::size_t size) {
  if (const void* nul = std::memchr(text, '\0', size))
    throw input_error("the header holds a NUL byte at offset " +
                      std::to_string(8 + (static_cast<const char*>(nul) - text)) + " (not valid JSON)");
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_header_depth)
        throw input_error("the header nests deeper than " + std::to_string(max_header_depth) + " levels");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
}

std::uint64_t read_le64(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; the rest says where
// and what.
std::string json_problem(const std::exception& e) {
  std::string text = e.what();
  const auto bracket = text.find("] ");
  if (text.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) text.erase(0, bracket + 2);
  return printable(text);
}

std::uint64_t unsigned_value(const json& v, const std::string& what) {
  if (!v.is_number_unsigned()) throw input_error(what + " is not a non-negative integer");
  return v.get<std::uint64_t>();
}

// The top-level keys of the header in order, and those of __metadata__; the first
// duplicate among either (the parsed object would keep only the last one of a duplicate).
struct key_recorder : nlohmann::json_sax<json> {
  std::vector<std::string> names, metadata_keys;
  std::string duplicate;

  bool key(string_t& k) override {
    if (depth == 1) {
      in_metadata = k == "__metadata__";
      note(seen, k, "duplicate tensor name ");
      names.push_back(k);
    } else if (depth == 2 && in_metadata) {
      note(seen_metadata, k, "duplicate __metadata__ key ");
      metadata_keys.push_back(k);
    }
    return true;
  }
  bool start_object(std::size_t) override { return ++depth, true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return ++depth, true; }
  bool end_array() override { return --depth, true; }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    throw e;  // rethrown as the json::exception it is; parse() reports it
  }

 private:
  void note(std::unordered_set<std::string>& set, const std::string& k, const char* what) {
    if (!set.insert(k).second && duplicate.empty()) duplicate = what + in_quotes(k);
  }
  int depth = 0;
  bool in_metadata = false;
  std::unordered_set<std::string> seen, seen_metadata;
};

// `order`: the metadata keys in the order of the header.
void read_metadata(const json& value, const std::vector<std::string>& order, tensor_file& file) {
  if (!value.is_object()) throw input_error("__metadata__ is not an object");
  file.metadata = nlohmann::ordered_json::object();
  for (const std::string& key : order) {
    const auto it = value.find(key);
    if (!it->is_string()) throw input_error("__metadata__ entry " + in_quotes(key) + " is not a string");
    // ordered_json's insertion is linear: push_back into the underlying vector instead,
    // the keys being known distinct.
    file.metadata.get_ref<nlohmann::ordered_json::object_t&>().emplace_back(key, it->get<std::string>());
  }
}

tensor_entry read_entry(const std::string& name, const json& value, std::uint64_t data_begin,
                        std::uint64_t data_size) {
  const std::string what = "tensor " + in_quotes(name);
  if (!value.is_object()) throw input_error(what + ": entry is not an object");
  tensor_entry t;
  t.name = name;

  const auto dt = value.find("dtype");
  if (dt == value.end() || !dt->is_string()) throw input_error(what + ": missing or non-string \"dtype\"");
  const auto& dtype_text = dt->get_ref<const std::string&>();
  if (!find_dtype(dtype_text, t.type)) throw input_error(what + ": unsupported dtype " + in_quotes(dtype_text));

  const auto sh = value.find("shape");
  if (sh == value.end() || !sh->is_array()) throw input_error(what + ": missing or non-array \"shape\"");
  t.count = 1;
  bool fits = true;
  for (const auto& d : *sh) {
    t.shape.push_back(unsigned_value(d, what + ": a dimension of \"shape\""));
    fits = fits && checked_product(t.count, t.shape.back(), t.count);
  }
  if (!fits || !checked_product(t.count, dtype_size(t.type), t.size))
    throw input_error(what + ": shape " + shape_text(t.shape) + " of " + dtype_name(t.type) + " is too large");

  const auto off = value.find("data_offsets");
  if (off == value.end() || !off->is_array() || off->size() != 2)
    throw input_error(what + ": \"data_offsets\" is not an array of two offsets");
  const std::uint64_t begin = unsigned_value((*off)[0], what + ": data_offsets[0]");
  const std::uint64_t end = unsigned_value((*off)[1], what + ": data_offsets[1]");
  const std::string offsets = "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
  if (begin > end) throw input_error(what + ": data_offsets " + offsets + " end before they begin");
  if (end > data_size)
    throw input_error(what + ": data_offsets " + offsets + " run past the end of the data (" +
                      std::to_string(data_size) + " bytes)");
  if (end - begin != t.size)
    throw input_error(what + ": data_offsets " + offsets + " hold " + std::to_string(end - begin) +
                      " bytes, but shape " + shape_text(t.shape) + " of " + dtype_name(t.type) + " needs " +
                      std::to_string(t.size));
  t.offset = data_begin + begin;
  return t;
}

// No two tensors may share a byte (empty tensors occupy none).
void check_overlaps(const std::vector<tensor_entry>& tensors) {
  std::vector<const tensor_entry*> order;
  for (const auto& t : tensors)
    if (t.size != 0) order.push_back(&t);
  std::sort(order.begin(), order.end(), [](const tensor_entry* a, const tensor_entry* b) {
    return a->offset != b->offset ? a->offset < b->offset : a->size < b->size;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    const tensor_entry& a = *order[i - 1];
    const tensor_entry& b = *order[i];
    if (b.offset < a.offset + a.size)
      throw input_error("tensors " + in_quotes(a.name) + " and " + in_quotes(b.name) + " overlap in the data");
  }
}

}  // namespace

std::uint64_t safetensors_prefix_size(const unsigned char* first8, std::uint64_t file_size) noexcept {
  if (file_size < 8) return file_size;
  const std::uint64_t header_size = read_le64(first8);
  if (header_size > max_safetensors_header || header_size > file_size - 8) return 8;  // parse says why
  return 8 + header_size;
}

tensor_file parse_safetensors(const unsigned char* data, std::size_t size) {
  return parse_safetensors(data, size, size);
}

tensor_file parse_safetensors(const unsigned char* data, std::size_t available, std::uint64_t size) {
  if (size < 8)
    throw input_error("truncated: " + std::to_string(size) +
                      " bytes, but a safetensors file starts with an 8-byte header length");
  const std::uint64_t header_size = read_le64(data);
  if (header_size > max_safetensors_header)
    throw input_error("header length " + std::to_string(header_size) + " exceeds the format's limit of " +
                      std::to_string(max_safetensors_header) + " bytes");
  if (header_size > size - 8)
    throw input_error("header length " + std::to_string(header_size) + " runs past the end of the file (" +
                      std::to_string(size) + " bytes)");
  if (available < 8 + header_size) throw input_error("the file shrank while its header was read");
  const std::uint64_t data_begin = 8 + header_size;
  const std::uint64_t data_size = size - data_begin;

  const char* text = reinterpret_cast<const char*>(data + 8);
  check_header_bytes(text, static_cast<std::size_t>(header_size));

  // The keys in header order (top level, and inside __metadata__), from a first SAX pass;
  // then the document. (nlohmann's parse with a callback is quadratic in the size of an
  // object; these two passes are linear.)
  key_recorder keys;
  json header;
  try {
    json::sax_parse(text, text + header_size, &keys);
    header = json::parse(text, text + header_size);
  } catch (const json::exception& e) {
    throw input_error("invalid JSON header: " + json_problem(e));
  }
  if (!keys.duplicate.empty()) throw input_error(keys.duplicate + " in the header");
  const std::vector<std::string>& names = keys.names;
  const std::vector<std::string>& metadata_keys = keys.metadata_keys;
  if (!header.is_object()) throw input_error("the header is not a JSON object");

  tensor_file file;
  file.kind = file_kind::safetensors;
  file.tensors.reserve(names.size());
  for (const std::string& name : names) {
    const json& value = header.find(name).value();
    if (name == "__metadata__") {
      read_metadata(value, metadata_keys, file);
    } else {
      file.tensors.push_back(read_entry(name, value, data_begin, data_size));
    }
  }
  check_overlaps(file.tensors);
  return file;
}

}  // namespace lowp_report
