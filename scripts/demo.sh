#!/usr/bin/env bash
# The README's main command: the white paper's peer-to-peer small business loan marketplace
# (§5.2, Examples/loan-marketplace) on a real local chain. Builds cmtc and cmt-node (release),
# starts `cmt-node dev` on a free port with a temporary home, deploys the marketplace with
# `cmtc deploy`, and drives its story with transactions from four dev accounts: a bakery borrows,
# two lenders offer, the rules match, both parties agree through the loan process, the loan is
# settled and repaid (one payment late, after the dev clock moves 70 days), and a lender whose
# offer did not fit withdraws it. Every receipt and event is printed; the node is stopped at the
# end. Exits non-zero as soon as any command or receipt fails.
#
#   scripts/demo.sh            build release, then run
#   CMT_BIN=.build/debug scripts/demo.sh   use binaries already built there (the test does this)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bin="${CMT_BIN:-}"
if [ -z "$bin" ]; then
    swift build -c release --product cmtc
    swift build -c release --product cmt-node
    bin=.build/release
fi
cmtc="$bin/cmtc"
node="$bin/cmt-node"

work="$(mktemp -d)"
node_pid=""
stop_node() {
    if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
        kill -INT "$node_pid" 2>/dev/null || true
        wait "$node_pid" 2>/dev/null || true
    fi
    node_pid=""
}
trap 'stop_node; rm -rf "$work"' EXIT

"$node" dev --port 0 >"$work/node.log" 2>&1 &
node_pid=$!
url=""
for _ in $(seq 1 600); do  # at most a minute for the node to listen
    url="$(sed -n 's/^Listening on \(http:[^ ]*\)$/\1/p' "$work/node.log")"
    [ -n "$url" ] && break
    if ! kill -0 "$node_pid" 2>/dev/null; then
        cat "$work/node.log" >&2
        echo "demo: cmt-node dev stopped before it listened" >&2
        exit 1
    fi
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/node.log" >&2; echo "demo: cmt-node dev did not listen within a minute" >&2; exit 1; }
echo "== cmt-node dev is listening on $url"

# The parties: dev accounts 0-3 of the dev chain (their keys are public: docs/chain.md "Dev accounts").
exchange=0 bakery=1 alice=2 bob=3

# run TITLE CMTC-ARGS…: prints the command and its output; the output is kept in $out.
run() {
    local title="$1"
    shift
    echo
    echo "== $title"
    echo "\$ cmtc $*"
    out="$("$cmtc" "$@" --rpc "$url")"
    echo "$out"
}
returned() { sed -n 's/^returned "\(.*\)"$/\1/p' <<<"$out"; }

run "the exchange deploys the marketplace (compiled from Examples/loan-marketplace)" \
    deploy Examples/loan-marketplace --dev-account "$exchange"
market="$(sed -n 's/^contract \(cmt1[a-z0-9]*\)$/\1/p' <<<"$out")"
[ -n "$market" ] || { echo "demo: the deploy printed no contract address" >&2; exit 1; }
first_tx="$(sed -n 's/^transaction \(0x[0-9a-f]*\) .*/\1/p' <<<"$out")"

run "the bakery asks to borrow 1,000 CMT for 2 months at most 12% a year" \
    send "$market" offerToBorrow 1000 2 12 --dev-account "$bakery"
request="$(returned)"
bakery_address="$(sed -n 's/^event Offered(.*owner: \(cmt1[a-z0-9]*\),.*/\1/p' <<<"$out")"

run "alice offers 1,500 CMT for 2 months at 12% to any credit score (the money goes with the offer)" \
    send "$market" offerToLend 1500 2 12 0 --value 1500 --dev-account "$alice"
alice_offer="$(returned)"

run "bob offers 1,000 CMT for 2 months at 10%, to credit scores of 700 and up" \
    send "$market" offerToLend 1000 2 10 700 --value 1000 --dev-account "$bob"
bob_offer="$(returned)"

run "the matching rules (rules/matching.drl) suggest lenders for the bakery: bob's offer asks a better score than 650" \
    call "$market" suggestMatches "$request"
run "the bakery's credit history" call "$market" creditHistory "$bakery_address"

run "the bakery proposes the loan with alice's offer; the loan process (processes/loan.bpm) starts" \
    send "$market" propose "$request" "$alice_offer" --dev-account "$bakery"
loan="$(returned)"
run "the loan waits for both parties" call "$market" loanStatus "$loan"
run "the loan's process instance on the chain" process show "$market" 1

run "alice agrees" send "$market" agree "$loan" --dev-account "$alice"
run "the bakery agrees: the loan is settled, 1,000 CMT go to the bakery, 500 back to alice" \
    send "$market" agree "$loan" --dev-account "$bakery"
run "the repayment schedule" call "$market" loanStatus "$loan"

run "the bakery pays the first installment on time" send "$market" repay "$loan" --value 510 --dev-account "$bakery"

echo
echo "== 70 days pass on the dev clock (dev_advanceTime)"
curl -sS -X POST -H 'Content-Type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"dev_advanceTime","params":[6048000]}' "$url"
echo

run "the bakery pays the second installment, late: the loan is repaid and closed" \
    send "$market" repay "$loan" --value 510 --dev-account "$bakery"
run "the loan" call "$market" loanStatus "$loan"
run "the bakery's credit history now" call "$market" creditHistory "$bakery_address"
run "bob withdraws his offer and gets his 1,000 CMT back" send "$market" withdraw "$bob_offer" --dev-account "$bob"

run "every event of the marketplace, in chain order" logs --contract "$market"
run "the deploy's receipt, looked up again" receipt "$first_tx"

stop_node
echo
echo "== the node stopped; the story ran end to end"
