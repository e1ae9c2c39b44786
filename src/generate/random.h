#pragma once
// Small, fast, seedable random numbers for the data generator. Every block of generated rows
// draws from its own stream, derived from (seed, purpose, block), so the output does not depend
// on which thread generates which block.
#include <cmath>
#include <cstdint>
#include <vector>

namespace tally::generate {

// SplitMix64 finaliser: a strong 64-bit mix, used to derive independent stream seeds.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline uint64_t StreamSeed(uint64_t seed, uint64_t purpose, uint64_t index) {
  return Mix64(Mix64(Mix64(seed) ^ purpose) + index);
}

// wyrand: one 64x64->128 multiply per number; passes the usual statistical test batteries,
// which is more than synthetic data needs, and is several times faster than std::mt19937_64.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0xa0761d6478bd642fULL;
    __uint128_t product = static_cast<__uint128_t>(state_) * (state_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<uint64_t>(product >> 64) ^ static_cast<uint64_t>(product);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) (multiply-shift; the bias is below 2^-32 for the n used here).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint32_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box-Muller; one value per call is enough here).
  double Normal() {
    double u = 1.0 - Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * Uniform());
  }

 private:
  uint64_t state_;
};

// Walker/Vose alias table: draws index i with probability weights[i] / sum in O(1).
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights);

  uint32_t Sample(Rng& rng) const {
    uint64_t r = rng.Next();
    uint32_t i = static_cast<uint32_t>(((r >> 32) * size_) >> 32);
    double u = static_cast<double>(r & 0xffffffffULL) * 0x1.0p-32;
    return u < probability_[i] ? i : alias_[i];
  }
  size_t size() const { return size_; }

 private:
  uint64_t size_ = 0;
  std::vector<double> probability_;
  std::vector<uint32_t> alias_;
};

}  // namespace tally::generate
