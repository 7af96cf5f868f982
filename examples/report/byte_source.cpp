// byte_source.cpp — pread with checks, and memcpy.
#include "byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tensor_file.hpp"

namespace lowp_report {

std::vector<unsigned char> byte_source::prefix(std::uint64_t n) const {
  std::vector<unsigned char> bytes(static_cast<std::size_t>(std::min(n, size())));
  read(0, bytes.size(), bytes.data());
  return bytes;
}

void memory_source::read(std::uint64_t offset, std::size_t n, void* out) const {
  if (offset > size_ || n > size_ - offset) throw input_error("read past the end of the data");
  if (n != 0) std::memcpy(out, data_ + offset, n);
}

file_source::file_source(const std::string& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) throw input_error(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw input_error(std::string("cannot stat: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw input_error("not a regular file");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  // The analysis reads each tensor front to back: ask for aggressive read-ahead.
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

file_source::~file_source() { ::close(fd_); }

void file_source::read(std::uint64_t offset, std::size_t n, void* out) const {
  auto* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    const ssize_t got = ::pread(fd_, p, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw input_error(std::string("read failed: ") + std::strerror(errno));
    }
    if (got == 0) throw input_error("the file shrank while being read (at byte " + std::to_string(offset) + ")");
    p += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
}

}  // namespace lowp_report
