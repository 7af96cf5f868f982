// safetensors_reader.cpp — the safetensors header, checked.
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON, then the data. The
// JSON object maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets relative to the start of the data) and may hold "__metadata__", a map of
// strings. The JSON is parsed by nlohmann::json; everything the format implies beyond
// valid JSON is checked here, with overflow-safe arithmetic.
#include <algorithm>
#include <set>
#include <string>

#include "tensor_file.hpp"

namespace lowp_report {
namespace {

using json = nlohmann::ordered_json;

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

void read_metadata(const json& value, tensor_file& file) {
  if (!value.is_object()) throw input_error("__metadata__ is not an object");
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!it.value().is_string())
      throw input_error("__metadata__ entry " + in_quotes(it.key()) + " is not a string");
  }
  file.metadata = value;
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

tensor_file parse_safetensors(const unsigned char* data, std::size_t size) {
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
  const std::uint64_t data_begin = 8 + header_size;
  const std::uint64_t data_size = size - data_begin;

  // Duplicate names would make the file ambiguous; the JSON object itself would keep only
  // the last one, so they are caught while parsing.
  std::set<std::string> names;
  std::string duplicate;
  auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 && duplicate.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!names.insert(key).second) duplicate = key;
    }
    return true;
  };
  json header;
  try {
    const char* text = reinterpret_cast<const char*>(data + 8);
    header = json::parse(text, text + header_size, on_event);
  } catch (const json::exception& e) {
    throw input_error("invalid JSON header: " + json_problem(e));
  }
  if (!duplicate.empty()) throw input_error("duplicate tensor name " + in_quotes(duplicate) + " in the header");
  if (!header.is_object()) throw input_error("the header is not a JSON object");

  tensor_file file;
  file.kind = file_kind::safetensors;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      read_metadata(it.value(), file);
    } else {
      file.tensors.push_back(read_entry(it.key(), it.value(), data_begin, data_size));
    }
  }
  check_overlaps(file.tensors);
  return file;
}

}  // namespace lowp_report
