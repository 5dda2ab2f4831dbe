#!/usr/bin/env python3
"""Verify that a CMT receipt is committed under an app hash, written from docs/chain.md
("Receipts root and events root", "Proving a receipt", "Key layout") alone, with the standard
library only; the state proof is checked by verify_state_proof.py (same folder).

    verify_receipt_proof.py --cases < cases.json
        # [{"app_hash", "height", "receipt", "inclusion", "block_result", "state_proof"}, ...] (hex, height a number)

Prints 'valid' or 'invalid' per case.
"""
import hashlib
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_state_proof  # noqa: E402


def list_hash(kind, part, *items):
    h = hashlib.sha256()
    h.update(("CMT/%s/v1/%s" % (kind, part)).encode("ascii") + b"\x00")
    for item in items:
        h.update(item)
    return h.digest()


def verify_inclusion(item, root, proof, kind):
    """RFC 9162 section 2.1.3.2 over the list's domain-separated hashes."""
    if len(proof) < 10 or proof[0] != 1:
        return None
    index, count, length = struct.unpack(">IIB", proof[1:10])
    if len(proof) != 10 + 32 * length or length > 32 or index >= count:
        return None
    path = [proof[10 + 32 * i: 42 + 32 * i] for i in range(length)]
    fn, sn, r = index, count - 1, list_hash(kind, "leaf", item)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = list_hash(kind, "node", p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = list_hash(kind, "node", r, p)
        fn >>= 1
        sn >>= 1
    return count if sn == 0 and r == root else False


def verify(case):
    app_hash = bytes.fromhex(case["app_hash"])
    receipt = bytes.fromhex(case["receipt"])
    result = bytes.fromhex(case["block_result"])
    if len(result) != 81 or result[0] != 1:
        return False
    receipts_root = result[1:33]
    receipt_count = struct.unpack(">I", result[65:69])[0]
    if verify_inclusion(receipt, receipts_root, bytes.fromhex(case["inclusion"]), "receipts") != receipt_count:
        return False
    key = b"\x08" + struct.pack(">Q", case["height"])
    return verify_state_proof.verify(app_hash, key, result, bytes.fromhex(case["state_proof"]))


def main():
    for case in json.load(sys.stdin):
        try:
            print("valid" if verify(case) else "invalid")
        except (ValueError, KeyError, struct.error):
            print("invalid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
