// The five countries with the highest sales in a retail CSV file, with tally's DataFrame API.
//
//   top_countries data.csv
//
// Prints "country,sales,invoices" lines, highest sales first.
#include <tally/frame/dataframe.h>
#include <tally/io/csv/csv_schema.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s RETAIL.csv\n", argv[0]);
    return 2;
  }
  using namespace tally;
  try {
    // The retail layout: exact decimal prices. Without a schema the types are inferred from the
    // first rows, and a later value that does not fit them is an error naming its line.
    DataFrame lines = DataFrame::ReadCsv(argv[1], RetailSchema());
    DataFrame sales = lines.filter(col("quantity") > lit(0) && col("unit_price") > lit(0))
                          .group_by({col("country")})
                          .agg({sum(col("quantity") * col("unit_price")).alias("sales"),
                                count_distinct(col("invoice_no")).alias("invoices")})
                          .order_by({desc(col("sales")), asc(col("country"))})
                          .limit(5);
    Table top = sales.collect();  // plans, optimizes and runs on all cores
    for (size_t row = 0; row < top.num_rows(); ++row)
      std::printf("%s,%s,%s\n", top.GetScalar(row, "country").ToString().c_str(),
                  top.GetScalar(row, "sales").ToString().c_str(),
                  top.GetScalar(row, "invoices").ToString().c_str());
  } catch (const std::exception& e) {  // tally::Error for bad input, with file and line
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
