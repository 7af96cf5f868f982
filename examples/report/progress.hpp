// progress.hpp — a progress bar on stderr, for long runs on a terminal only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace lowp_report {

// progress_bar(label, total_bytes, allowed): draws "label [#####     ]  45%  1.2 of 2.5 GiB"
// on stderr a few times a second while the work runs, then erases it. It draws nothing
// unless `allowed` (the caller's choice: stderr is a terminal and --no-progress was not
// given) and the work is long (total_bytes >= min_bytes). add() is thread-safe.
class progress_bar {
 public:
  static constexpr std::uint64_t min_bytes = std::uint64_t{64} << 20;

  progress_bar(std::string label, std::uint64_t total_bytes, bool allowed);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;

  void add(std::uint64_t bytes) noexcept { done_.fetch_add(bytes, std::memory_order_relaxed); }

 private:
  void draw() const;

  std::string label_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread painter_;
};

}  // namespace lowp_report
