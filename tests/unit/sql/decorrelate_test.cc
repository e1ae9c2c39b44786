// The decorrelation pass: the plan a correlated subquery binds to (a DependentJoin), the joins
// it becomes, and its answers against evaluating the subquery once per outer row, the way the
// query is written (an independent oracle: each row's outside references replaced by the row's
// values, the subquery run on its own).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../exec/test_util.h"
#include "common/error.h"
#include "exec/column_util.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "sql/sql_binder.h"
#include "sql/sql_parse.h"

namespace tally {
namespace {

using namespace tally::testing;

DataSourcePtr Source(std::vector<std::pair<std::string, ColumnPtr>> cols) {
  Batch b = MakeBatch(std::move(cols));
  return MakeMemorySource(b.schema, {b});
}

// o: orders (id, cust, amount); c: customers (id, country). NULLs on both sides of the keys.
class Tables : public SqlCatalog {
 public:
  DataSourcePtr FindTable(const std::string& name) const override {
    if (name == "o")
      return Source({{"id", Int64s({10, 11, 12, 13, 14, 15, 16})},
                     {"cust", Int64s({1, 1, 2, 5, std::nullopt, 3, 1})},
                     {"amount", Int64s({50, 75, 32, 99, 10, std::nullopt, 20})}});
    if (name == "c")
      return Source({{"id", Int64s({1, 2, 3, 4, std::nullopt})},
                     {"country", Strings({"UK", "FR", "UK", std::nullopt, "FR"})}});
    return nullptr;
  }
  std::vector<std::string> TableNames() const override { return {"o", "c"}; }
};

PlanPtr Bind(const std::string& sql) {
  return BindQuery(ParseSql(sql)[0].tree, sql, Tables());
}

// `plan` with every reference to the columns `ids` (of `row` of `values`) made a literal.
PlanPtr WithValues(const PlanPtr& plan, const std::vector<ColumnId>& ids, const Table& values,
                   size_t row) {
  NodePtr node = plan->Copy();
  for (auto& c : node->children) c = WithValues(c, ids, values, row);
  std::function<ExprPtr(const ExprPtr&)> replace = [&](const ExprPtr& e) -> ExprPtr {
    if (e->kind == ExprKind::kOuterColumn)
      for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == static_cast<ColumnId>(e->column_id))
          return MakeCast(MakeLiteral(values.GetScalar(row, i)), e->cast_type);
    if (e->args.empty()) return e;
    auto copy = std::make_shared<ExprNode>(*e);
    for (auto& a : copy->args) a = replace(a);
    return copy;
  };
  node->RewriteExpressions(replace);
  return node;
}

// `plan` with each DependentJoin computed row by row (the oracle).
PlanPtr EvaluateNaively(const PlanPtr& plan) {
  if (plan->kind != PlanKind::kDependentJoin) {
    NodePtr node = plan->Copy();
    for (auto& c : node->children) c = EvaluateNaively(c);
    return node;
  }
  const auto& dj = plan->As<DependentJoinNode>();
  PlanPtr left = plan->children[0];
  Table rows = ExecuteWithoutOptimizer(EvaluateNaively(left));
  std::vector<ColumnPtr> columns;
  for (const auto& f : plan->schema->fields()) columns.push_back(Column::Make(f.type));
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    PlanPtr sub = EvaluateNaively(WithValues(plan->children[1], left->ids, rows, r));
    Table result = ExecuteWithoutOptimizer(MakeLimitNode(sub, 2));
    if (dj.subquery == SubqueryKind::kScalar && result.num_rows() > 1)
      ThrowError("more than one row returned by a subquery used as an expression");
    if (dj.subquery == SubqueryKind::kExists && result.num_rows() == 0) continue;
    if (dj.subquery == SubqueryKind::kNotExists && result.num_rows() > 0) continue;
    for (size_t i = 0; i < left->ids.size(); ++i) columns[i]->AppendFrom(*rows.column(i), r);
    if (dj.subquery == SubqueryKind::kScalar) {
      Scalar value = result.num_rows() == 0 ? Scalar::Null(plan->schema->fields().back().type)
                                            : result.GetScalar(0, 0);
      columns.back()->AppendFrom(*BroadcastScalar(value, 1), 0);
    }
  }
  Batch batch;
  batch.schema = PhysicalSchema(*plan);
  batch.columns = columns;
  batch.num_rows = columns[0]->size();
  NodePtr scan = MakeScanNode(MakeMemorySource(batch.schema, {batch}))->Copy();
  scan->ids = plan->ids;
  scan->schema = plan->schema;
  return scan;
}

