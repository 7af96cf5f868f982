// The machinery of a walk over the 2^32 floats: which blocks of inputs to visit, the
// per-check tallies, the result table, the summary file CTest reads back, and the command
// line shared by the walking executables (test_exhaustive, test_scalar_f16c).
//
// A walk visits every float once (LOWP_TEST_EXHAUSTIVE=ON), or one run of 4096 floats per
// sign and exponent (OFF: sanitizer and -O0 builds). Each check keeps a tally per format:
// inputs compared (one per input and per rounding mode and overflow policy it covers),
// mismatches, and the first mismatches described. A check passes only with 0 mismatches
// AND exactly the number of comparisons its coverage promises, so a check that silently
// skipped inputs fails too.
//
// The walk writes one line per (check, format) to a summary file; `--result CHECK` reads it
// back and exits 0 (passed), 77 (skipped: CTest's SKIP_RETURN_CODE, printing why) or 1.
// CTest runs the walk once (fixture setup) and then one `--result` entry per check, so a
// path this CPU cannot run shows as skipped in ctest's output, not as passed.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#ifndef LOWP_TEST_EXHAUSTIVE
#define LOWP_TEST_EXHAUSTIVE 1
#endif

namespace walk {

constexpr bool exhaustive = LOWP_TEST_EXHAUSTIVE != 0;

// Runs of consecutive float bit patterns to visit. Each run is aligned to its length, so
// it lies inside one binade of one sign, and |x| grows along it.
struct plan {
  std::vector<std::uint32_t> firsts;
  std::uint32_t length = 0;
  std::uint64_t floats() const { return static_cast<std::uint64_t>(firsts.size()) * length; }
};

// With a stride K > 1 (--stride, for profiling), the full walk's every K-th run only (an odd
// K keeps the mix of modes and sampled paths of the whole walk).
inline plan make_plan(bool all, unsigned stride = 1) {
  plan p;
  if (all) {
    p.length = 1u << 16;
    for (std::uint32_t b = 0; b < (1u << 16); b += stride) p.firsts.push_back(b << 16);
  } else {
    // One run of 4096 per (sign, exponent), at a position inside the binade that moves
    // from one binade to the next, so that runs see both halves of every 2^13 tie pattern.
    p.length = 1u << 12;
    for (std::uint32_t se = 0; se < 512; ++se) {
      const std::uint32_t slot = (se * 0x9e5u + 0x31u) & 0x7ffu;  // 2^11 runs of 4096 per binade
      p.firsts.push_back((se << 23) | (slot << 12));
    }
  }
  return p;
}

// One check's result on one format.
struct tally {
  std::uint64_t inputs = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t documented = 0;    // inputs that differ in a documented way (not mismatches)
  std::vector<std::string> first;  // the first few mismatches, described

