; CMT bytecode module, format version 3
; sha256 918ea5083ce64faae1c69a05ee49b28120af2e02e9e1bbc4fa93befbb976ad07
.const k0 = "ada"
.const k1 = #250.5
.const k2 = " "
.const k3 = #0.25
.const k4 = "over the limit"
.class 0 Account { owner, balance }
.entry main(): void = f0

.func f0 main params=0 regs=5
     0  loadK     r1, k0                 ; "ada"
     1  call      r1, f2, 1              ; Account.new
     2  move      r0, r1
     3  loadK     r2, k1                 ; #250.5
     4  call      r1, f1, 2              ; Account.deposit
     5  getField  r3, r0, 0
     6  loadK     r4, k2                 ; " "
     7  concat    r2, r3, r4
     8  move      r3, r0
     9  loadK     r4, k3                 ; #0.25
    10  call      r3, f1, 2              ; Account.deposit
    11  concat    r1, r2, r3
    12  host      r1, print, 1
    13  move      r1, r0
    14  loadI     r2, 800
    15  call      r1, f1, 2              ; Account.deposit
    16  retNull   

.func f1 Account.deposit params=2 regs=6
     0  getField  r5, r0, 1
     1  add       r4, r5, r1
     2  loadI     r5, 1000
     3  le        r3, r4, r5
     4  loadK     r4, k4                 ; "over the limit"
     5  require   r3, r4
     6  getField  r2, r0, 1
     7  add       r2, r2, r1
     8  setField  r0, 1, r2
     9  getField  r2, r0, 1
    10  ret       r2

.func f2 Account.new params=1 regs=3
     0  newObject r1, 0
     1  loadI     r2, 0
     2  setField  r1, 1, r2
     3  setField  r1, 0, r0
     4  ret       r1
