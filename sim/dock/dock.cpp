#include "dock/dock.h"

#include <emmintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/suggest.h"
#include "model/rules.h"
#include "scenario/distribution.h"

namespace mv::dock {

double granovetter_cascade(int n, double mean, double sd, Rng& rng) {
  // Thresholds as shares of the population that must already participate (Granovetter 1978,
  // normally distributed thresholds). Participation r follows r <- F(r) from r = 0 until it
  // stops changing: the equilibrium of the cascade.
  std::vector<double> t(static_cast<size_t>(n));
  for (double& x : t) x = mean + sd * rng.normal();
  std::sort(t.begin(), t.end());
  int joined = 0;
  for (;;) {
    const double r = static_cast<double>(joined) / n;
    int next = static_cast<int>(std::upper_bound(t.begin(), t.end(), r) - t.begin());
    if (next <= joined) break;
    joined = next;
  }
  return static_cast<double>(joined) / n;
}

Clusters deffuant_clusters(int n, double eps, double mu, int64_t meetings, Rng& rng, Contacts contacts) {
  std::vector<double> o(static_cast<size_t>(n));
  for (double& x : o) x = rng.uniform();
  if (contacts == Contacts::random_pairs) {
    for (int64_t m = 0; m < meetings; ++m) {
      const int i = static_cast<int>(rng.uniform() * n);
      int j = static_cast<int>(rng.uniform() * (n - 1));
      if (j >= i) ++j;
      rules::deffuant_update(o[i], o[j], eps, mu);  // the same rule the citizen layer uses
    }
  } else {
    // The citizens' own contacts: each round a matching of all n agents (one region's month),
    // the same rule and the same draw of the matching as Population::contacts.
    for (int64_t round = 0, rounds = n / 2 > 0 ? meetings / (n / 2) : 0; round < rounds; ++round)
      rules::for_each_matching_run(n, rng.next(), [&](int run, int a, int b) {
        for (int i = 0; i < run; ++i) rules::deffuant_update(o[a + i], o[b + i], eps, mu);
      });
  }
  std::sort(o.begin(), o.end());
  // Clusters: runs of sorted opinions separated by gaps wider than eps/2 (after convergence a
  // cluster's members are nearly equal, and groups closer than eps would still merge).
  Clusters c{0, 0};
  size_t start = 0;
  for (size_t i = 1; i <= o.size(); ++i) {
    if (i == o.size() || o[i] - o[i - 1] > 0.5 * eps) {
      ++c.all;
      if (static_cast<double>(i - start) >= 0.05 * n) ++c.major;
      start = i;
    }
  }
  return c;
}

double round_half_even(double x) {
  const double r = std::round(x);  // halves away from zero
  if (std::fabs(x - std::trunc(x)) == 0.5) return 2.0 * std::round(x / 2.0);
  return r;
}

double arrest_probability(int cops, int actives, double k, Ratio r) {
  // Epstein 2002: P = 1 - exp(-k C/A); NetLogo floors C/A, Mesa rounds it (Python's round).
  if (cops == 0) return 0.0;  // exp(-0) = 1 exactly: the same value without the call
  double ratio = static_cast<double>(cops) / actives;
  if (r == Ratio::floor) ratio = std::floor(ratio);
  if (r == Ratio::half_even) ratio = round_half_even(ratio);
  return 1.0 - std::exp(-k * ratio);
}

namespace {

/// The offsets (dx, dy) an agent sees, each site of a width x height torus once: an offset
/// that reaches around the torus to a site already listed (or to the agent's own, except for the
/// disc, which includes it) is dropped. The order is fixed (the lines' as Epstein lists them, the
/// others row by row), so every draw among them is reproducible.
std::vector<std::pair<int, int>> vision_offsets(int width, int height, int vision, Vision shape) {
  std::vector<std::pair<int, int>> all;
  if (shape == Vision::lines) {
    for (int d = 1; d <= vision; ++d)
      for (auto [dx, dy] : {std::pair{d, 0}, std::pair{-d, 0}, std::pair{0, d}, std::pair{0, -d}})
        all.push_back({dx, dy});
  } else {
    for (int dy = -vision; dy <= vision; ++dy)
      for (int dx = -vision; dx <= vision; ++dx) {
        const bool in = shape == Vision::square    ? true
                        : shape == Vision::diamond ? std::abs(dx) + std::abs(dy) <= vision
                                                   : dx * dx + dy * dy <= vision * vision;
        if (in && (dx != 0 || dy != 0 || shape == Vision::disc)) all.push_back({dx, dy});
      }
  }
  auto wrap = [](int d, int n) { return ((d % n) + n) % n; };
  std::vector<std::pair<int, int>> out;
  std::vector<char> seen(static_cast<size_t>(width) * height, 0);
  if (shape != Vision::disc) seen[0] = 1;  // the agent's own site
  for (auto [dx, dy] : all) {
    char& s = seen[static_cast<size_t>(wrap(dy, height)) * width + wrap(dx, width)];
    if (s) continue;
    s = 1;
    out.push_back({dx, dy});
  }
  return out;
}

// What stands on a site, as four 16-bit counts in one word, so that a neighbourhood's totals are
// one sum per site: cops, active citizens, quiet citizens, jailed citizens (a jailed count that
// overflows its field carries out of the word and is never read as a total).
constexpr uint64_t kCopOn = 1, kActiveOn = uint64_t{1} << 16, kQuietOn = uint64_t{1} << 32,
                   kJailedOn = uint64_t{1} << 48;
constexpr uint64_t kFreeMask = (uint64_t{1} << 48) - 1;  // cops, actives and quiet citizens
int count_of(uint64_t sum, uint64_t unit) {
  return static_cast<int>((sum / unit) & 0xffff);
}

/// The torus and what stands on it; agents not in jail (and cops) are also kept in a list per
/// site, to find the one a cop arrests.
class World {
 public:
  World(const EpsteinParams& p)
      : w_(p.width),
        h_(p.height),
        reach_(p.vision),
        code_(static_cast<size_t>(w_) * h_, 0),
        head_(code_.size(), -1),
        // Mesa: a jailed citizen holds its site; otherwise only cops and free citizens do.
        block_mask_(p.jail == Jail::holds_site ? ~uint64_t{0} : kFreeMask) {
    const auto offsets = vision_offsets(w_, h_, p.vision, p.neighbourhood);
    for (auto [dx, dy] : offsets) {
      dx_.push_back(dx);
      dy_.push_back(dy);
    }
    for (int x = -reach_; x < w_ + reach_; ++x) col_.push_back(((x % w_) + w_) % w_);
    for (int y = -reach_; y < h_ + reach_; ++y) row_.push_back(((y % h_) + h_) % h_ * w_);
    empties_.resize(dx_.size());
    // Where every site holds at most one agent and vision does not reach around the torus, the
    // square, diamond and disc are runs of rows: in a copy of the grid, one byte a site, padded by
    // `reach` columns on each side, each run is read 16 sites at a time with SSE2 compares (the
    // offsets are listed row by row, so the runs keep their order).
    const bool one_per_site = p.jail == Jail::off_grid || (p.jail == Jail::holds_site && !p.cop_follows);
    if (p.fast_path && one_per_site && p.neighbourhood != Vision::lines &&
        2 * reach_ + 1 <= std::min(w_, h_)) {
      for (auto [dx, dy] : offsets) {
        if (!runs_.empty() && runs_.back().dy == dy && runs_.back().lo + runs_.back().len == dx &&
            runs_.back().len < 16)
          ++runs_.back().len;
        else
          runs_.push_back(Run{dy, dx, 1});
      }
      pw_ = w_ + 2 * reach_ + 16;  // and 16 bytes that a load may read past a run's end
      site_.assign(static_cast<size_t>(pw_) * h_, 0);
      for (int y = -reach_; y < h_ + reach_; ++y) prow_.push_back(((y % h_) + h_) % h_ * pw_ + reach_);
      run_empty_.resize(runs_.size());
      for (int c = 0; c < sites(); ++c) {
        const int x = c % w_, y = c / w_;
        at_.push_back(prow_[y + reach_] + x);
        // the copy right of the grid (x < reach) or left of it (x >= w - reach)
        copy_.push_back(x < reach_ ? w_ : x >= w_ - reach_ ? -w_ : 0);
      }
    }
  }
  int sites() const { return w_ * h_; }
  int vision_sites() const { return static_cast<int>(dx_.size()); }
  bool blocked(int cell) const { return (code_[cell] & block_mask_) != 0; }

