#pragma once
// The public DataFrame API (modelled on Spark's): a DataFrame is an immutable, lazy logical
// plan; transformations return new DataFrames, collect() plans and executes on all cores.
// Schemas are resolved eagerly, so a bad column name throws tally::Error where it is written.
#include <memory>
#include <string>
#include <vector>

#include "exec/logical_plan.h"
#include "exec/query_context.h"
#include "exec/table.h"
#include "frame/functions.h"

namespace tally {

class GroupedData;

class DataFrame {
 public:
  static DataFrame FromTable(Table t);
  static DataFrame ReadParquet(std::vector<std::string> paths);
  // `format`: the delimiter, header and NULL text.
  static DataFrame ReadCsv(std::string path, std::shared_ptr<const Schema> schema = nullptr,
                           CsvOptions format = {});
  static DataFrame FromPlan(PlanPtr plan) { return DataFrame(std::move(plan)); }

  DataFrame filter(Expr predicate) const;
  DataFrame where(Expr predicate) const { return filter(std::move(predicate)); }
  DataFrame select(std::vector<Expr> exprs) const;
  // Replaces the column of that name (keeping its position) or appends a new one.
  DataFrame with_column(std::string name, Expr e) const;
  GroupedData group_by(std::vector<Expr> keys) const;
  // Global aggregate: one row. Expressions over aggregates (sum(a) / count(b)) are allowed.
  DataFrame agg(std::vector<Expr> aggregates) const;
  DataFrame order_by(std::vector<SortKey> keys) const;
  DataFrame limit(int64_t n) const;
  DataFrame distinct() const;
  DataFrame join(const DataFrame& right, std::vector<std::string> keys,
                 JoinType type = JoinType::kInner) const;
  // A join on a condition over both sides' columns (refer to them with column(), so that a
  // name both sides have is not ambiguous). Equalities between a left and a right expression
  // become hash join keys. Output: the left's columns, then the right's (semi, anti: the left's).
  DataFrame join_on(const DataFrame& right, Expr condition, JoinType type = JoinType::kInner) const;
  // A cross join: every pair of rows.
  DataFrame cross_join(const DataFrame& right) const;
  DataFrame with_window(std::string name, Expr window_function, WindowSpec spec) const;
  DataFrame union_all(const DataFrame& other) const;
  // Executes now and returns a DataFrame over the materialized result, for reuse: in memory
  // within the memory budget (reserved while the result lives), else in a spill file.
  DataFrame cache(QueryContextPtr context = nullptr) const;
  // Whether computing this DataFrame parses text files (a CSV scan), so that each use costs a
  // full parse: worth a cache() when it is used several times. Parquet and in-memory data are
  // cheaper to scan again than to hold in memory.
  bool parses_text() const;
  // The estimated in-memory size of all data the plan scans (0 when unknown).
  size_t estimated_source_bytes() const;

  const std::shared_ptr<const Schema>& schema() const { return plan_->schema; }
  // The column `name` of this DataFrame as an expression bound to it: it names that column even
  // where another input of a join has one of the same name. Throws for an unknown name.
  Expr column(const std::string& name) const;
  // The plan as it will run (after the optimizer), each operator with its estimated rows.
  std::string explain() const;
  const PlanPtr& plan() const { return plan_; }
  // Runs the query with `context` (its budget, spill place, cancellation, progress; nullptr: the
  // process's defaults).
  Table collect(QueryContextPtr context = nullptr) const;

 private:
  explicit DataFrame(PlanPtr plan) : plan_(std::move(plan)) {}
  friend class GroupedData;
  PlanPtr plan_;
};

class GroupedData {
 public:
  // Output: the keys, then one column per aggregate expression.
  DataFrame agg(std::vector<Expr> aggregates) const;

 private:
  friend class DataFrame;
  GroupedData(PlanPtr plan, std::vector<Expr> keys)
      : plan_(std::move(plan)), keys_(std::move(keys)) {}
  PlanPtr plan_;
  std::vector<Expr> keys_;
};

}  // namespace tally