  void record(std::uint64_t n, std::uint64_t failed, const std::string& description) {
    inputs += n;
    if (failed != 0) {
      mismatches += failed;
      if (first.size() < 8 && !description.empty()) first.push_back(description);
    }
  }
  void merge(const tally& o) {
    inputs += o.inputs;
    mismatches += o.mismatches;
    documented += o.documented;
    for (const auto& f : o.first) {
      if (first.size() < 8) first.push_back(f);
    }
  }
};

// (check, format) -> tally; one per thread, merged at the end.
using tallies = std::map<std::pair<std::string, std::string>, tally>;

// One line of the result: what a check did on a format.
struct outcome {
  std::string check, format, status;  // status: passed, FAILED, skipped
  std::uint64_t inputs = 0, mismatches = 0, expected_inputs = 0;
  std::string note;  // skip reason, or what went wrong
  std::vector<std::string> first;
};

inline std::string hex(std::uint64_t v, int digits = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

inline outcome judge(const std::string& check, const std::string& format, const tally& t,
                     std::uint64_t expected_inputs) {
  outcome o{check, format, "passed", t.inputs, t.mismatches, expected_inputs, "", t.first};
  if (t.documented != 0) o.note = std::to_string(t.documented) + " documented differences (see the check); ";
  if (t.mismatches != 0) {
    o.status = "FAILED";
    o.note += std::to_string(t.mismatches) + " mismatches";
  } else if (t.inputs != expected_inputs) {
    o.status = "FAILED";
    o.note += "compared " + std::to_string(t.inputs) + " inputs, its coverage promises " +
             std::to_string(expected_inputs);
  }
  return o;
}

inline outcome skipped(const std::string& check, const std::string& format, const std::string& why) {
  outcome o;
  o.check = check;
  o.format = format;
  o.status = "skipped";
  o.note = why;
  return o;
}

inline void print_table(const std::vector<outcome>& all, std::ostream& os) {
  char line[256];
  std::snprintf(line, sizeof line, "%-26s %-14s %-8s %14s %11s  %s\n", "check", "format", "result", "comparisons",
                "mismatches", "note");
  os << line;
  for (const auto& o : all) {
    std::snprintf(line, sizeof line, "%-26s %-14s %-8s %14llu %11llu  ", o.check.c_str(), o.format.c_str(),
                  o.status.c_str(), static_cast<unsigned long long>(o.inputs),
                  static_cast<unsigned long long>(o.mismatches));
    os << line << o.note << "\n";
    for (const auto& f : o.first) os << "      " << f << "\n";
  }
}

// The summary file: check \t format \t status \t inputs \t mismatches \t note
inline bool write_summary(const std::string& path, const std::vector<outcome>& all) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const auto& o : all) {
      out << o.check << '\t' << o.format << '\t' << o.status << '\t' << o.inputs << '\t' << o.mismatches << '\t'
          << o.note << '\n';
    }
    if (!out) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

// `--result CHECK`: 0 when every format of CHECK passed, 77 when CHECK was skipped, 1
// otherwise (failed, or absent from the summary: the walk did not run it).
inline int report_result(const std::string& summary, const std::string& check) {
  std::ifstream in(summary);
  if (!in) {
    std::cout << check << ": no summary " << summary << " (the walk did not run or did not finish)\n";
    return 1;
  }
  std::string line;
  int lines = 0, failed = 0, skips = 0;
  std::string why;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name, format, status, inputs, mismatches, note;
    std::getline(fields, name, '\t');
    if (name != check) continue;
    std::getline(fields, format, '\t');
    std::getline(fields, status, '\t');
    std::getline(fields, inputs, '\t');
    std::getline(fields, mismatches, '\t');
    std::getline(fields, note);
    ++lines;
    if (status == "skipped") {
      ++skips;
      why = note;
      std::cout << "SKIPPED " << check << " (" << format << "): " << note << "\n";
    } else if (status == "passed") {
      std::cout << "passed  " << check << " (" << format << "): " << inputs << " comparisons, " << mismatches
                << " mismatches\n";
    } else {
      ++failed;
      std::cout << "FAILED  " << check << " (" << format << "): " << inputs << " comparisons, " << mismatches
                << " mismatches; " << note << "\n";
    }
  }
  if (lines == 0) {
    std::cout << check << ": not in " << summary << " (unknown check, or the walk was filtered)\n";
    return 1;
  }
  if (failed != 0) return 1;
  if (skips == lines) return 77;
  if (skips != 0) {
    std::cout << check << ": skipped on some formats only; that is a defect of the walk\n";
    return 1;
  }
  return 0;
}

// Runs body(first, length, thread_tallies) over the plan's runs on `threads` threads and
// returns the merged tallies. make_state() gives each thread its scratch buffers.
template <class MakeState, class Body>
tallies run_parallel(const plan& p, unsigned threads, MakeState make_state, Body body) {
  std::atomic<std::size_t> next{0};
  std::vector<tallies> per_thread(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto state = make_state();
      for (std::size_t i; (i = next.fetch_add(1)) < p.firsts.size();) body(state, p.firsts[i], p.length, per_thread[t]);
    });
  }
  for (auto& t : pool) t.join();
  tallies merged;
  for (const auto& m : per_thread) {
    for (const auto& kv : m) merged[kv.first].merge(kv.second);
  }
  return merged;
}

inline unsigned default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2u : std::min(n, 64u);
}

// The command line of a walking executable.
struct options {
  std::string summary;             // --summary FILE: where to write (or, with --result, read)
  std::string result;              // --result CHECK: report CHECK from the summary, do not walk
  std::vector<std::string> only;   // --only A,B: run these checks only (for development)
  unsigned threads = default_threads();
  bool list = false;               // --list: print the check names
  bool sample = !exhaustive;       // --sample: the sampled walk even in an exhaustive build
  bool all_modes = false;          // --all-modes: every float in every mode and policy
  bool profile = false;            // --profile: print the CPU time of the engine and of each check
  bool every_path = false;         // --every-path: the sampled paths too on every run
  unsigned stride = 1;             // --stride K: every K-th run of the full walk only (to profile)
};

