// cli.cpp — options, the order of work, and error reporting.
//
// Order: parse every input file before analysing any, and write nothing (no report, no
// output file) until every input is known to be good; so a bad input never leaves
// partial output behind.
#include "cli.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>

#include "byte_source.hpp"
#include "model.hpp"
#include "plan.hpp"
#include "report.hpp"
#include "view.hpp"
#include "safetensors_writer.hpp"
#include "sample_path.hpp"

namespace lowp_report {
namespace {

const char help[] = R"(usage: lowp-report [options] [FILE...]

Answers "float16 or bfloat16?" for real tensors: for every floating-point tensor and each
of float16, bfloat16, float8_e4m3fn, float8_e5m2 (IEEE overflow and saturation),
float8_e4m3fnuz and float8_e5m2fnuz (AMD; shown, not recommended), and the block formats
mxfp8_e4m3, mxfp6_e2m3, mxfp4 (OCP MX: 32 values per E8M0 scale; 8.25, 6.25 and 4.25 bits
per value) and nvfp4 (16 values per E4M3 scale and a tensor scale; 4.5 bits), it counts
overflow, underflow to zero and subnormal results (block formats: values clamped by their
block's max, flushed to zero in their block, made NaN by their block), measures the error,
gives each format a verdict and recommends one per tensor and per file. It can convert
the file too.

Inputs
  FILE              .safetensors (F64, F32, F16, BF16, F8_E4M3, F8_E5M2 analysed; BOOL and
                    integer tensors listed and copied by --convert), .npy (<f8, <f4, <f2,
                    C order), or raw little-endian float32 with --raw-f32; or a sharded
                    checkpoint's NAME.safetensors.index.json, read as one model (its
                    weight_map's shards). Several files may be given. Without FILE: the bundled sample (examples/data).
  --raw-f32         read every FILE as raw float32 (one tensor named after the file)

Output
  (default)         per file a summary (bytes now and with each tensor in its recommended
                    format, tensors per recommendation, the tensors that need a wider
                    format than most of the bytes, NaN inputs), then one line per tensor
  --details         a table per tensor instead of one line (every format, both policies)
  --json            one JSON document on stdout instead (shape below)
  --svg OUT         also write a picture: per tensor, a histogram of log2|x| under each
                    format's subnormal (light) and normal (solid) range
  --no-progress     no progress bar (it is drawn on stderr only when stderr is a
                    terminal and the input is at least 64 MiB)

Conversion
  --convert OUT     write OUT, a safetensors file with every floating tensor converted
                    (for a sharded checkpoint OUT is a directory: the shards and a new
                    index with the same names);
                    names, order, shapes and __metadata__ are kept, other dtypes are
                    copied unchanged. One input FILE only. OUT appears complete or not at
                    all (written to a temporary file, then renamed).
  --to FORMAT       float16 (F16), bfloat16 (BF16), float8_e4m3fn (F8_E4M3),
                    float8_e5m2 (F8_E5M2), mxfp8_e4m3 or mxfp4; required with --convert.
                    A block format writes each tensor W as W.blocks (U8, the packed
                    elements, shape [..., n/32, 16] for mxfp4, element 2i in the low
                    nibble of byte i; [..., n/32, 32] for mxfp8_e4m3) and W.scales (U8,
                    E8M0, shape [..., n/32]), the layout of gpt-oss; the last dimension n
                    must be a multiple of 32 (else exit 2: use --plan, which keeps such
                    tensors out of block formats)
  --saturate        clamp out-of-range values to +-max instead of inf (NaN for e4m3fn)
  --rounding MODE   to_nearest_even (default), to_nearest_away, toward_zero, upward,
                    downward; used by the report and by --convert

Plan (a format per tensor)
  --plan            per tensor the smallest format --convert writes with no overflow, no
                    NaN or inf created, no value changing class, and SNR >= --min-snr
                    (block formats only where the last dimension is whole blocks); else
                    keep the input dtype. Shown per file with totals vs float32 and vs bfloat16.
  --keep GLOB       (repeatable, with --plan) keep tensors whose name matches GLOB in
                    their input dtype, e.g. --keep 'text_encoder.*'
  --plan-out FILE   write the plan as JSON: {"lowp_report_plan":1,"tensors":{NAME:FORMAT
                    or "keep",...}} (implies --plan; one input FILE)
  --convert OUT --plan              convert each tensor to its planned format
  --convert OUT --plan-file FILE    convert by a plan written by --plan-out (and edited)

Scale (fp8 as it is used: a power-of-two scale per tensor)
  --scale           also measure each tensor divided by 2^k before conversion, k the
                    smallest that does not overflow (the one that maximises SNR), for
                    float8_e4m3fn, float8_e5m2, and float16 where it under- or overflows;
                    shows SNR before and after. With --plan, scaled formats are candidates
                    (written FORMAT*2^K). With --convert --to FORMAT (or a plan), scaled
                    tensors are stored as x / 2^k with a tensor NAME_scale (F32, shape [],
                    2^k: it multiplies the stored values back).

Rules
  --min-snr DB      SNR below which a format is "lossy" (default 40)
  --max-underflow F fraction of nonzero values that may become 0 (default 0.01)
  --threads N       analysis threads (default: one per core)

What is measured (per tensor, per format, per overflow policy)
  overflow      finite inputs whose rounded magnitude exceeds the format's max finite
                value (they become inf, NaN on float8_e4m3fn, or +-max when saturating)
  underflow     nonzero finite inputs that become 0
  subnormal     nonzero results that are subnormal
  nan           NaN inputs (the input line also shows infinities and zeros)
  max abs err   max |x - q(x)| over the finite inputs
  max/rms rel   max and root-mean-square of |x - q(x)| / |x| over finite nonzero inputs
  SNR dB        10 log10(sum x^2 / sum (x - q(x))^2) over the finite inputs
  nan_changed   NaN inputs that become numbers; inf_changed: infinite inputs that become
                NaN or finite (JSON; the verdict says them in words)
  A finite input that becomes inf or NaN makes the errors inf and the SNR -inf; an exact
  conversion has SNR inf. Counts follow lowp::check_conversion (docs: DESIGN.md).

Verdicts (first that applies)
  overflows     ieee policy and some value overflows (becomes inf/NaN: black images)
  saturates     saturate policy and some value overflows or is infinite (clamped to +-max)
  changes_class ieee policy and some NaN or infinite input comes out as another class
                (-inf becomes NaN in float8_e4m3fn): never exact or safe
  underflows    more than --max-underflow of the nonzero values become 0
  exact         every value converts exactly
  lossy         SNR below --min-snr
  safe          otherwise
Block formats have no policy (elements saturate): "overflows" means values made NaN by
a block holding NaN or inf; clamped values are part of the error.
Recommendation: per tensor, the first of mxfp4, nvfp4, mxfp6_e2m3, float8_e4m3fn,
float8_e5m2, mxfp8_e4m3, float16, bfloat16 (fewest bits per value, then most precision)
whose ieee verdict is exact or safe, else "keep"; per
file, the first that suits every tensor, else "mixed" (or "keep"). Saturation is never
recommended by itself: the saturate rows show what it would cost.

JSON
  {"files":[{"path":P,"tensors":[{"name":N,"dtype":"F32","shape":[...],"count":C,
    "input":{...},"formats":{"float16":{"ieee":{"overflow":n,"underflow":n,
    "subnormal":n,"nan":n,"inexact":n,"max_abs_error":x,"max_rel_error":x,
    "rms_rel_error":x,"snr_db":x,"bytes":n,"verdict":"..."},"saturate":{...}},
    "bfloat16":{...},"float8_e4m3fn":{...},"float8_e5m2":{...}},
    "recommendation":"bfloat16","reason":"..."}],"recommendation":"...",
    "summary":{"bytes_now":n,"bytes_recommended":n,"by_recommendation":[...],
    "majority":F,"forcing":[{"name","format","bytes","reason"}],"forcing_bytes":n,
    "nan_inputs":[{"name","nan"}]},
    "plan":{"bytes_planned":n,"bytes_float32":n,"bytes_bfloat16":n,"kept":n,
    "tensors":[{"name","format","dtype","scale_exponent","snr_db","why"}]}}]}
  (plan with --plan or --plan-file; formats.F.scaled with --scale). The fnuz formats
  have ieee and saturate cells too; a block format has one cell with "block_size",
  "element", "bits_per_value" and "clamped" besides the counts (overflow: made NaN by
  its block; underflow: flushed in its block).
  With --convert, "converted":{"path","format","dtype","policy","bytes",
  "tensors_converted","tensors_copied","overflow","underflow","nan_inputs","nan_changed",
  "inf_changed"}: what the written values changed (also a warning line on stderr when
  something overflowed or changed class).
  Infinite numbers are the strings "inf" and "-inf"; undefined ones (a max over no
  values) are null.

Exit status: 0 success; 1 an output file could not be written; 2 bad input or usage (a
one-line message "lowp-report: FILE: problem" on stderr, and no output at all).
)";

class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct options {
  std::vector<std::string> files;
  bool json = false;
  bool details = false;
  bool plan = false;
  bool scale = false;
  std::vector<std::string> keep;
  std::string plan_out;
  std::string plan_file;
  bool raw_f32 = false;
  bool progress = true;
  bool help = false;
  bool version = false;
  std::string svg;
  std::string convert;
  bool have_target = false;
  target to = targets::float16;
  bool saturate = false;
  lowp::rounding mode = lowp::rounding::to_nearest_even;
  verdict_rules rules;
  unsigned threads = 0;
};

double parse_number(const std::string& option, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !(v == v))
    throw usage_error(option + " wants a number, not " + in_quotes(text));
  return v;
}

options parse_options(const std::vector<std::string>& args) {
  options o;
  bool only_files = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (only_files || arg.empty() || arg[0] != '-' || arg == "-") {
      o.files.push_back(arg);
      continue;
    }
    std::string value;
    bool has_inline_value = false;
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      has_inline_value = true;
    }
    auto take_value = [&]() -> std::string {
      if (has_inline_value) return value;
      if (i + 1 >= args.size()) throw usage_error(arg + " needs a value");
      return args[++i];
    };
    auto no_value = [&] {
      if (has_inline_value) throw usage_error(arg + " takes no value");
    };
    if (arg == "--") {
      only_files = true;
    } else if (arg == "-h" || arg == "--help") {
      no_value();
      o.help = true;
    } else if (arg == "--version") {
      no_value();
      o.version = true;
    } else if (arg == "--json") {
      no_value();
      o.json = true;
    } else if (arg == "--details") {
      no_value();
      o.details = true;
    } else if (arg == "--plan") {
      no_value();
      o.plan = true;
    } else if (arg == "--scale") {
      no_value();
      o.scale = true;
    } else if (arg == "--keep") {
      o.keep.push_back(take_value());
    } else if (arg == "--plan-out") {
      o.plan_out = take_value();
      if (o.plan_out.empty()) throw usage_error("--plan-out needs a file name");
      o.plan = true;
    } else if (arg == "--plan-file") {
      o.plan_file = take_value();
      if (o.plan_file.empty()) throw usage_error("--plan-file needs a file name");
    } else if (arg == "--raw-f32") {
      no_value();
      o.raw_f32 = true;
    } else if (arg == "--no-progress") {
      no_value();
      o.progress = false;
    } else if (arg == "--saturate") {
      no_value();
      o.saturate = true;
    } else if (arg == "--svg") {
      o.svg = take_value();
      if (o.svg.empty()) throw usage_error("--svg needs a file name");
    } else if (arg == "--convert") {
      o.convert = take_value();
      if (o.convert.empty()) throw usage_error("--convert needs a file name");
    } else if (arg == "--to") {
      const std::string name = take_value();
      if (!find_target(name, o.to))
        throw usage_error("--to: unknown format " + in_quotes(name) + " (" + writable_target_names() + ")");
      if (!info(o.to).writable)
        throw usage_error("--to: " + std::string(target_name(o.to)) + " is reported but not written (" +
                          writable_target_names() + ")");
      o.have_target = true;
    } else if (arg == "--rounding") {
      const std::string name = take_value();
      if (!find_rounding(name, o.mode))
        throw usage_error("--rounding: unknown mode " + in_quotes(name) +
                          " (to_nearest_even, to_nearest_away, toward_zero, upward, downward)");
    } else if (arg == "--min-snr") {
      o.rules.min_snr_db = parse_number(arg, take_value());
    } else if (arg == "--max-underflow") {
      o.rules.max_underflow = parse_number(arg, take_value());
      if (o.rules.max_underflow < 0 || o.rules.max_underflow > 1)
        throw usage_error("--max-underflow wants a fraction between 0 and 1");
    } else if (arg == "--threads") {
      const double n = parse_number(arg, take_value());
      if (n < 1 || n > 1024 || n != static_cast<double>(static_cast<unsigned>(n)))
        throw usage_error("--threads wants a whole number from 1 to 1024");
      o.threads = static_cast<unsigned>(n);
    } else {
      throw usage_error("unknown option " + in_quotes(arg));
    }
  }
  if (!o.plan_file.empty() && o.convert.empty()) throw usage_error("--plan-file only applies to --convert");
  if (!o.plan_file.empty() && o.plan) throw usage_error("--plan-file and --plan: choose one");
  if (!o.keep.empty() && !o.plan) throw usage_error("--keep only applies to --plan");
  if (o.have_target && (o.plan || !o.plan_file.empty()))
    throw usage_error("--to and a plan: choose one (the plan gives each tensor its format)");
  if (o.saturate && o.have_target && info(o.to).block)
    throw usage_error(std::string("--saturate does not apply to ") + target_name(o.to) + " (block formats always clamp)");
  if (o.saturate && o.scale) throw usage_error("--saturate and --scale: choose one (a scale leaves nothing to clamp)");
  if (o.saturate && (o.plan || !o.plan_file.empty()))
    throw usage_error("--saturate does not apply to a plan (a plan has no overflow to saturate)");
  if (!o.plan_out.empty() && o.files.size() > 1) throw usage_error("--plan-out takes a single input file");
  if (!o.convert.empty() && !o.have_target && !o.plan && o.plan_file.empty())
    throw usage_error("--convert needs --to FORMAT, --plan or --plan-file FILE");
  if (o.convert.empty() && (o.have_target || o.saturate) && !o.plan)
    throw usage_error(std::string(o.have_target ? "--to" : "--saturate") + " only applies to --convert");
  if (!o.convert.empty() && o.files.size() > 1) throw usage_error("--convert takes a single input file");
  return o;
}

