; CMT bytecode module, format version 2
; sha256 9a84d5c3febade2c3d5442d66a0f371a37aea44b85b1cd25ef425d4cd9a0aa83
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
