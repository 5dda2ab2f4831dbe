; CMT bytecode module, format version 3
; sha256 9ed57ef491d957096f72f71703503d3f72c77b3ffabc1fcaac67438f38883228
.const k0 = "step must be positive"
.const k1 = "Increased"
.const k2 = "count"
.state 0 count: number
.entry increase(step: number): number = f0
.entry constructor(): void = f1

.func f0 Counter.increase params=1 regs=6
     0  loadI     r3, 0
     1  lt        r2, r3, r0
     2  loadK     r3, k0                 ; "step must be positive"
     3  require   r2, r3
     4  sload     r1, 0
     5  add       r1, r1, r0
     6  sstore    r1, 0
     7  loadK     r1, k1                 ; "Increased"
     8  newMap    r2
     9  loadNull  r3
    10  loadK     r4, k2                 ; "count"
    11  sload     r5, 0
    12  setIndex  r2, r4, r5
    13  host      r1, emit, 3
    14  sload     r1, 0
    15  ret       r1

.func f1 Counter.constructor params=0 regs=1
     0  loadI     r0, 0
     1  sstore    r0, 0
     2  retNull   