using loaded_file = model_input;

std::string stem(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

loaded_file load(const std::string& path, bool raw_f32) {
  if (!raw_f32 && is_index_path(path)) return open_index(path);
  loaded_file f;
  f.path = path;
  f.source = std::make_unique<file_source>(path);
  const std::uint64_t size = f.source->size();
  if (raw_f32) {
    if (size > SIZE_MAX) throw input_error("too large for this system");
    f.file = parse_raw_f32(static_cast<std::size_t>(size), stem(path));
    return f;
  }
  // Only the header is read here (at most the format's limit); the data is read in chunks
  // by the analysis and the conversion.
  const std::vector<unsigned char> first = f.source->prefix(12);
  std::vector<unsigned char> header;
  if (has_npy_magic(first.data(), first.size()) || ends_with(path, ".npy")) {
    header = f.source->prefix(npy_prefix_size(first.data(), first.size(), size));
    f.file = parse_npy(header.data(), header.size(), size, stem(path));
  } else {
    header = first.size() < 8 ? first : f.source->prefix(safetensors_prefix_size(first.data(), size));
    f.file = parse_safetensors(header.data(), header.size(), size);
  }
  return f;
}

// The bundled sample, shown relative to the working directory when it lies below it.
std::string find_sample() {
  namespace fs = std::filesystem;
  for (const std::string& candidate : bundled_sample_candidates()) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    const fs::path canonical = fs::weakly_canonical(candidate, ec);
    const fs::path relative = canonical.lexically_relative(fs::current_path(ec));
    if (!ec && !relative.empty() && *relative.begin() != "..") return relative.string();
    return canonical.string();
  }
  return {};
}

