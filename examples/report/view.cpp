// view.cpp — every number the outputs show, computed once.
#include "view.hpp"

namespace lowp_report {
namespace {

// Position in the preference order (narrowest first); "keep" after every format.
std::size_t rank(const std::string& format) {
  for (std::size_t i = 0; i < preference_order.size(); ++i)
    if (format == target_name(preference_order[i])) return i;
  return preference_order.size();
}

// The bytes of tensor t stored in `format` ("keep": its input dtype).
std::uint64_t bytes_in(const std::string& format, const tensor_entry& t) {
  target out;
  return find_target(format, out) ? target_bytes(out, t.count, row_length_of(t)) : t.size;
}

file_summary summarize_file(const file_view& f) {
  file_summary s;
  s.rows.resize(preference_order.size() + 1);
  for (std::size_t i = 0; i < preference_order.size(); ++i) s.rows[i].format = target_name(preference_order[i]);
  s.rows.back().format = "keep";
  for (std::size_t i = 0; i < f.tensors.size(); ++i) {
    const tensor_view& t = f.tensors[i];
    if (!t.floating) continue;
    ++s.floating;
    summary_row& row = s.rows[rank(t.rec.format)];
    ++row.tensors;
    row.bytes_now += t.entry->size;
    row.bytes_after += bytes_in(row.format, *t.entry);
    if (t.stats->input.nan != 0) s.with_nan.push_back(i);
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
  target majority;
  const bool majority_is_format = find_target(s.majority, majority);
  for (std::size_t i = 0; i < f.tensors.size(); ++i) {
    const tensor_view& t = f.tensors[i];
    if (!t.floating || rank(t.rec.format) <= rank(s.majority)) continue;
    std::string why = "needs the input dtype";
    if (majority_is_format) {
      const cell_summary& c = t.cell(majority);
      why = s.majority + " " + verdict_name(c.verdict_of) + ": " + describe(c, *t.stats, majority, lowp::overflow::ieee);
    }
    s.forcing.push_back({i, t.rec.format, why, t.entry->size});
    s.forcing_bytes += t.entry->size;
  }
  return s;
}

}  // namespace

report_view make_view(const report& r) {
  report_view v;
  v.source = &r;
  for (const file_report& f : r.files) {
    file_view fv;
    fv.file = &f;
    fv.tensors.resize(f.file->tensors.size());
    std::vector<const format_cells*> cells;
    std::vector<const recommendation*> recs;
    for (std::size_t i = 0; i < f.file->tensors.size(); ++i) {
      tensor_view& tv = fv.tensors[i];
      tv.entry = &f.file->tensors[i];
      tv.stats = &f.stats[i];
      tv.floating = is_floating(tv.entry->type);
      if (!tv.floating) continue;
      for (const target t : all_targets) {
        tv.ieee[target_index(t)] = summarize(f.stats[i], t, lowp::overflow::ieee, r.rules);
        tv.saturate[target_index(t)] = summarize(f.stats[i], t, lowp::overflow::saturate, r.rules);
        if (r.scaled && f.stats[i].scaled[target_index(t)].used)
          tv.scaled[target_index(t)] = summarize_scaled(f.stats[i], t, r.rules);
      }
      tv.rec = recommend_tensor(f.stats[i], tv.ieee);
      cells.push_back(&tv.ieee);
      recs.push_back(&tv.rec);
    }
    fv.rec = recommend_file(cells, recs);
    fv.summary = summarize_file(fv);
    if (r.planned) fv.plan = totals_of(f, f.plan);
    v.files.push_back(std::move(fv));
  }
  return v;
}

}  // namespace lowp_report
