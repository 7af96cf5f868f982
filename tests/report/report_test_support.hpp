// Helpers for the lowp-report tests: temporary files, safetensors/npy builders, and
// running the command line in-process.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace report_test {

using json = nlohmann::ordered_json;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at the end.
class temp_dir {
 public:
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/lowp-report-test-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = name.data();
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // The names of the entries of the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

template <class T>
std::string as_bytes(const std::vector<T>& v) {
  std::string s(v.size() * sizeof(T), '\0');
  if (!v.empty()) std::memcpy(&s[0], v.data(), s.size());
  return s;
}

template <class T>
std::vector<T> from_bytes(const std::string& s, std::size_t offset, std::size_t count) {
  std::vector<T> v(count);
  if (count != 0) std::memcpy(static_cast<void*>(v.data()), s.data() + offset, count * sizeof(T));
  return v;
}

inline std::string le64(std::uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i, n >>= 8) s[static_cast<std::size_t>(i)] = static_cast<char>(n & 0xff);
  return s;
}

// A safetensors file from a header text and the data that follows it.
inline std::string safetensors_file(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

// A tensor for make_safetensors: name, dtype name, shape and its raw bytes.
struct tensor_spec {
  std::string name;
  std::string dtype;
  std::vector<std::uint64_t> shape;
  std::string bytes;
};

// A valid safetensors file holding the tensors in the given order.
inline std::string make_safetensors(const std::vector<tensor_spec>& tensors, const json& metadata = nullptr) {
  json header = json::object();
  if (!metadata.is_null()) header["__metadata__"] = metadata;
  std::string data;
  for (const auto& t : tensors) {
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
    data += t.bytes;
  }
  return safetensors_file(header.dump(), data);
}

// A .npy file (version 1 or 2) with the given header dict text and data.
inline std::string npy_file(const std::string& dict, const std::string& data, int version = 1) {
  std::string header = dict;
  const std::size_t preamble = version == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const std::size_t n = header.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  if (version != 1) {
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 24) & 0xff);
  }
  return out + header + data;
}

struct cli_result {
  int code;
  std::string out;
  std::string err;
};

inline cli_result run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = lowp_report::run(args, out, err, false);
  return {code, out.str(), err.str()};
}

}  // namespace report_test
