#include "sim/trust_network.hpp"

#include "sim/parallel.hpp"
#include "sim/prefault.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>

namespace trustsim {
namespace {

/// The transpose counts edges per target in at most this many source ranges at once (4 bytes per
/// agent each, for a moment).
constexpr std::size_t max_transpose_parts = 4;

/// Agents whose ties are drawn into one buffer while the network is built: about 1 MB of ties,
/// large enough that the allocator maps each buffer on its own and returns it when freed.
constexpr std::size_t tie_block = 16384;

struct Tie {
    AgentIndex target;
    std::uint8_t kind;
};

/// Departments are shared by every agent with the same grandparent; their level ranges are
/// computed once per root and looked up by root id.
class DepartmentRanges {
  public:
    explicit DepartmentRanges(const Organisation& org) : first_(org.agents() + 1, 0) {
        for (AgentIndex root = 0; root < org.agents(); ++root) {
            first_[root] = static_cast<std::uint32_t>(ranges_.size());
            const bool has_grandchildren = org.is_manager(root) && org.is_manager(org.reports(root).front());
            if (root == 0 || has_grandchildren) {
                auto levels = org.subtree_ranges(root);
                std::uint64_t size = 0;
                for (auto r : levels) {
                    size += r.end - r.begin;
                    ranges_.push_back({r, size});
                }
            }
        }
        first_[org.agents()] = static_cast<std::uint32_t>(ranges_.size());
    }

    /// A uniform draw inside the subtree of `root`.
    AgentIndex draw(AgentIndex root, RandomStream& stream) const {
        const auto* begin = ranges_.data() + first_[root];
        const auto* end = ranges_.data() + first_[root + 1];
        const std::uint64_t size = (end - 1)->cumulative;
        const auto pick = static_cast<std::uint64_t>(stream.uniform() * static_cast<double>(size));
        for (const auto* level = begin; level != end; ++level) {
            if (pick < level->cumulative) {
                const std::uint64_t before = level->cumulative - (level->range.end - level->range.begin);
                return static_cast<AgentIndex>(level->range.begin + (pick - before));
            }
        }
        return (end - 1)->range.end - 1;
    }

  private:
    struct Level {
        Organisation::IdRange range;
        std::uint64_t cumulative;
    };
    std::vector<std::uint32_t> first_;
    std::vector<Level> ranges_;
};

/// The sorted, de-duplicated out-ties of one agent, into `ties` (reused between calls rather than
/// an allocation per agent); self ties and duplicate draws are dropped, not redrawn
/// (model-choices "Structure").
void ties_of(AgentIndex i, const Organisation& org, const DepartmentRanges& departments, const NetworkParameters& parameters,
             const std::span<const AgentIndex>* listed, RngKey key, std::vector<Tie>& ties) {
    ties.clear();
    const std::int32_t parent = org.parent(i);
    if (parent != no_parent) ties.push_back({static_cast<AgentIndex>(parent), EdgeKind::to_manager});
    for (const AgentIndex report : org.reports(i)) ties.push_back({report, EdgeKind::to_report});

    if (listed != nullptr) {
        for (const AgentIndex target : *listed) {
            if (target != i) ties.push_back({target, EdgeKind::lateral});
        }
    } else {
        RandomStream stream(key, 0, i, static_cast<std::uint32_t>(EnginePurpose::lateral_wiring));
        const AgentIndex department = org.department_root(i);
        for (std::uint32_t draw = 0; draw < parameters.k_lat; ++draw) {
            const bool local = stream.bernoulli(parameters.p_local);
            const AgentIndex target = local ? departments.draw(department, stream) : stream.below(org.agents());
            if (target != i) ties.push_back({target, EdgeKind::lateral});
        }
    }

    std::sort(ties.begin(), ties.end(), [](Tie a, Tie b) { return a.target < b.target; });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < ties.size(); ++k) {
        if (kept > 0 && ties[kept - 1].target == ties[k].target) {
            ties[kept - 1].kind = static_cast<std::uint8_t>(ties[kept - 1].kind | ties[k].kind);
        } else {
            ties[kept++] = ties[k];
        }
    }
    ties.resize(kept);
    if (parent == no_parent) return;
    if (!org.reassigned()) {
        // As built, a manager's reports are consecutive ids: a co-worker is a target inside that
        // range. Asking each target for its parent instead was a random read per tie, a third of
        // drawing the ties at 10^7 agents.
        const std::span<const AgentIndex> coworkers = org.reports(static_cast<AgentIndex>(parent));
        for (Tie& tie : ties) {
            if (tie.target >= coworkers.front() && tie.target <= coworkers.back()) {
                tie.kind = static_cast<std::uint8_t>(tie.kind | EdgeKind::same_team);
            }
        }
        return;
    }
    for (Tie& tie : ties) {
        if (org.parent(tie.target) == parent) tie.kind = static_cast<std::uint8_t>(tie.kind | EdgeKind::same_team);
    }
}

}  // namespace