  /// Looks around `cell`: returns the totals of what it sees and notes its empty sites.
  uint64_t look(int cell) {
    look_x_ = cell % w_ + reach_;
    look_y_ = cell / w_ + reach_;
    uint64_t sum = 0;
    int n = 0;
    if (!runs_.empty()) {
      // Per byte lane, minus the count of matches (a compare gives -1); summed across lanes by
      // psadbw every 128 runs, before a lane could overflow.
      const __m128i cop = _mm_set1_epi8(kCopByte), active = _mm_set1_epi8(kActiveByte),
                    zero = _mm_setzero_si128();
      __m128i cops = zero, actives = zero, empties = zero;
      int cop_total = 0, active_total = 0;
      auto flush = [&] {
        cop_total += sum_lanes(_mm_sub_epi8(zero, cops));
        active_total += sum_lanes(_mm_sub_epi8(zero, actives));
        n += sum_lanes(_mm_sub_epi8(zero, empties));
        cops = actives = empties = zero;
      };
      for (size_t r = 0; r < runs_.size(); ++r) {
        const Run& run = runs_[r];
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(
            site_.data() + prow_[look_y_ + run.dy] + look_x_ - reach_ + run.lo));
        const __m128i in = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInRun[run.len].data()));
        cops = _mm_add_epi8(cops, _mm_and_si128(_mm_cmpeq_epi8(v, cop), in));
        actives = _mm_add_epi8(actives, _mm_and_si128(_mm_cmpeq_epi8(v, active), in));
        const __m128i empty = _mm_and_si128(_mm_cmpeq_epi8(v, zero), in);
        empties = _mm_add_epi8(empties, empty);
        run_empty_[r] = static_cast<unsigned>(_mm_movemask_epi8(empty));
        if ((r & 127) == 127) flush();
      }
      flush();
      sum = static_cast<uint64_t>(cop_total) * kCopOn + static_cast<uint64_t>(active_total) * kActiveOn;
    } else {
      const size_t count = dx_.size();
      for (size_t i = 0; i < count; ++i) {
        const int c = row_[look_y_ + dy_[i]] + col_[look_x_ + dx_[i]];
        const uint64_t v = code_[c];
        sum += v;
        empties_[n] = c;
        n += (v & block_mask_) == 0;
      }
    }
    n_empty_ = n;
    return sum;
  }
  int empty_count() const { return n_empty_; }
  /// The `k`-th (from 0) empty site of the last look, in the order of the vision's offsets.
  int empty(int k) const {
    if (runs_.empty()) return empties_[k];
    size_t r = 0;
    while (k >= bit_count(run_empty_[r])) k -= bit_count(run_empty_[r++]);
    unsigned bits = run_empty_[r];
    for (; k > 0; --k) bits &= bits - 1;  // drop the k lowest empty sites
    const Run& run = runs_[r];
    return row_[look_y_ + run.dy] + col_[look_x_ + run.lo + std::countr_zero(bits)];
  }

  /// The site of the `nth` active citizen (counting from 0) that `cell` sees, in look's order.
  int nth_active_site(int cell, int nth) const {
    const int x = cell % w_ + reach_, y = cell / w_ + reach_;
    for (size_t i = 0;; ++i) {
      const int c = row_[y + dy_[i]] + col_[x + dx_[i]];
      nth -= count_of(code_[c], kActiveOn);
      if (nth < 0) return c;
    }
  }

  void add(int cell, uint64_t what) { change(cell, what); }
  void remove(int cell, uint64_t what) { change(cell, uint64_t{0} - what); }
  /// The free agents (not in jail) on a site, as a linked list through `next`.
  void link(int cell, int agent, std::vector<int>& next) {
    next[agent] = head_[cell];
    head_[cell] = agent;
  }
  void unlink(int cell, int agent, std::vector<int>& next) {
    int* at = &head_[cell];
    while (*at != agent) at = &next[*at];
    *at = next[agent];
  }
  int first(int cell) const { return head_[cell]; }

 private:
  struct Run {
    int dy, lo, len;  // offsets (lo .. lo + len - 1, dy), len <= 16
  };
  void change(int cell, uint64_t delta) {  // modulo 2^64: adds or, negated, subtracts
    const uint64_t v = code_[cell] += delta;
    if (runs_.empty()) return;
    const uint8_t b = v == 0                       ? 0
                      : count_of(v, kCopOn) > 0    ? kCopByte
                      : count_of(v, kActiveOn) > 0 ? kActiveByte
                      : count_of(v, kQuietOn) > 0  ? kQuietByte
                                                   : kJailedByte;
    const size_t i = static_cast<size_t>(at_[cell]);
    site_[i] = b;
    site_[i + static_cast<size_t>(copy_[cell])] = b;  // the copy in the padding, if any (else again)
  }
  static int sum_lanes(__m128i bytes) {  // the sum of 16 unsigned bytes
    const __m128i s = _mm_sad_epu8(bytes, _mm_setzero_si128());
    return _mm_cvtsi128_si32(s) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(s, s));
  }
  static int bit_count(unsigned x) {  // 16 bits, by table: the baseline has no popcount instruction
    static constexpr auto kBits = [] {
      std::array<uint8_t, 256> t{};
      for (int i = 1; i < 256; ++i) t[i] = static_cast<uint8_t>((i & 1) + t[i / 2]);
      return t;
    }();
    return kBits[x & 0xffu] + kBits[x >> 8];
  }
  // kInRun[n]: the first n of 16 bytes set, the sites of a run of n.
  static constexpr auto kInRun = [] {
    std::array<std::array<uint8_t, 16>, 17> m{};
    for (int n = 0; n <= 16; ++n)
      for (int i = 0; i < n; ++i) m[n][i] = 0xff;
    return m;
  }();
  // One byte a site for the fast path: empty, or what stands there.
  static constexpr uint8_t kQuietByte = 1, kActiveByte = 2, kCopByte = 3, kJailedByte = 4;

  int w_, h_, reach_;
  std::vector<uint64_t> code_;
  std::vector<int> head_;
  uint64_t block_mask_;
  std::vector<int> dx_, dy_, col_, row_, empties_;
  std::vector<Run> runs_;
  int pw_ = 0;
  std::vector<uint8_t> site_;
  std::vector<int> prow_;
  std::vector<unsigned> run_empty_;  // the empty sites of each run at the last look, as bits
  std::vector<int> at_, copy_;       // a site's place in the byte grid, and its copy's offset
  int n_empty_ = 0, look_x_ = 0, look_y_ = 0;
};

