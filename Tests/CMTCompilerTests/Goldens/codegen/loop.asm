; CMT bytecode module, format version 3
; sha256 bf69aba81e2f99969ebca6d4c91f1a1e4adbc6aa782f5bbb56539a322a54368f
.entry main(): void = f0

.func f0 main params=0 regs=4
     0  loadI     r0, 0
     1  loadI     r1, 0
     2  mulI      r2, r1, 2
     3  add       r0, r0, r2
     4  addI      r1, r1, 1
     5  jumpLtI   r1, 10, @2
     6  move      r1, r0
     7  host      r1, print, 1
     8  retNull   
