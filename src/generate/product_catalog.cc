#include "generate/product_catalog.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "generate/retail_profile.h"
#include "io/csv/csv_quote.h"

namespace tally::generate {
namespace {

// The vocabulary of a gift shop's catalogue.
constexpr const char* kColours[] = {"RED",    "BLUE",      "PINK",  "GREEN",  "WHITE",  "BLACK",
                                    "IVORY",  "CREAM",     "GOLD",  "SILVER", "PURPLE", "ORANGE",
                                    "YELLOW", "TURQUOISE", "LILAC", "NAVY",   "MINT",   "PASTEL"};
constexpr const char* kThemes[] = {
    "SPOTTY",   "STRIPED",  "FLORAL",   "VINTAGE", "RETRO",    "PAISLEY",   "GINGHAM",
    "POLKADOT", "HEART",    "STAR",     "BIRD",    "OWL",      "CHERRY",    "ROSE",
    "DAISY",    "WOODLAND", "JUNGLE",   "CIRCUS",  "ROCKET",   "FAIRY",     "DOLLY",
    "NORDIC",   "PARISIAN", "COUNTRY",  "PANTRY",  "KITCHEN",  "GARDEN",    "CHRISTMAS",
    "EASTER",   "PARTY",    "SEASIDE",  "TEATIME", "ALPHABET", "BUTTERFLY", "LEMON",
    "APPLE",    "BICYCLE",  "DINOSAUR", "UNICORN", "ZEBRA",    "PEACOCK",   "MOROCCAN"};
constexpr const char* kMaterials[] = {"WOODEN", "GLASS",  "CERAMIC", "ENAMEL", "FELT",
                                      "ZINC",   "TIN",    "PAPER",   "LACE",   "BAMBOO",
                                      "WICKER", "CANVAS", "METAL",   "COTTON", "VELVET"};
constexpr const char* kSizes[] = {"SMALL", "LARGE", "JUMBO", "MINI", "HANGING", "TALL"};
constexpr const char* kItems[] = {"MUG",           "TEA TOWEL",
                                  "CAKE TIN",      "LUNCH BOX",
                                  "SHOPPER BAG",   "NOTEBOOK",
                                  "CANDLE",        "T-LIGHT HOLDER",
                                  "LANTERN",       "DOORMAT",
                                  "CUSHION COVER", "PHOTO FRAME",
                                  "WALL CLOCK",    "PLATE",
                                  "BOWL",          "CUP AND SAUCER",
                                  "NAPKINS",       "PAPER CUPS",
                                  "CAKE CASES",    "GIFT WRAP",
                                  "GREETING CARD", "BUNTING",
                                  "GARLAND",       "PURSE",
                                  "HAND WARMER",   "HOT WATER BOTTLE",
                                  "STORAGE JAR",   "KEY RING",
                                  "FRIDGE MAGNET", "METAL SIGN",
                                  "BIRD HOUSE",    "WATERING CAN",
                                  "PLANT POT",     "APRON",
                                  "OVEN GLOVE",    "CHOPPING BOARD",
                                  "SPOON SET",     "TRINKET BOX",
                                  "JEWELLERY BOX", "MIRROR",
                                  "DOORSTOP",      "COAT HOOK",
                                  "BAUBLE",        "WREATH",
                                  "UMBRELLA",      "PENCIL CASE",
                                  "STICKER SHEET", "COLOURING BOOK",
                                  "SKIPPING ROPE", "SPINNING TOP",
                                  "ALARM CLOCK",   "TISSUES",
                                  "SOAP DISH",     "WASH BAG",
                                  "TOTE BAG",      "PICNIC BASKET",
                                  "DECORATION",    "BELL",
                                  "CHARM",         "BRACELET",
                                  "EARRINGS",      "NECKLACE",
                                  "HAIR CLIP",     "TEAPOT",
                                  "MILK JUG",      "EGG CUP",
                                  "BREAD BIN",     "RECIPE BOX",
                                  "PARTY BAG",     "BALLOONS",
                                  "WALL ART",      "CAKE STAND",
                                  "CLOTHES PEGS",  "TRAY",
                                  "COASTERS",      "PLACEMATS",
                                  "WASHI TAPE",    "SEWING KIT",
                                  "DOLL",          "SOFT TOY"};
constexpr int kPacks[] = {2, 3, 4, 6, 10, 12, 20, 24, 36, 60, 72};

template <typename T, size_t N>
const T& Pick(Rng& rng, const T (&values)[N]) {
  return values[rng.Below(N)];
}

struct DescriptionParts {
  std::string prefix, theme, item;
};

std::string Compose(Rng& rng, const DescriptionParts& parts, const std::string& colour) {
  double form = rng.Uniform();
  std::string text;
  if (form < 0.012) {
    // "GREETING CARD, SPOTTY RED": the comma makes the CSV field quoted.
    text = parts.item + ", " + parts.theme + " " + colour;
  } else if (form < 0.015) {
    // A name in quotes: doubled quotes inside a quoted CSV field.
    text = parts.prefix + parts.item + " \"" + parts.theme + "\"";
  } else if (form < 0.5) {
    text = parts.prefix + colour + " " + parts.theme + " " + parts.item;
  } else {
    text = parts.prefix + parts.theme + " " + parts.item + " " + colour;
  }
  // The real catalogue has trailing spaces on ~13% of its descriptions.
  if (rng.Chance(0.13)) text += ' ';
  return text;
}

DescriptionParts RandomParts(Rng& rng) {
  DescriptionParts parts;
  double form = rng.Uniform();
  if (form < 0.12) {
    parts.prefix = "SET OF " + std::to_string(kPacks[rng.Below(5)]) + " ";
  } else if (form < 0.22) {
    parts.prefix = "PACK OF " + std::to_string(Pick(rng, kPacks)) + " ";
  } else if (form < 0.45) {
    parts.prefix = std::string(Pick(rng, kMaterials)) + " ";
  } else if (form < 0.60) {
    parts.prefix = std::string(Pick(rng, kSizes)) + " ";
  }
  parts.theme = Pick(rng, kThemes);
  parts.item = Pick(rng, kItems);
  return parts;
}

int64_t RandomPrice(Rng& rng, const AliasTable& points) {
  if (rng.Chance(profile::kPricePointShare)) return profile::kPricePoints[points.Sample(rng)].milli;
  double price = std::exp(profile::kLogPriceMean + profile::kLogPriceSd * rng.Normal());
  price = std::clamp(price, 0.05, 300.0);
  return static_cast<int64_t>(std::llround(price * 100)) * 10;  // whole pence
}

int PriceBand(int64_t milli) {
  int band = 0;
  while (band < 4 && milli >= profile::kPriceBandLimits[band]) ++band;
  return band;
}

// Lines of the product at popularity rank `rank` (1-based), log-linear between the profile's
// points.
double PopularityWeight(double rank) {
  const auto& p = profile::kPopularity;
  for (size_t i = 1; i < p.size(); ++i) {
    if (rank <= p[i].rank) {
      double t = (std::log(rank) - std::log(p[i - 1].rank)) /
                 (std::log(p[i].rank) - std::log(p[i - 1].rank));
      return std::exp(std::log(p[i - 1].lines) +
                      t * (std::log(p[i].lines) - std::log(p[i - 1].lines)));
    }
  }
  return p.back().lines;
}

void AddProduct(std::vector<Product>& products, std::string code, std::string description,
                int64_t price) {
  Product product;
  product.stock_code = std::move(code);
  product.description = std::move(description);
  product.description_field = CsvQuoted(product.description);
  product.price_milli = price;
  product.price_band = PriceBand(price);
  products.push_back(std::move(product));
}

}  // namespace

ProductCatalog::ProductCatalog(uint64_t seed) {
  Rng rng(StreamSeed(seed, /*purpose=*/0xca7a10, 0));
  std::vector<double> point_weights;
  for (const auto& point : profile::kPricePoints) point_weights.push_back(point.stock_codes);
  AliasTable price_points(point_weights);

  std::unordered_set<int> used_numbers;
  while (static_cast<int>(products_.size()) < profile::kCatalogProducts) {
    int number;
    do number = static_cast<int>(rng.Between(10002, 90999));
    while (!used_numbers.insert(number).second);
    DescriptionParts parts = RandomParts(rng);
    int64_t price = RandomPrice(rng, price_points);
    // About a quarter of the codes come in variants (85123A, 85123B, ...) that differ in
    // colour only.
    int variants = rng.Chance(0.12) ? static_cast<int>(rng.Between(2, 5)) : 1;
    for (int v = 0; v < variants; ++v) {
      std::string code = std::to_string(number);
      if (variants > 1) code += static_cast<char>('A' + v);
      AddProduct(products_, code, Compose(rng, parts, Pick(rng, kColours)), price);
    }
  }
  products_.resize(profile::kCatalogProducts);
  regular_count_ = static_cast<int>(products_.size());

  // Popularity ranks in random order, so popular items are spread over the code range.
  std::vector<int> ranks(regular_count_);
  for (int i = 0; i < regular_count_; ++i) ranks[i] = i + 1;
  for (int i = regular_count_ - 1; i > 0; --i)
    std::swap(ranks[i], ranks[rng.Below(static_cast<uint32_t>(i + 1))]);
  std::vector<double> weights(regular_count_);
  for (int i = 0; i < regular_count_; ++i) weights[i] = PopularityWeight(ranks[i]);
  popularity_ = AliasTable(weights);

  // Special codes, in the order of the Special enum; prices here are typical, lines vary them.
  AddProduct(products_, "POST", "POSTAGE", 18000);
  AddProduct(products_, "DOT", "DOTCOM POSTAGE", 150000);
  AddProduct(products_, "C2", "CARRIAGE", 50000);
  AddProduct(products_, "M", "Manual", 1650);
  AddProduct(products_, "D", "Discount", 15000);
  AddProduct(products_, "BANK CHARGES", "Bank Charges", 15000);
  AddProduct(products_, "PADS", "PADS FOR CUSHIONS", 1);
  AddProduct(products_, "AMAZONFEE", "AMAZON FEE", 5000000);
  AddProduct(products_, "S", "SAMPLES", 30000);
  AddProduct(products_, "B", "Adjust bad debt", 11000000);
}

}  // namespace tally::generate
