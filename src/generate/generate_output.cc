#include "generate/generate_output.h"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "common/error.h"
#include "generate/retail_batch.h"
#include "generate/retail_csv_format.h"
#include "io/file_writer.h"
#include "io/parquet/parquet_writer.h"

namespace tally::generate {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int ThreadCount(int requested) {
  return requested > 0 ? requested : tbb::this_task_arena::max_concurrency();
}

std::string Compress(const std::string& text, int level) {
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  size_t size = ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), level);
  if (ZSTD_isError(size)) throw InternalError(fmt::format("zstd: {}", ZSTD_getErrorName(size)));
  frame.resize(size);
  return frame;
}

// Runs body(block) in parallel and then sink(block, result) in block order.
template <typename Result, typename Body, typename Sink>
void RunBlocks(size_t blocks, int threads, Body&& body, Sink&& sink) {
  tbb::task_arena arena(threads);
  arena.execute([&] {
    size_t next = 0;
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 2,
        tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                       [&](tbb::flow_control& fc) -> size_t {
                                         if (next == blocks) {
                                           fc.stop();
                                           return 0;
                                         }
                                         return next++;
                                       }) &
            tbb::make_filter<size_t, std::shared_ptr<Result>>(
                tbb::filter_mode::parallel,
                [&](size_t block) { return std::make_shared<Result>(body(block)); }) &
            tbb::make_filter<std::shared_ptr<Result>, void>(
                tbb::filter_mode::serial_in_order,
                [&](const std::shared_ptr<Result>& result) { sink(*result); }));
  });
}

}  // namespace

GenerateResult WriteRetailCsv(const std::string& path, const GenerateOptions& options) {
  RetailGenerator generator(options.generator);
  bool zstd = EndsWith(path, ".zst");
  std::string temp = path + ".partial";
  GenerateResult result;
  {
    FileWriter file(temp);
    std::string header = kRetailCsvHeader;
    if (zstd) header = Compress(header, options.zstd_level);
    file.Write(header);
    int64_t rows_done = 0;
    RunBlocks<std::pair<int64_t, std::string>>(
        generator.num_blocks(), ThreadCount(options.threads),
        [&](size_t block) {
          RowBlock rows;
          generator.Generate(block, &rows);
          std::string text;
          AppendCsvRows(generator, rows, &text);
          if (zstd) text = Compress(text, options.zstd_level);
          return std::pair<int64_t, std::string>{static_cast<int64_t>(rows.size()),
                                                 std::move(text)};
        },
        [&](const std::pair<int64_t, std::string>& chunk) {
          file.Write(chunk.second);
          rows_done += chunk.first;
          if (options.progress) options.progress(rows_done, file.position());
        });
    result.rows = rows_done;
    result.bytes = file.position();
    file.Close();
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::filesystem::remove(temp, error);
    ThrowError("cannot write {}: {}", path, error.message());
  }
  return result;
}

TableEntry WriteRetailTable(Warehouse& warehouse, const std::string& table, WriteMode mode,
                            const GenerateOptions& options) {
  RetailGenerator generator(options.generator);
  RetailBatchBuilder builder(generator);
  auto writer = warehouse.BeginWrite(table, builder.schema(), mode,
                                     fmt::format("tally generate --rows {} --seed {}",
                                                 options.generator.rows, options.generator.seed));
  ParquetWriteOptions parquet;
  parquet.row_group_rows = 128 * 1024;  // as CSV ingest: several morsels per file
  constexpr int64_t kRowsPerFile = 8 << 20;

  std::unique_ptr<ParquetWriter> file;
  std::string file_path;
  int64_t rows_in_file = 0, rows_done = 0;
  auto close_file = [&] {
    if (!file) return;
    writer->AddFile(file_path, file->Close());
    file.reset();
    rows_in_file = 0;
  };
  RunBlocks<Batch>(
      generator.num_blocks(), ThreadCount(options.threads),
      [&](size_t block) {
        RowBlock rows;
        generator.Generate(block, &rows);
        return builder.Build(rows);
      },
      [&](const Batch& batch) {
        if (!file) {
          file_path = writer->NewFilePath();
          file = std::make_unique<ParquetWriter>(file_path, builder.schema(), parquet);
        }
        file->Write(batch);
        rows_in_file += static_cast<int64_t>(batch.num_rows);
        rows_done += static_cast<int64_t>(batch.num_rows);
        if (options.progress) options.progress(rows_done, 0);
        if (rows_in_file >= kRowsPerFile) close_file();
      });
  close_file();
  return writer->Commit();
}

}  // namespace tally::generate
