// tensor_file.hpp — what lowp-report knows about an input file: its tensors, where their
// bytes are, and (for safetensors) the header's metadata. The readers work on a memory
// buffer (the file's first bytes, or a fuzzer's input) and never read outside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dtype.hpp"

namespace lowp_report {

// A problem with an input file. what() is one line that names the problem but not the file
// (the caller adds the file name).
class input_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct tensor_entry {
  std::string name;
  dtype type = dtype::f32;
  std::vector<std::uint64_t> shape;
  std::uint64_t count = 0;   // number of elements: the product of shape
  std::uint64_t offset = 0;  // where the tensor's bytes start, from the start of the file
  std::uint64_t size = 0;    // count * dtype_size(type), checked against the file
};

enum class file_kind { safetensors, npy, raw_f32, safetensors_index };
const char* file_kind_name(file_kind k) noexcept;

struct tensor_file {
  file_kind kind = file_kind::safetensors;
  std::vector<tensor_entry> tensors;  // in the order of the header
  nlohmann::ordered_json metadata;    // safetensors "__metadata__" (strings), or null
};

// The largest safetensors header lowp-report accepts: the format's own limit (100 MB).
constexpr std::uint64_t max_safetensors_header = 100'000'000;

// parse_safetensors(data, size): the tensors of a safetensors file. Checks that the header
// length fits in the file, that the header is a JSON object of valid entries without
// duplicate names, that every dtype is known, that shape and dtype give exactly the bytes
// of data_offsets, and that no two tensors overlap or run past the end. Throws input_error.
tensor_file parse_safetensors(const unsigned char* data, std::size_t size);
// The same for a file of `size` bytes of which only the first `available` are in `data`:
// at least safetensors_prefix_size(the first 8 bytes, size), which holds the header.
tensor_file parse_safetensors(const unsigned char* data, std::size_t available, std::uint64_t size);
std::uint64_t safetensors_prefix_size(const unsigned char* first8, std::uint64_t size) noexcept;

// parse_npy(data, size, name): the one tensor of a NumPy .npy file (versions 1-3), named
// `name`. Accepts little-endian <f8, <f4, <f2 in C order; throws input_error otherwise.
tensor_file parse_npy(const unsigned char* data, std::size_t size, const std::string& name);
// The same from the first `available` bytes of a file of `size` bytes: at least
// npy_prefix_size(its first `got` <= 12 bytes, got, size).
tensor_file parse_npy(const unsigned char* data, std::size_t available, std::uint64_t size, const std::string& name);
std::uint64_t npy_prefix_size(const unsigned char* first12, std::size_t got, std::uint64_t size) noexcept;

// parse_raw_f32(size, name): a headerless file of little-endian float32 values, one tensor.
tensor_file parse_raw_f32(std::size_t size, const std::string& name);

// Whether the buffer starts with the .npy magic string.
bool has_npy_magic(const unsigned char* data, std::size_t size) noexcept;

// printable(s): s with control characters and backslashes written as \xNN, so that text
// taken from a file cannot break an error message over several lines.
std::string printable(std::string_view s);
// in_quotes(s): s in single quotes, with control characters and quotes escaped and long
// strings shortened, so that a name from a file fits on one line of an error message.
std::string in_quotes(std::string_view s);
// shape_text({3, 4}): "[3, 4]".
std::string shape_text(const std::vector<std::uint64_t>& shape);

// checked_product(a, b, out): out = a * b; false on 64-bit overflow.
bool checked_product(std::uint64_t a, std::uint64_t b, std::uint64_t& out) noexcept;

}  // namespace lowp_report