enum Kind : int8_t { kCitizen = 1, kCop = 2 };
struct Agent {
  Kind kind;
  int cell;
  double hardship, risk_aversion;
  bool active = false;
  bool jailed = false;
  int jail = 0;  // jail term left
};

/// One run of Model I: the state and one agent's turn by the rules of `p`.
class CivilViolence {
 public:
  CivilViolence(const EpsteinParams& p, Rng& rng) : p_(p), rng_(rng), world_(p) {
    place();
    next_.assign(agents_.size(), -1);
    for (int i = 0; i < static_cast<int>(agents_.size()); ++i) {
      world_.add(agents_[i].cell, what(agents_[i]));
      world_.link(agents_[i].cell, i, next_);
    }
    order_.resize(agents_.size());
    std::iota(order_.begin(), order_.end(), 0);
    // A rounded ratio is a whole number: its arrest probabilities once, the same expression.
    for (int n = 0; n <= world_.vision_sites() + 1; ++n) prob_.push_back(1.0 - std::exp(-p_.k * n));
  }
  size_t agents() const { return agents_.size(); }
  const Agent& agent(size_t i) const { return agents_[i]; }
  int citizens() const { return citizens_; }
  const World& world() const { return world_; }

  void tick() {
    // Each tick every agent has one turn, in an order shuffled afresh (asynchronous updating).
    for (size_t i = order_.size(); i-- > 1;)
      std::swap(order_[i], order_[static_cast<size_t>(rng_.uniform() * static_cast<double>(i + 1))]);
    for (int ai : order_) turn(ai);
    end_tick();
  }

