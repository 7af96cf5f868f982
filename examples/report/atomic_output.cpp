// atomic_output.cpp — mkstemp, write, fsync, rename.
#include "atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace lowp_report {

atomic_output::atomic_output(std::string path) : path_(std::move(path)) {
  const auto slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  if (base.empty()) throw output_error(path_ + ": not a file name");
  temp_path_ = dir + "." + base + ".tmp-XXXXXX";
  std::vector<char> name(temp_path_.begin(), temp_path_.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) {
    const int err = errno;
    throw output_error(path_ + ": cannot create a file in its directory: " + std::strerror(err));
  }
  temp_path_ = name.data();
  // mkstemp creates the file private (0600); give it the permissions a new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, static_cast<mode_t>(0666 & ~mask));
}

atomic_output::~atomic_output() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void atomic_output::fail(const std::string& what, int err) {
  throw output_error(path_ + ": " + what + ": " + std::strerror(err));
}

void atomic_output::write_all(const char* p, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed", errno);
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void atomic_output::flush() {
  write_all(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void atomic_output::write(const void* data, std::size_t size) {
  constexpr std::size_t buffer_size = std::size_t{1} << 20;
  const char* p = static_cast<const char*>(data);
  if (buffer_.size() + size > buffer_size) flush();
  if (size >= buffer_size) {
    write_all(p, size);
  } else {
    buffer_.insert(buffer_.end(), p, p + size);
  }
}

void atomic_output::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("fsync failed", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close failed", errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("cannot rename the finished file into place", errno);
  committed_ = true;
}

}  // namespace lowp_report