// Runs are numbered by first >> 16; a binade (one sign and exponent) is 128 runs. The even
// runs carry a second rounding mode x overflow policy (exhaustive.cpp, `combinations`),
// taken in turn; an even run's turn, half its number plus its binade's, moves from binade
// to binade so that each binade sees every combination.
inline std::uint32_t even_run_turn(std::uint32_t first) {
  const std::uint32_t run = first >> 16;
  return (run >> 1) + (run >> 7);
}
inline bool is_even_run(std::uint32_t first) { return ((first >> 16) & 1u) == 0; }

// The runs on which the costliest duplicate paths are checked by default (see
// exhaustive.cpp, `sampled_path`): every 16th even run, so that each binade gets 4 of them,
// at positions that move from binade to binade, each with its second combination. All runs
// with --every-path and in the sampled walk.
inline bool in_path_sample(const options& o, std::uint32_t first) {
  if (o.every_path || o.sample) return true;
  return is_even_run(first) && even_run_turn(first) % 16 == 0;
}

inline void usage(const char* program) {
  std::cerr << "usage: " << program
            << " [--summary FILE] [--only CHECK,...] [--threads N] [--sample] [--all-modes] [--every-path] [--profile] [--stride K] | --list | --result CHECK --summary FILE\n";
}

// Parses argv; exits 2 with a one-line error on a bad argument.
inline options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << argv[0] << ": " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    // The option's value as a whole number in [lo, hi].
    auto count_in = [&](unsigned long lo, unsigned long hi) {
      const std::string v = value();
      char* end = nullptr;
      errno = 0;
      const unsigned long n = std::strtoul(v.c_str(), &end, 10);
      if (errno != 0 || end == v.c_str() || *end != '\0' || n < lo || n > hi) {
        std::cerr << argv[0] << ": " << a << " wants " << lo << ".." << hi << ", not '" << v << "'\n";
        std::exit(2);
      }
      return static_cast<unsigned>(n);
    };
    if (a == "--summary") {
      o.summary = value();
    } else if (a == "--result") {
      o.result = value();
    } else if (a == "--only") {
      std::istringstream names(value());
      for (std::string n; std::getline(names, n, ',');) o.only.push_back(n);
    } else if (a == "--threads") {
      o.threads = count_in(1, 256);
    } else if (a == "--list") {
      o.list = true;
    } else if (a == "--sample") {
      o.sample = true;
    } else if (a == "--all-modes") {
      o.all_modes = true;
    } else if (a == "--every-path") {
      o.every_path = true;
    } else if (a == "--profile") {
      o.profile = true;
    } else if (a == "--stride") {
      o.stride = count_in(1, 65536);
    } else if (a == "--help" || a == "-h") {
      usage(argv[0]);
      std::exit(0);
    } else {
      std::cerr << argv[0] << ": unknown argument '" << a << "'\n";
      usage(argv[0]);
      std::exit(2);
    }
  }
  if (!o.result.empty() && o.summary.empty()) {
    std::cerr << argv[0] << ": --result needs --summary FILE\n";
    std::exit(2);
  }
  return o;
}

inline bool selected(const options& o, const std::string& check) {
  return o.only.empty() || std::find(o.only.begin(), o.only.end(), check) != o.only.end();
}

// Prints the table, writes the summary, and returns the process's exit status: 0 when no
// check failed (skips are reported by the --result entries), 1 otherwise.
inline int finish(const options& o, const std::vector<outcome>& all, const plan& p, double seconds) {
  std::cout << (o.sample ? "sampled walk: " : "exhaustive walk: ") << (o.all_modes ? "every mode, " : "")
            << (o.every_path ? "every path on every run, " : "") << p.floats() << " floats in " << p.firsts.size()
            << " runs of " << p.length << ", " << o.threads << " threads, " << seconds << " s\n";
  print_table(all, std::cout);
  int status = 0;
  for (const auto& r : all) {
    if (r.status == "FAILED") status = 1;
  }
  if (!o.summary.empty() && !write_summary(o.summary, all)) {
    std::cerr << "cannot write " << o.summary << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  std::cout << (status == 0 ? "no check failed\n" : "SOME CHECKS FAILED\n");
  return status;
}

}  // namespace walk