  void turn(int ai) {
    Agent& a = agents_[ai];
    if (a.jailed && !serve(ai)) return;
    if (p_.order == Order::move_then_act) {
      uint64_t seen = world_.look(a.cell);
      if (world_.empty_count() > 0) {
        move_to(ai, world_.empty(pick(world_.empty_count())));
        seen = world_.look(a.cell);
      }
      act(ai, seen);
    } else {
      const uint64_t seen = world_.look(a.cell);
      const int before = a.cell;
      act(ai, seen);
      // Mesa: move to a site that was empty when the agent looked (a cop that stepped onto
      // its arrestee's site has moved already)
      if (a.cell == before && world_.empty_count() > 0) move_to(ai, world_.empty(pick(world_.empty_count())));
    }
  }

  /// After every agent's turn: NetLogo counts all jail terms down at once.
  void end_tick() {
    if (p_.jail != Jail::on_site) return;
    for (int i = 0; i < static_cast<int>(agents_.size()); ++i) {
      Agent& a = agents_[i];
      if (a.jailed && --a.jail == 0) free_on_site(i);
    }
  }

 private:
  int pick(int n) { return static_cast<int>(rng_.uniform() * n); }
  static uint64_t what(const Agent& a) {
    if (a.kind == kCop) return kCopOn;
    if (a.jailed) return kJailedOn;
    return a.active ? kActiveOn : kQuietOn;
  }

  void place() {
    const int cells = world_.sites();
    if (p_.placement == Placement::per_site) {
      // Mesa: each site in turn a citizen, a cop or empty
      for (int c = 0; c < cells; ++c) {
        const double u = rng_.uniform();
        if (u < p_.citizen_density) {
          const double h = rng_.uniform();
          agents_.push_back(Agent{kCitizen, c, h, rng_.uniform()});
        } else if (u < p_.citizen_density + p_.cop_density) {
          agents_.push_back(Agent{kCop, c, 0, 0});
        }
      }
    } else {
      std::vector<int> order(static_cast<size_t>(cells));
      std::iota(order.begin(), order.end(), 0);
      for (int i = cells - 1; i > 0; --i) std::swap(order[i], order[pick(i + 1)]);
      const int cops = static_cast<int>(std::lround(p_.cop_density * cells));
      const int citizens = static_cast<int>(std::lround(p_.citizen_density * cells));
      for (int k = 0; k < cops + citizens && k < cells; ++k) {
        Agent a{k < cops ? kCop : kCitizen, order[k], rng_.uniform(), rng_.uniform()};
        agents_.push_back(a);
      }
    }
    for (const Agent& a : agents_) citizens_ += a.kind == kCitizen;
  }

