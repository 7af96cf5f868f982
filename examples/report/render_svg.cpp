// render_svg.cpp — the --svg picture.
//
// One panel per floating tensor: a histogram of floor(log2 |x|) over its finite nonzero
// values (bar height on a log scale, so that a few outliers stay visible), and under it
// one band per format: light for the subnormal range, solid for the normal range. A value
// whose bar lies right of a band overflows that format; left of it, it underflows to 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "view.hpp"

namespace lowp_report {
namespace {

constexpr double width = 960;
constexpr double plot_left = 120;
constexpr double plot_right = width - 170;
constexpr double histogram_height = 120;
constexpr double band_height = 12;
constexpr double band_step = 17;
// One band per element format; the block formats (whose range moves with each block's
// scale) get one line of verdicts under the bands.
int element_formats() {
  int n = 0;
  for (const target t : all_targets) n += !info(t).block;
  return n;
}
double panel_height() { return 36 + histogram_height + 30 + element_formats() * band_step + 16 + band_step; }
const char* const band_colors[] = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};

// The length of the valid UTF-8 sequence at s[i] of a character XML allows, or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n;
  std::uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1fu;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0fu;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3fu);
  }
  const std::uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) return 0;
  return n;
}

// Text from a file, as XML character data: control characters (printable()) and bytes
// that are not valid UTF-8 written as \xNN, markup characters as entities.
std::string xml_escape(std::string_view raw) {
  const std::string s = printable(raw);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
      ++i;
      continue;
    }
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.append(s, i, n);
    }
    i += n;
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

struct axis {
  int lo, hi;  // log2 domain [lo, hi]
  double x(double e) const {
    const double t = (std::clamp(e, static_cast<double>(lo), static_cast<double>(hi)) - lo) / (hi - lo);
    return plot_left + t * (plot_right - plot_left);
  }
};

