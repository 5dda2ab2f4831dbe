; CMT bytecode module, format version 3
; sha256 29cd5a57ec7a37ffec565b1fdf64f22013568c4ecad8542deb562f5d1648927a
.const k0 = "Ada"
.const k1 = " "
.const k2 = "Bob"
.const k3 = "?"
.const k4 = "Dr. "
.const k5 = "!"
.const k6 = ""
.entry main(): void = f0

.func f0 main params=0 regs=5
     0  loadI     r0, 10
     1  call      r0, f1, 1              ; fact
     2  host      r0, print, 1
     3  loadK     r2, k0                 ; "Ada"
     4  loadNull  r3
     5  loadNull  r4
     6  call      r2, f2, 3              ; greet
     7  loadK     r3, k1                 ; " "
     8  concat    r1, r2, r3
     9  loadK     r2, k2                 ; "Bob"
    10  loadK     r3, k3                 ; "?"
    11  loadK     r4, k4                 ; "Dr. "
    12  call      r2, f2, 3              ; greet
    13  concat    r0, r1, r2
    14  host      r0, print, 1
    15  retNull   

.func f1 fact params=1 regs=4
     0  jumpGtI   r0, 1, @3
     1  loadI     r1, 1
     2  jump      @6
     3  addI      r2, r0, -1
     4  call      r2, f1, 1              ; fact
     5  mul       r1, r0, r2
     6  ret       r1

.func f2 greet params=3 regs=7
     0  isNull    r3, r1
     1  jumpIfNot r3, @3
     2  loadK     r1, k5                 ; "!"
     3  move      r5, r2
     4  isNull    r6, r2
     5  jumpIfNot r6, @7
     6  loadK     r5, k6                 ; ""
     7  concat    r4, r5, r0
     8  concat    r3, r4, r1
     9  ret       r3
