#include "report/retail_renderers.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analytics/retail_report.h"
#include "common/datetime.h"
#include "common/error.h"
#include "common/number_parse.h"
#include "io/csv/csv_quote.h"
#include "io/file_writer.h"
#include "report/text_table.h"

namespace tally {
namespace {

using nlohmann::ordered_json;

std::string Count(int64_t n) {
  return WithThousands(std::to_string(n));
}

std::string ScoringName(RfmScoring scoring) {
  return scoring == RfmScoring::kSpark ? "spark" : "pandas";
}

// JSON numbers: exact decimals become the nearest double, which prints as the shortest text
// that reads back to it ("303.83").
ordered_json Number(const Scalar& value) {
  if (value.is_null()) return nullptr;
  if (value.type().id == TypeId::kDouble || value.type().id == TypeId::kDecimal)
    return value.ToDouble();
  return value.int_value();
}

ordered_json AmountJson(const AmountStatistics& s) {
  return {{"n", s.n},
          {"mean", s.n ? ordered_json(s.mean) : ordered_json(nullptr)},
          {"min", Number(s.min)},
          {"max", Number(s.max)},
          {"median", Number(s.median)},
          {"mode", Number(s.mode)},
          {"p85", Number(s.p85)}};
}

std::string FormatDouble(double value, int decimals) {
  return WithThousands(fmt::format("{:.{}f}", value, decimals));
}

std::string CsvNumber(const Scalar& value) {
  return value.is_null() ? "" : value.ToString();
}

std::string RenderAmounts(const RetailResults& r) {
  std::string out =
      "Invoice amounts (GBP; invoices of lines with quantity > 0 and unit_price > 0)\n";
  // Column names as in the JSON and CSV outputs.
  TextTable table({"invoices", "n", "mean", "min", "median", "mode", "p85", "max"});
  for (size_t c = 1; c < 8; ++c) table.SetAlign(c, TextTable::Align::kRight);
  auto add = [&](const char* label, const AmountStatistics& s) {
    table.AddRow({label, Count(s.n), s.n ? FormatDouble(s.mean, 2) : "", FormatMoney(s.min),
                  FormatMoney(s.median), FormatMoney(s.mode), FormatMoney(s.p85),
                  FormatMoney(s.max)});
  };
  add("all", r.invoice_amount);
  add("below p85", r.invoice_amount_below_p85);
  return out + table.Render();
}

std::string RenderMonthly(const RetailResults& r) {
  std::string out = "Monthly orders, sales (GBP, net of cancellations) and customers\n";
  TextTable table({"ym", "gross", "cancelled", "placed", "sales", "growth", "active", "new_users",
                   "existing_users"});
  for (size_t c = 1; c < 9; ++c) table.SetAlign(c, TextTable::Align::kRight);
  // A month the data covers only in part is marked, and said why below the table.
  for (const auto& m : r.monthly) {
    std::string mark = IsPartialMonth(r, m.ym) ? " *" : "";
    table.AddRow({FormatYearMonth(m.ym) + mark, Count(m.gross), Count(m.cancelled), Count(m.placed),
                  FormatMoney(m.sales),
                  m.growth ? fmt::format("{:+.1f}%", *m.growth * 100) + mark : "", Count(m.active),
                  Count(m.new_users), Count(m.existing_users)});
  }
  out += table.Render();
  std::string note = PartialMonthsNote(r);
  if (!note.empty()) out += "* " + note + "\n";
  return out;
}

// Split values or bin edges as a person reads them: money with two decimals, other numbers
// with at most two (pandas' interpolated edges are doubles such as 234.39200000000002).
std::string JoinEdges(const std::vector<Scalar>& values, bool money) {
  std::string out;
  for (const auto& v : values) {
    std::string text;
    if (money) {
      text = FormatMoney(v);
    } else if (v.type().id == TypeId::kDouble) {
      text = FormatDouble(v.double_value(), 2);
      while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.'))
        text.pop_back();
    } else {
      text = WithThousands(v.ToString());
    }
    out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

std::string RenderRfm(const RetailResults& r) {
  std::string out = fmt::format(
      "RFM segments ({} scoring; recency in days to {}, frequency in invoices, monetary in GBP)\n",
      ScoringName(r.rfm_scoring), FormatDate(r.as_of));
  TextTable table(
      {"segment", "customers", "share", "mean recency", "mean frequency", "mean monetary"});
  for (size_t c = 1; c < 6; ++c) table.SetAlign(c, TextTable::Align::kRight);
  int64_t total = 0;
  for (const auto& s : r.rfm_segments) total += s.customers;
  for (const auto& s : r.rfm_segments)
    table.AddRow(
        {s.segment, Count(s.customers),
         fmt::format(
             "{:.1f}%",
             total ? 100.0 * static_cast<double>(s.customers) / static_cast<double>(total) : 0.0),
         FormatDouble(s.recency, 1), FormatDouble(s.frequency, 2), FormatDouble(s.monetary, 2)});
  for (const auto& name : EmptyRfmSegments(r)) table.AddRow({name, "0", "0.0%", "", "", ""});
  out += table.Render();
  std::string note = EmptyRfmSegmentsNote(r);
  if (!note.empty()) out += note + "\n";
  if (r.rfm_scoring == RfmScoring::kSpark) {
    out += fmt::format("split values: recency {}; frequency {}; monetary {}\n",
                       JoinEdges(r.rfm_splits.recency, false),
                       JoinEdges(r.rfm_splits.frequency, false),
                       JoinEdges(r.rfm_splits.monetary, true));
  } else {
    // pandas scores frequency by rank (qcut of rank(method="first")): its edges are ranks of
    // customers, up to their number, not frequencies.
    out += fmt::format(
        "bin edges: recency {}; frequency rank {} (edges of the customers' ranks by frequency, "
        "1 to {}); monetary {}\n",
        JoinEdges(r.rfm_splits.recency, false), JoinEdges(r.rfm_splits.frequency, false),
        Count(total), JoinEdges(r.rfm_splits.monetary, true));
  }
  return out;
}

}  // namespace

std::string FormatYearMonth(int32_t ym) {
  return fmt::format("{:04d}-{:02d}", ym / 100, ym % 100);
}

std::string FormatMoney(const Scalar& amount) {
  if (amount.is_null()) return "";
  if (amount.type().id != TypeId::kDecimal) return FormatDouble(amount.ToDouble(), 2);
  return WithThousands(FormatMoneyDecimal(amount.int_value(), amount.type().scale));
}

std::string RenderConsoleReport(const RetailResults& r, const ReportSections& sections) {
  std::string out;
  std::string period;
  if (r.first_invoice && r.last_invoice)
    period = fmt::format(", {} to {}", FormatTimestamp(*r.first_invoice).substr(0, 16),
                         FormatTimestamp(*r.last_invoice).substr(0, 16));
  out +=
      fmt::format("{}: {} {}{}\n\n", r.source, Count(r.rows), r.rows == 1 ? "row" : "rows", period);
  if (r.rows == 0) return out + "The input has no rows: there is nothing to report.\n";
  if (sections.invoices) out += RenderAmounts(r) + "\n";
  if (sections.monthly) out += RenderMonthly(r) + "\n";
  if (sections.rfm) out += RenderRfm(r);
  return out;
}

std::string RenderJsonReport(const RetailResults& r, const ReportSections& sections,
                             MonthFormat months_as) {
  ordered_json j;
  j["rows"] = r.rows;
  if (sections.invoices) {
    j["invoice_amount"] = AmountJson(r.invoice_amount);
    j["invoice_amount_below_p85"] = AmountJson(r.invoice_amount_below_p85);
  }
  if (sections.monthly) {
    ordered_json months = ordered_json::array();
    for (const auto& m : r.monthly)
      months.push_back({{"ym", months_as == MonthFormat::kIso ? ordered_json(FormatYearMonth(m.ym))
                                                              : ordered_json(m.ym)},
                        {"gross", m.gross},
                        {"cancelled", m.cancelled},
                        {"placed", m.placed},
                        {"sales", Number(m.sales)},
                        {"growth", m.growth ? ordered_json(*m.growth) : ordered_json(nullptr)},
                        {"active", m.active},
                        {"new_users", m.new_users},
                        {"existing_users", m.existing_users}});
    j["monthly"] = months;
  }
  if (sections.rfm) {
    auto list = [](const std::vector<Scalar>& values) {
      ordered_json a = ordered_json::array();
      for (const auto& v : values) a.push_back(Number(v));
      return a;
    };
    j["rfm_splits"] = {{"recency", list(r.rfm_splits.recency)},
                       {"frequency", list(r.rfm_splits.frequency)},
                       {"monetary", list(r.rfm_splits.monetary)}};
    ordered_json segments = ordered_json::array();
    for (const auto& s : r.rfm_segments)
      segments.push_back({{"segment", s.segment},
                          {"customers", s.customers},
                          {"recency", s.recency},
                          {"frequency", s.frequency},
                          {"monetary", s.monetary}});
    j["rfm_segments"] = segments;
  }
  return j.dump(1) + "\n";
}

void WriteCsvReport(const RetailResults& r, const ReportSections& sections, const std::string& dir,
                    MonthFormat months_as) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) ThrowError("cannot create directory {}: {}", dir, error.message());
  if (sections.invoices) {
    std::string csv = "invoices,n,mean,min,max,median,mode,p85\n";
    auto row = [&](const char* label, const AmountStatistics& s) {
      csv += fmt::format("{},{},{},{},{},{},{},{}\n", label, s.n,
                         s.n ? fmt::format("{}", s.mean) : "", CsvNumber(s.min), CsvNumber(s.max),
                         CsvNumber(s.median), CsvNumber(s.mode), CsvNumber(s.p85));
    };
    row("all", r.invoice_amount);
    row("below_p85", r.invoice_amount_below_p85);
    WriteFileAtomically(dir + "/invoice_amount.csv", csv);
  }
  if (sections.monthly) {
    std::string csv = "ym,gross,cancelled,placed,sales,growth,active,new_users,existing_users\n";
    for (const auto& m : r.monthly)
      csv += fmt::format(
          "{},{},{},{},{},{},{},{},{}\n",
          months_as == MonthFormat::kIso ? FormatYearMonth(m.ym) : std::to_string(m.ym), m.gross,
          m.cancelled, m.placed, CsvNumber(m.sales), m.growth ? fmt::format("{}", *m.growth) : "",
          m.active, m.new_users, m.existing_users);
    WriteFileAtomically(dir + "/monthly.csv", csv);
  }
  if (sections.rfm) {
    std::string splits = "measure,k,value\n";
    auto add = [&](const char* name, const std::vector<Scalar>& values) {
      for (size_t k = 0; k < values.size(); ++k)
        splits += fmt::format("{},{},{}\n", name, k + 1, values[k].ToString());
    };
    add("recency", r.rfm_splits.recency);
    add("frequency", r.rfm_splits.frequency);
    add("monetary", r.rfm_splits.monetary);
    WriteFileAtomically(dir + "/rfm_splits.csv", splits);
    std::string segments = "segment,customers,recency,frequency,monetary\n";
    for (const auto& s : r.rfm_segments)
      segments += fmt::format("{},{},{},{},{}\n", CsvQuoted(s.segment), s.customers, s.recency,
                              s.frequency, s.monetary);
    WriteFileAtomically(dir + "/rfm_segments.csv", segments);
  }
}

std::string RenderRfmCustomersCsv(const RetailResults& r) {
  std::string csv = "customer_id,recency,frequency,monetary,r,f,m,segment\n";
  for (const auto& c : r.rfm_customers)
    csv += fmt::format("{},{},{},{},{},{},{},{}\n", c.customer_id, c.recency, c.frequency,
                       c.monetary.ToString(), c.r, c.f, c.m, CsvQuoted(c.segment));
  return csv;
}

}  // namespace tally
