#include "discovery/cart.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace mv::discovery {

double gini(int k, int n) {
  if (n == 0) return 0;
  const double p = static_cast<double>(k) / n;
  return 2 * p * (1 - p);
}

namespace {

struct Split {
  int dimension = -1;
  double threshold = 0;
  double decrease = 0;
};

class Grower {
 public:
  Grower(const Cases& c, const CartOptions& o)
      : c_(c), o_(o), min_leaf_(std::max(1, static_cast<int>(o.mass_min * c.size()))) {}

  CartTree run() {
    std::vector<int> idx(c_.size());
    std::iota(idx.begin(), idx.end(), 0);
    grow(idx, 0);
    return std::move(tree_);
  }

 private:
  /// The split of `idx` that lowers n * Gini most (Breiman et al. 1984, ch. 4), or none.
  Split best_split(const std::vector<int>& idx, int k) const {
    const int n = static_cast<int>(idx.size());
    const double parent = n * gini(k, n);
    Split best;
    std::vector<int> order(idx);
    for (int j = 0; j < c_.dimensions(); ++j) {
      const auto& xj = c_.x[j];
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return xj[a] < xj[b]; });
      int left_k = 0;
      for (int m = 0; m + 1 < n; ++m) {
        left_k += c_.y[order[m]];
        if (xj[order[m]] == xj[order[m + 1]]) continue;
        const int nl = m + 1, nr = n - nl;
        if (nl < min_leaf_ || nr < min_leaf_) continue;
        const double decrease = parent - nl * gini(left_k, nl) - nr * gini(k - left_k, nr);
        if (decrease > best.decrease + 1e-12 * n)
          best = {j, (xj[order[m]] + xj[order[m + 1]]) / 2, decrease};
      }
    }
    return best;
  }

  int grow(const std::vector<int>& idx, int depth) {
    const int at = static_cast<int>(tree_.nodes.size());
    CartNode node;
    node.n = static_cast<int>(idx.size());
    for (int i : idx) node.k += c_.y[i];
    node.depth = depth;
    tree_.nodes.push_back(node);
    if (depth >= o_.max_depth || node.k == 0 || node.k == node.n || node.n < 2 * min_leaf_) return at;
    const Split s = best_split(idx, node.k);
    if (s.dimension < 0) return at;
    std::vector<int> left, right;
    for (int i : idx) (c_.x[s.dimension][i] <= s.threshold ? left : right).push_back(i);
    const int l = grow(left, depth + 1);
    const int r = grow(right, depth + 1);
    tree_.nodes[at].dimension = s.dimension;
    tree_.nodes[at].threshold = s.threshold;
    tree_.nodes[at].left = l;
    tree_.nodes[at].right = r;
    return at;
  }

  const Cases& c_;
  const CartOptions& o_;
  const int min_leaf_;
  CartTree tree_;
};

}  // namespace

CartTree cart(const Cases& cases, const CartOptions& options) {
  for (const auto& col : cases.x)
    if (col.size() != cases.y.size()) throw std::invalid_argument("cart: every dimension needs one value per case");
  return Grower(cases, options).run();
}

}  // namespace mv::discovery
