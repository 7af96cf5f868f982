// render_json.cpp — the --json document.
//
// JSON has no infinity or NaN. A number that is infinite is written as the string "inf"
// or "-inf" (an error made infinite by overflow; the SNR of an exact conversion); a number
// that is undefined (a max over no values) is null.
#include <cmath>

#include "view.hpp"

namespace lowp_report {
namespace {

using json = nlohmann::ordered_json;

json number(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

json cell_json(const cell_summary& c) {
  return json{{"overflow", c.counts.overflow},
              {"underflow", c.counts.underflow},
              {"subnormal", c.counts.subnormal},
              {"nan", c.counts.nan},
              {"inexact", c.counts.inexact},
              {"nan_changed", c.nan_changed},
              {"inf_changed", c.inf_changed},
              {"max_abs_error", number(c.max_abs_error)},
              {"max_rel_error", number(c.max_rel_error)},
              {"rms_rel_error", number(c.rms_rel_error)},
              {"snr_db", number(c.snr_db)},
              {"bytes", c.bytes},
              {"verdict", verdict_name(c.verdict_of)}};
}

// The dtype a format is written as: its safetensors dtype, or for a block format "U8"
// (W.blocks; see safetensors_writer.hpp).
json stored_json(target t) {
  const target_info& i = info(t);
  if (i.stored) return dtype_name(*i.stored);
  return i.block ? json("U8") : json(nullptr);
}

// The histogram without its empty ends.
json histogram_json(const input_stats& in) {
  std::size_t first = 0, last = in.histogram.size();
  while (first < last && in.histogram[first] == 0) ++first;
  while (last > first && in.histogram[last - 1] == 0) --last;
  json counts = json::array();
  for (std::size_t i = first; i < last; ++i) counts.push_back(in.histogram[i]);
  return json{{"first_exponent", histogram_min_exponent + static_cast<int>(first)}, {"counts", counts}};
}

json tensor_json(const tensor_view& v) {
  const tensor_entry& t = *v.entry;
  json j{{"name", t.name}, {"dtype", dtype_name(t.type)}, {"shape", t.shape}, {"count", t.count}, {"bytes", t.size}};
  if (!v.floating) {
    j["skipped"] = "not a floating-point dtype (--convert copies it unchanged)";
    j["recommendation"] = nullptr;
    return j;
  }
  const input_stats& in = v.stats->input;
  j["input"] = json{{"nan", in.nan},
                    {"inf", in.inf},
                    {"zero", in.zero},
                    {"finite_nonzero", in.finite_nonzero},
                    {"min_abs", in.finite_nonzero != 0 ? number(in.min_abs) : json(nullptr)},
                    {"max_abs", in.count - in.nan - in.inf != 0 ? number(in.max_abs) : json(nullptr)},
                    {"log2_histogram", histogram_json(in)}};
  json formats = json::object();
  for (const target f : all_targets) {
    const target_info& i = info(f);
    if (i.block) {
      // No overflow policy: one cell, with the block format's own facts and counts.
      json cell{{"block_size", i.block_size}, {"element", i.element_name}, {"bits_per_value", i.bits_per_value}};
      cell.update(cell_json(v.cell(f)));
      cell["clamped"] = v.cell(f).clamped;
      formats[target_name(f)] = std::move(cell);
      continue;
    }
    formats[target_name(f)] = json{{"ieee", cell_json(v.cell(f))},
                                   {"saturate", cell_json(v.cell(f, lowp::overflow::saturate))}};
    if (v.scaled[target_index(f)]) {
      json scaled = cell_json(*v.scaled[target_index(f)]);
      scaled["scale_exponent"] = v.scaled[target_index(f)]->scale_exponent;
      scaled["scale"] = std::ldexp(1.0, v.scaled[target_index(f)]->scale_exponent);
      formats[target_name(f)]["scaled"] = std::move(scaled);
    }
  }
  j["formats"] = std::move(formats);
  j["recommendation"] = v.rec.format;
  j["reason"] = v.rec.reason;
  return j;
}

json summary_json(const file_report& f, const file_summary& s) {
  json rows = json::array();
  for (const summary_row& row : s.rows) {
    if (row.tensors == 0) continue;
    rows.push_back(json{{"format", row.format}, {"tensors", row.tensors}, {"bytes_now", row.bytes_now},
                        {"bytes_after", row.bytes_after}});
  }
  json forcing = json::array();
  for (const forcing_tensor& t : s.forcing)
    forcing.push_back(json{{"name", f.file->tensors[t.index].name}, {"format", t.format}, {"bytes", t.bytes},
                           {"reason", t.reason}});
  json nan = json::array();
  for (const std::size_t i : s.with_nan)
    nan.push_back(json{{"name", f.file->tensors[i].name}, {"nan", f.stats[i].input.nan}});
  return json{{"floating_tensors", s.floating},
              {"bytes_now", s.bytes_now},
              {"bytes_recommended", s.bytes_recommended},
              {"by_recommendation", std::move(rows)},
              {"majority", s.majority.empty() ? json(nullptr) : json(s.majority)},
              {"forcing", std::move(forcing)},
              {"forcing_bytes", s.forcing_bytes},
              {"nan_inputs", std::move(nan)}};
}

json plan_json(const report& r, const file_view& v) {
  const file_report& f = *v.file;
  const plan_totals& t = *v.plan;
  json tensors = json::array();
  for (std::size_t i = 0; i < f.plan.size(); ++i) {
    const plan_entry& p = f.plan[i];
    tensors.push_back(json{{"name", f.file->tensors[i].name},
                           {"format", plan_format_text(p)},
                           {"scale_exponent", p.scale ? json(*p.scale) : json(nullptr)},
                           {"dtype", p.keep ? json(dtype_name(f.file->tensors[i].type)) : stored_json(p.format)},
                           {"snr_db", p.keep ? json(nullptr) : number(p.snr_db)},
                           {"why", p.why}});
  }
  return json{{"min_snr_db", r.rules.min_snr_db}, {"bytes_input", t.input},      {"bytes_planned", t.planned},
              {"bytes_float32", t.float32},       {"bytes_bfloat16", t.bfloat16}, {"kept", t.kept},
              {"tensors", std::move(tensors)}};
}

}  // namespace

json render_json(const report_view& v) {
  const report& r = *v.source;
  json files = json::array();
  for (const file_view& fv : v.files) {
    const file_report& f = *fv.file;
    json tensors = json::array();
    for (const tensor_view& t : fv.tensors) tensors.push_back(tensor_json(t));
    json file{{"path", f.path}, {"kind", file_kind_name(f.file->kind)}, {"bytes", f.size}};
    file["summary"] = summary_json(f, fv.summary);
    if (r.planned) file["plan"] = plan_json(r, fv);
    if (!f.file->metadata.is_null()) file["metadata"] = f.file->metadata;
    file["tensors"] = std::move(tensors);
    file["recommendation"] = fv.rec.format;
    file["reason"] = fv.rec.reason;
    files.push_back(std::move(file));
  }
  json doc{{"tool", "lowp-report"},
           {"version", std::to_string(LOWP_VERSION_MAJOR) + "." + std::to_string(LOWP_VERSION_MINOR) + "." +
                           std::to_string(LOWP_VERSION_PATCH)},
           {"rounding", rounding_name(r.mode)},
           {"rules", json{{"min_snr_db", r.rules.min_snr_db}, {"max_underflow", r.rules.max_underflow}}},
           {"files", std::move(files)}};
  if (r.converted) {
    const auto& c = r.conversion;
    doc["converted"] = json{{"path", c.path},
                            {"format", c.planned ? json("plan") : json(target_name(c.to))},
                            {"dtype", c.planned ? json(nullptr) : stored_json(c.to)},
                            {"policy", c.policy == lowp::overflow::ieee ? "ieee" : "saturate"},
                            {"bytes", c.bytes},
                            {"tensors_converted", c.converted},
                            {"tensors_copied", c.copied},
                            {"tensors_scaled", c.scaled},
                            {"overflow", c.overflow},
                            {"underflow", c.underflow},
                            {"nan_inputs", c.nan_inputs},
                            {"nan_changed", c.nan_changed},
                            {"inf_changed", c.inf_changed},
                            {"clamped", c.clamped}};
  }
  return doc;
}

}  // namespace lowp_report
