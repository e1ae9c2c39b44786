#include "exec/exchange.h"

#include "dist/byte_buffer.h"
#include "exec/row_hash.h"

namespace tally {
namespace {

constexpr uint64_t kExchangeSeed = 0xd157'1b07ULL;
constexpr uint64_t kShuffleSeed = 0x5bff'1e00ULL;
constexpr uint64_t kPartitionSeed = 0x5eed'0f'1a57ULL;

// A global aggregate (no keys): each aggregate's partial states meet on their own rank
// (aggregate a on rank a % size), so that the ranks share the finalizing of holistic ones
// (sorting every invoice total for a median, say); the finished values then meet on rank 0,
// which returns the one row.
std::vector<Batch> ExchangeGlobal(std::unique_ptr<AggregateLocal> partial,
                                  const AggregatePlan& plan, std::shared_ptr<const Schema> schema,
                                  Communicator& comm) {
  size_t ranks = static_cast<size_t>(comm.size());
  size_t aggregates = plan.functions.size();
  auto owner = [&](size_t a) { return a % ranks; };
  uint32_t group = 0;
  size_t groups = partial->table.num_groups();  // 0 (no input) or 1
  std::vector<std::string> messages(ranks);
  for (size_t r = 0; r < ranks; ++r) PutValue<uint64_t>(&messages[r], groups);
  for (size_t a = 0; a < aggregates; ++a) {
    partial->states[a]->Resize(groups);
    if (groups > 0) partial->states[a]->Serialize(&group, 1, &messages[owner(a)]);
  }
  partial.reset();
  std::vector<std::string> received = comm.AllToAll(std::move(messages));
  AggregateLocal result(plan);
  result.table.FindOrInsert({}, 1, &group);
  for (auto& s : result.states) s->Resize(1);
  for (const std::string& message : received) {
    ByteReader in(message);
    if (in.Get<uint64_t>() == 0) continue;
    for (size_t a = 0; a < aggregates; ++a)
      if (owner(a) == static_cast<size_t>(comm.rank()))
        result.states[a]->MergeSerialized(in, &group, 1);
  }
  Batch mine = FinalizeAggregate(result, schema, true)[0];
  std::vector<std::string> finished = comm.AllGather(EncodeBatch(mine));
  if (comm.rank() != 0) return {};
  Batch row;
  row.schema = schema;
  row.num_rows = 1;
  for (size_t a = 0; a < aggregates; ++a)
    row.columns.push_back(DecodeBatch(finished[owner(a)], schema).columns[a]);
  return {row};
}

// Sends each group of `partial` to its owner and returns the owned groups' results.
std::vector<Batch> ExchangePartials(std::unique_ptr<AggregateLocal> partial,
                                    const AggregatePlan& plan, std::shared_ptr<const Schema> schema,
                                    Communicator& comm) {
  if (plan.keys.empty()) return ExchangeGlobal(std::move(partial), plan, schema, comm);
  size_t groups = partial->table.num_groups();
  size_t ranks = static_cast<size_t>(comm.size());
  std::vector<std::vector<uint32_t>> owned_by(ranks);
  auto key_schema = KeySchema(plan);
  Batch keys;
  keys.schema = key_schema;
  keys.num_rows = groups;
  keys.columns = partial->table.KeyColumns();
  std::vector<const Column*> columns;
  for (const auto& c : keys.columns) columns.push_back(c.get());
  std::vector<uint64_t> hashes(groups);
  HashRows(columns, groups, kExchangeSeed, hashes.data());
  for (size_t g = 0; g < groups; ++g)
    owned_by[((hashes[g] >> 32) * ranks) >> 32].push_back(static_cast<uint32_t>(g));
  std::vector<std::string> messages(ranks);
  for (size_t r = 0; r < ranks; ++r) SerializeGroups(*partial, keys, owned_by[r], &messages[r]);
  partial.reset();
  std::vector<std::string> received = comm.AllToAll(std::move(messages));
  AggregateLocal result(plan);
  for (const std::string& message : received) {
    ByteReader in(message);
    MergeSerializedGroups(in, key_schema, &result);
  }
  return FinalizeAggregate(result, std::move(schema), false);
}

}  // namespace

void AppendRowsForRanks(const Batch& batch, const std::vector<std::vector<uint32_t>>& to_rank,
                        std::vector<std::string>* messages) {
  for (size_t r = 0; r < to_rank.size(); ++r)
    if (!to_rank[r].empty()) PutString(&(*messages)[r], EncodeBatch(TakeBatch(batch, to_rank[r])));
}

std::vector<Batch> DecodeMessages(const std::vector<std::string>& messages,
                                  const std::shared_ptr<const Schema>& schema) {
  std::vector<Batch> out;
  for (const std::string& message : messages) {
    ByteReader in(message);
    while (!in.done()) out.push_back(DecodeBatch(std::string(in.GetString()), schema));
  }
  return out;
}

// Every rank's rows of a sharded stream on every rank (in rank order), for operators that
// need all rows in one place (sort, window, limit, a join's build side).
Stream Gathered(Stream child) {
  if (!child.sharded) return child;
  Communicator* comm = &ContextOf(child).communicator();
  auto schema = child.schema;
  auto context = child.context;
  return {schema,
          [child, comm, schema, context](const BatchConsumer& consumer) {
            std::string mine;
            for (const Batch& b : Collect(child)) PutString(&mine, EncodeBatch(b));
            FromBatches(schema, DecodeMessages(comm->AllGather(std::move(mine)), schema), context)
                .run(consumer);
          },
          false, context};
}

Stream ShuffledByKeys(Stream input, std::vector<BoundExprPtr> keys) {
  TALLY_ASSERT(input.sharded);
  Communicator* comm = &ContextOf(input).communicator();
  auto schema = input.schema;
  auto context = input.context;
  return {schema,
          [input, keys, comm, schema, context](const BatchConsumer& consumer) {
            const size_t ranks = static_cast<size_t>(comm->size());
            std::vector<std::string> send(ranks);
            for (Batch& b : Collect(input)) {
              if (b.num_rows == 0) continue;
              b.schema = schema;
              std::vector<uint64_t> hashes = HashKeys(keys, b, kShuffleSeed);
              std::vector<std::vector<uint32_t>> to_rank(ranks);
              for (size_t i = 0; i < b.num_rows; ++i)
                to_rank[hashes[i] % ranks].push_back(static_cast<uint32_t>(i));
              AppendRowsForRanks(b, to_rank, &send);
            }
            FromBatches(schema, DecodeMessages(comm->AllToAll(std::move(send)), schema), context)
                .run(consumer);
          },
          true, context};
}

std::vector<Batch> ExchangeAggregate(const Stream& input, const AggregatePlan& plan,
                                     std::shared_ptr<const Schema> schema, Communicator& comm) {
  // A global aggregate has one group: nothing to partition.
  if (plan.keys.empty())
    return ExchangePartials(AggregatePartials(input, plan, nullptr), plan, schema, comm);
  PartialSpill spill(plan, ContextOf(input), kPartitionSeed);
  std::unique_ptr<AggregateLocal> partial = AggregatePartials(input, plan, &spill);
  // Every rank must take the same path (the exchanges are collective).
  bool fits = true;
  for (const std::string& answer : comm.AllGather(partial ? "fits" : "spills"))
    fits = fits && answer == "fits";
  if (fits) return ExchangePartials(std::move(partial), plan, schema, comm);
  // Past the budget somewhere: every rank's partial states go to partitions (by one hash on
  // all ranks), and the ranks exchange one partition at a time.
  if (partial) spill.Flush(partial);
  std::vector<Batch> out;
  for (size_t p = 0; p < kSpillPartitions; ++p) {
    auto merged = spill.used() ? MergePartition(*spill.file(p), plan)
                               : std::make_unique<AggregateLocal>(plan);
    for (auto& batch : ExchangePartials(std::move(merged), plan, schema, comm))
      out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace tally
