// progress.cpp — the painter thread.
#include "progress.hpp"

#include <chrono>
#include <cstdio>

namespace lowp_report {

progress_bar::progress_bar(std::string label, std::uint64_t total_bytes, bool allowed)
    : label_(std::move(label)), total_(total_bytes) {
  if (!allowed || total_ < min_bytes) return;
  painter_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) draw();
    std::fputs("\r\033[K", stderr);  // erase the bar
    std::fflush(stderr);
  });
}

progress_bar::~progress_bar() {
  if (!painter_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  painter_.join();
}

void progress_bar::draw() const {
  constexpr int width = 30;
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * width);
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : ' ';
  bar[width] = '\0';
  const double gib = 1024.0 * 1024.0 * 1024.0;
  std::fprintf(stderr, "\r%s [%s] %3d%%  %.2f of %.2f GiB", label_.c_str(), bar, static_cast<int>(fraction * 100),
               static_cast<double>(done) / gib, static_cast<double>(total_) / gib);
  std::fflush(stderr);
}

}  // namespace lowp_report
