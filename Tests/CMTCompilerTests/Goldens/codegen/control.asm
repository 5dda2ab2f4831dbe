; CMT bytecode module, format version 3
; sha256 cd4df5086775a6fc543f4fc4315b50055969d471a278acc6e71a11e71370d43a
.const k0 = " "
.const k1 = #0.5
.const k2 = " ok="
.const k3 = " ` ${}"
.const k4 = ""
.const k5 = ","
.const k6 = "in"
.const k7 = "b"
.const k8 = "a"
.const k9 = "A"
.const k10 = "B"
.const k11 = "D"
.const k12 = "multi\nline"
.const k13 = "fizz"
.const k14 = "rest "
.const k15 = "never"
.const k16 = "big"
.const k17 = #3
.entry main(): void = f0

.func f0 main params=0 regs=7
     0  loadI     r0, 0
     1  move      r3, r0
     2  call      r3, f1, 1              ; kind
     3  loadK     r4, k0                 ; " "
     4  mulK      r5, r0, k1             ; #0.5
     5  concat    r4, r4, r5
     6  loadK     r6, k2                 ; " ok="
     7  concat    r4, r4, r6
     8  loadI     r6, 2
     9  lt        r5, r6, r0
    10  concat    r4, r4, r5
    11  loadK     r6, k3                 ; " ` ${}"
    12  concat    r4, r4, r6
    13  concat    r2, r3, r4
    14  host      r2, print, 1
    15  addI      r0, r0, 1
    16  jumpLtI   r0, 5, @1
    17  loadI     r2, 11
    18  call      r2, f1, 1              ; kind
    19  host      r2, print, 1
    20  loadI     r2, 0
    21  loadI     r3, 0
    22  jump      @31
    23  addI      r2, r2, 1
    24  jumpLtI   r2, 3, @21
    25  loadK     r2, k6                 ; "in"
    26  host      r2, print, 1
    27  loadK     r1, k7                 ; "b"
    28  loadK     r2, k8                 ; "a"
    29  jumpEq    r1, r2, @45
    30  jump      @42
    31  jumpEqI   r3, 2, @23
    32  jumpEqI   r2, 2, @25
    33  loadK     r4, k4                 ; ""
    34  concat    r4, r4, r2
    35  loadK     r5, k5                 ; ","
    36  concat    r4, r4, r5
    37  concat    r4, r4, r3
    38  host      r4, print, 1
    39  addI      r3, r3, 1
    40  jumpLtI   r3, 3, @31
    41  jump      @23
    42  loadK     r2, k7                 ; "b"
    43  jumpEq    r1, r2, @48
    44  jump      @51
    45  loadK     r2, k9                 ; "A"
    46  host      r2, print, 1
    47  jump      @53
    48  loadK     r2, k10                ; "B"
    49  host      r2, print, 1
    50  jump      @53
    51  loadK     r2, k11                ; "D"
    52  host      r2, print, 1
    53  loadK     r2, k12                ; "multi\nline"
    54  host      r2, print, 1
    55  retNull   

.func f1 kind params=1 regs=4
     0  modK      r1, r0, k17            ; #3
     1  jumpEqI   r1, 0, @5
     2  jumpEqI   r1, 1, @7
     3  jumpEqI   r1, 2, @7
     4  jump      @11
     5  loadK     r2, k13                ; "fizz"
     6  ret       r2
     7  loadK     r2, k14                ; "rest "
     8  concat    r2, r2, r0
     9  jumpGtI   r0, 10, @13
    10  jump      @15
    11  loadK     r3, k15                ; "never"
    12  ret       r3
    13  loadK     r1, k16                ; "big"
    14  ret       r1
    15  ret       r2
