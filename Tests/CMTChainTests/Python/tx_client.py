"""An independent client of the CMT chain, written from docs/chain.md ("Transactions" and "Writing a
client"): builds and signs a transfer and a call with PyNaCl and the protobuf code that
grpcio-tools generates from the committed proto/cmt/tx/v1/tx.proto (into a temporary folder,
never committed). Run by TransactionClientTests.

Usage: tx_client.py PROTO_DIR
Prints one line per transaction: its name, the envelope bytes in hex and the transaction hash
in hex.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

from nacl.signing import SigningKey

proto_dir = sys.argv[1]
generated = tempfile.mkdtemp(prefix="cmt-tx-proto-")
subprocess.run(
    [sys.executable, "-m", "grpc_tools.protoc", "-I", proto_dir, "--python_out=" + generated,
     os.path.join(proto_dir, "cmt", "tx", "v1", "tx.proto")],
    check=True)
sys.path.insert(0, generated)
from cmt.tx.v1 import tx_pb2  # noqa: E402  (generated just above)

CHAIN_ID = "cmt-test-1"
MASTER_SEED = b"CMT dev accounts v1: public test keys, never hold value with them"


def dev_key(i):
    """Dev account i: SHA-256(seed text || 00 || i as 4 big-endian bytes) is the Ed25519 seed."""
    return SigningKey(hashlib.sha256(MASTER_SEED + b"\x00" + struct.pack(">I", i)).digest())


def address(key):
    """The first 20 bytes of SHA-256 of the 32 public key bytes."""
    return hashlib.sha256(bytes(key.verify_key)).digest()[:20]


def public_key(key):
    return tx_pb2.PublicKey(type=tx_pb2.KEY_TYPE_ED25519, key=bytes(key.verify_key))


def atto(whole, fraction_digits=""):
    """An amount in atto-CMT as canonical decimal digits: no leading zeros, zero is ""."""
    value = int(whole) * 10**18 + int((fraction_digits + "0" * 18)[:18] or "0")
    return "" if value == 0 else str(value)


# The value encoding (docs/chain.md, "Value encoding"): version byte 1, then the value.
def uleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def value(v):
    if v is None:
        return b"\x00"
    if isinstance(v, bool):
        return b"\x02" if v else b"\x01"
    if isinstance(v, int):
        return b"\x03" + (v * 10**18).to_bytes(16, "little", signed=True)
    if isinstance(v, str):
        data = v.encode("utf-8")
        return b"\x04" + uleb(len(data)) + data
    if isinstance(v, tuple) and v[0] == "address":
        return b"\x06" + uleb(20) + v[1]
    if isinstance(v, bytes):
        return b"\x05" + uleb(len(v)) + v
    if isinstance(v, list):
        return b"\x07" + uleb(len(v)) + b"".join(value(e) for e in v)
    raise ValueError(v)


def encoded(v):
    return b"\x01" + value(v)


def sign_bytes(body):
    chain = CHAIN_ID.encode("utf-8")
    assert len(chain) <= 50
    return b"CMT/tx/v1\x00" + bytes([len(chain)]) + chain + body


def envelope(body_message, signer, fee_payer=None):
    body = body_message.SerializeToString(deterministic=True)
    message = sign_bytes(body)
    raw = tx_pb2.TxRaw(body=body, signature=signer.sign(message).signature)
    if fee_payer is not None:
        raw.fee_payer_signature = fee_payer.sign(message).signature
    data = raw.SerializeToString(deterministic=True)
    return data, hashlib.sha256(data).hexdigest()


alice, bob, carol = dev_key(0), dev_key(1), dev_key(2)

# A transfer of 1.5 CMT from dev account 0 to dev account 1, its first transaction (nonce 0).
transfer = tx_pb2.TxBody(
    chain_id=CHAIN_ID, nonce=0, gas_limit=21000, max_fee_per_gas=atto(0, "000000002"),
    priority_fee_per_gas=atto(0, "000000001"), expiry_height=1000, signer=public_key(alice),
    transfer=tx_pb2.Transfer(to=address(bob), amount=atto(1, "5")))

# A call of transfer(to, 25) on a contract, with dev account 2 paying the fee; no CMT sent (value 0).
contract = bytes.fromhex("00112233445566778899aabbccddeeff00112233")
call = tx_pb2.TxBody(
    chain_id=CHAIN_ID, nonce=1, gas_limit=500000, max_fee_per_gas=atto(0, "000000002"),
    priority_fee_per_gas="", expiry_height=0, signer=public_key(alice), fee_payer=public_key(carol),
    call=tx_pb2.Call(contract=contract, function="transfer",
                     args=encoded([("address", address(bob)), 25]), value=atto(0)))

for name, body, payer in [("transfer", transfer, None), ("call", call, carol)]:
    data, digest = envelope(body, alice, payer)
    print(name, data.hex(), digest)
