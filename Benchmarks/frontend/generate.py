#!/usr/bin/env python3
"""Generate three programs of the same shape for the front-end benchmark.

Writes gen.cmt (CMT), gen.js (JavaScript) and gen.lua (Lua 5.4) into --out.
Each program is a sequence of "units"; unit k holds one class with fields,
a constructor and methods, and six functions (arithmetic loops with
if/else-if/continue/break, array statistics, map tallies, string building,
the newer syntax: destructuring, spread, switch, do-while, a labelled loop
and template literals, and an entry function that creates objects and calls the other functions,
including those of the previous unit). Units vary by k (constants,
operators, branch shapes), so the text is not one block repeated verbatim.
Units are added until every one of the three programs has at least --lines
lines. No line is blank: every line is code or a comment.

Deterministic: the same arguments give byte-identical files. Stdlib only.
"""

import argparse
import os
import sys

IND = "    "


class Unit:
    """Collects the same construct written in the three languages."""

    def __init__(self):
        self.cmt, self.js, self.lua = [], [], []

    def all(self, depth, cmt, js=None, lua=None):
        """One line each; js defaults to cmt, lua must differ in general."""
        pad = IND * depth
        self.cmt.append(pad + cmt)
        self.js.append(pad + (cmt if js is None else js))
        self.lua.append(pad + (cmt if lua is None else lua))

    def alla(self, depth, cmt, js=None, lua=None):
        """Like all(), but the Lua line is taken as written (class methods are top-level in Lua)."""
        pad = IND * depth
        self.cmt.append(pad + cmt)
        self.js.append(pad + (cmt if js is None else js))
        self.lua.append(cmt if lua is None else lua)

    def c(self, depth, line):
        self.cmt.append(IND * depth + line)

    def j(self, depth, line):
        self.js.append(IND * depth + line)

    def l(self, depth, line):
        self.lua.append(IND * depth + line)


# Small deterministic variations, picked by k.
CMP = ["<", "<=", ">", ">="]
LUA_NE = {"!=": "~=", "==": "=="}
OWNERS = ["ada", "grace", "edsger", "barbara", "donald", "leslie", "niklaus", "frances"]
CATS = ["fruit", "tools", "books", "music", "games", "garden", "office"]


