"""support(S): how many sensitive records hold every attribute of S. The synthesizer asks for
support(S + a) for many a at once, so one call returns the whole vector over attributes a.

The profiles holding S are found from the shortest of: the profile list of a pair of S's
attributes (pair -> profiles, CSR; a single attribute's list when S has one) or the profiles
of an ancestor of S still in a fixed-size ring; each profile is read as a bitset over
attribute ids (a few adjacent words), tested against S's bitset and, if it holds S, added to the
vector bit by bit. Vectors that took a long scan are memoised in a direct-mapped cache of fixed
size (a slot per hash of S, the newest combination wins the slot), so memory stays bounded
whatever the data size. The cache and the ring change how much work is done, never a result."""

from collections import namedtuple

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

# A scan shorter than this is cheaper to redo than to cache.
MEMO_MIN_PROFILES = 64
# Memory the cached vectors may take at most.
MEMO_BUDGET_BYTES = 512 * 2**20
MEMO_MAX_SLOTS = 1 << 20
# The profiles holding recent combinations are kept in a ring of this many ids: a scan for a
# combination narrows those of its parent when they are still there.
RING_SIZE = 1 << 24
_HASH_SEED = 20240917
# A scan asks for the profile this many places ahead of the one it tests.
PREFETCH_AHEAD = 16

Index = namedtuple("Index", "starts items weights singles holder_starts holders pair_starts pair_holders "
                             "hashes bits")
Memo = namedtuple("Memo", "lengths keys vectors scratch rows ring_written rows_at rows_count")


def build_index(encoding):
    """The profiles (CSR, and as bitsets over attribute ids), their weights, single-attribute
    supports, the attribute -> profiles and attribute pair -> profiles lists, and a random
    62-bit hash per attribute (a combination's hash: XOR of its ids')."""
    items, starts = encoding.profile_items, encoding.profile_starts
    profile_of = np.repeat(np.arange(len(starts) - 1, dtype=np.int32), np.diff(starts))
    by_attribute = np.argsort(items, kind="stable")
    n = encoding.n_attributes
    singles = np.bincount(items, weights=np.repeat(encoding.profile_weights, np.diff(starts)),
                          minlength=n).astype(np.int32)
    holder_starts = np.concatenate([[0], np.cumsum(np.bincount(items, minlength=n))]).astype(np.int64)
    hashes = np.random.Generator(np.random.PCG64(_HASH_SEED)).integers(0, 2**62, size=n, dtype=np.int64)
    pair_starts, pair_holders = _pair_lists(starts, items, n)
    return Index(starts, items, encoding.profile_weights, singles, holder_starts,
                 profile_of[by_attribute], pair_starts, pair_holders, hashes, _profile_bits(starts, items, n))


