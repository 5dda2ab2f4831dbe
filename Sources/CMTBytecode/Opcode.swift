/*
 Instruction encoding: every instruction is one little-endian UInt64 word.

     63      56 55            40 39            24 23             8 7       0
    +----------+----------------+----------------+----------------+---------+
    | reserved |       C        |       B        |       A        | opcode  |
    |  (zero)  |    16 bits     |    16 bits     |    16 bits     |  8 bits |
    +----------+----------------+----------------+----------------+---------+

 Notation (as Lua's lopcodes.h): R[x] register x of the current frame, K[x] constant x, sB/sC the field
 read as a signed 16-bit immediate, F[x] function x, S[x] persistent state field x, pc the index of the
 next instruction; a jump "pc := C" makes instruction C of the same function the next one. Number
 arithmetic is exact Decimal18 and traps on overflow; comparisons of non-numbers trap with a type
 mismatch unless the instruction says otherwise. (*) marks notes after the table. G[x] is global x
 (a per-call variable, see `Module.globals`).

 ORDER OP: the enum below, `Opcode.format` and `Opcode.baseGas` (Opcode+Properties.swift) and the
 handlers in CMTVM/Interpreter.swift follow this order; docs/bytecode.md lists the same table.
 */

/// One bytecode operation; the raw value is the opcode byte of the encoding above.
public enum Opcode: UInt8, Sendable, CaseIterable {
    // Loads and moves
    case nop = 0      //                 no effect
    case move         // A B             R[A] := R[B]
    case loadK        // A B             R[A] := K[B]
    case loadI        // A sB            R[A] := sB (an integer)
    case loadNull     // A               R[A] := null
    case loadBool     // A B             R[A] := (B != 0)  (B is 0 or 1)
    case loadFunc     // A B             R[A] := reference to F[B]

    // Arithmetic on numbers
    case add          // A B C           R[A] := R[B] + R[C]
    case sub          // A B C           R[A] := R[B] - R[C]
    case mul          // A B C           R[A] := R[B] * R[C]
    case div          // A B C           R[A] := R[B] / R[C]   (*1)
    case mod          // A B C           R[A] := R[B] % R[C]   (*1)
    case addK         // A B C           R[A] := R[B] + K[C]   (K[C] a number)
    case subK         // A B C           R[A] := R[B] - K[C]
    case mulK         // A B C           R[A] := R[B] * K[C]
    case divK         // A B C           R[A] := R[B] / K[C]
    case modK         // A B C           R[A] := R[B] % K[C]
    case addI         // A B sC          R[A] := R[B] + sC
    case mulI         // A B sC          R[A] := R[B] * sC
    case neg          // A B             R[A] := -R[B]
    case numOp        // A B C           R[A] := f_C(R[B]), C: 0 floor, 1 ceil, 2 round, 3 abs, 4 trunc (*2)

    // Comparisons and logic (results are booleans)
    case eq           // A B C           R[A] := R[B] == R[C]  (*3)
    case ne           // A B C           R[A] := R[B] != R[C]
    case lt           // A B C           R[A] := R[B] < R[C]   (numbers or strings)
    case le           // A B C           R[A] := R[B] <= R[C]
    case not          // A B             R[A] := !R[B]         (R[B] a boolean)
    case isNull       // A B             R[A] := R[B] == null

    // Control flow (C is an instruction index in the same function)
    case jump         // C               pc := C
    case jumpIf       // A C             if R[A] then pc := C
    case jumpIfNot    // A C             if !R[A] then pc := C
    case jumpLt       // A B C           if R[A] < R[B] then pc := C
    case jumpLe       // A B C           if R[A] <= R[B] then pc := C
    case jumpEq       // A B C           if R[A] == R[B] then pc := C
    case jumpNe       // A B C           if R[A] != R[B] then pc := C
    case jumpLtI      // A sB C          if R[A] < sB then pc := C
    case jumpLeI      // A sB C          if R[A] <= sB then pc := C
    case jumpGtI      // A sB C          if R[A] > sB then pc := C
    case jumpGeI      // A sB C          if R[A] >= sB then pc := C
    case jumpEqI      // A sB C          if R[A] == sB then pc := C
    case jumpNeI      // A sB C          if R[A] != sB then pc := C