def emit_class(u, k):
    name = f"Account{k}"
    c1 = 100 + (k * 37) % 900
    c2 = 500 + (k * 53) % 1500
    fee = ["0.5", "1.25", "2", "0.75"][k % 4]
    u.alla(0, f"// Account{k}: a ledger account with a history of movements.")
    # class header and fields
    u.c(0, f"class {name} {{")
    u.j(0, f"class {name} {{")
    u.l(0, f"{name} = {{}}")
    u.l(0, f"{name}.__index = {name}")
    fields = [
        ("id", "number", "0", "0"),
        ("owner", "string", '""', '""'),
        ("balance", "number", "0", "0"),
        ("history", "number[]", "[]", "{}"),
        ("limits", "Map<string, number>", "{}", "{}"),
        ("active", "boolean", "true", "true"),
    ]
    for f, t, v, lv in fields:
        u.c(1, f"{f}: {t} = {v};")
        u.j(1, f"{f} = {v};")
    # constructor
    u.c(1, "constructor(id: number, owner: string) {")
    u.j(1, "constructor(id, owner) {")
    u.l(0, f"function {name}.new(id, owner)")
    u.l(1, f"local self = setmetatable({{}}, {name})")
    for f, t, v, lv in fields:
        u.l(1, f"self.{f} = {lv}")
    u.alla(2, "this.id = id;", lua="    self.id = id")
    u.alla(2, "this.owner = owner;", lua="    self.owner = owner")
    u.alla(2, f"this.balance = {c1};", lua=f"    self.balance = {c1}")
    u.alla(2, f'this.limits[owner] = {c2};', lua=f"    self.limits[owner] = {c2}")
    u.alla(1, "}", lua="    return self")
    u.l(0, "end")
    # deposit
    u.c(1, "deposit(amount: number): void {")
    u.j(1, "deposit(amount) {")
    u.l(0, f"function {name}:deposit(amount)")
    u.alla(2, "if (amount <= 0) {", lua="    if amount <= 0 then")
    u.alla(3, "return;", lua="        return")
    u.alla(2, "}", lua="    end")
    u.alla(2, f"this.balance += amount - {fee};", lua=f"    self.balance = self.balance + amount - {fee}")
    u.alla(2, "this.history.push(amount);", lua="    self.history[#self.history + 1] = amount")
    u.alla(1, "}", lua="end")
    # withdraw
    u.c(1, "withdraw(amount: number): boolean {")
    u.j(1, "withdraw(amount) {")
    u.l(0, f"function {name}:withdraw(amount)")
    u.alla(2, f"const limit = this.limits[this.owner] ?? {c2};",
          lua=f"    local limit = self.limits[self.owner] or {c2}")
    u.alla(2, "if (amount > this.balance || amount > limit) {",
          lua="    if amount > self.balance or amount > limit then")
    u.alla(3, "return false;", lua="        return false")
    u.alla(2, "}", lua="    end")
    u.alla(2, "this.balance -= amount;", lua="    self.balance = self.balance - amount")
    u.alla(2, "this.history.push(-amount);", lua="    self.history[#self.history + 1] = -amount")
    u.alla(2, "return true;", lua="    return true")
    u.alla(1, "}", lua="end")
    # average
    u.c(1, "average(): number {")
    u.j(1, "average() {")
    u.l(0, f"function {name}:average()")
    u.alla(2, "if (this.history.length == 0) {", js="if (this.history.length === 0) {",
          lua="    if #self.history == 0 then")
    u.alla(3, "return 0;", lua="        return 0")
    u.alla(2, "}", lua="    end")
    u.alla(2, "let sum = 0;", lua="    local sum = 0")
    u.alla(2, "for (const h of this.history) {", lua="    for _, h in ipairs(self.history) do")
    u.alla(3, "sum += h;", lua="        sum = sum + h")
    u.alla(2, "}", lua="    end")
    u.alla(2, "return Math.floor(sum / this.history.length);",
          lua="    return math.floor(sum / #self.history)")
    u.alla(1, "}", lua="end")
    # report
    u.c(1, "report(): string {")
    u.j(1, "report() {")
    u.l(0, f"function {name}:report()")
    u.alla(2, 'let text = "account " + this.id + " of " + this.owner;',
          lua='    local text = "account " .. self.id .. " of " .. self.owner')
    u.alla(2, 'text = text + ": balance " + this.balance + ", average " + this.average();',
          lua='    text = text .. ": balance " .. self.balance .. ", average " .. self:average()')
    u.alla(2, 'return this.active ? text : text + " (closed)";',
          lua='    return self.active and text or text .. " (closed)"')
    u.alla(1, "}", lua="end")
    u.c(0, "}")
    u.j(0, "}")


def emit_compute(u, k):
    """Arithmetic loop with if / else if / else, continue and break."""
    m = 3 + k % 4
    cap = 1_000_000 + 7919 * k
    div = 2 + k % 5
    u.all(0, f"// compute{k}: a weighted running sum that stops at a cap.")
    u.c(0, f"function compute{k}(a: number, b: number): number {{")
    u.j(0, f"function compute{k}(a, b) {{")
    u.l(0, f"function compute{k}(a, b)")
    u.all(1, "let acc = 0;", lua="local acc = 0")
    u.c(1, "for (let i = 0; i < b; i++) {")
    u.j(1, "for (let i = 0; i < b; i++) {")
    u.l(1, "for i = 0, b - 1 do")
    u.all(2, f"if (i % {m} == 0) {{", js=f"if (i % {m} === 0) {{", lua=f"if i % {m} == 0 then")
    u.all(3, f"acc += a * i + {k % 17};", lua=f"acc = acc + a * i + {k % 17}")
    u.all(2, f"}} else if (i % {m} == 1) {{", js=f"}} else if (i % {m} === 1) {{",
          lua=f"elseif i % {m} == 1 then")
    u.all(3, f"acc -= Math.floor(a / {div});", lua=f"acc = acc - math.floor(a / {div})")
    u.all(2, "} else {", lua="else")
    u.all(3, "continue;", lua="goto continue")
    u.all(2, "}", lua="end")
    u.all(2, f"if (acc > {cap}) {{", lua=f"if acc > {cap} then")
    u.all(3, "break;", lua="break")
    u.all(2, "}", lua="end")
    u.c(1, "}")
    u.j(1, "}")
    u.l(2, "::continue::")
    u.l(1, "end")
    u.all(1, "return acc;", lua="return acc")
    u.all(0, "}", lua="end")


