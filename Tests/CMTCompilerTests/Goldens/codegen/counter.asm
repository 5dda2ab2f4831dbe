; CMT bytecode module, format version 2
; sha256 c248c2e798d8fe0cf6eadb32c74c4ff4bd195ed137cf6143af3c13e69efbd292
.const k0 = "step must be positive"
.const k1 = "Increased"
.const k2 = "count"
.state 0 count: number
.entry increase(step: number): number = f0
.entry constructor(): void = f1

.func f0 Counter.increase params=1 regs=5
     0  loadI     r3, 0
     1  lt        r2, r3, r0
     2  loadK     r3, k0                 ; "step must be positive"
     3  require   r2, r3
     4  sload     r1, 0
     5  add       r1, r1, r0
     6  sstore    r1, 0
     7  loadK     r1, k1                 ; "Increased"
     8  newMap    r2
     9  loadK     r3, k2                 ; "count"
    10  sload     r4, 0
    11  setIndex  r2, r3, r4
    12  host      r1, emit, 2
    13  sload     r1, 0
    14  ret       r1

.func f1 Counter.constructor params=0 regs=1
     0  loadI     r0, 0
     1  sstore    r0, 0
     2  retNull   
