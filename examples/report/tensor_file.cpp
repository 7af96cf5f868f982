// tensor_file.cpp — helpers shared by the readers.
#include "tensor_file.hpp"

#include <cstdio>

namespace lowp_report {

const char* file_kind_name(file_kind k) noexcept {
  switch (k) {
    case file_kind::safetensors: return "safetensors";
    case file_kind::npy: return "npy";
    case file_kind::safetensors_index: return "sharded safetensors";
    case file_kind::raw_f32: break;
  }
  return "raw-f32";
}

namespace {

void append_printable(std::string& out, std::string_view s, bool escape_quote) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == '\\' || (escape_quote && c == '\'')) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
}

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  append_printable(out, s, false);
  return out;
}

std::string in_quotes(std::string_view s) {
  constexpr std::size_t max_shown = 80;
  std::string out = "'";
  append_printable(out, s.substr(0, max_shown), true);
  if (s.size() > max_shown) out += "...";
  out += "'";
  return out;
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(shape[i]);
  }
  return out + "]";
}

bool checked_product(std::uint64_t a, std::uint64_t b, std::uint64_t& out) noexcept {
  if (a != 0 && b > UINT64_MAX / a) return false;
  out = a * b;
  return true;
}

bool has_npy_magic(const unsigned char* data, std::size_t size) noexcept {
  static constexpr unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < sizeof magic) return false;
  for (std::size_t i = 0; i < sizeof magic; ++i)
    if (data[i] != magic[i]) return false;
  return true;
}

tensor_file parse_raw_f32(std::size_t size, const std::string& name) {
  if (size % 4 != 0)
    throw input_error("size " + std::to_string(size) + " bytes is not a multiple of 4 (raw float32)");
  tensor_file file;
  file.kind = file_kind::raw_f32;
  tensor_entry t;
  t.name = name;
  t.type = dtype::f32;
  t.count = size / 4;
  t.shape = {t.count};
  t.offset = 0;
  t.size = size;
  file.tensors.push_back(std::move(t));
  return file;
}

}  // namespace lowp_report