  /// A jailed citizen's turn: true if it is free to act.
  bool serve(int ai) {
    Agent& a = agents_[ai];
    switch (p_.jail) {
      case Jail::off_grid: {
        if (--a.jail > 0) return false;
        // Released: back on a random empty site (or another tick in jail if none is found).
        int c = -1;
        for (int tries = 0; tries < 50 && c < 0; ++tries) {
          const int cand = pick(world_.sites());
          if (!world_.blocked(cand)) c = cand;
        }
        if (c < 0) {
          a.jail = 1;
          return false;
        }
        a.cell = c;
        a.jailed = false;
        world_.add(c, kQuietOn);
        world_.link(c, ai, next_);
        return true;
      }
      case Jail::holds_site:  // Mesa: a turn skipped per tick of the term, then free
        if (a.jail > 0) {
          --a.jail;
          return false;
        }
        world_.remove(a.cell, kJailedOn);
        a.jailed = false;
        world_.add(a.cell, kQuietOn);
        world_.link(a.cell, ai, next_);
        return true;
      case Jail::on_site:
        return false;  // released by end_tick
    }
    return false;
  }

  void free_on_site(int ai) {
    Agent& a = agents_[ai];
    world_.remove(a.cell, kJailedOn);
    a.jailed = false;
    world_.add(a.cell, kQuietOn);
    world_.link(a.cell, ai, next_);
  }

  void move_to(int ai, int dest) {
    Agent& a = agents_[ai];
    const uint64_t w = what(a);
    world_.remove(a.cell, w);
    world_.unlink(a.cell, ai, next_);
    a.cell = dest;
    world_.add(dest, w);
    world_.link(dest, ai, next_);
  }

  void act(int ai, uint64_t seen) {
    Agent& a = agents_[ai];
    if (a.kind == kCitizen) {
      // Rule A: G = H(1 - L); P = 1 - exp(-k C/A), A counting oneself as active; active if
      // G - R P > T. (The disc sees the citizen's own site, so there an active citizen counts
      // itself twice, as in NetLogo.)
      const double g = rules::grievance(a.hardship, p_.legitimacy);
      const double prob = probability(count_of(seen, kCopOn), 1 + count_of(seen, kActiveOn));
      const bool active = g - a.risk_aversion * prob > p_.threshold;
      if (active != a.active) {
        world_.remove(a.cell, what(a));
        a.active = active;
        world_.add(a.cell, what(a));
      }
      return;
    }
    // Rule C: arrest a random active citizen within vision.
    const int actives = count_of(seen, kActiveOn);
    if (actives == 0) return;
    const int site = world_.nth_active_site(a.cell, pick(actives));
    int vi = world_.first(site);
    while (agents_[vi].kind != kCitizen || !agents_[vi].active) vi = next_[vi];
    arrest(vi);
    if (p_.cop_follows) move_to(ai, agents_[vi].cell);
  }

  double probability(int cops, int actives) const {
    if (p_.ratio_rounding == Ratio::exact || cops == 0)
      return arrest_probability(cops, actives, p_.k, p_.ratio_rounding);
    // floor(C/A) or C/A rounded half to even, in integers (the same whole number)
    int n = cops / actives;
    const int twice_rest = 2 * (cops - n * actives);
    if (p_.ratio_rounding == Ratio::half_even &&
        (twice_rest > actives || (twice_rest == actives && n % 2 == 1)))
      ++n;
    return n < static_cast<int>(prob_.size()) ? prob_[static_cast<size_t>(n)]
                                              : arrest_probability(cops, actives, p_.k, p_.ratio_rounding);
  }

  void arrest(int vi) {
    Agent& v = agents_[vi];
    world_.remove(v.cell, kActiveOn);
    v.active = false;
    const double u = rng_.uniform();
    switch (p_.jail) {
      case Jail::off_grid:  // 1 .. J_max ticks, off the grid
        v.jail = 1 + static_cast<int>(u * p_.max_jail);
        world_.unlink(v.cell, vi, next_);
        v.jailed = true;
        return;
      case Jail::holds_site:  // Mesa: randint(0, J_max), the site held
        v.jail = static_cast<int>(u * (p_.max_jail + 1));
        break;
      case Jail::on_site:  // NetLogo: random J_max, i.e. 0 .. J_max - 1; 0 is no jail at all
        v.jail = static_cast<int>(u * p_.max_jail);
        if (v.jail == 0) {
          world_.add(v.cell, kQuietOn);
          return;
        }
        break;
    }
    world_.unlink(v.cell, vi, next_);
    v.jailed = true;
    world_.add(v.cell, kJailedOn);
  }

  const EpsteinParams& p_;
  Rng& rng_;
  World world_;
  std::vector<Agent> agents_;
  std::vector<int> next_, order_;
  std::vector<double> prob_;  // 1 - exp(-k n) for whole n
  int citizens_ = 0;
};

}  // namespace

