// byte_source.hpp — where tensor bytes come from: an open file read with pread, or a
// buffer in memory (tests, the fuzzer).
//
// Files are read, not memory-mapped: a mapped file that another process truncates kills
// the reader with SIGBUS, while a short pread is an error message; and the only memory
// the reading takes is the chunk buffers (the page cache is the kernel's, not counted in
// the process's anonymous memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lowp_report {

class byte_source {
 public:
  virtual ~byte_source() = default;
  // The size of the input, as it was when it was opened.
  virtual std::uint64_t size() const noexcept = 0;
  // read(offset, n, out): bytes [offset, offset + n) into out. Thread-safe. Throws
  // input_error if they are no longer there (the file shrank while being read).
  virtual void read(std::uint64_t offset, std::size_t n, void* out) const = 0;
  // The first min(n, size()) bytes.
  std::vector<unsigned char> prefix(std::uint64_t n) const;
};

class memory_source final : public byte_source {
 public:
  memory_source(const unsigned char* data, std::size_t size) noexcept : data_(data), size_(size) {}
  std::uint64_t size() const noexcept override { return size_; }
  void read(std::uint64_t offset, std::size_t n, void* out) const override;

 private:
  const unsigned char* data_;
  std::size_t size_;
};

class file_source final : public byte_source {
 public:
  // Opens `path` for reading; throws input_error ("cannot open: No such file or
  // directory", "not a regular file", ...). A FIFO or device is rejected without
  // blocking: the file is opened non-blocking and checked before anything is read.
  explicit file_source(const std::string& path);
  ~file_source() override;
  file_source(const file_source&) = delete;
  file_source& operator=(const file_source&) = delete;

  std::uint64_t size() const noexcept override { return size_; }
  void read(std::uint64_t offset, std::size_t n, void* out) const override;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace lowp_report
