; CMT bytecode module, format version 3
; sha256 f7deed8e4bb8fbf1f34bda62a768641c7164e473ec7349e30ffb46955f80a4c9
.const k0 = "the cat and the hat"
.const k1 = " "
.const k2 = "="
.const k3 = ", "
.const k4 = "hat"
.const k5 = #1.5
.entry main(): void = f0

.func f0 main params=0 regs=12
     0  newMap    r0
     1  loadK     r4, k0                 ; "the cat and the hat"
     2  loadK     r5, k1                 ; " "
     3  intrinsic r4, stringSplit, 2
     4  move      r2, r4
     5  loadI     r3, 0
     6  len       r4, r4
     7  jumpLeI   r4, 0, @13
     8  getIndex  r5, r2, r3
     9  getIndex  r7, r0, r5
    10  isNull    r8, r7
    11  jumpIf    r8, @19
    12  jump      @20
    13  newArray  r1, 0
    14  mapKeys   r2, r0
    15  loadI     r3, 0
    16  len       r4, r2
    17  jumpGtI   r4, 0, @26
    18  jump      @33
    19  loadI     r7, 0
    20  addI      r6, r7, 1
    21  setIndex  r0, r5, r6
    22  addI      r3, r3, 1
    23  len       r4, r2
    24  jumpLt    r3, r4, @8
    25  jump      @13
    26  getIndex  r5, r2, r3
    27  loadK     r9, k2                 ; "="
    28  concat    r8, r5, r9
    29  getIndex  r9, r0, r5
    30  isNull    r10, r9
    31  jumpIf    r10, @60
    32  jump      @61
    33  move      r3, r1
    34  loadK     r4, k3                 ; ", "
    35  intrinsic r3, arrayJoin, 2
    36  move      r2, r3
    37  host      r2, print, 1
    38  loadK     r10, k4                ; "hat"
    39  intrinsic r10, stringToUpperCase, 1
    40  loadK     r9, k1                 ; " "
    41  concat    r7, r10, r9
    42  loadK     r10, k5                ; #1.5
    43  loadI     r11, 2
    44  intrinsic r10, numberToFixed, 2
    45  concat    r6, r7, r10
    46  loadK     r7, k1                 ; " "
    47  concat    r5, r6, r7
    48  loadI     r6, 3
    49  loadI     r7, 7
    50  intrinsic r6, max, 2
    51  concat    r4, r5, r6
    52  loadK     r5, k1                 ; " "
    53  concat    r3, r4, r5
    54  loadI     r4, 2
    55  loadI     r5, 8
    56  intrinsic r4, power, 2
    57  concat    r2, r3, r4
    58  host      r2, print, 1
    59  retNull   
    60  loadI     r9, 0
    61  concat    r7, r8, r9
    62  push      r1, r7
    63  addI      r3, r3, 1
    64  len       r4, r2
    65  jumpLt    r3, r4, @26
    66  jump      @33
