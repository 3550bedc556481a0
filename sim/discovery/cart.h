#pragma once
// A classification tree (CART) [Breiman1984] of the cases of interest, as EMA
// Workbench's cart module grows it for scenario discovery [Kwakkel2017]: binary splits
// "x_j <= t" chosen by the largest decrease in Gini impurity, every leaf holding at least
// mass_min of the cases. Limited in depth so that it reads as a few rules, and deterministic:
// thresholds are midpoints between neighbouring distinct values, and of equally good splits
// the earlier dimension and then the lower threshold wins.
#include <string>
#include <vector>

#include "discovery/prim.h"

namespace mv::discovery {

struct CartNode {
  int dimension = -1;  // -1 for a leaf
  double threshold = 0;
  int left = -1, right = -1;  // children: x <= threshold goes left
  int n = 0, k = 0;           // cases, cases of interest
  int depth = 0;
};

struct CartOptions {
  int max_depth = 3;
  double mass_min = 0.05;  // EMA Workbench: min_samples_leaf = int(mass_min * n)
};

struct CartTree {
  std::vector<CartNode> nodes;  // nodes[0] is the root
};

/// Grows the tree. @throws std::invalid_argument on ragged input.
CartTree cart(const Cases& cases, const CartOptions& options = {});

/// Gini impurity of a node with k cases of interest out of n: 2 p (1 - p).
double gini(int k, int n);

}  // namespace mv::discovery