def emit_stats(u, k):
    """Statistics over an array: for-of, min/max, ternary, string building."""
    th = 10 + k % 50
    u.all(0, f"// stats{k}: summary of a list of amounts, as text.")
    u.c(0, f"function stats{k}(xs: number[], title: string): string {{")
    u.j(0, f"function stats{k}(xs, title) {{")
    u.l(0, f"function stats{k}(xs, title)")
    u.all(1, "if (xs.length == 0) {", js="if (xs.length === 0) {", lua="if #xs == 0 then")
    u.all(2, 'return title + ": empty";', lua='return title .. ": empty"')
    u.all(1, "}", lua="end")
    u.all(1, "let low = xs[0];", lua="local low = xs[1]")
    u.all(1, "let high = xs[0];", lua="local high = xs[1]")
    u.all(1, "let sum = 0;", lua="local sum = 0")
    u.all(1, "let big = 0;", lua="local big = 0")
    u.all(1, "for (const x of xs) {", lua="for _, x in ipairs(xs) do")
    u.all(2, "sum += x;", lua="sum = sum + x")
    u.all(2, "low = x < low ? x : low;", lua="low = x < low and x or low")
    u.all(2, "high = x > high ? x : high;", lua="high = x > high and x or high")
    u.all(2, f"if (x {CMP[k % 4]} {th}) {{", lua=f"if x {CMP[k % 4]} {th} then")
    u.all(3, "big++;", lua="big = big + 1")
    u.all(2, "}", lua="end")
    u.all(1, "}", lua="end")
    u.all(1, "const mean = Math.floor(sum / xs.length);", lua="local mean = math.floor(sum / #xs)")
    u.all(1, 'let out = title + ": n=" + xs.length + " sum=" + sum;',
          lua='local out = title .. ": n=" .. #xs .. " sum=" .. sum')
    u.all(1, 'out = out + " min=" + low + " max=" + high + " mean=" + mean;',
          lua='out = out .. " min=" .. low .. " max=" .. high .. " mean=" .. mean')
    u.all(1, f'return out + " over{th}=" + big;', lua=f'return out .. " over{th}=" .. big')
    u.all(0, "}", lua="end")


def emit_tally(u, k):
    """Map tallies: map index yields an optional, ?? default, while loop."""
    cats = [CATS[(k + i) % len(CATS)] for i in range(3)]
    u.all(0, f"// tally{k}: count and sum amounts per category.")
    u.c(0, f"function tally{k}(amounts: number[], n: number): Map<string, number> {{")
    u.j(0, f"function tally{k}(amounts, n) {{")
    u.l(0, f"function tally{k}(amounts, n)")
    u.c(1, "let totals: Map<string, number> = {};")
    u.j(1, "let totals = {};")
    u.l(1, "local totals = {}")
    u.c(1, f'const names: string[] = ["{cats[0]}", "{cats[1]}", "{cats[2]}"];')
    u.j(1, f'const names = ["{cats[0]}", "{cats[1]}", "{cats[2]}"];')
    u.l(1, f'local names = {{"{cats[0]}", "{cats[1]}", "{cats[2]}"}}')
    u.all(1, "let i = 0;", lua="local i = 0")
    u.all(1, "while (i < amounts.length && i < n) {", lua="while i < #amounts and i < n do")
    u.all(2, "const key = names[i % names.length];", lua="local key = names[i % #names + 1]")
    u.all(2, "totals[key] = (totals[key] ?? 0) + amounts[i];",
          lua="totals[key] = (totals[key] or 0) + amounts[i + 1]")
    u.all(2, 'const countKey = key + "#";', lua='local countKey = key .. "#"')
    u.all(2, "totals[countKey] = (totals[countKey] ?? 0) + 1;",
          lua="totals[countKey] = (totals[countKey] or 0) + 1")
    u.all(2, "i++;", lua="i = i + 1")
    u.all(1, "}", lua="end")
    u.all(1, f'totals["all"] = i * {k % 9 + 1};', lua=f'totals["all"] = i * {k % 9 + 1}')
    u.all(1, "return totals;", lua="return totals")
    u.all(0, "}", lua="end")


