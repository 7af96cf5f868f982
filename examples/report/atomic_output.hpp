// atomic_output.hpp — a file that appears complete or not at all.
//
// The bytes go to a temporary file next to the destination (same directory, so rename is
// atomic); commit() flushes it to disk and renames it into place. If commit() is never
// reached (an error, an exception), the destructor removes the temporary file and the
// destination is untouched. SIGINT, SIGTERM, SIGHUP and SIGPIPE remove it too (a signal
// handler, installed by the first atomic_output, unlinks every unfinished temporary file
// and re-raises the signal). The temporary name is shortened when the destination's name
// is too long to take the ".tmp-XXXXXX" decoration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lowp_report {

// A problem writing an output file. what() is one line naming the file and the problem.
class output_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class atomic_output {
 public:
  explicit atomic_output(std::string path);  // throws output_error
  ~atomic_output();
  atomic_output(const atomic_output&) = delete;
  atomic_output& operator=(const atomic_output&) = delete;

  // write(data, size): appends (buffered); commit(): the file is complete, put it in place.
  void write(const void* data, std::size_t size);  // throws output_error
  // write_at(offset, data, size): writes at a file offset past everything written so far
  // (the regions written this way are then passed over by skip()); a tensor whose data is
  // two regions filled together (a block format's W.blocks and W.scales) streams this way.
  void write_at(std::uint64_t offset, const void* data, std::size_t size);  // throws output_error
  // skip(size): the next write() goes size bytes further on.
  void skip(std::uint64_t size);  // throws output_error
  void commit();                                   // throws output_error

 private:
  [[noreturn]] void fail(const std::string& what, int err);
  void flush();
  void write_all(const char* p, std::size_t size);

  std::vector<char> buffer_;

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  int pending_slot_ = -1;  // in the signal handler's table, or -1
  bool committed_ = false;
};

}  // namespace lowp_report
