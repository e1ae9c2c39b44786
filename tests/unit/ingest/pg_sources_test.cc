#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "common/datetime.h"
#include "common/error.h"
#include "ingest/pg_sql_statement.h"
#include "ingest/pg_types.h"
#include "ingest/postgres_source.h"
#include "ingest/sql_script_reader.h"
#include "ingest/text_value.h"
#include "ingest/uci_layout.h"
#include "io/input_stream.h"
#include "io/pg_copy_text.h"

namespace tally {
namespace {

std::vector<std::string> Fields(CopyTextDecoder& d) {
  std::vector<std::string> out;
  for (size_t i = 0; i < d.size(); ++i)
    out.push_back(d.IsNull(i) ? "<NULL>" : std::string(d.field(i)));
  return out;
}

TEST(CopyTextDecoder, EveryEscape) {
  CopyTextDecoder d;
  ASSERT_TRUE(d.Decode("a\\tb\tc\\nd\t\\\\\t\\b\\f\\r\\v"));
  EXPECT_EQ(Fields(d), (std::vector<std::string>{"a\tb", "c\nd", "\\", "\b\f\r\v"}));
  // Octal: 1 to 3 digits; hex: 1 to 2 digits; other escaped characters stand for themselves.
  ASSERT_TRUE(d.Decode("\\101\\7x\\0417\t\\x41\\x4g\\xz\t\\q\\'"));
  EXPECT_EQ(Fields(d), (std::vector<std::string>{"A\ax!7", "A\x04gxz", "q'"}));
}

TEST(CopyTextDecoder, NullAndEmpty) {
  CopyTextDecoder d;
  ASSERT_TRUE(d.Decode("\\N\t\t\\\\N\tN"));
  EXPECT_EQ(Fields(d), (std::vector<std::string>{"<NULL>", "", "\\N", "N"}));
  ASSERT_TRUE(d.Decode(""));
  EXPECT_EQ(Fields(d), (std::vector<std::string>{""}));
  EXPECT_FALSE(d.Decode("abc\\"));
  EXPECT_EQ(d.error(), "line ends in a lone backslash");
}

TEST(PgStatement, InsertForms) {
  PgStatement s = ParsePgStatement(
      "INSERT INTO shop.\"Retail Lines\" (id, \"Name\", price, ok) VALUES "
      "(-6, 'it''s', -2.550, true), (0, E'a\\tb\\'c', 1e3, false), (12, NULL, NULL, NULL)",
      "f.sql", 1);
  ASSERT_EQ(s.kind, PgStatement::Kind::kInsert);
  EXPECT_EQ(s.table, (QualifiedName{"shop", "Retail Lines"}));
  EXPECT_EQ(s.columns, (std::vector<std::string>{"id", "Name", "price", "ok"}));
  ASSERT_EQ(s.rows.size(), 3u);
  using Row = std::vector<std::optional<std::string>>;
  EXPECT_EQ(s.rows[0], (Row{"-6", "it's", "-2.550", "t"}));
  EXPECT_EQ(s.rows[1], (Row{"0", "a\tb'c", "1e3", "f"}));
  EXPECT_EQ(s.rows[2], (Row{"12", std::nullopt, std::nullopt, std::nullopt}));
  PgStatement plain =
      ParsePgStatement("INSERT INTO public.t VALUES ('2010-12-01 08:26:00'::timestamp)", "f", 1);
  EXPECT_TRUE(plain.columns.empty());
  EXPECT_EQ(plain.rows[0][0], "2010-12-01 08:26:00");
}

TEST(PgStatement, NonConstantInsertIsAnErrorWithLine) {
  try {
    ParsePgStatement("INSERT INTO t VALUES\n(1),\n(now())", "d.sql", 10);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().line, 12u);
    EXPECT_NE(std::string(e.what()).find("constants"), std::string::npos);
  }
}

TEST(PgStatement, CreateTableTypesAndCopy) {
  PgStatement s = ParsePgStatement(
      "CREATE TABLE public.retail (a text, b character varying(20), c numeric(18,3), d numeric, "
      "e timestamp with time zone, f timestamp without time zone, g double precision, h real, "
      "i smallint, j bigint, k boolean, l date, m character(3), n integer NOT NULL, "
      "o numeric(30,4), p public.mood)",
      "f", 1);
  ASSERT_EQ(s.kind, PgStatement::Kind::kCreateTable);
  std::vector<std::string> types;
  for (const Field& f : s.fields) types.push_back(f.type.ToString());
  EXPECT_EQ(types, (std::vector<std::string>{"string", "string", "decimal(18,3)", "decimal(18,6)",
                                             "timestamp", "timestamp", "double", "double", "int32",
                                             "int64", "bool", "date", "string", "int32",
                                             "decimal(18,4)", "string"}));
  EXPECT_FALSE(s.fields[13].nullable);
  EXPECT_NE(s.schema_error.find("column p"), std::string::npos);  // reported only if used
  PgStatement copy = ParsePgStatement("COPY shop.\"Retail Lines\" (a, \"B c\") FROM stdin", "f", 1);
  ASSERT_EQ(copy.kind, PgStatement::Kind::kCopyFromStdin);
  EXPECT_EQ(copy.columns, (std::vector<std::string>{"a", "B c"}));
  EXPECT_EQ(ParsePgStatement("SET statement_timeout = 0", "f", 1).kind, PgStatement::Kind::kOther);
}

TEST(Identifiers, ParseAndQuote) {
  EXPECT_EQ(ParseQualifiedName("Retail"), (QualifiedName{"", "retail"}));
  EXPECT_EQ(ParseQualifiedName("shop.\"Retail Lines\""), (QualifiedName{"shop", "Retail Lines"}));
  EXPECT_EQ(ParseQualifiedName("\"a\"\"b\".\"x.y\""), (QualifiedName{"a\"b", "x.y"}));
  EXPECT_THROW(ParseQualifiedName("a.b.c"), Error);
  EXPECT_EQ(QualifiedName({"shop", "Retail Lines"}).ToString(), "shop.\"Retail Lines\"");
  EXPECT_EQ(QuoteIdentifier("ok_1"), "ok_1");
  EXPECT_EQ(QuoteIdentifier("Q\"x"), "\"Q\"\"x\"");
}

TEST(PgTypes, OidsAndTypmods) {
  EXPECT_EQ(PgOidToDataType(1700, ((18 << 16) | 3) + 4, "c"), DataType::Decimal(18, 3));
  EXPECT_EQ(PgOidToDataType(1700, -1, "c"), DataType::Decimal(18, 6));
  EXPECT_EQ(PgOidToDataType(1700, ((38 << 16) | 2) + 4, "c"), DataType::Decimal(18, 2));
  EXPECT_EQ(PgOidToDataType(23, -1, "c"), DataType::Int32());
  EXPECT_EQ(PgOidToDataType(1184, -1, "c"), DataType::Timestamp());
  EXPECT_THROW(PgOidToDataType(3802, -1, "c"), Error);  // jsonb
}

TEST(TextValue, TimestampWithOffsetIsUtc) {
  uint64_t v = 0;
  std::string why;
  int64_t utc;
  ASSERT_TRUE(ParseTimestamp("2010-12-01 08:26:00", &utc));
  ASSERT_TRUE(ParseTextValue(DataType::Timestamp(), "2010-12-01 08:26:00+00", &v, &why));
  EXPECT_EQ(static_cast<int64_t>(v), utc);
  ASSERT_TRUE(ParseTextValue(DataType::Timestamp(), "2010-12-01 10:56:00+02:30", &v, &why));
  EXPECT_EQ(static_cast<int64_t>(v), utc);
  ASSERT_TRUE(ParseTextValue(DataType::Timestamp(), "2010-12-01 03:26:00-05", &v, &why));
  EXPECT_EQ(static_cast<int64_t>(v), utc);
  EXPECT_FALSE(ParseTextValue(DataType::Decimal(18, 2), "1.234", &v, &why));
  EXPECT_FALSE(ParseTextValue(DataType::Int32(), "3000000000", &v, &why));
}

TEST(Uci, DatesCustomerIdsAndHeaders) {
  int64_t expected, got;
  ASSERT_TRUE(ParseTimestamp("2010-12-01 08:26:00", &expected));
  ASSERT_TRUE(ParseUciTimestamp("12/1/2010 8:26", &got));
  EXPECT_EQ(got, expected);
  ASSERT_TRUE(ParseUciTimestamp("12/01/2010 08:26:00", &got));
  EXPECT_EQ(got, expected);
  ASSERT_TRUE(ParseUciTimestamp("2010-12-01 08:26:00", &got));
  EXPECT_EQ(got, expected);
  ASSERT_TRUE(ParseUciTimestamp("1/31/2011 23:59:59", &got));
  ASSERT_TRUE(ParseTimestamp("2011-01-31 23:59:59", &expected));
  EXPECT_EQ(got, expected);
  EXPECT_FALSE(ParseUciTimestamp("2/30/2011 8:26", &got));
  EXPECT_FALSE(ParseUciTimestamp("13/1/2011 8:26", &got));
  EXPECT_FALSE(ParseUciTimestamp("12/1/10 8:26", &got));
  EXPECT_FALSE(ParseUciTimestamp("12/1/2010 8:6", &got));
  int32_t id;
  ASSERT_TRUE(ParseUciCustomerId("17850.0", &id));
  EXPECT_EQ(id, 17850);
  ASSERT_TRUE(ParseUciCustomerId("12346", &id));
  EXPECT_EQ(id, 12346);
  EXPECT_FALSE(ParseUciCustomerId("17850.5", &id));
  EXPECT_EQ(DetectUciLayout({"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
                             "UnitPrice", "CustomerID", "Country"}),
            UciLayout::kOnlineRetail);
  EXPECT_EQ(DetectUciLayout({"Invoice", "StockCode", "Description", "Quantity", "InvoiceDate",
                             "Price", "Customer ID", "Country"}),
            UciLayout::kOnlineRetailII);
  EXPECT_EQ(DetectUciLayout({"invoice_no", "stock_code", "description", "quantity", "invoice_date",
                             "unit_price", "customer_id", "country"}),
            UciLayout::kNone);
}

TEST(PostgresUrl, PasswordIsRemoved) {
  EXPECT_EQ(RedactPostgresUrl("postgresql://bob:pa:ss@db:5432/shop"),
            "postgresql://bob@db:5432/shop");
  EXPECT_EQ(RedactPostgresUrl("postgres://bob@db/shop?password=x&sslmode=off"),
            "postgres://bob@db/shop?sslmode=off");
  EXPECT_EQ(RedactPostgresUrl("postgresql://db/shop"), "postgresql://db/shop");
}

TEST(SqlScriptReader, SplitsStatementsAndStreamsCopyLines) {
  std::string path = ::testing::TempDir() + "/script.sql";
  std::ofstream(path)
      << "-- Name: t; Type: TABLE\n"
         "\\restrict abc\n"
         "SET x = 'a;b';\n"
         "CREATE FUNCTION f() RETURNS int AS $body$ select 1; $body$ LANGUAGE sql;\n"
         "/* a; /* nested; */ b; */ SELECT E'x\\';y', \"q;\"\"\";\n"
         "COPY t (a) FROM stdin;\n"
         "x;y\t1\n"
         "\\.\n"
         "INSERT INTO t VALUES ('it''s;');\n";
  auto input = OpenInput(path);
  SqlScriptReader reader(input.get(), kDefaultMaxRecordBytes);
  std::string sql;
  uint64_t line = 0;
  ASSERT_TRUE(reader.NextStatement(&sql, &line));
  EXPECT_EQ(sql, "SET x = 'a;b'");
  EXPECT_EQ(line, 3u);
  ASSERT_TRUE(reader.NextStatement(&sql, &line));
  EXPECT_EQ(sql, "CREATE FUNCTION f() RETURNS int AS $body$ select 1; $body$ LANGUAGE sql");
  ASSERT_TRUE(reader.NextStatement(&sql, &line));
  EXPECT_EQ(sql, "/* a; /* nested; */ b; */ SELECT E'x\\';y', \"q;\"\"\"");
  ASSERT_TRUE(reader.NextStatement(&sql, &line));
  EXPECT_EQ(sql, "COPY t (a) FROM stdin");
  std::string_view data;
  ASSERT_TRUE(reader.NextLine(&data, &line));
  EXPECT_EQ(data, "x;y\t1");
  EXPECT_EQ(line, 7u);
  ASSERT_TRUE(reader.NextLine(&data, &line));
  EXPECT_EQ(data, "\\.");
  ASSERT_TRUE(reader.NextStatement(&sql, &line));
  EXPECT_EQ(sql, "INSERT INTO t VALUES ('it''s;')");
  EXPECT_EQ(line, 9u);
  EXPECT_FALSE(reader.NextStatement(&sql, &line));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace tally
