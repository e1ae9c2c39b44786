#include <fmt/format.h>

int main() {
  fmt::print("tally\n");
  return 0;
}