TrustNetwork::TrustNetwork(const Organisation& org, const NetworkParameters& parameters, RngKey key)
    : TrustNetwork(org, parameters, key, nullptr) {}

TrustNetwork::TrustNetwork(const Organisation& org, const ListedTies& ties) : TrustNetwork(org, {0, 0}, RngKey{}, &ties) {}

TrustNetwork::TrustNetwork(const Organisation& org, const NetworkParameters& parameters, RngKey key, const ListedTies* ties) {
    const std::uint32_t n = org.agents();
    const DepartmentRanges departments(org);
    // An explicit organisation's ties, grouped by source.
    std::vector<EdgeIndex> listed_offsets(std::size_t{n} + 1, 0);
    std::vector<AgentIndex> listed_targets(ties ? ties->size() : 0);
    if (ties != nullptr) {
        for (const auto& [source, target] : *ties) {
            if (source >= n || target >= n) throw std::invalid_argument("a listed tie names an agent outside the organisation");
            ++listed_offsets[source + 1];
        }
        for (std::uint32_t i = 0; i < n; ++i) listed_offsets[i + 1] += listed_offsets[i];
        std::vector<EdgeIndex> cursor(listed_offsets.begin(), listed_offsets.end() - 1);
        for (const auto& [source, target] : *ties) listed_targets[cursor[source]++] = target;
    }
    const auto listed = [&](std::size_t i) {
        return std::span<const AgentIndex>(listed_targets).subspan(listed_offsets[i], listed_offsets[i + 1] - listed_offsets[i]);
    };

    // Each block of agents keeps its rows until every row's offset is known, then copies them
    // into place and lets them go. The rows of all blocks are a second copy of the edges for a
    // moment, at 8 bytes each, but nothing else of the run exists yet: at 10^7 agents that is
    // 0.6 GB against the 5 GB the run holds later, and one tie draw per agent instead of two
    // (a draw for counting, a draw for filling).
    const std::size_t blocks = (std::size_t{n} + tie_block - 1) / tie_block;
    std::vector<std::vector<Tie>> block_rows(blocks);
    std::vector<std::uint32_t> degree(n);
    parallel_ranges(blocks, 1, [&](std::size_t first, std::size_t last) {
        std::vector<Tie> row;
        for (std::size_t b = first; b < last; ++b) {
            std::vector<Tie>& rows = block_rows[b];
            const std::size_t end = std::min<std::size_t>(n, (b + 1) * tie_block);
            rows.reserve((end - b * tie_block) * (parameters.k_lat + 2));
            for (std::size_t i = b * tie_block; i < end; ++i) {
                const std::span<const AgentIndex> own = listed(i);
                ties_of(static_cast<AgentIndex>(i), org, departments, parameters, ties ? &own : nullptr, key, row);
                degree[i] = static_cast<std::uint32_t>(row.size());
                rows.insert(rows.end(), row.begin(), row.end());
            }
        }
    });
    assign_prefaulted(row_offsets_, std::size_t{n} + 1, EdgeIndex{0});
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        total += degree[i];
        if (total >= no_edge) throw std::length_error("the network has more than 2^32-1 edges; lower agents or k_lat");
        row_offsets_[i + 1] = static_cast<EdgeIndex>(total);
    }
    resize_prefaulted(col_index_, total);
    resize_prefaulted(kind_, total);
    parallel_ranges(blocks, 1, [&](std::size_t first, std::size_t last) {
        for (std::size_t b = first; b < last; ++b) {
            EdgeIndex e = row_offsets_[b * tie_block];
            for (const Tie& tie : block_rows[b]) {
                col_index_[e] = tie.target;
                kind_[e] = tie.kind;
                ++e;
            }
            std::vector<Tie>().swap(block_rows[b]);
        }
    });

    derive_indices();
}