def emit_run(u, k):
    """Entry function: objects, method calls, arrays, maps, calls across units."""
    owner = OWNERS[k % len(OWNERS)]
    steps = 5 + k % 7
    u.all(0, f"// run{k}: exercise unit {k} and fold in the previous unit's result.")
    # Every fourth entry function spells out its return type; the others infer it,
    # so return-type inference is exercised without unbounded nesting.
    ret = ": number" if k % 4 == 0 else ""
    u.c(0, f"function run{k}(n: number, label: string){ret} {{")
    u.j(0, f"function run{k}(n, label) {{")
    u.l(0, f"function run{k}(n, label)")
    u.all(1, f'const acct = new Account{k}(n, "{owner}");', lua=f'local acct = Account{k}.new(n, "{owner}")')
    u.c(1, "let amounts: number[] = [];")
    u.j(1, "let amounts = [];")
    u.l(1, "local amounts = {}")
    u.c(1, f"for (let i = 0; i < {steps}; i++) {{")
    u.j(1, f"for (let i = 0; i < {steps}; i++) {{")
    u.l(1, f"for i = 0, {steps - 1} do")
    u.all(2, f"const amount = compute{k}(n + i, {3 + k % 11}) % 1000;",
          lua=f"local amount = compute{k}(n + i, {3 + k % 11}) % 1000")
    u.all(2, "amounts.push(amount);", lua="amounts[#amounts + 1] = amount")
    u.all(2, "if (i % 2 == 0) {", js="if (i % 2 === 0) {", lua="if i % 2 == 0 then")
    u.all(3, "acct.deposit(amount);", lua="acct:deposit(amount)")
    u.all(2, "} else if (!acct.withdraw(amount / 2)) {", lua="elseif not acct:withdraw(amount / 2) then")
    u.all(3, 'print("declined " + amount);', lua='print("declined " .. amount)')
    u.all(2, "}", lua="end")
    u.all(1, "}", lua="end")
    u.all(1, f"const totals = tally{k}(amounts, n);", lua=f"local totals = tally{k}(amounts, n)")
    u.all(1, f"const summary = stats{k}(amounts, label);", lua=f"local summary = stats{k}(amounts, label)")
    u.all(1, 'print(summary + " | " + acct.report());', lua='print(summary .. " | " .. acct:report())')
    u.all(1, f"print(describe{k}(amounts, n));", lua=f"print(describe{k}(amounts, n))")
    u.all(1, 'let score = acct.average() + (totals["all"] ?? 0);',
          lua='local score = acct:average() + (totals["all"] or 0)')
    if k > 0:
        u.all(1, f"score += run{k - 1}(Math.floor(n / 2), label + \"<\");",
              lua=f'score = score + run{k - 1}(math.floor(n / 2), label .. "<")')
    else:
        u.all(1, "score += n;", lua="score = score + n")
    u.all(1, "return score;", lua="return score")
    u.all(0, "}", lua="end")