struct EpsteinRun::Impl {
  CivilViolence model;
};
EpsteinRun::EpsteinRun(const EpsteinParams& p, Rng& rng) : p_(p) {
  impl_ = std::make_unique<Impl>(Impl{CivilViolence(p_, rng)});
}
EpsteinRun::~EpsteinRun() = default;
void EpsteinRun::tick() {
  impl_->model.tick();
}
int EpsteinRun::agents() const {
  return static_cast<int>(impl_->model.agents());
}
int EpsteinRun::citizens() const {
  return impl_->model.citizens();
}
int EpsteinRun::active() const {
  int n = 0;
  for (size_t i = 0; i < impl_->model.agents(); ++i) n += impl_->model.agent(i).active;
  return n;
}
int EpsteinRun::jailed() const {
  int n = 0;
  for (size_t i = 0; i < impl_->model.agents(); ++i) n += impl_->model.agent(i).jailed;
  return n;
}
int EpsteinRun::jailed_on_grid() const {
  return p_.jail == Jail::off_grid ? 0 : jailed();
}
int EpsteinRun::blocked_sites() const {
  int n = 0;
  for (int c = 0; c < impl_->model.world().sites(); ++c) n += impl_->model.world().blocked(c);
  return n;
}

void epstein_neighbourhood(int cell, int width, int height, int vision, Vision shape, std::vector<int>& out) {
  out.clear();
  const int x = cell % width, y = cell / width;
  for (auto [dx, dy] : vision_offsets(width, height, vision, shape))
    out.push_back((((y + dy) % height + height) % height) * width + ((x + dx) % width + width) % width);
}

EpsteinResult epstein_civil_violence(const EpsteinParams& p, Rng& rng) {
  EpsteinRun run(p, rng);
  EpsteinResult res{};
  res.active_series.reserve(static_cast<size_t>(p.ticks));
  bool in_burst = false;
  double jailed_sum = 0;
  for (int t = 0; t < p.ticks; ++t) {
    run.tick();
    const int active = run.active(), jailed = run.jailed();
    res.active_series.push_back(active);
    const bool burst = active >= p.burst_level;
    if (burst && !in_burst) ++res.bursts;
    in_burst = burst;
    res.final_jailed = jailed;
    jailed_sum += run.citizens() > 0 ? static_cast<double>(jailed) / run.citizens() : 0.0;
  }
  std::vector<int> sorted = res.active_series;
  std::sort(sorted.begin(), sorted.end());
  res.peak_active = sorted.empty() ? 0 : sorted.back();
  res.median_active = sorted.empty() ? 0 : sorted[sorted.size() / 2];
  res.mean_active = sorted.empty() ? 0 : std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
  res.mean_jailed_share = p.ticks > 0 ? jailed_sum / p.ticks : 0.0;
  return res;
}

namespace {
double get(const Values& v, const char* k) {
  return v.at(k);
}
}  // namespace

