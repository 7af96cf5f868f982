// plan.cpp — choosing, totalling, writing and reading a plan.
#include "plan.hpp"

#include <fnmatch.h>

#include <cmath>
#include <cstdlib>
#include <unordered_map>

namespace lowp_report {

std::vector<plan_entry> make_plan(const file_report& f, const plan_options& options) {
  verdict_rules rules;
  rules.min_snr_db = options.min_snr_db;
  std::vector<plan_entry> plan(f.file->tensors.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const tensor_entry& t = f.file->tensors[i];
    plan_entry& p = plan[i];
    if (!is_floating(t.type)) {
      p.why = "not floating point";
      continue;
    }
    bool matched = false;
    for (const std::string& glob : options.keep) matched = matched || ::fnmatch(glob.c_str(), t.name.c_str(), 0) == 0;
    if (matched) {
      p.why = "--keep";
      continue;
    }
    std::string rejected, not_smaller;
    // Each format unscaled, then (--scale) scaled, fewest bytes first.
    std::vector<std::pair<target, bool>> candidates;
    for (const target format : preference_order) {
      // A plan is for --convert: formats it writes, block formats only where the last
      // dimension is whole blocks (see safetensors_writer.hpp).
      if (!info(format).writable) continue;
      if (info(format).block && row_length_of(t) % info(format).block_size != 0) continue;
      candidates.push_back({format, false});
      if (options.scale && f.stats[i].scaled[target_index(format)].used) candidates.push_back({format, true});
    }
    for (const auto& [candidate, with_scale] : candidates) {
      const cell_summary c = with_scale ? summarize_scaled(f.stats[i], candidate, rules)
                                        : summarize(f.stats[i], candidate, lowp::overflow::ieee, rules);
      std::string problem;
      if (c.counts.overflow != 0) {
        problem = std::to_string(c.counts.overflow) + " overflow";
      } else if (c.class_changed() != 0) {
        problem = std::to_string(c.class_changed()) + " change class";
      } else if (!(c.snr_db >= options.min_snr_db) && !(std::isnan(c.snr_db))) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "SNR %.1f dB", c.snr_db);
        problem = buf;
      }
      if (problem.empty()) {
        // Not smaller than the input (a wider format, or a block format's scales on a
        // tiny tensor): the next candidate may be.
        if (target_bytes(candidate, t.count, row_length_of(t)) >= t.size && t.count != 0) {
          if (not_smaller.empty()) not_smaller = target_name(candidate);
          continue;
        }
        p.keep = false;
        p.format = candidate;
        if (with_scale) p.scale = c.scale_exponent;
        p.snr_db = c.snr_db;
        p.why = rejected.empty() ? "first format" : "rejected: " + rejected;
        break;
      }
      rejected += (rejected.empty() ? "" : ", ") + std::string(target_name(candidate)) +
                  (with_scale ? "*2^" + std::to_string(c.scale_exponent) : "") + " (" + problem + ")";
    }
    if (p.keep && p.why.empty()) p.why = !not_smaller.empty() ? not_smaller + " would not be smaller" : "rejected: " + rejected;
  }
  return plan;
}

plan_totals totals_of(const file_report& f, const std::vector<plan_entry>& plan) {
  plan_totals t;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const tensor_entry& e = f.file->tensors[i];
    if (!is_floating(e.type)) continue;
    t.input += e.size;
    t.float32 += e.count * 4;
    t.bfloat16 += e.count * 2;
    t.planned += plan[i].keep ? e.size : target_bytes(plan[i].format, e.count, row_length_of(e));
    t.kept += plan[i].keep;
  }
  return t;
}

nlohmann::ordered_json plan_document(const file_report& f, const std::vector<plan_entry>& plan) {
  nlohmann::ordered_json tensors = nlohmann::ordered_json::object();
  auto& entries = tensors.get_ref<nlohmann::ordered_json::object_t&>();  // names are distinct: append
  for (std::size_t i = 0; i < plan.size(); ++i)
    entries.emplace_back(f.file->tensors[i].name, plan_format_text(plan[i]));
  return nlohmann::ordered_json{{"lowp_report_plan", 1}, {"tensors", std::move(tensors)}};
}

std::string plan_format_text(const plan_entry& p) {
  if (p.keep) return "keep";
  return std::string(target_name(p.format)) + (p.scale ? "*2^" + std::to_string(*p.scale) : "");
}

std::vector<plan_entry> read_plan(const std::string& text, const tensor_file& file) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw input_error("not a plan: invalid JSON");
  }
  if (!doc.is_object() || doc.value("lowp_report_plan", 0) != 1 || !doc.contains("tensors") ||
      !doc["tensors"].is_object())
    throw input_error("not a plan (it needs {\"lowp_report_plan\": 1, \"tensors\": {...}})");
  const nlohmann::json& tensors = doc["tensors"];
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < file.tensors.size(); ++i) index.emplace(file.tensors[i].name, i);
  std::vector<plan_entry> plan(file.tensors.size());
  std::vector<bool> given(file.tensors.size());
  for (auto it = tensors.begin(); it != tensors.end(); ++it) {
    const auto found = index.find(it.key());
    if (found == index.end()) throw input_error("the plan names a tensor the file does not have: " + in_quotes(it.key()));
    if (!it.value().is_string()) throw input_error("the plan's entry for " + in_quotes(it.key()) + " is not a string");
    std::string format = it.value().get_ref<const std::string&>();
    const auto star = format.find("*2^");
    if (star != std::string::npos) {
      const std::string exponent = format.substr(star + 3);
      char* end = nullptr;
      const long k = std::strtol(exponent.c_str(), &end, 10);
      if (exponent.empty() || *end != '\0' || k < -126 || k > 127)
        throw input_error("the plan gives tensor " + in_quotes(it.key()) + " a bad scale " + in_quotes(format) +
                          " (FORMAT*2^K with K from -126 to 127)");
      plan[found->second].scale = static_cast<int>(k);
      format.erase(star);
    }
    plan_entry& p = plan[found->second];
    given[found->second] = true;
    p.why = "--plan-file";
    if (format == "keep") continue;
    if (!find_target(format, p.format))
      throw input_error("the plan gives tensor " + in_quotes(it.key()) + " an unknown format " + in_quotes(format));
    if (!info(p.format).writable)
      throw input_error("the plan gives tensor " + in_quotes(it.key()) + " the format " + in_quotes(format) +
                        ", which --convert cannot write (it writes " + writable_target_names() + ")");
    if (p.scale && !scalable(p.format))
      throw input_error("the plan gives tensor " + in_quotes(it.key()) + " a scale, which " + in_quotes(format) +
                        " does not take");
    p.keep = !is_floating(file.tensors[found->second].type);
    if (p.keep)
      throw input_error("the plan converts " + in_quotes(it.key()) + ", which is not floating point");
  }
  for (std::size_t i = 0; i < given.size(); ++i)
    if (!given[i]) throw input_error("the plan has no entry for tensor " + in_quotes(file.tensors[i].name));
  return plan;
}

}  // namespace lowp_report