bool little_endian_host() noexcept {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

// What --convert changed, from the analysis of the same conversion (same format, policy
// and rounding, so the counts are those of the written values).
void add_changes(conversion_summary& c, const file_report& f, bool scales) {
  for (std::size_t i = 0; i < f.file->tensors.size(); ++i) {
    if (!is_floating(f.file->tensors[i].type)) continue;
    if (c.planned && f.plan[i].keep) continue;
    const target format = c.planned ? f.plan[i].format : c.to;
    const bool scaled = c.planned ? f.plan[i].scale.has_value() : scales && f.stats[i].scaled[target_index(format)].used;
    const cell_summary cell = scaled ? summarize_scaled(f.stats[i], format, verdict_rules{})
                                     : summarize(f.stats[i], format, c.policy, verdict_rules{});
    c.clamped += cell.clamped;
    c.overflow += cell.counts.overflow;
    c.underflow += cell.counts.underflow;
    c.nan_inputs += cell.counts.nan;
    c.nan_changed += cell.nan_changed;
    c.inf_changed += cell.inf_changed;
  }
}

int run_checked(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  options o;
  try {
    o = parse_options(args);
  } catch (const usage_error& e) {
    err << "lowp-report: " << e.what() << " (see --help)\n";
    return exit_bad_input;
  }
  if (o.help) {
    out << help;
    return exit_ok;
  }
  if (o.version) {
    out << "lowp-report " << LOWP_VERSION_MAJOR << "." << LOWP_VERSION_MINOR << "." << LOWP_VERSION_PATCH << "\n";
    return exit_ok;
  }
  if (!little_endian_host()) {
    err << "lowp-report: this build runs on little-endian hosts only\n";
    return exit_bad_input;
  }
  if (o.files.empty()) {
    const std::string sample = find_sample();
    if (sample.empty()) {
      err << "lowp-report: the bundled sample (sample.safetensors) was not found; give a FILE (see --help)\n";
      return exit_bad_input;
    }
    o.files.push_back(sample);
  }

  std::vector<loaded_file> inputs;
  for (const std::string& path : o.files) {
    try {
      inputs.push_back(load(path, o.raw_f32));
    } catch (const input_error& e) {
      err << "lowp-report: " << printable(path) << ": " << e.what() << "\n";
      return exit_bad_input;
    }
  }

  // A plan file is read before the analysis, which measures the scales it names.
  std::vector<plan_entry> plan_from_file;
  if (!o.plan_file.empty()) {
    try {
      const file_source source(o.plan_file);
      if (source.size() > max_safetensors_header) throw input_error("too large for a plan");
      const auto bytes = source.prefix(source.size());
      plan_from_file = read_plan(std::string(bytes.begin(), bytes.end()), inputs[0].file);
    } catch (const input_error& e) {
      err << "lowp-report: " << printable(o.plan_file) << ": " << e.what() << "\n";
      return exit_bad_input;
    }
  }

  const bool progress = o.progress && err_is_terminal;
  analysis_options analysis;
  analysis.mode = o.mode;
  analysis.threads = o.threads;
  analysis.progress = progress;
  analysis.scale = o.scale;
  if (!plan_from_file.empty()) {
    analysis.fixed_scales.resize(1);
    for (std::size_t i = 0; i < plan_from_file.size(); ++i)
      if (plan_from_file[i].scale)
        analysis.fixed_scales[0].push_back({i, plan_from_file[i].format, *plan_from_file[i].scale});
  }
  std::vector<analysis_input> sources;
  for (const auto& in : inputs) sources.push_back({&in.file, in.source.get()});
  std::vector<std::vector<tensor_stats>> stats;
  try {
    stats = analyze(sources, analysis);
  } catch (const read_error& e) {
    err << "lowp-report: " << printable(inputs[e.input].path) << ": " << e.what() << "\n";
    return exit_bad_input;
  }

  report r;
  r.mode = o.mode;
  r.rules = o.rules;
  r.details = o.details;
  r.scaled = o.scale;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    r.files.push_back({inputs[i].path, inputs[i].source->size(), &inputs[i].file, std::move(stats[i]), {}});

  if (o.plan) {
    plan_options options;
    options.min_snr_db = o.rules.min_snr_db;
    options.keep = o.keep;
    options.scale = o.scale;
    for (auto& f : r.files) f.plan = make_plan(f, options);
    r.planned = true;
  } else if (!o.plan_file.empty()) {
    r.files[0].plan = std::move(plan_from_file);
    r.planned = true;
  }

  // A block format needs whole blocks in the last dimension of every tensor it writes:
  // checked before anything is written.
  if (!o.convert.empty() && !r.planned && info(o.to).block) {
    for (const tensor_entry& t : inputs[0].file.tensors) {
      const std::string problem = is_floating(t.type) ? block_layout_problem(t, o.to) : "";
      if (!problem.empty()) {
        err << "lowp-report: " << printable(inputs[0].path) << ": " << printable(problem) << "\n";
        return exit_bad_input;
      }
    }
  }
  if (r.planned) {
    for (std::size_t i = 0; i < r.files[0].plan.size() && !o.convert.empty(); ++i) {
      const plan_entry& p = r.files[0].plan[i];
      const std::string problem = p.keep ? "" : block_layout_problem(inputs[0].file.tensors[i], p.format);
      if (!problem.empty()) {
        err << "lowp-report: " << printable(o.plan_file.empty() ? inputs[0].path : o.plan_file) << ": "
            << printable(problem) << "\n";
        return exit_bad_input;
      }
    }
  }

  report_view view = make_view(r);
  try {
    if (!o.plan_out.empty()) {
      const std::string text = plan_document(r.files[0], r.files[0].plan).dump(2) + "\n";
      atomic_output plan(o.plan_out);
      plan.write(text.data(), text.size());
      plan.commit();
    }
    if (!o.svg.empty()) {
      std::ostringstream picture;
      render_svg(picture, view);
      const std::string text = picture.str();
      atomic_output svg(o.svg);
      svg.write(text.data(), text.size());
      svg.commit();
    }
    if (!o.convert.empty()) {
      conversion_request request;
      request.output = o.convert;
      request.to = o.to;
      if (r.planned) {
        for (const plan_entry& p : r.files[0].plan) {
          request.formats.push_back(p.keep ? std::nullopt : std::optional<target>(p.format));
          request.scales.push_back(p.keep ? std::nullopt : p.scale);
        }
      } else if (o.scale) {
        for (const tensor_stats& s : r.files[0].stats) {
          const scaled_cell& c = s.scaled[target_index(o.to)];
          request.scales.push_back(c.used ? std::optional<int>(c.exponent) : std::nullopt);
        }
      }
      request.policy = o.saturate ? lowp::overflow::saturate : lowp::overflow::ieee;
      request.mode = o.mode;
      request.progress = progress;
      r.conversion = inputs[0].shards.empty() ? convert_file(inputs[0].file, *inputs[0].source, request)
                                              : convert_model(inputs[0], request, o.convert);
      add_changes(r.conversion, r.files[0], o.scale);
      r.converted = true;
      if (r.conversion.changed_values()) err << "lowp-report: warning: " << printable(o.convert) << ": " << changes_text(r.conversion) << "\n";
    }
  } catch (const output_error& e) {
    err << "lowp-report: " << printable(e.what()) << "\n";
    return exit_output_failed;
  } catch (const input_error& e) {  // the input shrank while being converted
    err << "lowp-report: " << printable(inputs[0].path) << ": " << e.what() << "\n";
    return exit_bad_input;
  }

  if (o.json) {
    out << render_json(view).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    render_text(out, view);
  }
  out.flush();
  if (!out) {  // a full disk, /dev/full, a closed pipe: the report is incomplete
    err << "lowp-report: cannot write the report to standard output" << (errno != 0 ? std::string(": ") + std::strerror(errno) : "") << "\n";
    return exit_output_failed;
  }
  return exit_ok;
}

}  // namespace

const char* help_text() noexcept { return help; }

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  try {
    return run_checked(args, out, err, err_is_terminal);
  } catch (const std::exception& e) {
    err << "lowp-report: " << printable(e.what()) << "\n";
    return exit_output_failed;
  }
}

}  // namespace lowp_report