const std::vector<Submodel>& submodels() {
  static const std::vector<Submodel> all = {
      {"granovetter",
       "threshold cascade: final participation",
       "Granovetter (1978), Am. J. Sociology 83(6)",
       {{"n", 1000, 10, 1e7, "number of agents", true},
        {"mean", 0.25, -1, 2, "mean threshold (share already participating)"},
        {"sd", 0.1, 0, 2, "standard deviation of thresholds"}},
       [](const Values& v, Rng& rng) {
         return Row{{"participation",
                     granovetter_cascade(static_cast<int>(get(v, "n")), get(v, "mean"), get(v, "sd"), rng)}};
       }},
      {"deffuant",
       "bounded-confidence opinions: number of clusters",
       "Deffuant, Neau, Amblard & Weisbuch (2000), Adv. Complex Syst. 3",
       {{"n", 1000, 2, 1e7, "number of agents", true},
        {"epsilon", 0.2, 0, 1, "confidence bound"},
        {"mu", 0.5, 0, 0.5, "convergence parameter"},
        {"meetings", 200000, 1, 1e10, "pairwise meetings (matching: in whole rounds of n/2)", true},
        {"contacts",
         0,
         0,
         1,
         "who meets whom: independent random pairs one after another (Deffuant 2000), or the citizen "
         "population's matching (rounds of n/2 disjoint pairs, as the composed model meets)",
         true,
         {"random_pairs", "matching"}}},
       [](const Values& v, Rng& rng) {
         const Clusters c = deffuant_clusters(static_cast<int>(get(v, "n")), get(v, "epsilon"), get(v, "mu"),
                                              static_cast<int64_t>(get(v, "meetings")), rng,
                                              static_cast<Contacts>(static_cast<int>(get(v, "contacts"))));
         return Row{{"clusters", c.all}, {"major_clusters", c.major}};
       }},
      {"epstein",
       "civil violence Model I: bursts of rebellion",
       "Epstein (2002), PNAS 99(suppl 3)",
       {{"width", 40, 5, 1000, "torus width", true},
        {"height", 40, 5, 1000, "torus height", true},
        {"citizen_density", 0.7, 0, 1, "share of sites with a citizen"},
        {"cop_density", 0.074, 0, 1, "share of sites with a cop"},
        {"vision", 7, 1, 100, "sites seen in each direction", true},
        {"neighbourhood",
         0,
         0,
         3,
         "sites seen: lattice lines N/S/E/W (Epstein 2002), Moore square, diamond |dx|+|dy| <= vision "
         "(Mesa), "
         "disc with one's own site (NetLogo)",
         true,
         {"lines", "square", "diamond", "disc"}},
        {"ratio_rounding",
         0,
         0,
         2,
         "cops/actives ratio: as is (Epstein 2002), floor (NetLogo), half to even (Mesa)",
         true,
         {"exact", "floor", "half_even"}},
        {"order",
         0,
         0,
         1,
         "an agent's turn: move then act (Epstein 2002, NetLogo), or act then move (Mesa)",
         true,
         {"move_then_act", "act_then_move"}},
        {"jail",
         0,
         0,
         2,
         "jailed citizens: off the grid, term 1..J_max (Epstein 2002); hold their site, term 0..J_max "
         "(Mesa); "
         "stay on a site others may enter, term 0..J_max-1 (NetLogo)",
         true,
         {"off_grid", "holds_site", "on_site"}},
        {"cop_follows", 1, 0, 1,
         "1: the arresting cop steps onto the arrestee's site (Epstein 2002, NetLogo)", true},
        {"placement",
         0,
         0,
         1,
         "setup: exactly density x sites agents (Epstein 2002, NetLogo), or each site drawn alone (Mesa)",
         true,
         {"exact", "per_site"}},
        {"legitimacy", 0.8, 0, 1, "government legitimacy L"},
        {"threshold", 0.1, 0, 1, "activation threshold T"},
        {"k", 2.3, 0, 100, "arrest probability constant"},
        {"max_jail", 1000, 0, 1e6, "maximum jail term J_max", true},
        {"ticks", 500, 1, 1e6, "ticks to run", true},
        {"burst_level", 20, 1, 1e6, "active citizens that mark an outburst", true}},
       [](const Values& v, Rng& rng) {
         const EpsteinParams p = epstein_params(v);
         const EpsteinResult r = epstein_civil_violence(p, rng);
         return Row{{"bursts", r.bursts},
                    {"peak_active", r.peak_active},
                    {"mean_active", r.mean_active},
                    {"median_active", r.median_active},
                    {"final_jailed", r.final_jailed},
                    {"mean_jailed_share", r.mean_jailed_share}};
       },
       // Every preset sets every rule switch, so none depends on the defaults.
       {{"epstein2002",
         "Epstein (2002) as the paper states the rules (lateral vision, C/A as is, move then act, jail off "
         "the grid); the cop steps onto the arrestee's site; Mesa's parameter values (the defaults)",
         {{"neighbourhood", 0},
          {"ratio_rounding", 0},
          {"order", 0},
          {"jail", 0},
          {"cop_follows", 1},
          {"placement", 0}}},
        {"mesa",
         "Mesa 3.1.5's example (mesa/examples/advanced/epstein_civil_violence) rule for rule, with its "
         "defaults: diamond vision 7, round(C/A) half to even, act then move, jailed citizens hold their "
         "site for randint(0, 1000) turns, cops stay put, sites drawn one by one; 1,000 steps (max_iters)",
         {{"neighbourhood", 2},
          {"ratio_rounding", 2},
          {"order", 1},
          {"jail", 1},
          {"cop_follows", 0},
          {"placement", 1},
          {"width", 40},
          {"height", 40},
          {"citizen_density", 0.7},
          {"cop_density", 0.074},
          {"vision", 7},
          {"legitimacy", 0.8},
          {"threshold", 0.1},
          {"k", 2.3},
          {"max_jail", 1000},
          {"ticks", 1000}}},
        {"netlogo",
         "NetLogo's Rebellion (Wilensky 2004) rule for rule, with its defaults: disc vision 7 with one's "
         "own patch, floor(C/A), move then act, jailed agents stay on their patch for random 30 ticks, "
         "counted down after each tick, the cop steps onto the arrestee's patch; 4% cops, legitimacy 0.82",
         {{"neighbourhood", 3},
          {"ratio_rounding", 1},
          {"order", 0},
          {"jail", 2},
          {"cop_follows", 1},
          {"placement", 0},
          {"width", 40},
          {"height", 40},
          {"citizen_density", 0.7},
          {"cop_density", 0.04},
          {"vision", 7},
          {"legitimacy", 0.82},
          {"threshold", 0.1},
          {"k", 2.3},
          {"max_jail", 30},
          {"ticks", 500}}}}},
      {"logit",
       "noisy (quantal response) choice among three options: simulated vs closed-form shares",
       "McKelvey & Palfrey (1995), Games Econ. Behav. 10(1)",
       {{"u1", 0.0, -100, 100, "utility of option 1"},
        {"u2", 0.5, -100, 100, "utility of option 2"},
        {"u3", 1.0, -100, 100, "utility of option 3"},
        {"lambda", 2.0, 0, 1000, "precision"},
        {"draws", 10000, 1, 1e9, "choices drawn", true}},
       [](const Values& v, Rng& rng) {
         const double u[3] = {get(v, "u1"), get(v, "u2"), get(v, "u3")};
         double closed[3];
         rules::logit_probabilities(u, get(v, "lambda"), closed);
         int count[3] = {0, 0, 0};
         const int64_t draws = static_cast<int64_t>(get(v, "draws"));
         for (int64_t d = 0; d < draws; ++d) ++count[rules::logit_choice(u, get(v, "lambda"), rng.uniform())];
         Row row;
         for (int k = 0; k < 3; ++k) {
           row.push_back({"share" + std::to_string(k + 1), static_cast<double>(count[k]) / draws});
           row.push_back({"expected" + std::to_string(k + 1), closed[k]});
         }
         return row;
       }},
  };
  return all;
}

