"""Step 1 (mode "row_seeded"): each sensitive record keeps a random subset of its values, grown
one value at a time, each pick weighted by support(kept + value) among the values that keep
support >= k.

The walks advance level by level, every profile at once: a node is (profile, kept positions,
copies), and a level holds the nodes that kept as many values. The nodes of a level that kept
the same combination S share one vector of support(S + a) for every a, from one scan of the
profiles that may hold S: the smallest attribute-pair list of S, or the profiles found holding
S's parent on the level before. So the work grows with the distinct combinations the walks
visit, not with the walks. Copies of a profile that reach the same kept set go on as one node
(a walk's future depends only on its kept set), and each node draws from its own random stream,
keyed by its profile and kept set: the result depends neither on the order nor on the lanes."""

import math
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from .draws import restart, weighted_pick
from .supports import MEMO_MIN_PROFILES, scan, smallest_list

# A node's kept set is a bitmask over its profile's positions.
MAX_PROFILE_VALUES = 64
# The profiles found holding a level's combinations are kept for the next level's scans, from
# combinations of this length on (shorter ones have pair lists), up to this many ids a level;
# beyond it, scans use pair lists.
STORE_FROM = 3
STORED_HOLDERS_MAX = 3 << 28
# Vectors of combinations up to this length are left in the cache for step 2, which starts
# its records from the same shallow combinations.
CACHED_UP_TO = 3

Nodes = namedtuple("Nodes", "profile kept copies hash src_at src_count")


