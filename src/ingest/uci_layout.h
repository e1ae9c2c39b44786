#pragma once
// The original UCI "Online Retail" CSV layouts, recognised from the header and mapped onto the
// retail schema (csv_schema.h) by renaming and converting columns:
//
//   Online Retail:    InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,
//                     CustomerID,Country
//   Online Retail II: Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,
//                     Country
//
// InvoiceDate is "M/D/YYYY H:MM" (as Excel exports it), "M/D/YYYY H:MM:SS" or ISO
// "YYYY-MM-DD HH:MM[:SS]"; CustomerID may carry a zero fraction ("17850.0").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"

namespace tally {

enum class UciLayout { kNone, kOnlineRetail, kOnlineRetailII };

// From header names (case-insensitive, surrounding spaces ignored).
UciLayout DetectUciLayout(const std::vector<std::string>& header);
// Reads the header of a CSV file (any compression).
UciLayout DetectUciLayoutOfFile(const std::string& path, const CsvOptions& options);

bool ParseUciTimestamp(std::string_view text, int64_t* micros);
// "17850", "17850.0", "17850.00" -> 17850; false for any other fraction or text.
bool ParseUciCustomerId(std::string_view text, int32_t* out);

// Ingests a UCI-layout CSV as the retail schema. Values that do not convert are rejected (or
// skipped with --on-error skip) with their record number counted from the header as line 1.
IngestResult IngestUciCsv(Warehouse& warehouse, const CsvIngestOptions& options, UciLayout layout);

}  // namespace tally
