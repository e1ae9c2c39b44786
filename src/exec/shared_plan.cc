#include "exec/shared_plan.h"

#include <cmath>
#include <set>

#include "common/error.h"
#include "exec/cardinality.h"
#include "exec/optimizer.h"

namespace tally {

SharedPlanSource::SharedPlanSource(std::string name, PlanPtr plan, bool optimize)
    : name_(std::move(name)), bound_(plan), plan_(optimize ? Optimize(plan) : std::move(plan)) {
  known_rows_ = static_cast<int64_t>(std::llround(EstimateRows(*plan_)));
}

void SharedPlanSource::Scan(const std::vector<int>& /*columns*/, const ExprNode* /*filter*/,
                            const BatchConsumer& /*consumer*/) const {
  throw InternalError("a shared result (" + name_ + ") is scanned only by the executor");
}

DataSourcePtr SharedPlanSource::Result(const std::function<DataSourcePtr()>& compute) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!result_) result_ = compute();
  return result_;
}

void SharedPlanSource::Release() const {
  std::lock_guard<std::mutex> lock(mutex_);
  result_.reset();
}

SharedResultsRelease::~SharedResultsRelease() {
  if (!plan_) return;
  for (const SharedPlanSource* shared : SharedSourcesIn(*plan_)) shared->Release();
}

const SharedPlanSource* SharedSourceOf(const LogicalNode& node) {
  if (node.kind != PlanKind::kScan) return nullptr;
  return dynamic_cast<const SharedPlanSource*>(node.As<ScanNode>().source.get());
}

namespace {

using Renewed = std::map<const SharedPlanSource*, std::shared_ptr<const SharedPlanSource>>;

PlanPtr Renew(const PlanPtr& plan, Renewed* renewed) {
  if (const SharedPlanSource* shared = SharedSourceOf(*plan)) {
    auto found = renewed->find(shared);
    if (found == renewed->end()) {
      PlanPtr inner = Renew(shared->bound(), renewed);
      auto source = std::make_shared<SharedPlanSource>(shared->name(), inner, false);
      found = renewed->emplace(shared, source).first;
    }
    auto node = CopyAs<ScanNode>(plan);
    node->source = found->second;
    return node;
  }
  std::vector<PlanPtr> children;
  bool changed = false;
  for (const auto& c : plan->children) {
    children.push_back(Renew(c, renewed));
    changed = changed || children.back() != c;
  }
  if (!changed) return plan;
  NodePtr node = plan->Copy();
  node->children = std::move(children);
  return node;
}

void CollectShared(const LogicalNode& node, std::set<const SharedPlanSource*>* seen,
                   std::vector<const SharedPlanSource*>* out) {
  if (const SharedPlanSource* shared = SharedSourceOf(node)) {
    if (seen->insert(shared).second) {
      CollectShared(*shared->plan(), seen, out);
      out->push_back(shared);
    }
    return;
  }
  for (const auto& c : node.children) CollectShared(*c, seen, out);
}

}  // namespace

PlanPtr UnoptimizedSharedPlans(const PlanPtr& plan) {
  Renewed renewed;
  return Renew(plan, &renewed);
}

std::vector<const SharedPlanSource*> SharedSourcesIn(const LogicalNode& plan) {
  std::set<const SharedPlanSource*> seen;
  std::vector<const SharedPlanSource*> out;
  CollectShared(plan, &seen, &out);
  return out;
}

}  // namespace tally