    // Calls (*4)
    case call         // A B C           R[A] := F[B](R[A], ..., R[A+C-1])
    case callRef      // A B C           R[A] := R[B](R[A], ..., R[A+C-1])   (R[B] a function or closure) (*10)
    case ret          // A               return R[A]
    case retNull      //                 return null
    case host         // A B C           R[A] := host operation B(R[A], ..., R[A+C-1])  (*5)

    // Strings and collections
    case concat       // A B C           R[A] := str(R[B]) .. str(R[C])  (*6)
    case toStr        // A B             R[A] := str(R[B])
    case len          // A B             R[A] := length of R[B] (string, bytes, array or map)  (*6)
    case newArray     // A B             R[A] := new empty array (B: capacity hint)
    case push         // A B             R[A].push(R[B])
    case pop          // A B             R[A] := R[B].pop()  (null when empty)
    case getIndex     // A B C           R[A] := R[B][R[C]]  (array: index in range; map: null when missing)
    case setIndex     // A B C           R[A][R[B]] := R[C]
    case newMap       // A               R[A] := new empty map
    case mapHas       // A B C           R[A] := R[B] has key R[C]
    case mapDelete    // A B C           R[A] := R[B].delete(R[C])  (true when the key was present)
    case mapKeys      // A B             R[A] := array of R[B]'s keys in insertion order
    case mapValues    // A B             R[A] := array of R[B]'s values in insertion order
    case newObject    // A B             R[A] := new instance of class B, every field null
    case getField     // A B C           R[A] := R[B].field[C]
    case setField     // A B C           R[A].field[B] := R[C]
    case unwrap       // A B             R[A] := R[B], trapping when it is null

    // Persistent state and failure
    case sload        // A B             R[A] := S[B]  (*7)
    case sstore       // A B             S[B] := R[A]
    case require      // A B             if !R[A] then revert with reason R[B]
    case revert       // A               revert with reason R[A] (a string)

    // Intrinsics, closures and globals
    case intrinsic    // A B C           R[A] := intrinsic operation B(R[A], ..., R[A+C-1])  (*9)
    case closure      // A B C           R[A] := closure of F[B] capturing R[C], ..., R[C+n-1], n = F[B].captureCount (*10)
    case getGlobal    // A B             R[A] := G[B]  (*11)
    case setGlobal    // A B             G[B] := R[A]

    // Internal: inserted by the loader, rejected in modules
    case gas          // A B             charge A | B << 16 gas, trapping out-of-gas when it is not left (*8)
}

/*
 (*1) Division rounds toward zero at 18 fractional digits; `%` is the remainder of truncating division
      (sign of the dividend). A zero divisor traps with division by zero.
 (*2) round: halves go away from zero (2.5 gives 3, -2.5 gives -3).
 (*3) Numbers, booleans, strings, bytes and addresses compare by value (a number never equals a
      non-number); arrays, maps, objects, functions and closures by identity; null equals only null.
 (*4) The callee's frame starts at the caller's R[A]: its parameters are its registers 0..C-1, so the
      arguments are never copied. The compiler puts arguments in the top registers it uses; the
      callee may overwrite every caller register from R[A] on. C must equal the callee's parameter count.
 (*5) B is a `HostOperation` raw value; C its argument count (checked by the verifier).
 (*6) str(x): strings as they are, numbers in canonical decimal text, booleans "true"/"false", null
      "null", addresses their text. Length of a string counts Unicode scalars.
 (*7) A state field is read from storage on its first `sload` in a call and written back when the call
      returns normally (see docs/vm.md).
 (*8) The loader puts one `gas` at the head of every basic block, charging the block's summed base cost.
 (*9) B is an `IntrinsicOperation` raw value; C its argument count (checked by the verifier). Intrinsics
      are pure and deterministic; they never reach the host.
 (*10) The last n = F.captureCount parameters of a function are its captured values. `closure` copies
      R[C..C+n-1] into a new heap closure (the verifier requires n > 0 and the window in the frame).
      `callRef` on a plain function reference requires F.captureCount == 0 and C == F.parameterCount;
      on a closure it requires F.parameterCount == C + n and copies the captures into the callee's
      registers C..C+n-1. `loadFunc` of a capturing function is rejected; `call` passes captures
      explicitly as the trailing arguments. Closures compare by identity.
 (*11) Globals are null at the start of every call (they are not persistent state).
 */