void TrustNetwork::derive_indices() {
    const std::uint32_t n = agents();
    const std::size_t total = col_index_.size();
    // Transpose by counting sort, in a few ranges of sources at once: each range counts its
    // edges per target, a target's in-row gives each range its slots after those of the ranges
    // before it, and each range fills its slots in source order. Every in-row is therefore
    // sorted by source, the same whatever the number of ranges; the ranges' counts cost
    // 4 bytes per agent each for a moment.
    const std::size_t parts = std::clamp<std::size_t>(
        static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()), 1, max_transpose_parts);
    std::vector<AgentIndex> part_begin(parts + 1, n);
    for (std::size_t p = 0; p < parts; ++p) {
        // Cut at about equal numbers of edges.
        const EdgeIndex wanted = static_cast<EdgeIndex>(total * p / parts);
        part_begin[p] = static_cast<AgentIndex>(std::lower_bound(row_offsets_.begin(), row_offsets_.end() - 1, wanted) -
                                                row_offsets_.begin());
    }
    std::vector<std::vector<EdgeIndex>> cursor(parts);
    parallel_ranges(parts, 1, [&](std::size_t first, std::size_t last) {
        for (std::size_t p = first; p < last; ++p) {
            cursor[p].assign(n, 0);
            for (EdgeIndex e = row_offsets_[part_begin[p]]; e < row_offsets_[part_begin[p + 1]]; ++e) ++cursor[p][col_index_[e]];
        }
    });
    assign_prefaulted(in_offsets_, std::size_t{n} + 1, EdgeIndex{0});
    for_each_range(n, [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            EdgeIndex in_degree = 0;
            for (std::size_t p = 0; p < parts; ++p) in_degree += cursor[p][j];
            in_offsets_[j + 1] = in_degree;
        }
    });
    for (std::uint32_t j = 0; j < n; ++j) in_offsets_[j + 1] += in_offsets_[j];
    for_each_range(n, [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            EdgeIndex slot = in_offsets_[j];
            for (std::size_t p = 0; p < parts; ++p) slot += std::exchange(cursor[p][j], slot);
        }
    });
    resize_prefaulted(in_source_, total);
    resize_prefaulted(in_edge_, total);
    parallel_ranges(parts, 1, [&](std::size_t first, std::size_t last) {
        for (std::size_t p = first; p < last; ++p) {
            for (AgentIndex i = part_begin[p]; i < part_begin[p + 1]; ++i) {
                for (EdgeIndex e = row_offsets_[i]; e < row_offsets_[i + 1]; ++e) {
                    const EdgeIndex position = cursor[p][col_index_[e]]++;
                    in_source_[position] = i;
                    in_edge_[position] = e;
                }
            }
        }
    });

    resize_prefaulted(reverse_, total);
    assign_prefaulted(edge_to_manager_, n, no_edge);
    assign_prefaulted(edge_from_manager_, n, no_edge);
    // Row i's targets and in-row i's sources are both sorted, so one merge of the two finds
    // every reverse edge of the row (an edge j -> i for each i -> j) without a binary search in
    // row j, which at 10^7 agents was a random read per edge and a tenth of the setup.
    for_each_agent(n, [&](std::size_t i) {
        EdgeIndex incoming = in_offsets_[i];
        const EdgeIndex incoming_end = in_offsets_[i + 1];
        for (EdgeIndex e = row_offsets_[i]; e < row_offsets_[i + 1]; ++e) {
            const AgentIndex target = col_index_[e];
            while (incoming < incoming_end && in_source_[incoming] < target) ++incoming;
            reverse_[e] = incoming < incoming_end && in_source_[incoming] == target ? in_edge_[incoming] : no_edge;
            if (kind_[e] & EdgeKind::to_manager) {
                edge_to_manager_[i] = e;
                edge_from_manager_[i] = reverse_[e];
            }
        }
    });
}