def emit_describe(u, k):
    """The newer syntax: destructuring with defaults and rest, switch, do-while, a labelled loop,
    spread and template literals."""
    u.all(0, f"// describe{k}: the first amounts and a kind, as text.")
    u.c(0, f"function describe{k}(xs: number[], code: number): string {{")
    u.j(0, f"function describe{k}(xs, code) {{")
    u.l(0, f"function describe{k}(xs, code)")
    u.all(1, "const [first = 0, second = 0, ...rest] = [...xs, " + str(k % 9) + "];",
          lua=f"local all = {{table.unpack(xs)}}; all[#all + 1] = {k % 9}")
    u.l(1, "local first, second, rest = all[1] or 0, all[2] or 0, #all - 2")
    u.all(1, 'let kind = "";', lua='local kind = ""')
    u.c(1, f"switch (code % {3 + k % 3}) {{")
    u.j(1, f"switch (code % {3 + k % 3}) {{")
    u.l(1, f"local c = code % {3 + k % 3}")
    u.all(2, "case 0:", lua="if c == 0 then")
    u.all(3, 'kind = "none";', lua='kind = "none"')
    u.c(3, "break;")
    u.j(3, "break;")
    u.all(2, "case 1:", lua="elseif c == 1 or c == 2 then")
    u.c(2, "case 2:")
    u.j(2, "case 2:")
    u.all(3, 'kind = "few";', lua='kind = "few"')
    u.c(3, "break;")
    u.j(3, "break;")
    u.all(2, "default:", lua="else")
    u.all(3, 'kind = "many";', lua='kind = "many"')
    u.all(1, "}", lua="end")
    u.all(1, "let n = 0;", lua="local n = 0")
    u.all(1, "do {", lua="repeat")
    u.all(2, f"n += {1 + k % 4};", lua=f"n = n + {1 + k % 4}")
    u.all(1, f"}} while (n < {10 + k % 7});", lua=f"until not (n < {10 + k % 7})")
    u.c(1, "scan: for (const x of rest) {")
    u.j(1, "scan: for (const x of rest) {")
    u.l(1, "for _, x in ipairs(all) do")
    u.all(2, f"if (x > {k % 50}) {{", lua=f"if x > {k % 50} then")
    u.c(3, "n += x;")
    u.j(3, "n += x;")
    u.l(3, "n = n + x")
    u.c(3, "break scan;")
    u.j(3, "break scan;")
    u.l(3, "break")
    u.all(2, "}", lua="end")
    u.all(1, "}", lua="end")
    u.c(1, "return `${kind}: ${first + second} then ${rest.length} more, n=${n}`;")
    u.j(1, "return `${kind}: ${first + second} then ${rest.length} more, n=${n}`;")
    u.l(1, 'return kind .. ": " .. (first + second) .. " then " .. rest .. " more, n=" .. n')
    u.all(0, "}", lua="end")


def emit_unit(u, k):
    emit_class(u, k)
    emit_compute(u, k)
    emit_stats(u, k)
    emit_tally(u, k)
    emit_describe(u, k)
    emit_run(u, k)


def generate(lines):
    u = Unit()
    u.all(0, "// Generated by Benchmarks/frontend/generate.py: a front-end benchmark program.",
          lua="-- Generated by Benchmarks/frontend/generate.py: a front-end benchmark program.")
    u.j(0, "const print = (value) => console.log(String(value)); // CMT's print")
    k = 0
    tail = 4  # lines of the driver below
    while min(len(u.cmt), len(u.js), len(u.lua)) + tail < lines:
        emit_unit(u, k)
        k += 1
    # The driver: call the last few units (each calls its predecessor).
    u.all(0, "let checksum = 0;", lua="local checksum = 0")
    u.all(0, "for (let r = 0; r < 3; r++) {", lua="for r = 0, 2 do")
    u.all(1, f'checksum += run{k - 1}(10 + r, "r" + r);',
          lua=f'checksum = checksum + run{k - 1}(10 + r, "r" .. r)')
    u.all(0, "}", lua="end")
    u.all(0, 'print("checksum " + checksum);', lua='print("checksum " .. checksum)')
    # Lua comments use "--": rewrite "//" comment lines.
    u.lua = [ln.replace("// ", "-- ", 1) if ln.lstrip().startswith("// ") else ln for ln in u.lua]
    return u, k


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=60000, help="minimum lines per program (default 60000)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"),
                    help="output directory (default: Benchmarks/frontend/out)")
    args = ap.parse_args(argv)
    u, units = generate(args.lines)
    os.makedirs(args.out, exist_ok=True)
    for ext, text in (("cmt", u.cmt), ("js", u.js), ("lua", u.lua)):
        with open(os.path.join(args.out, "gen." + ext), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(text) + "\n")
    print(f"units={units} cmt={len(u.cmt)} js={len(u.js)} lua={len(u.lua)} lines -> {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
