#!/usr/bin/env python3
"""Verify CMT state-tree proofs, written from docs/chain.md ("Hashing", "Proofs", "Proof format")
alone, with the standard library only.

    verify_state_proof.py ROOT KEY VALUE PROOF   # hex arguments; VALUE '-' claims absence
    verify_state_proof.py --cases < cases.json   # [{"root","key","value"|null,"proof"}, ...]

Prints 'valid' or 'invalid' per proof; with arguments, exits 0 when valid and 1 when not.
"""
import hashlib
import json
import sys

PLACEHOLDER = bytes(32)


def tagged(tag, *parts):
    h = hashlib.sha256()
    h.update(tag.encode("ascii") + b"\x00")
    for part in parts:
        h.update(part)
    return h.digest()


def key_hash(key):
    return tagged("CMT/smt/v1/key", key)


def value_hash(value):
    return tagged("CMT/smt/v1/value", value)


def leaf_hash(kh, vh):
    return tagged("CMT/smt/v1/leaf", kh, vh)


def node_hash(left, right):
    return tagged("CMT/smt/v1/node", left, right)


def bit(h, i):
    return (h[i // 8] >> (7 - i % 8)) & 1


def common_prefix_bits(a, b):
    n = 0
    while n < 256 and bit(a, n) == bit(b, n):
        n += 1
    return n


class Malformed(Exception):
    pass


def decode(proof):
    """Returns (leaf or None, siblings); leaf is (key_hash, value_hash). Raises Malformed."""
    pos = 0

    def take(count):
        nonlocal pos
        if len(proof) - pos < count:
            raise Malformed("truncated")
        chunk = proof[pos:pos + count]
        pos += count
        return chunk

    if take(1) != b"\x01":
        raise Malformed("format version")
    end = take(1)[0]
    if end == 0:
        leaf = None
    elif end == 1:
        leaf = (take(32), take(32))
    else:
        raise Malformed("end tag")
    n = int.from_bytes(take(2), "big")
    if n > 256:
        raise Malformed("too many siblings")
    bitmap = take((n + 7) // 8)
    for i in range(n, len(bitmap) * 8):
        if (bitmap[i // 8] >> (7 - i % 8)) & 1:
            raise Malformed("bitmap bit past n")
    siblings = []
    for i in range(n):
        if (bitmap[i // 8] >> (7 - i % 8)) & 1:
            s = take(32)
            if s == PLACEHOLDER:
                raise Malformed("present sibling is the placeholder")
            siblings.append(s)
        else:
            siblings.append(PLACEHOLDER)
    if pos != len(proof):
        raise Malformed("trailing bytes")
    return leaf, siblings


def verify(root, key, value, proof):
    """True when PROOF shows KEY holding VALUE (or absent when VALUE is None) under ROOT."""
    try:
        leaf, siblings = decode(proof)
    except Malformed:
        return False
    n = len(siblings)
    h = key_hash(key)
    if value is not None:
        if leaf is None or leaf[0] != h or leaf[1] != value_hash(value):
            return False
    elif leaf is not None:
        if leaf[0] == h or common_prefix_bits(leaf[0], h) < n:
            return False
    x = leaf_hash(*leaf) if leaf is not None else PLACEHOLDER
    for i in range(n - 1, -1, -1):
        x = node_hash(x, siblings[i]) if bit(h, i) == 0 else node_hash(siblings[i], x)
    return x == root


def main(argv):
    if argv[1:] == ["--cases"]:
        for case in json.load(sys.stdin):
            value = None if case.get("value") is None else bytes.fromhex(case["value"])
            ok = verify(bytes.fromhex(case["root"]), bytes.fromhex(case["key"]), value, bytes.fromhex(case["proof"]))
            print("valid" if ok else "invalid")
        return 0
    if len(argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, key, value, proof = argv[1:]
    ok = verify(bytes.fromhex(root), bytes.fromhex(key), None if value == "-" else bytes.fromhex(value), bytes.fromhex(proof))
    print("valid" if ok else "invalid")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
