#include "report/html/html_report.h"

#include <fmt/format.h>

#include "common/datetime.h"
#include "report/html/html_escape.h"
#include "report/html/html_sections.h"
#include "report/html/number_format.h"
#include "report/html/report_css.h"

namespace tally {
namespace {

std::string Fact(std::string_view id, std::string_view label, std::string_view text,
                 std::string_view raw = "", bool wide = false) {
  std::string value_attr = raw.empty() ? "" : fmt::format(" data-value=\"{}\"", EscapeHtml(raw));
  // Wide facts (dates with times) take a whole row on a phone rather than wrapping.
  return fmt::format("<div id=\"{}\"{}><dt>{}</dt><dd{}>{}</dd></div>\n", id,
                     wide ? " class=\"fact-wide\"" : "", EscapeHtml(label), value_attr,
                     EscapeHtml(text));
}

std::string Header(const RetailResults& r, const ReportSections& sections,
                   const HtmlReportInfo& info) {
  std::string out = "<header id=\"summary\" class=\"report-header\">\n";
  out += "<p class=\"eyebrow\">tally \xC2\xB7 retail report</p>\n";
  out += "<h1>Retail analytics</h1>\n";
  out += "<p class=\"source\" id=\"summary-source\">" + EscapeHtml(r.source) + "</p>\n";
  out += "<dl class=\"facts\">\n";
  out += Fact("summary-rows", "Rows", FormatCount(r.rows), std::to_string(r.rows));
  if (r.first_invoice && r.last_invoice)
    out += Fact("summary-period", "Period",
                FormatTimestamp(*r.first_invoice).substr(0, 10) + " \xE2\x80\x93 " +
                    FormatTimestamp(*r.last_invoice).substr(0, 10),
                "", true);
  if (sections.invoices)
    out += Fact("summary-invoices", "Invoices", FormatCount(r.invoice_amount.n),
                std::to_string(r.invoice_amount.n));
  if (sections.monthly)
    out += Fact("summary-months", "Months", FormatCount(static_cast<int64_t>(r.monthly.size())),
                std::to_string(r.monthly.size()));
  if (sections.rfm) {
    out += Fact("summary-customers", "Customers",
                FormatCount(static_cast<int64_t>(r.rfm_customers.size())),
                std::to_string(r.rfm_customers.size()));
    out += Fact("summary-as-of", "As of", FormatDate(r.as_of));
  }
  out += Fact("summary-run-time", "Run time", fmt::format("{:.2f} s", r.run_seconds),
              RawNumber(r.run_seconds));
  if (!info.tally_version.empty())
    out += Fact("summary-version", "tally version", info.tally_version);
  if (!info.generated_at.empty())
    out += Fact("summary-generated", "Generated", info.generated_at, "", true);
  out += "</dl>\n";
  out += "<nav class=\"toc\" aria-label=\"Sections\">\n";
  if (sections.invoices) out += "<a href=\"#invoices\">1 \xC2\xB7 Invoice amounts</a>\n";
  if (sections.monthly) {
    out += "<a href=\"#monthly-orders\">2 \xC2\xB7 Orders</a>\n";
    out += "<a href=\"#monthly-sales\">3 \xC2\xB7 Sales</a>\n";
    out += "<a href=\"#monthly-growth\">4 \xC2\xB7 Growth</a>\n";
    out += "<a href=\"#monthly-active\">5 \xC2\xB7 Active customers</a>\n";
    out += "<a href=\"#monthly-new-existing\">6 \xC2\xB7 New and existing</a>\n";
  }
  if (sections.rfm) out += "<a href=\"#rfm\">7 \xC2\xB7 RFM segments</a>\n";
  out += "</nav>\n</header>\n";
  return out;
}

}  // namespace

std::string ResponsiveCharts(const std::function<std::string(bool narrow)>& render) {
  return "<div class=\"chart-wide\">\n" + render(false) + "</div>\n<div class=\"chart-narrow\">\n" +
         render(true) + "</div>\n";
}

std::string HtmlFigure(std::string_view id, std::string_view charts, std::string_view caption,
                       std::string_view table, bool wide) {
  std::string out = fmt::format("<figure class=\"chart-block{}\" id=\"{}\">\n", wide ? " wide" : "",
                                EscapeHtml(id));
  out += "<div class=\"figure-chart\">\n";
  out += charts;
  if (!caption.empty()) out += "<figcaption>" + EscapeHtml(caption) + "</figcaption>\n";
  out += "</div>\n<div class=\"figure-data\">\n";
  out += table;
  return out + "</div>\n</figure>\n";
}

std::string HtmlSectionHeading(std::string_view number, std::string_view title) {
  return fmt::format("<h2><span class=\"section-no\">\xC2\xA7{}</span>{}</h2>\n",
                     EscapeHtml(number), EscapeHtml(title));
}

std::string RenderHtmlReport(const RetailResults& results, const ReportSections& sections,
                             const HtmlReportInfo& info) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"tally " + EscapeHtml(info.tally_version) + "\">\n";
  out += "<title>Retail analytics \xE2\x80\x94 " + EscapeHtml(results.source) + "</title>\n";
  out +=
      "<style>" + std::string(ReportCss()) + "</style>\n</head>\n<body>\n<main class=\"page\">\n";
  out += Header(results, sections, info);
  if (sections.invoices) out += RenderInvoiceSection(results);
  if (sections.monthly) out += RenderMonthlySection(results);
  if (sections.rfm) out += RenderRfmSection(results);
  out += "<p class=\"footnote\">Generated by tally";
  if (!info.tally_version.empty()) out += " " + EscapeHtml(info.tally_version);
  out +=
      ". Hover over a bar, tile or cell for its exact value; the tables hold every number "
      "shown.</p>\n";
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace tally
