// atomic_output.cpp — mkstemp, write, fsync, rename.
#include "atomic_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <vector>

namespace lowp_report {

namespace {

// The temporary files being written, for the signal handler: a fixed table of C strings
// (a handler may not allocate or lock), claimed and released with atomics.
constexpr int max_pending = 8;
constexpr std::size_t max_path = 4096;
char pending_paths[max_pending][max_path];
enum : int { slot_free, slot_claimed, slot_ready };  // the handler unlinks ready slots only
std::atomic<int> pending_state[max_pending];

extern "C" void remove_pending_and_reraise(int signal_number) {
  for (int i = 0; i < max_pending; ++i)
    if (pending_state[i].load() == slot_ready) ::unlink(pending_paths[i]);  // async-signal-safe
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files, then end the process
// as the signal would have. Installed by every atomic_output (unless the signal is
// ignored, as under nohup), since a host program may have set its own since.
void install_handlers() {
  for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
    struct sigaction previous {};
    if (::sigaction(s, nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN ||
        previous.sa_handler == remove_pending_and_reraise)
      continue;
    struct sigaction action {};
    action.sa_handler = remove_pending_and_reraise;
    sigemptyset(&action.sa_mask);
    ::sigaction(s, &action, nullptr);
  }
}

int claim_pending(const std::string& path) {
  if (path.size() >= max_path) return -1;
  for (int i = 0; i < max_pending; ++i) {
    int expected = slot_free;
    if (!pending_state[i].compare_exchange_strong(expected, slot_claimed)) continue;
    std::memcpy(pending_paths[i], path.c_str(), path.size() + 1);
    pending_state[i].store(slot_ready);
    return i;
  }
  return -1;
}

void release_pending(int slot) {
  if (slot >= 0) pending_state[slot].store(slot_free);
}

}  // namespace

atomic_output::atomic_output(std::string path) : path_(std::move(path)) {
  const auto slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  if (base.empty()) throw output_error(path_ + ": not a file name");
  // "." + base + ".tmp-XXXXXX" must itself be a valid name: shorten base if needed.
  constexpr std::size_t name_max = 255, decoration = 1 + 11;
  temp_path_ = dir + "." + base.substr(0, std::min(base.size(), name_max - decoration)) + ".tmp-XXXXXX";
  install_handlers();
  std::vector<char> name(temp_path_.begin(), temp_path_.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) {
    const int err = errno;
    throw output_error(path_ + ": cannot create a file in its directory: " + std::strerror(err));
  }
  temp_path_ = name.data();
  pending_slot_ = claim_pending(temp_path_);
  // mkstemp creates the file private (0600); give it the permissions a new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, static_cast<mode_t>(0666 & ~mask));
}

atomic_output::~atomic_output() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
  release_pending(pending_slot_);
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

void atomic_output::write_at(std::uint64_t offset, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::pwrite(fd_, p, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed", errno);
    }
    p += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
}

void atomic_output::skip(std::uint64_t size) {
  flush();
  if (::lseek(fd_, static_cast<off_t>(size), SEEK_CUR) < 0) fail("seek failed", errno);
}

void atomic_output::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("fsync failed", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close failed", errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("cannot rename the finished file into place", errno);
  committed_ = true;
  release_pending(pending_slot_);
  pending_slot_ = -1;
}

}  // namespace lowp_report