EpsteinParams epstein_params(const Values& v) {
  EpsteinParams p;
  auto whole = [&](const char* k) { return static_cast<int>(get(v, k)); };
  p.width = whole("width");
  p.height = whole("height");
  p.citizen_density = get(v, "citizen_density");
  p.cop_density = get(v, "cop_density");
  p.vision = whole("vision");
  p.neighbourhood = static_cast<Vision>(whole("neighbourhood"));
  p.ratio_rounding = static_cast<Ratio>(whole("ratio_rounding"));
  p.order = static_cast<Order>(whole("order"));
  p.jail = static_cast<Jail>(whole("jail"));
  p.cop_follows = whole("cop_follows") == 1;
  p.placement = static_cast<Placement>(whole("placement"));
  p.legitimacy = get(v, "legitimacy");
  p.threshold = get(v, "threshold");
  p.k = get(v, "k");
  p.max_jail = whole("max_jail");
  p.ticks = whole("ticks");
  p.burst_level = whole("burst_level");
  if (p.citizen_density + p.cop_density > 1)
    throw UsageError("citizen_density + cop_density exceeds 1; expected at most one agent per site");
  return p;
}

double choice_value(const DockParam& p, const std::string& name) {
  const auto it = std::find(p.choices.begin(), p.choices.end(), name);
  if (it != p.choices.end()) return static_cast<double>(it - p.choices.begin());
  const std::string hint = closest_match(name, p.choices);
  throw UsageError("invalid value '" + name + "' for --" + p.name + "; expected one of " + join(p.choices) +
                   " (or 0 to " + std::to_string(p.choices.size() - 1) + ")" +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

const Submodel* find_submodel(const std::string& name) {
  for (const auto& m : submodels())
    if (m.name == name) return &m;
  return nullptr;
}

Values resolve(const Submodel& m, const std::map<std::string, double>& given, const std::string& preset) {
  Values v;
  std::vector<std::string> names;
  for (const auto& p : m.params) {
    v[p.name] = p.default_value;
    names.push_back(p.name);
  }
  if (!preset.empty()) {
    std::vector<std::string> presets;
    for (const auto& p : m.presets) presets.push_back(p.name);
    const auto it = std::find(presets.begin(), presets.end(), preset);
    if (it == presets.end()) {
      if (presets.empty()) throw UsageError("dock " + m.name + " has no presets; leave out --preset");
      const std::string hint = closest_match(preset, presets);
      throw UsageError("unknown preset '" + preset + "' for dock " + m.name + "; expected one of " +
                       join(presets) + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    for (const auto& [name, x] : m.presets[static_cast<size_t>(it - presets.begin())].values) v.at(name) = x;
  }
  for (const auto& [name, x] : given) {
    const std::string& k = name;  // a plain reference: lambdas may not capture bindings (clang 14)
    const auto it =
        std::find_if(m.params.begin(), m.params.end(), [&](const DockParam& p) { return p.name == k; });
    if (it == m.params.end()) {
      const std::string hint = closest_match(k, names);
      throw UsageError("unknown parameter '--" + k + "' for dock " + m.name + "; expected one of " +
                       join(names) + (hint.empty() ? "" : " (did you mean '--" + hint + "'?)"));
    }
    if (x < it->lower || x > it->upper)
      throw UsageError("--" + k + " " + format_double(x) + " is out of range; expected a value in [" +
                       format_double(it->lower) + ", " + format_double(it->upper) + "]");
    if (it->integer && x != std::floor(x))
      throw UsageError("--" + k + " " + format_double(x) +
                       " is not a whole number; expected an integer in [" + format_double(it->lower) + ", " +
                       format_double(it->upper) + "]");
    v[k] = x;
  }
  return v;
}

}  // namespace mv::dock