@njit(cache=True)
def _profile_bits(starts, items, n_attributes):
    """Each profile as a bitset over attribute ids (one row of 64-bit words a profile): a scan
    tests and reads a profile in a few adjacent words instead of chasing its ids."""
    bits = np.zeros((len(starts) - 1, (n_attributes + 63) // 64), dtype=np.uint64)
    for p in range(len(starts) - 1):
        for i in range(starts[p], starts[p + 1]):
            bits[p, items[i] >> 6] |= np.uint64(1) << np.uint64(items[i] & 63)
    return bits


@njit(cache=True)
def _pair_lists(starts, items, n_attributes):
    """For each pair a < b (slot a * n + b), the profiles holding both, ascending."""
    counts = np.zeros(n_attributes * n_attributes + 1, dtype=np.int64)
    for p in range(len(starts) - 1):
        for i in range(starts[p], starts[p + 1]):
            for j in range(i + 1, starts[p + 1]):
                counts[items[i] * n_attributes + items[j] + 1] += 1
    pair_starts = np.cumsum(counts)
    filled = pair_starts[:-1].copy()
    holders = np.empty(pair_starts[-1], dtype=np.int32)
    for p in range(len(starts) - 1):
        for i in range(starts[p], starts[p + 1]):
            for j in range(i + 1, starts[p + 1]):
                slot = items[i] * n_attributes + items[j]
                holders[filled[slot]] = p
                filled[slot] += 1
    return pair_starts, holders


def new_memo(n_attributes, max_length, n_profiles):
    """An empty cache within the memory budget, of at most a slot per profile (a run caches
    far fewer combinations than it has profiles; written slots land on pages the OS must
    clear, so a small run keeps a small cache)."""
    per_slot = 4 * (n_attributes + max_length + 1) + 16
    slots = max(1, min(MEMO_MAX_SLOTS, MEMO_BUDGET_BYTES // per_slot, n_profiles))
    return Memo(np.full(slots, -1, dtype=np.int32), np.zeros((slots, max(max_length, 1)), dtype=np.int32),
                np.zeros((slots, n_attributes), dtype=np.int32),
                np.zeros(n_attributes, dtype=np.int32),
                np.empty(RING_SIZE, dtype=np.int32), np.zeros(1, dtype=np.int64),
                np.full(slots, -1, dtype=np.int64), np.zeros(slots, dtype=np.int64))


@njit(cache=True)
def extension_supports(index, memo, combo, length, combo_hash, inherited):
    """support(combo[:length] + a) for every attribute a (and support(combo) at combo's own
    ids); combo[:length] is sorted. `inherited` = (position, count): where the ring holds the
    profiles of an ancestor of combo (position -1: none). Returns the vector, which may be a
    cache row or the scratch vector (use it before the next call), and where the ring holds
    the profiles of combo itself (-1, 0 if it does not)."""
    if length == 0:
        return index.singles, (-1, 0)
    slot = combo_hash % memo.lengths.shape[0]
    if memo.lengths[slot] == length:
        same = True
        for i in range(length):
            if memo.keys[slot, i] != combo[i]:
                same = False
                break
        if same:
            return memo.vectors[slot], (memo.rows_at[slot], memo.rows_count[slot])
    lists, first, last, exact = smallest_list(index, combo[:length])
    ring = memo.rows.shape[0]
    at, count = inherited
    if at >= 0 and count < last - first:
        # usable if this scan, writing at most `count` ids, overwrites none of them
        if at + ring >= _ring_position(memo.ring_written[0], count, ring) + count:
            lists, first, last, exact = memo.rows, at % ring, at % ring + count, False
    cache = last - first >= MEMO_MIN_PROFILES
    vector = memo.vectors[slot] if cache else memo.scratch
    vector[:] = 0
    written = _ring_position(memo.ring_written[0], last - first, ring)
    keep = last - first <= ring // 4
    holders = memo.rows[written % ring:written % ring + last - first] if keep else memo.rows[:0]
    found = scan(index, lists, first, last, combo[:length], exact, vector, holders)
    rows = (written, found) if keep else (-1, 0)
    if keep:
        memo.ring_written[0] = written + found
    if cache:
        memo.lengths[slot] = length
        memo.keys[slot, :length] = combo[:length]
        memo.rows_at[slot], memo.rows_count[slot] = rows
    return vector, rows


@njit(cache=True)
def smallest_list(index, combo):
    """The shortest list of profiles holding part of a nonempty combo (1 or 2 of its ids):
    (lists, first, last, exact), exact when they hold all of combo."""
    if len(combo) == 1:
        return index.holders, index.holder_starts[combo[0]], index.holder_starts[combo[0] + 1], True
    lists, first, last = index.pair_holders, np.int64(0), np.int64(index.pair_holders.shape[0])
    n = len(index.singles)
    for i in range(len(combo)):
        for j in range(i + 1, len(combo)):
            pair = combo[i] * n + combo[j]
            if index.pair_starts[pair + 1] - index.pair_starts[pair] < last - first:
                first, last = index.pair_starts[pair], index.pair_starts[pair + 1]
    return lists, first, last, len(combo) == 2


@njit(cache=True)
def scan(index, lists, first, last, combo, exact, vector, holders):
    """Add each profile of lists[first:last] that holds every id of combo (each does, when
    exact) to vector, by its weight at every attribute it holds, and write its id to holders
    (unless holders is empty). Returns how many hold combo."""
    # rows of bits are indexed in place: a view per profile would count references atomically
    # on an array every lane shares
    bits, profile_weights, words = index.bits, index.weights, index.bits.shape[1]
    wanted = np.zeros(words, dtype=np.uint64)
    for i in range(len(combo)):
        wanted[combo[i] >> 6] |= np.uint64(1) << np.uint64(combo[i] & 63)
    record = len(holders) > 0
    found = 0
    for j in range(first, last):
        if j + PREFETCH_AHEAD < last:
            ahead = lists[j + PREFETCH_AHEAD]
            prefetch(bits, ahead)
            prefetch(profile_weights, ahead)
        p = lists[j]
        if exact or _contains(bits, p, wanted):
            w = profile_weights[p]
            for word in range(words):
                x = bits[p, word]
                while x:
                    vector[(word << 6) + trailing_zeros(x)] += w
                    x &= x - np.uint64(1)
            if record:
                holders[found] = p
            found += 1
    return found


@njit(cache=True, inline="always")
def _contains(bits, p, wanted):
    for word in range(len(wanted)):
        if bits[p, word] & wanted[word] != wanted[word]:
            return False
    return True


@intrinsic
def prefetch(typingctx, array, i):
    """Start loading array[i] (array[i, 0] for a 2-d array) into the cache, LLVM's prefetch:
    a scan's profiles are scattered, and testing one waits on memory unless it was asked
    for a few profiles earlier."""
    def codegen(context, builder, signature, args):
        array_type, index_type = signature.args
        data = context.make_array(array_type)(context, builder, value=args[0])
        at = [context.cast(builder, args[1], index_type, types.intp)]
        at += [ir.Constant(ir.IntType(64), 0)] * (array_type.ndim - 1)
        pointer = cgutils.get_item_pointer(context, builder, array_type, data, at, wraparound=False)
        byte_pointer, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32]), "llvm.prefetch.p0")
        read, every_cache_level, data_cache = (ir.Constant(i32, flag) for flag in (0, 3, 1))
        builder.call(function, [builder.bitcast(pointer, byte_pointer), read, every_cache_level, data_cache])
        return context.get_dummy_value()
    return types.void(array, i), codegen


@intrinsic
def trailing_zeros(typingctx, x):
    """Index of the lowest set bit of a nonzero uint64 (LLVM's cttz)."""
    def codegen(context, builder, signature, args):
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 0))
    return types.uint64(types.uint64), codegen


@njit(cache=True)
def _ring_position(written, size, ring):
    """Where `size` ids go in the ring: contiguous, so at its start when they would wrap."""
    return written + ring - written % ring if written % ring + size > ring else written


@njit(cache=True)
def insert_sorted(combo, length, attribute):
    """combo[:length + 1] = sorted(combo[:length] + [attribute])."""
    at = length
    while at > 0 and combo[at - 1] > attribute:
        combo[at] = combo[at - 1]
        at -= 1
    combo[at] = attribute