std::string Text(const PlanPtr& plan) {
  return plan->ToString();
}

// The query's rows from the optimizer equal the row-by-row evaluation's.
void ExpectOracleRows(const std::string& sql) {
  PlanPtr plan = Bind(sql);
  EXPECT_EQ(SortedRows(Execute(plan)), SortedRows(ExecuteWithoutOptimizer(EvaluateNaively(plan))))
      << sql << "\n"
      << Text(Decorrelate(plan));
}

TEST(Decorrelate, AnExistsCorrelatedByAnEqualityBecomesASemiJoinOnIt) {
  PlanPtr plan = Bind("SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.id)");
  EXPECT_EQ(Text(plan),
            "Project id as id\n"
            "  DependentJoin exists\n"
            "    Scan memory(5 rows) [id, country]\n"
            "    Project 1 as ?column?\n"
            "      Filter (cust == outer.id)\n"
            "        Scan memory(7 rows) [id, cust, amount]\n");
  EXPECT_EQ(Text(Decorrelate(plan)),
            "Project id as id\n"
            "  Join semi on [id = cust]\n"
            "    Scan memory(5 rows) [id, country]\n"
            "    Scan memory(7 rows) [id, cust, amount]\n");
  ExpectOracleRows("SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.id)");
}

TEST(Decorrelate, AScalarAggregateGroupsByTheColumnItIsEquatedWith) {
  // count(*) over no rows is 0: a customer without orders gets the constant, not NULL.
  std::string sql = "SELECT id, (SELECT count(*) FROM o WHERE o.cust = c.id) FROM c";
  PlanPtr plan = Bind(sql);
  ColumnId c_id = plan->children[0]->children[0]->ids[0];  // the carried column's name has it
  EXPECT_EQ(Text(Decorrelate(plan)),
            fmt::format(
                "Project id as id, count as count\n"
                "  Project id, country, case when is_null(#found) then 0 else #value end as count\n"
                "    Join left on [id = #outer{0}]\n"
                "      Scan memory(5 rows) [id, country]\n"
                "      Project #agg0 as count as #value, #outer{0} as #outer{0}, true as #found\n"
                "        Aggregate keys=[cust as #outer{0}] aggregates=[count(*) as #agg0]\n"
                "          Filter is_not_null(cust)\n"
                "            Scan memory(7 rows) [id, cust, amount]\n",
                c_id));
  ExpectOracleRows(sql);
}

TEST(Decorrelate, AnInequalityNeedsTheDomainOfTheOuterValues) {
  // No column of o equals c.id: the subquery is computed for each distinct c.id (NULL too).
  std::string sql = "SELECT id, (SELECT count(*) FROM o WHERE o.amount > c.id * 20) FROM c";
  std::string text = Text(Decorrelate(Bind(sql)));
  EXPECT_NE(text.find("Distinct"), std::string::npos) << text;
  EXPECT_NE(text.find("is_null"), std::string::npos) << text;  // NULL meets NULL
  ExpectOracleRows(sql);
}

TEST(Decorrelate, NoOutsideReferenceIsLeft) {
  PlanPtr plan = Bind(
      "SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.id AND o.amount > "
      "(SELECT avg(p.amount) FROM o p WHERE p.cust = o.cust AND p.id <> c.id))");
  EXPECT_NE(Text(plan).find("outer."), std::string::npos);
  std::string text = Text(Decorrelate(plan));
  EXPECT_EQ(text.find("Dependent"), std::string::npos) << text;
  EXPECT_EQ(text.find("outer."), std::string::npos) << text;
}

