// mapped_file.hpp — a read-only memory map of a whole file (POSIX mmap).
//
// Tensors are read straight from the map, chunk by chunk, so a file larger than memory is
// streamed by the kernel's page cache instead of being loaded.
#pragma once

#include <cstddef>
#include <string>

namespace lowp_report {

class mapped_file {
 public:
  // Maps `path`; throws input_error ("cannot open: No such file or directory", ...).
  explicit mapped_file(const std::string& path);
  ~mapped_file();
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  mapped_file(mapped_file&& other) noexcept;
  mapped_file& operator=(mapped_file&&) = delete;

  const unsigned char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  const unsigned char* data_ = nullptr;  // null for an empty file
  std::size_t size_ = 0;
};

}  // namespace lowp_report
