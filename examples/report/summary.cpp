// summary.cpp — per file: totals, rows per recommendation, the tensors that force the choice.
#include "summary.hpp"

namespace lowp_report {
namespace {

// Position in the preference order (narrowest first); "keep" after every format.
int rank(const std::string& format) {
  for (int i = 0; i < target_count; ++i)
    if (format == target_name(preference_order[i])) return i;
  return target_count;
}

// The bytes of tensor t stored in `format` ("keep": its input dtype).
std::uint64_t bytes_in(const std::string& format, const tensor_entry& t) {
  target out = target::float16;
  return find_target(format, out) ? t.count * dtype_size(target_dtype(out)) : t.size;
}

}  // namespace

file_summary summarize_file(const file_report& f, const verdict_rules& rules) {
  file_summary s;
  s.rows.resize(target_count + 1);
  for (int i = 0; i < target_count; ++i) s.rows[static_cast<std::size_t>(i)].format = target_name(preference_order[i]);
  s.rows.back().format = "keep";
  std::vector<recommendation> recs(f.file->tensors.size());
  for (std::size_t i = 0; i < f.file->tensors.size(); ++i) {
    const tensor_entry& t = f.file->tensors[i];
    if (!is_floating(t.type)) continue;
    ++s.floating;
    recs[i] = recommend_tensor(f.stats[i], rules);
    summary_row& row = s.rows[static_cast<std::size_t>(rank(recs[i].format))];
    ++row.tensors;
    row.bytes_now += t.size;
    row.bytes_after += bytes_in(row.format, t);
    if (f.stats[i].input.nan != 0) s.with_nan.push_back(i);
  }
  std::uint64_t best = 0;
  for (const summary_row& row : s.rows) {
    s.bytes_now += row.bytes_now;
    s.bytes_recommended += row.bytes_after;
    if (row.tensors != 0 && (s.majority.empty() || row.bytes_now > best)) {
      s.majority = row.format;
      best = row.bytes_now;
    }
  }
  if (s.majority.empty()) return s;
  target majority = target::float16;
  const bool majority_is_format = find_target(s.majority, majority);
  for (std::size_t i = 0; i < f.file->tensors.size(); ++i) {
    if (!is_floating(f.file->tensors[i].type) || rank(recs[i].format) <= rank(s.majority)) continue;
    std::string why = "needs the input dtype";
    if (majority_is_format) {
      const cell_summary c = summarize(f.stats[i], majority, lowp::overflow::ieee, rules);
      why = s.majority + " " + verdict_name(c.verdict_of) + ": " + describe(c, f.stats[i], majority, lowp::overflow::ieee);
    }
    s.forcing.push_back({i, recs[i].format, why, f.file->tensors[i].size});
    s.forcing_bytes += f.file->tensors[i].size;
  }
  return s;
}

}  // namespace lowp_report
