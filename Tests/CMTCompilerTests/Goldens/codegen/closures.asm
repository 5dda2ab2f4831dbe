; CMT bytecode module, format version 3
; sha256 dd0f3879641974e6970a71deca177426a94a85a168bf44bc227eb405a9cd9890
.const k0 = " "
.global g0 rate
.entry main(): void = f0

.func f0 main params=0 regs=6
     0  loadI     r1, 2
     1  setGlobal r1, g0                 ; rate
     2  loadFunc  r0, f2                 ; main.<arrow>
     3  loadI     r1, 5
     4  setGlobal r1, g0                 ; rate
     5  call      r4, f1, 0              ; counter
     6  callRef   r5, r4, 0
     7  loadK     r4, k0                 ; " "
     8  concat    r2, r5, r4
     9  loadI     r4, 3
    10  callRef   r4, r0, 1
    11  concat    r1, r2, r4
    12  host      r1, print, 1
    13  retNull   

.func f1 counter params=0 regs=3
     0  loadI     r2, 0
     1  closure   r1, f3, r2             ; counter.<arrow>
     2  ret       r1

.func f2 main.<arrow> params=1 regs=3
     0  getGlobal r2, g0                 ; rate
     1  mul       r1, r0, r2
     2  ret       r1

.func f3 counter.<arrow> params=1 captures=1 regs=3
     0  addI      r1, r0, 1
     1  ret       r1