TEST(Decorrelate, EveryShapeAgreesWithRowByRowEvaluation) {
  for (const char* sql : {
           "SELECT id FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cust = c.id)",
           "SELECT id FROM c WHERE EXISTS (SELECT sum(amount) FROM o WHERE o.cust = c.id)",
           "SELECT id FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cust = c.id HAVING "
           "count(*) > 1)",
           "SELECT id, (SELECT count(*) FROM o WHERE o.cust = c.id GROUP BY o.cust) FROM c",
           "SELECT id, (SELECT sum(amount) FROM o WHERE o.cust = c.id AND o.id > c.id + 10) "
           "FROM c",
           "SELECT id, (SELECT count(*) FROM o WHERE o.cust = c.id OR c.country IS NULL) FROM c",
           "SELECT id, c.id IN (SELECT cust FROM o WHERE o.amount < c.id * 30) FROM c",
           "SELECT id, c.id NOT IN (SELECT cust FROM o WHERE o.id > 10 + c.id) FROM c",
           "SELECT id, EXISTS (SELECT 1 FROM o WHERE o.amount > c.id * 40) FROM c",
           "SELECT id, (SELECT amount FROM o WHERE o.cust = c.id ORDER BY amount DESC LIMIT 1) "
           "FROM c",
           "SELECT id, (SELECT max(r) FROM (SELECT rank() OVER (ORDER BY amount) AS r FROM o "
           "WHERE o.cust = c.id) x) FROM c",
           "SELECT id, (SELECT count(*) FROM (SELECT DISTINCT cust FROM o WHERE o.amount > c.id "
           "* 10) x) FROM c",
           "SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.id AND amount > 60 "
           "UNION ALL SELECT 1 FROM c d WHERE d.country = c.country AND d.id <> c.id)",
           "SELECT id, (SELECT count(*) FROM o JOIN c d ON o.cust = d.id WHERE d.country = "
           "c.country AND o.amount > c.id) FROM c",
           "SELECT id, (SELECT count(d.id) FROM o LEFT JOIN c d ON o.cust = d.id AND d.country = "
           "c.country) FROM c",
           "SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.id AND o.amount > "
           "(SELECT avg(p.amount) FROM o p WHERE p.cust = o.cust))",
           "SELECT id, (SELECT count(*) FROM o WHERE o.cust = c.id AND o.amount = (SELECT "
           "max(p.amount) FROM o p WHERE p.cust = c.id)) FROM c",
       })
    ExpectOracleRows(sql);
}

TEST(Decorrelate, ACopyOfACorrelatedPlanReadsItsOwnColumns) {
  // A temporary view or a self-join copies a bound plan with new column ids: the subquery's
  // references to the enclosing query must follow.
  PlanPtr plan = Bind("SELECT id, (SELECT count(*) FROM o WHERE o.cust = c.id) AS n FROM c");
  std::map<ColumnId, ColumnId> remap;
  PlanPtr copy = Reinstantiate(plan, &remap);
  EXPECT_EQ(SortedRows(Execute(copy)), SortedRows(Execute(plan)));
  Table rows = Execute(plan);
  size_t with_id = 0;
  for (size_t r = 0; r < rows.num_rows(); ++r) with_id += rows.GetScalar(r, 0).is_null() ? 0 : 1;
  ExprPtr id = MakeColumnRef("id", plan->ids[0]);
  EXPECT_EQ(Execute(MakeJoinNode(plan, plan, {id}, {id}, JoinType::kInner)).num_rows(), with_id);
}

TEST(Decorrelate, MoreThanOneRowForAnOuterRowIsAnError) {
  PlanPtr plan = Bind("SELECT id, (SELECT o.id FROM o WHERE o.amount > c.id) FROM c");
  EXPECT_THROW(Execute(plan), Error);
  EXPECT_THROW(ExecuteWithoutOptimizer(EvaluateNaively(plan)), Error);
}

}  // namespace
}  // namespace tally