def redact(index, memo, k, seed, lanes, every, report):
    """The records step 1 leaves (see new_records): the walks of every profile, a level at a
    time, `every` nodes at a time in `lanes` threads; report(done, walks) after each batch: done
    of the walks (records held fewer than k times) have ended."""
    _check_widths(index)
    nodes, whole = _first_level(index, k)
    ended = [whole]
    walks = walking = int(nodes.copies.sum())
    stored, level = np.zeros(0, np.int32), 0
    longest = int(max(np.diff(index.holder_starts).max(initial=0), np.diff(index.pair_starts).max(initial=0)))
    with ThreadPoolExecutor(lanes) as pool:
        while len(nodes.profile):
            nodes, starts = _group(nodes)
            slots = _child_slots(index, nodes)
            children, emitted = _new_children(int(slots[-1])), np.zeros(len(nodes.profile), np.int64)
            store = np.empty(_stored_holders_bound(index, level), np.int32)
            tag = np.full(len(nodes.profile), -1, np.int64)
            buffers = [_new_lane(index, longest, len(store) * i // lanes, len(store) * (i + 1) // lanes, tag)
                       for i in range(lanes)]
            batch_ends = np.unique(np.searchsorted(starts, np.arange(every, len(nodes.profile), every)))
            level_in = (index, memo, k, seed, level, nodes, starts)
            level_out = (stored, store, slots, children, emitted)
            first = 0
            for last in [*batch_ends.tolist(), len(starts) - 1]:
                if last <= first:
                    continue
                work = [pool.submit(_advance_lane, *level_in, first, last, i, lanes, lane, *level_out)
                        for i, lane in enumerate(buffers)]
                for done in work:
                    done.result()
                walking += int(children.copies[slots[starts[first]]:slots[starts[last]]].sum())
                walking -= int(nodes.copies[starts[first]:starts[last]].sum())
                first = last
                report(walks - walking, walks)
            stops = emitted > 0
            ended.append((nodes.profile[stops], nodes.kept[stops], emitted[stops]))
            nodes, stored, level = _compact(children), store, level + 1
    profile, kept, copies = (np.concatenate(parts) for parts in zip(*ended, strict=True))
    order = np.lexsort((kept, profile))
    return _records_of(index, profile[order], kept[order], copies[order])


def _check_widths(index):
    """A kept set must fit a 64-bit mask."""
    lengths = np.diff(index.starts)
    if lengths.max(initial=0) > MAX_PROFILE_VALUES:
        raise ValueError(f"a record holds {lengths.max()} values; the synthesizer handles at most "
                         f"{MAX_PROFILE_VALUES}")


def _first_level(index, k):
    """The root node of every profile held fewer than k times, and the records of the others:
    every subset of a profile held k times is held >= k times, so it stays whole."""
    rare = np.flatnonzero(index.weights < k).astype(np.int32)
    n = len(rare)
    nodes = Nodes(rare, np.zeros(n, np.uint64), index.weights[rare].astype(np.int64),
                  np.zeros(n, np.int64), np.full(n, -1, np.int64), np.full(n, -1, np.int64))
    whole = np.flatnonzero(index.weights >= k).astype(np.int32)
    lengths = np.diff(index.starts)[whole].astype(np.uint64)
    full = np.where(lengths == 64, ~np.uint64(0), (np.uint64(1) << lengths) - np.uint64(1))
    return nodes, (whole, full, index.weights[whole].astype(np.int64))


def _group(nodes):
    """The nodes ordered by combination hash, then profile and kept set, with copies of one
    profile that reached the same kept set merged; and where each hash's group starts."""
    order = np.lexsort((nodes.kept, nodes.profile, nodes.hash))
    nodes = Nodes(*(column[order] for column in nodes))
    same = (nodes.profile[1:] == nodes.profile[:-1]) & (nodes.kept[1:] == nodes.kept[:-1])
    if same.any():
        first = np.flatnonzero(np.concatenate([[True], ~same]))
        copies = np.add.reduceat(nodes.copies, first)
        nodes = Nodes(*(column[first] for column in nodes))._replace(copies=copies)
    starts = np.flatnonzero(np.concatenate([[True], nodes.hash[1:] != nodes.hash[:-1]]))
    return nodes, np.append(starts, len(nodes.hash)).astype(np.int64)


def _child_slots(index, nodes):
    """Where each node's children go: at most one per copy and per value it could still add."""
    lengths = np.diff(index.starts)[nodes.profile]
    room = np.minimum(nodes.copies, lengths)
    return np.concatenate([[0], np.cumsum(room)]).astype(np.int64)


def _new_children(n):
    return Nodes(np.zeros(n, np.int32), np.zeros(n, np.uint64), np.zeros(n, np.int64), np.zeros(n, np.int64),
                 np.full(n, -1, np.int64), np.full(n, -1, np.int64))


def _compact(children):
    """The children slots that were written."""
    written = children.copies > 0
    return Nodes(*(column[written] for column in children))


def _stored_holders_bound(index, level):
    """Room for the profiles holding a level's combinations: at most every combination of that
    length of every profile, and at most STORED_HOLDERS_MAX."""
    if level < STORE_FROM:
        return 0
    combinations = np.array([math.comb(m, level) for m in range(MAX_PROFILE_VALUES + 1)], dtype=np.float64)
    return int(min(STORED_HOLDERS_MAX, combinations[np.diff(index.starts)].sum()))


Lane = namedtuple("Lane", "vector scratch combo weights drawn state tag store_used store_end")


def _new_lane(index, longest, store_first, store_end, tag):
    """A thread's buffers (scratch for the `longest` list of profiles a scan reads), and its
    part store[store_first:store_end] of the level's store; `tag` (shared: lanes take distinct
    groups) marks the nodes a combination's vector has served."""
    return Lane(np.zeros(len(index.singles), np.int32), np.empty(max(longest, 1), np.int32),
                np.empty(MAX_PROFILE_VALUES, np.int32), np.empty(MAX_PROFILE_VALUES, np.float64),
                np.empty(MAX_PROFILE_VALUES, np.int64), np.zeros(1, np.uint64), tag,
                np.array([store_first], np.int64), store_end)


@njit(cache=True, nogil=True)
def _advance_lane(index, memo, k, seed, level, nodes, starts, first_group, last_group, lane_number, lanes,
                  lane, stored, store, slots, children, emitted):
    """Advance by one pick the nodes of the groups first_group..last_group - 1 whose cache slot
    falls to this lane (so no two lanes write one slot). A group is a hash's nodes; its nodes
    with the same combination (hashes may collide) share one support vector, which shallow
    combinations leave in the cache for step 2. Writes node j's children from
    children[slots[j]], its record (if it stops) to emitted[j], and from level STORE_FROM on,
    keeps the profiles found holding a combination that has children in
    store[lane.store_used:] for the next level."""
    tag = lane.tag
    for g in range(first_group, last_group):
        a, b = starts[g], starts[g + 1]
        slot = nodes.hash[a] % memo.lengths.shape[0]
        if slot % lanes != lane_number:
            continue
        for leader in range(a, b):
            if tag[leader] >= 0:
                continue
            length = _combination(index, nodes.profile[leader], nodes.kept[leader], lane.combo)
            combo = lane.combo[:length]
            src_at, src_count = np.int64(-1), np.int64(-1)
            for j in range(leader, b):
                if tag[j] < 0 and _holds_exactly(index, nodes.profile[j], nodes.kept[j], combo):
                    tag[j] = leader
                    if nodes.src_count[j] >= 0 and (src_count < 0 or nodes.src_count[j] < src_count):
                        src_at, src_count = nodes.src_at[j], nodes.src_count[j]
            lists, first, last, exact = _candidates(index, combo, stored, src_at, src_count)
            keep = level >= STORE_FROM and lane.store_used[0] + last - first <= lane.store_end
            holders = store[lane.store_used[0]:lane.store_end] if keep else lane.scratch
            vector, found = index.singles, 0
            if length > 0:
                vector, found = lane.vector, scan(index, lists, first, last, combo, exact, lane.vector,
                                                  holders)
            if 0 < length <= CACHED_UP_TO and found >= MEMO_MIN_PROFILES:
                memo.lengths[slot], memo.keys[slot, :length], memo.vectors[slot] = length, combo, vector
                memo.rows_at[slot], memo.rows_count[slot] = -1, 0
            # the children scan these profiles next level, if they are kept
            at, n_holders = (lane.store_used[0], found) if keep else (-1, -1)
            has_children = False
            for j in range(leader, b):
                if tag[j] == leader:
                    has_children |= _step(index, k, seed, nodes, j, vector, at, n_holders, lane, slots[j],
                                          children, emitted)
            if keep and has_children:
                lane.store_used[0] += found
            if length > 0:
                _clear(index, holders, found, vector)


@njit(cache=True)
def _combination(index, p, kept, combo):
    """Write profile p's ids at the kept positions to combo; returns how many."""
    length = 0
    for i in range(index.starts[p + 1] - index.starts[p]):
        if (kept >> np.uint64(i)) & np.uint64(1):
            combo[length] = index.items[index.starts[p] + i]
            length += 1
    return length


@njit(cache=True)
def _holds_exactly(index, p, kept, combo):
    """Whether profile p's ids at the kept positions are exactly combo."""
    length = 0
    for i in range(index.starts[p + 1] - index.starts[p]):
        if (kept >> np.uint64(i)) & np.uint64(1):
            if length >= len(combo) or combo[length] != index.items[index.starts[p] + i]:
                return False
            length += 1
    return length == len(combo)


@njit(cache=True)
def _candidates(index, combo, stored, src_at, src_count):
    """Profiles that may hold combo: the shortest of its pair lists (its one attribute's list)
    and the src_count profiles from stored[src_at] found holding its parent. Returns (lists,
    first, last, exact), exact when every one of them holds combo."""
    if len(combo) == 0:
        return stored, 0, 0, True
    lists, first, last, exact = smallest_list(index, combo)
    if src_count >= 0 and src_count < last - first:
        return stored, src_at, src_at + src_count, False
    return lists, first, last, exact


@njit(cache=True)
def _clear(index, holders, found, vector):
    """Zero the vector entries the found profiles touched (cheaper than all when few)."""
    if found * 8 > len(vector):
        vector[:] = 0
        return
    for j in range(found):
        p = holders[j]
        for i in range(index.starts[p], index.starts[p + 1]):
            vector[index.items[i]] = 0


@njit(cache=True)
def _step(index, k, seed, nodes, j, vector, holders_at, n_holders, lane, slot, children, emitted):
    """Node j's copies each draw a value to add; copies that drew the same value become one
    child, and when no value keeps support >= k the node's kept values become its record.
    Returns whether it has children."""
    p, kept, n_copies = nodes.profile[j], nodes.kept[j], nodes.copies[j]
    start, m = index.starts[p], index.starts[p + 1] - index.starts[p]
    weights, drawn, state = lane.weights, lane.drawn, lane.state
    restart(state, seed, _node_key(p, kept))
    for i in range(m):
        support = vector[index.items[start + i]]
        taken = (kept >> np.uint64(i)) & np.uint64(1)
        weights[i] = support if not taken and support >= k else 0.0
        drawn[i] = 0
    picked = 0
    for _ in range(n_copies):
        pick = weighted_pick(weights, m, state)
        if pick < 0:
            break
        drawn[pick] += 1
        picked += 1
    if picked == 0:
        if kept != 0:
            emitted[j] = n_copies
        return False
    for i in range(m):
        if drawn[i] > 0:
            children.profile[slot], children.kept[slot] = p, kept | (np.uint64(1) << np.uint64(i))
            children.copies[slot] = drawn[i]
            children.hash[slot] = nodes.hash[j] ^ index.hashes[index.items[start + i]]
            children.src_at[slot], children.src_count[slot] = holders_at, n_holders
            slot += 1
    return True


@njit(cache=True)
def _node_key(p, kept):
    return np.uint64(p) * np.uint64(0x9E3779B97F4A7C15) ^ kept


def _records_of(index, profile, kept, copies):
    """Records (see new_records) of the given profiles' kept positions."""
    lengths = np.bitwise_count(kept).astype(np.int64)
    firsts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    items = np.empty(int(lengths.sum()), np.int32)
    _write_combinations(index, profile, kept, firsts, items)
    return firsts, lengths, copies, items, np.array([len(profile), len(items)], np.int64)


@njit(cache=True)
def _write_combinations(index, profile, kept, firsts, items):
    for r in range(len(profile)):
        _combination(index, profile[r], kept[r], items[firsts[r]:])


def new_records(n_records, n_items):
    """Records as (first id, length, copies) in slots over one id array, plus the counts of
    slots and ids used when appended: a slot left with 0 copies holds no record."""
    return (np.zeros(n_records, dtype=np.int64), np.zeros(n_records, dtype=np.int64),
            np.zeros(n_records, dtype=np.int64), np.empty(n_items, dtype=np.int32),
            np.zeros(2, dtype=np.int64))


@njit(cache=True)
def emit(out, slot, at, record, n_copies):
    """Write a record held `n_copies` times to slot `slot` of `out`, its ids from `at`."""
    firsts, lengths, copies, items, _ = out
    items[at:at + len(record)] = record
    firsts[slot], lengths[slot], copies[slot] = at, len(record), n_copies


@njit(cache=True)
def append(out, record, n_copies):
    """Write a record to the next free slot of `out`."""
    counts = out[4]
    emit(out, counts[0], counts[1], record, n_copies)
    counts[0], counts[1] = counts[0] + 1, counts[1] + len(record)