void panel(std::ostream& out, const std::string& path, const tensor_view& v, double top) {
  const tensor_entry& t = *v.entry;
  const tensor_stats& s = *v.stats;
  const auto& h = s.input.histogram;
  int first = histogram_bins, last = -1;
  for (int i = 0; i < histogram_bins; ++i) {
    if (h[static_cast<std::size_t>(i)] == 0) continue;
    first = std::min(first, i);
    last = std::max(last, i);
  }
  // The domain covers the data and float16's range (the usual question), with a margin;
  // bfloat16's much wider range is cut at the edges.
  const target_range f16 = info(targets::float16).range;
  int lo = f16.min_subnormal, hi = f16.max_exponent + 1;
  if (last >= 0) {
    lo = std::min(lo, histogram_min_exponent + first);
    hi = std::max(hi, histogram_min_exponent + last + 1);
  }
  const axis ax{lo - 2, hi + 2};

  out << "<g>\n<text x=\"10\" y=\"" << num(top + 18) << "\" class=\"title\">" << xml_escape(path) << ": "
      << xml_escape(t.name) << "  " << dtype_name(t.type) << " " << shape_text(t.shape) << ", "
      << s.input.finite_nonzero << " finite nonzero values</text>\n";
  const double base = top + 36 + histogram_height;
  out << "<rect x=\"" << num(plot_left) << "\" y=\"" << num(top + 36) << "\" width=\""
      << num(plot_right - plot_left) << "\" height=\"" << num(histogram_height)
      << "\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n";
  std::uint64_t peak = 0;
  for (const auto c : h) peak = std::max(peak, c);
  for (int i = first; i <= last && peak != 0; ++i) {
    const auto c = h[static_cast<std::size_t>(i)];
    if (c == 0) continue;
    const double e = histogram_min_exponent + i;
    const double bar = histogram_height * std::log10(1.0 + static_cast<double>(c)) /
                       std::log10(1.0 + static_cast<double>(peak));
    out << "<rect x=\"" << num(ax.x(e)) << "\" y=\"" << num(base - bar) << "\" width=\""
        << num(std::max(1.0, ax.x(e + 1) - ax.x(e) - 0.5)) << "\" height=\"" << num(bar)
        << "\" fill=\"#888\"><title>2^" << e << " &lt;= |x| &lt; 2^" << e + 1 << ": " << c << " values</title></rect>\n";
  }
  out << "<text x=\"" << num(plot_left - 6) << "\" y=\"" << num(top + 48)
      << "\" class=\"small\" text-anchor=\"end\">log count</text>\n";

  // Ticks every 2, 5, 10 or 20 powers of two, whichever gives at most ~16 ticks.
  int step = 1;
  for (const int s2 : {2, 5, 10, 20, 50}) {
    if ((ax.hi - ax.lo) / step <= 16) break;
    step = s2;
  }
  for (int e = (ax.lo / step) * step; e <= ax.hi; e += step) {
    if (e < ax.lo) continue;
    out << "<line x1=\"" << num(ax.x(e)) << "\" y1=\"" << num(base) << "\" x2=\"" << num(ax.x(e)) << "\" y2=\""
        << num(base + 4) << "\" stroke=\"#444\"/><text x=\"" << num(ax.x(e)) << "\" y=\"" << num(base + 15)
        << "\" class=\"small\" text-anchor=\"middle\">" << e << "</text>\n";
  }
  out << "<text x=\"" << num(plot_left - 14) << "\" y=\"" << num(base + 15)
      << "\" class=\"small\" text-anchor=\"end\">log2 |x|</text>\n";

  int k = 0;
  std::string blocks;
  for (const target f : all_targets) {
    if (info(f).block) {
      blocks += std::string(blocks.empty() ? "" : ", ") + target_name(f) + " " + verdict_name(v.cell(f).verdict_of);
      continue;
    }
    const target_range rg = info(f).range;
    const double y = base + 30 + k * band_step;
    const double top_exponent = std::log2(rg.max_finite);
    out << "<text x=\"" << num(plot_left - 6) << "\" y=\"" << num(y + 10) << "\" text-anchor=\"end\">"
        << target_name(f) << "</text>\n";
    out << "<rect x=\"" << num(ax.x(rg.min_subnormal)) << "\" y=\"" << num(y) << "\" width=\""
        << num(ax.x(rg.min_normal) - ax.x(rg.min_subnormal)) << "\" height=\"" << num(band_height) << "\" fill=\""
        << band_colors[k % 8] << "\" fill-opacity=\"0.35\"><title>" << target_name(f) << " subnormals: 2^"
        << rg.min_subnormal << " to 2^" << rg.min_normal << "</title></rect>\n";
    out << "<rect x=\"" << num(ax.x(rg.min_normal)) << "\" y=\"" << num(y) << "\" width=\""
        << num(ax.x(top_exponent) - ax.x(rg.min_normal)) << "\" height=\"" << num(band_height) << "\" fill=\""
        << band_colors[k % 8] << "\"><title>" << target_name(f) << " normal numbers: 2^" << rg.min_normal << " to "
        << rg.max_finite << "</title></rect>\n";
    // Dashed lines over the histogram at the format's limits.
    for (const double e : {static_cast<double>(rg.min_subnormal), top_exponent}) {
      if (e < ax.lo || e > ax.hi) continue;
      out << "<line x1=\"" << num(ax.x(e)) << "\" y1=\"" << num(top + 36) << "\" x2=\"" << num(ax.x(e))
          << "\" y2=\"" << num(y + band_height) << "\" stroke=\"" << band_colors[k % 8]
          << "\" stroke-dasharray=\"3,3\" stroke-opacity=\"0.6\"/>\n";
    }
    out << "<text x=\"" << num(plot_right + 10) << "\" y=\"" << num(y + 10) << "\" fill=\"" << band_colors[k % 8]
        << "\">" << verdict_name(v.cell(f).verdict_of) << "</text>\n";
    ++k;
  }
  out << "<text x=\"" << num(plot_left) << "\" y=\"" << num(base + 30 + k * band_step + 10)
      << "\" class=\"small\">block formats: " << blocks << "</text>\n";
  out << "</g>\n";
}

}  // namespace

void render_svg(std::ostream& out, const report_view& v) {
  const report& r = *v.source;
  std::size_t panels = 0;
  for (const auto& f : r.files)
    for (const auto& t : f.file->tensors) panels += is_floating(t.type);
  const double height = 30 + static_cast<double>(std::max<std::size_t>(panels, 1)) * panel_height();
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\"" << num(height)
      << "\" viewBox=\"0 0 " << num(width) << " " << num(height) << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<style>.title{font-weight:bold;font-size:13px}.small{font-size:10px;fill:#444}</style>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"10\" y=\"20\" class=\"small\">lowp-report: histogram of log2|x| over each format's "
         "subnormal (light) and normal (solid) range; ieee verdicts, rounding "
      << rounding_name(r.mode) << "</text>\n";
  double top = 30;
  for (const file_view& f : v.files) {
    for (const tensor_view& t : f.tensors) {
      if (!t.floating) continue;
      panel(out, f.file->path, t, top);
      top += panel_height();
    }
  }
  out << "</svg>\n";
}

}  // namespace lowp_report
