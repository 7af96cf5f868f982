// render_text.cpp — the table lowp-report prints by default.
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "view.hpp"

namespace lowp_report {
namespace {

std::string format_error(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2e", v);
  return buf;
}

std::string format_snr(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A row of the details table: element formats show overflow, underflow and subnormal
// results; block formats (under their own header) values clamped by the block max, values
// flushed to zero in their block, and finite values made NaN by their block.
std::string row(const char* label, const cell_summary& c, bool block = false) {
  char buf[256];
  const std::uint64_t first = block ? c.clamped : c.counts.overflow;
  const std::uint64_t third = block ? c.counts.overflow : c.counts.subnormal;
  std::snprintf(buf, sizeof buf, "    %-15s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %11s %11s %11s %7s %10s  %s\n", label,
                first, static_cast<std::uint64_t>(c.counts.underflow), third, format_error(c.max_abs_error).c_str(),
                format_error(c.max_rel_error).c_str(), format_error(c.rms_rel_error).c_str(),
                format_snr(c.snr_db).c_str(), human_bytes(c.bytes).c_str(), verdict_name(c.verdict_of));
  return buf;
}

std::string input_line(const tensor_entry& t, const input_stats& in) {
  std::string line = "  " + printable(t.name) + "  " + dtype_name(t.type) + " " + shape_text(t.shape) + "  " +
                     std::to_string(t.count) + " values";
  if (in.finite_nonzero != 0) line += "  |x| " + format_error(in.min_abs) + " .. " + format_error(in.max_abs);
  if (in.zero != 0) line += "  zeros " + std::to_string(in.zero);
  if (in.nan != 0) line += "  NaN " + std::to_string(in.nan);
  if (in.inf != 0) line += "  inf " + std::to_string(in.inf);
  return line + "\n";
}

// One line: name, dtype, shape, size, the recommendation and why.
void render_tensor_line(std::ostream& out, const report& r, const tensor_view& v) {
  const tensor_entry& t = *v.entry;
  out << "  " << printable(t.name) << "  " << dtype_name(t.type) << " " << shape_text(t.shape) << "  "
      << human_bytes(t.size);
  if (!v.floating) {
    out << "  not floating point: not analysed (--convert copies it unchanged)\n";
    return;
  }
  out << "  -> " << v.rec.format << " (" << v.rec.reason << ")";
  if (v.stats->input.nan != 0) out << "  NaN inputs " << v.stats->input.nan;
  out << "\n";
  if (!r.scaled) return;
  std::string scaled;
  for (const target f : all_targets) {
    if (!v.scaled[target_index(f)]) continue;
    const cell_summary& before = v.cell(f);
    const cell_summary& after = *v.scaled[target_index(f)];
    scaled += std::string(scaled.empty() ? "" : "; ") + target_name(f) + "*2^" + std::to_string(after.scale_exponent) +
              " SNR " + format_snr(before.snr_db) + " -> " + format_snr(after.snr_db) + " dB (" +
              verdict_name(before.verdict_of) + " -> " + verdict_name(after.verdict_of) + ")";
  }
  if (!scaled.empty()) out << "    scaled: " << scaled << "\n";
}

void render_tensor(std::ostream& out, const report& r, const tensor_view& v) {
  if (!r.details) {
    render_tensor_line(out, r, v);
    return;
  }
  const tensor_entry& t = *v.entry;
  if (!v.floating) {
    out << "  " << printable(t.name) << "  " << dtype_name(t.type) << " " << shape_text(t.shape)
        << "  not floating point: not analysed (--convert copies it unchanged)\n\n";
    return;
  }
  out << input_line(t, v.stats->input);
  char header[256];
  std::snprintf(header, sizeof header, "    %-15s %9s %9s %9s %11s %11s %11s %7s %10s  %s\n", "format", "overflow",
                "underflow", "subnormal", "max abs err", "max rel err", "rms rel err", "SNR dB", "size", "verdict");
  out << header;
  bool block_header = false;
  for (const target f : all_targets) {
    const cell_summary& ieee = v.cell(f);
    if (info(f).block) {
      if (!block_header) {
        std::snprintf(header, sizeof header, "    %-15s %9s %9s %9s\n", "block format", "clamped", "flushed", "to NaN");
        out << header;
        block_header = true;
      }
      out << row(target_name(f), ieee, true);
      continue;
    }
    out << row(target_name(f), ieee);
    // The saturate row differs only when something overflows.
    if (ieee.counts.overflow != 0) out << row("  saturate", v.cell(f, lowp::overflow::saturate));
    if (v.scaled[target_index(f)])
      out << row(("  scaled 2^" + std::to_string(v.scaled[target_index(f)]->scale_exponent)).c_str(),
                 *v.scaled[target_index(f)]);
  }
  out << "    recommendation: " << v.rec.format << " (" << v.rec.reason << ")\n\n";
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// The answer first: totals, tensors per recommendation, what forces a wider format.
void render_summary(std::ostream& out, const file_report& f, const file_summary& s) {
  out << "  summary: " << s.floating << " floating tensors, " << human_bytes(s.bytes_now) << " now, "
      << human_bytes(s.bytes_recommended) << " with each in its recommended format ("
      << percent(s.bytes_recommended, s.bytes_now) << ")\n";
  for (const summary_row& row : s.rows) {
    if (row.tensors == 0) continue;
    out << "    " << row.format << ": " << row.tensors << (row.tensors == 1 ? " tensor, " : " tensors, ")
        << human_bytes(row.bytes_now) << " -> " << human_bytes(row.bytes_after) << " ("
        << percent(row.bytes_now, s.bytes_now) << " of the bytes)\n";
  }
  if (!s.forcing.empty()) {
    out << "    " << s.forcing.size() << (s.forcing.size() == 1 ? " tensor" : " tensors") << " ("
        << percent(s.forcing_bytes, s.bytes_now) << " of the bytes) " << (s.forcing.size() == 1 ? "needs" : "need") << " more than " << s.majority << ":\n";
    constexpr std::size_t max_listed = 20;
    for (std::size_t k = 0; k < s.forcing.size() && k < max_listed; ++k) {
      const forcing_tensor& t = s.forcing[k];
      out << "      " << printable(f.file->tensors[t.index].name) << " -> " << t.format << " ("
          << human_bytes(t.bytes) << "; " << t.reason << ")\n";
    }
    if (s.forcing.size() > max_listed) out << "      ... and " << s.forcing.size() - max_listed << " more\n";
  }
  if (!s.with_nan.empty()) {
    out << "    NaN inputs in " << s.with_nan.size() << (s.with_nan.size() == 1 ? " tensor:" : " tensors:");
    for (std::size_t k = 0; k < s.with_nan.size() && k < 20; ++k)
      out << " " << printable(f.file->tensors[s.with_nan[k]].name) << " (" << f.stats[s.with_nan[k]].input.nan << ")";
    out << (s.with_nan.size() > 20 ? " ...\n" : "\n");
  }
  out << "\n";
}

// The plan: totals, then one line per tensor.
void render_plan(std::ostream& out, const report& r, const file_view& v) {
  const file_report& f = *v.file;
  const plan_totals& t = *v.plan;
  out << "  plan (no overflow, no class change, SNR >= " << format_snr(r.rules.min_snr_db) << " dB): "
      << human_bytes(t.input) << " -> " << human_bytes(t.planned) << " (" << percent(t.planned, t.float32)
      << " of float32, " << percent(t.planned, t.bfloat16) << " of bfloat16); " << t.kept
      << (t.kept == 1 ? " floating tensor keeps its dtype\n" : " floating tensors keep their dtype\n");
  for (std::size_t i = 0; i < f.plan.size(); ++i) {
    const tensor_entry& e = f.file->tensors[i];
    const plan_entry& p = f.plan[i];
    out << "    " << printable(e.name) << "  " << dtype_name(e.type) << " " << shape_text(e.shape) << "  -> "
        << (p.keep ? std::string("keep ") + dtype_name(e.type) : plan_format_text(p));
    if (!p.keep && p.why != "--plan-file") out << " (SNR " << format_snr(p.snr_db) << " dB; " << p.why << ")";
    else out << " (" << p.why << ")";
    out << "\n";
  }
  out << "\n";
}

}  // namespace

std::string changes_text(const conversion_summary& c) {
  const target_range r = info(c.to).range;
  const bool ieee = c.policy == lowp::overflow::ieee;
  char max[32];
  std::snprintf(max, sizeof max, "+-%g", r.max_finite);
  std::string text;
  auto add = [&](std::uint64_t n, const std::string& what) {
    if (n == 0) return;
    text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  const bool block = !c.planned && info(c.to).block;
  if (block)
    add(c.overflow, "values became NaN (their block holds NaN or inf)");
  else
    add(c.overflow, std::string("values overflowed to ") + (!ieee ? max : r.has_infinity ? "inf" : "NaN"));
  add(c.clamped, "values were clamped to their block's max");
  add(c.inf_changed, std::string("infinities became ") + (ieee && r.has_nan ? "NaN" : max));
  add(c.nan_changed, "NaNs became numbers");
  add(c.underflow, "nonzero values became 0");
  add(c.nan_inputs, "NaN inputs stayed NaN");
  return text.empty() ? "no value overflowed, underflowed or changed class" : text;
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0 || v >= 100 || v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  }
  return buf;
}

void render_text(std::ostream& out, const report_view& v) {
  const report& r = *v.source;
  out << "lowp-report: float16 or bfloat16? Rounding " << rounding_name(r.mode)
      << "; relative errors over the finite nonzero values, SNR over the finite values.\n\n";
  for (const file_view& fv : v.files) {
    const file_report& f = *fv.file;
    out << printable(f.path) << "  (" << file_kind_name(f.file->kind) << ", " << f.file->tensors.size()
        << (f.file->tensors.size() == 1 ? " tensor, " : " tensors, ") << human_bytes(f.size) << ")\n";
    if (f.file->metadata.is_object() && !f.file->metadata.empty()) {
      out << "  metadata:";
      for (auto it = f.file->metadata.begin(); it != f.file->metadata.end(); ++it)
        out << " " << printable(it.key()) << "=" << in_quotes(it.value().get_ref<const std::string&>());
      out << "\n";
    }
    out << "\n";
    render_summary(out, f, fv.summary);
    if (r.planned) render_plan(out, r, fv);
    for (const tensor_view& t : fv.tensors) {
      if (r.planned && !r.details) continue;  // the plan's lines stand for the tensor lines
      render_tensor(out, r, t);
    }
    out << (r.details || r.planned ? "" : "\n") << "  file recommendation: " << fv.rec.format << " (" << fv.rec.reason << ")\n\n";
  }
  if (r.converted) {
    const auto& c = r.conversion;
    out << "converted to " << (c.planned ? "the plan's formats" : target_name(c.to)) << " (" << (!c.planned && info(c.to).block ? "block scales" : c.policy == lowp::overflow::ieee ? "ieee" : "saturate")
        << ", " << rounding_name(r.mode) << "): wrote " << printable(c.path) << " (" << human_bytes(c.bytes) << ", "
        << c.converted << " tensors converted, " << c.copied << " copied)\n"
        << "  changed: " << changes_text(c) << "\n";
  }
}

}  // namespace lowp_report
