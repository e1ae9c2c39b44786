#include "sql/sql_session.h"

#include <fmt/format.h>

#include "catalog/warehouse.h"
#include "exec/cardinality.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "sql/sql_binder_internal.h"
#include "sql/sql_statements.h"

namespace tally {
namespace {

// The statement's kind as SQL names it: "CreateStmt" -> "CREATE".
std::string StatementName(const std::string& node) {
  static const std::map<std::string, std::string> kNames = {
      {"CreateStmt", "CREATE TABLE"},
      {"CreateTableAsStmt", "CREATE TABLE AS"},
      {"ViewStmt", "CREATE VIEW"},
      {"InsertStmt", "INSERT"},
      {"UpdateStmt", "UPDATE"},
      {"DeleteStmt", "DELETE"},
      {"DropStmt", "DROP"},
      {"CopyStmt", "COPY"},
      {"TransactionStmt", "transactions"},
      {"VariableSetStmt", "SET"}};
  auto it = kNames.find(node);
  return it == kNames.end() ? node : it->second;
}

}  // namespace

std::vector<SqlResult> RunSql(const std::string& text, const SqlCatalog& catalog,
                              QueryContextPtr context, Warehouse* warehouse) {
  std::vector<SqlResult> results;
  SqlViews views;
  StatementEnv env{text, catalog, &views, warehouse, context};
  auto tagged = [&](std::string tag) {
    SqlResult r;
    r.tag = std::move(tag);
    results.push_back(std::move(r));
  };
  for (const SqlStatement& statement : ParseSql(text)) {
    const std::string& kind = NodeType(statement.tree);
    const Json& body = NodeBody(statement.tree);
    if (kind == "CreateStmt") {
      tagged(CreateTable(body, env));
      continue;
    }
    if (kind == "CreateTableAsStmt") {
      tagged(CreateTableAs(body, env));
      continue;
    }
    if (kind == "InsertStmt") {
      tagged(InsertInto(body, env));
      continue;
    }
    if (kind == "CopyStmt") {
      tagged(Copy(body, env));
      continue;
    }
    if (kind == "DropStmt" && body.value("removeType", "") == "OBJECT_TABLE") {
      tagged(DropTables(body, env));
      continue;
    }
    if (kind == "DescribeStmt") {
      results.push_back({Describe(body, env), "", false, ""});
      continue;
    }
    if (kind == "VariableShowStmt" && body.value("name", "") == "tables") {
      results.push_back({ShowTables(env), "", false, ""});
      continue;
    }
    if (kind == "SelectStmt") {
      PlanPtr plan = BindQuery(statement.tree, text, catalog, &views);
      results.push_back({Execute(plan, context), "", false, ""});
      continue;
    }
    if (kind == "ViewStmt") {
      // With a warehouse, views are kept in it; without, they live as long as the script.
      std::string name = body["view"].value("relname", "");
      int at = body["view"].value("location", -1);
      bool replace = body.value("replace", false);
      bool exists = views.count(name) || (warehouse && warehouse->FindView(name));
      if ((exists && !replace) || catalog.FindTable(name))
        ThrowSqlError(text, at, fmt::format("relation \"{}\" already exists", name));
      if (warehouse) {
        std::string sql = text.substr(statement.begin, statement.end - statement.begin);
        BindQuery(body["query"], text, catalog, &views);  // errors show now, not at first use
        // In a distributed run rank 0 stores the view while the others wait.
        Communicator& comm = context ? context->communicator() : CurrentCommunicator();
        comm.Barrier();  // every rank has checked the names before the view exists
        if (comm.rank() == 0) warehouse->SaveView(name, sql);
        comm.Barrier();
        tagged("CREATE VIEW");
        continue;
      }
      SqlView view{body["query"], {}};
      if (body.contains("aliases"))
        for (const auto& a : body["aliases"]) view.columns.push_back(StringValue(a));
      BindQuery(view.query, text, catalog, &views);  // errors show now, not at first use
      views[name] = std::move(view);
      tagged("CREATE VIEW");
      continue;
    }
    if (kind == "DropStmt" && body.value("removeType", "") == "OBJECT_VIEW") {
      for (const auto& object : body["objects"]) {
        std::string name = StringValue(NodeBody(object)["items"].back());
        bool stored = warehouse && warehouse->FindView(name);
        Communicator& comm = context ? context->communicator() : CurrentCommunicator();
        comm.Barrier();  // every rank has looked before the view goes
        if (stored && comm.rank() == 0) warehouse->DropView(name);
        comm.Barrier();
        if (!views.erase(name) && !stored && !body.value("missing_ok", false))
          ThrowSqlError(text, static_cast<int>(statement.begin),
                        fmt::format("view \"{}\" does not exist", name));
      }
      tagged("DROP VIEW");
      continue;
    }
    if (kind == "ExplainStmt") {
      const Json& query = body["query"];
      if (NodeType(query) != "SelectStmt")
        ThrowSqlError(text, static_cast<int>(statement.begin), "EXPLAIN needs a query");
      bool analyze = false;
      if (body.contains("options"))
        for (const auto& option : body["options"]) {
          const Json& element = NodeBody(option);
          std::string name = element.value("defname", "");
          // ANALYZE alone, or ANALYZE true/on (a boolean option's value is a String).
          bool on =
              !element.contains("arg") || NodeType(element["arg"]) != "String" ||
              (StringValue(element["arg"]) != "false" && StringValue(element["arg"]) != "off");
          if (name == "analyze") {
            analyze = on;
          } else if (name != "verbose" && name != "costs") {
            ThrowSqlError(text, element.value("location", -1),
                          fmt::format("not supported: EXPLAIN option {}", name));
          }
        }
      PlanPtr plan = BindQuery(query, text, catalog, &views);
      results.push_back(
          {Table(), analyze ? ExplainAnalyze(plan, context) : ExplainWithEstimates(Optimize(plan)),
           true, ""});
      continue;
    }
    ThrowSqlError(text, static_cast<int>(statement.begin),
                  fmt::format("not supported yet: {}", StatementName(kind)));
  }
  return results;
}

PlanPtr PlanSingleQuery(const std::string& text, const SqlCatalog& catalog) {
  std::vector<SqlStatement> statements = ParseSql(text);
  if (statements.size() != 1 || NodeType(statements[0].tree) != "SelectStmt") return nullptr;
  return BindQuery(statements[0].tree, text, catalog);
}

}  // namespace tally