std::vector<EdgeIndex> TrustNetwork::move_ties(const Organisation& org, std::span<const TieMove> moves) {
    const std::size_t total = col_index_.size();
    std::vector<EdgeIndex> origin(total);
    for (std::size_t e = 0; e < total; ++e) origin[e] = static_cast<EdgeIndex>(e);
    const auto source_of = [&](EdgeIndex e) {
        return static_cast<AgentIndex>(std::upper_bound(row_offsets_.begin(), row_offsets_.end(), e) - row_offsets_.begin() - 1);
    };
    std::vector<AgentIndex> rows;
    for (const TieMove& move : moves) {
        if (move.edge >= total || kind_[move.edge] & (EdgeKind::to_manager | EdgeKind::to_report))
            throw std::invalid_argument("only a lateral tie that is not also a formal one can be moved");
        const AgentIndex source = source_of(move.edge);
        if (move.target >= agents() || move.target == source)
            throw std::invalid_argument("a moved tie needs a target other than its source");
        const std::int32_t parent = org.parent(source);
        col_index_[move.edge] = move.target;
        kind_[move.edge] = static_cast<std::uint8_t>(
            EdgeKind::lateral | (parent != no_parent && org.parent(move.target) == parent ? EdgeKind::same_team : 0));
        rows.push_back(source);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (const AgentIndex row : rows) {
        const EdgeIndex begin = row_offsets_[row];
        const EdgeIndex end = row_offsets_[row + 1];
        std::vector<EdgeIndex> order(end - begin);
        for (EdgeIndex e = begin; e < end; ++e) order[e - begin] = e;
        std::sort(order.begin(), order.end(), [&](EdgeIndex a, EdgeIndex b) { return col_index_[a] < col_index_[b]; });
        std::vector<AgentIndex> targets(order.size());
        std::vector<std::uint8_t> kinds(order.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            targets[k] = col_index_[order[k]];
            kinds[k] = kind_[order[k]];
            if (k > 0 && targets[k] == targets[k - 1])
                throw std::invalid_argument("a moved tie landed on a target already in its row");
        }
        for (std::size_t k = 0; k < order.size(); ++k) {
            col_index_[begin + k] = targets[k];
            kind_[begin + k] = kinds[k];
            origin[begin + k] = order[k];
        }
    }
    derive_indices();
    ++version_;
    return origin;
}

std::vector<EdgeIndex> TrustNetwork::restructure(const Organisation& org) {
    struct Slot {
        AgentIndex target;
        std::uint8_t kind;
        EdgeIndex origin;
    };
    const std::uint32_t n = agents();
    std::vector<EdgeIndex> offsets(std::size_t{n} + 1, 0);
    std::vector<AgentIndex> targets;
    std::vector<std::uint8_t> kinds;
    std::vector<EdgeIndex> origin;
    targets.reserve(col_index_.size());
    kinds.reserve(col_index_.size());
    origin.reserve(col_index_.size());
    std::vector<Slot> row;
    for (AgentIndex i = 0; i < n; ++i) {
        const std::int32_t parent = org.parent(i);
        const auto kind_of = [&](AgentIndex j, std::uint8_t drawn) {
            std::uint8_t kind = drawn;
            if (parent != no_parent && j == static_cast<AgentIndex>(parent)) kind |= EdgeKind::to_manager;
            if (org.parent(j) == static_cast<std::int32_t>(i)) kind |= EdgeKind::to_report;
            if (kind == 0) kind = EdgeKind::lateral;  // a former formal tie: the relationship goes on
            if (parent != no_parent && org.parent(j) == parent) kind |= EdgeKind::same_team;
            return static_cast<std::uint8_t>(kind);
        };
        row.clear();
        for (EdgeIndex e = row_offsets_[i]; e < row_offsets_[i + 1]; ++e) {
            row.push_back({col_index_[e], kind_of(col_index_[e], kind_[e] & EdgeKind::lateral), e});
        }
        const auto held = [&](AgentIndex j) {
            return std::any_of(row.begin(), row.end(), [&](const Slot& slot) { return slot.target == j; });
        };
        if (parent != no_parent && !held(static_cast<AgentIndex>(parent))) {
            row.push_back({static_cast<AgentIndex>(parent), kind_of(static_cast<AgentIndex>(parent), 0), no_edge});
        }
        for (const AgentIndex report : org.reports(i)) {
            if (!held(report)) row.push_back({report, kind_of(report, 0), no_edge});
        }
        std::sort(row.begin(), row.end(), [](const Slot& a, const Slot& b) { return a.target < b.target; });
        for (const Slot& slot : row) {
            targets.push_back(slot.target);
            kinds.push_back(slot.kind);
            origin.push_back(slot.origin);
        }
        if (targets.size() >= no_edge) throw std::length_error("the network has more than 2^32-1 edges");
        offsets[i + 1] = static_cast<EdgeIndex>(targets.size());
    }
    row_offsets_ = std::move(offsets);
    col_index_ = std::move(targets);
    kind_ = std::move(kinds);
    derive_indices();
    ++version_;
    return origin;
}

EdgeIndex TrustNetwork::find(AgentIndex i, AgentIndex j) const noexcept {
    const auto begin = col_index_.begin() + row_offsets_[i];
    const auto end = col_index_.begin() + row_offsets_[i + 1];
    const auto it = std::lower_bound(begin, end, j);
    if (it == end || *it != j) return no_edge;
    return static_cast<EdgeIndex>(it - col_index_.begin());
}

std::vector<EdgeIndex> sample_edges(const TrustNetwork& network, std::uint32_t count, RngKey key) {
    const std::size_t edges = network.edges();
    std::vector<EdgeIndex> sample;
    if (count >= edges) {
        for (std::size_t e = 0; e < edges; ++e) sample.push_back(static_cast<EdgeIndex>(e));
        return sample;
    }
    // Floyd's algorithm: count draws, each accepted or replaced by the newest candidate.
    RandomStream stream(key, 0, 0, static_cast<std::uint32_t>(EnginePurpose::edge_sample));
    std::unordered_set<EdgeIndex> chosen;
    chosen.reserve(count);
    for (std::size_t j = edges - count; j < edges; ++j) {
        const auto pick = static_cast<EdgeIndex>(stream.below(static_cast<std::uint32_t>(j + 1)));
        if (!chosen.insert(pick).second) chosen.insert(static_cast<EdgeIndex>(j));
    }
    sample.assign(chosen.begin(), chosen.end());
    std::sort(sample.begin(), sample.end());
    return sample;
}

std::size_t TrustNetwork::memory_bytes() const noexcept {
    return row_offsets_.capacity() * sizeof(EdgeIndex) + col_index_.capacity() * sizeof(AgentIndex) +
           kind_.capacity() + reverse_.capacity() * sizeof(EdgeIndex) +
           (edge_to_manager_.capacity() + edge_from_manager_.capacity()) * sizeof(EdgeIndex) +
           in_offsets_.capacity() * sizeof(EdgeIndex) + in_source_.capacity() * sizeof(AgentIndex) +
           in_edge_.capacity() * sizeof(EdgeIndex);
}

}  // namespace trustsim
