// verdict.cpp — the rules of verdict.hpp.
#include "verdict.hpp"

#include <cmath>
#include <cstdio>

namespace lowp_report {
namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

std::string number(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

const char* verdict_name(verdict v) noexcept {
  switch (v) {
    case verdict::exact: return "exact";
    case verdict::safe: return "safe";
    case verdict::lossy: return "lossy";
    case verdict::underflows: return "underflows";
    case verdict::changes_class: return "changes_class";
    case verdict::saturates: return "saturates";
    case verdict::overflows: break;
  }
  return "overflows";
}

bool acceptable(verdict v) noexcept { return v == verdict::exact || v == verdict::safe; }

cell_summary summarize(const tensor_stats& s, target t, lowp::overflow policy, const verdict_rules& rules) {
  return summarize_cell(s, s.cell(t, policy), 0, t, policy, rules);
}

cell_summary summarize_scaled(const tensor_stats& s, target t, const verdict_rules& rules) {
  const scaled_cell& c = s.scaled[target_index(t)];
  return summarize_cell(s, c.stats, c.exponent, t, lowp::overflow::ieee, rules);
}

cell_summary summarize_cell(const tensor_stats& s, const cell_stats& cell, int k, target t, lowp::overflow policy,
                            const verdict_rules& rules) {
  const input_stats& in = s.input;
  const std::uint64_t finite = in.count - in.nan - in.inf;
  cell_summary c{};
  c.counts = cell.counts;
  c.nan_changed = cell.errors.nan_changed;
  c.inf_changed = cell.errors.inf_changed;
  c.clamped = cell.clamped;
  c.bytes = target_bytes(t, in.count, s.row_length);
  c.scale_exponent = k;
  c.max_abs_error = finite != 0 ? std::ldexp(cell.errors.max_abs, k) : nan_value;
  c.max_rel_error = in.finite_nonzero != 0 ? cell.errors.max_rel : nan_value;
  c.rms_rel_error =
      in.finite_nonzero != 0 ? std::sqrt(cell.errors.sum_sq_rel / static_cast<double>(in.finite_nonzero)) : nan_value;
  if (finite == 0) {
    c.snr_db = nan_value;
  } else if (cell.errors.sum_sq_error.value == 0) {
    c.snr_db = infinity;
  } else {
    scaled_sum error = cell.errors.sum_sq_error;  // in units of 2^k: back to the tensor's
    error.exponent += 2 * k;
    c.snr_db = ratio_db(in.sum_sq, error);  // -inf if an error is inf
  }

  const double underflow_fraction =
      in.finite_nonzero != 0 ? static_cast<double>(c.counts.underflow) / static_cast<double>(in.finite_nonzero) : 0;
  if (c.counts.overflow != 0) {
    c.verdict_of = policy == lowp::overflow::ieee ? verdict::overflows : verdict::saturates;
  } else if (c.class_changed() != 0) {
    c.verdict_of = policy == lowp::overflow::ieee ? verdict::changes_class : verdict::saturates;
  } else if (underflow_fraction > rules.max_underflow) {
    c.verdict_of = verdict::underflows;
  } else if (c.counts.inexact == 0) {
    c.verdict_of = verdict::exact;
  } else if (!(c.snr_db >= rules.min_snr_db)) {
    c.verdict_of = verdict::lossy;
  } else {
    c.verdict_of = verdict::safe;
  }
  return c;
}

std::string describe(const cell_summary& c, const tensor_stats& s, target t, lowp::overflow policy) {
  const target_range r = info(t).range;
  const std::string max = number("%g", r.max_finite);
  const bool block = info(t).block;
  // NaN and infinite inputs that changed class, said after the main problem.
  std::string changed;
  if (c.inf_changed != 0)
    changed = std::to_string(c.inf_changed) + " infinities become " +
              (block || (policy == lowp::overflow::ieee && r.has_nan) ? "NaN" : "+-" + max);
  if (c.nan_changed != 0)
    changed += (changed.empty() ? "" : ", ") + std::to_string(c.nan_changed) + " NaNs become numbers";
  auto and_changed = [&](std::string text) { return changed.empty() ? text : text + "; " + changed; };
  switch (c.verdict_of) {
    case verdict::overflows:
      if (block) return and_changed(std::to_string(c.counts.overflow) + " values become NaN in blocks holding NaN or inf");
      return and_changed(std::to_string(c.counts.overflow) + " values beyond +-" + max + " become " +
                         (r.has_infinity ? "inf" : r.has_nan ? "NaN" : "+-" + max));
    case verdict::saturates:
      return c.counts.overflow != 0 ? and_changed(std::to_string(c.counts.overflow) + " values clamped to +-" + max)
                                    : changed;
    case verdict::changes_class: return changed;
    case verdict::underflows:
      return number("%.1f", 100.0 * static_cast<double>(c.counts.underflow) /
                                static_cast<double>(s.input.finite_nonzero)) +
             "% of the nonzero values become 0: " + std::to_string(c.counts.underflow) + " of " +
             std::to_string(s.input.finite_nonzero);
    case verdict::exact: return "every value exact";
    case verdict::lossy:
    case verdict::safe: break;
  }
  if (block && c.clamped != 0) return "SNR " + number("%.1f", c.snr_db) + " dB, " + std::to_string(c.clamped) + " clamped";
  return "SNR " + number("%.1f", c.snr_db) + " dB";
}

recommendation recommend_tensor(const tensor_stats& s, const format_cells& ieee) {
  // The reason names the chosen format's quality and why each format before it in the
  // preference order was rejected (with numbers for float16, the usual question).
  std::string rejected;
  for (const target t : preference_order) {
    const cell_summary& c = ieee[target_index(t)];
    if (acceptable(c.verdict_of)) {
      std::string reason = verdict_name(c.verdict_of);
      if (c.verdict_of == verdict::safe) reason += ", " + describe(c, s, t, lowp::overflow::ieee);
      if (!rejected.empty()) reason += ". Rejected: " + rejected;
      return {target_name(t), reason};
    }
    if (!rejected.empty()) rejected += ", ";
    rejected += std::string(target_name(t)) + " " + verdict_name(c.verdict_of);
    if (t == targets::float16) rejected += " (" + describe(c, s, t, lowp::overflow::ieee) + ")";
  }
  return {"keep", "no format is exact or safe. Rejected: " + rejected};
}

recommendation recommend_file(const std::vector<const format_cells*>& ieee, const std::vector<const recommendation*>& recs) {
  if (ieee.empty()) return {"none", "no floating-point tensors"};
  for (const target t : preference_order) {
    std::size_t accepted = 0;
    for (const format_cells* cells : ieee) accepted += acceptable((*cells)[target_index(t)].verdict_of);
    if (accepted == ieee.size()) return {target_name(t), "exact or safe for every tensor"};
  }
  for (const recommendation* r : recs)
    if (r->format == "keep") return {"keep", "some tensor has no exact or safe format"};
  return {"mixed", "no one format suits every tensor; convert tensor by tensor"};
}

}  // namespace lowp_report
