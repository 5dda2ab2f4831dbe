import CMTBytecode

/// Hand-written bytecode for the VM benchmark programs (shared/bench/vm), mirroring the Lua sources.
enum BenchPrograms {
    /// fib(30) by naive recursion, built with the builder API.
    static func fib() throws -> Module {
        var module = ModuleBuilder()
        let fib = module.declareFunction(name: "fib")
        var body = FunctionBuilder(name: "fib", parameterCount: 1)
        let base = body.makeLabel()
        body.emit(.jumpLtI, 0, 2, to: base)                  // if n < 2 goto base
        body.emit(.addI, 1, 0, UInt16(bitPattern: -1))       // r1 = n - 1
        body.call(Register(1), fib, argumentCount: 1)        // r1 = fib(r1)
        body.emit(.addI, 2, 0, UInt16(bitPattern: -2))       // r2 = n - 2
        body.call(Register(2), fib, argumentCount: 1)        // r2 = fib(r2)
        body.emit(.add, 0, 1, 2)
        body.ret(Register(0))
        body.bind(base)
        body.ret(Register(0))
        try module.define(fib, as: body)

        var main = FunctionBuilder(name: "main", parameterCount: 0)
        main.loadI(Register(1), 30)
        main.call(Register(1), fib, argumentCount: 1)
        main.loadK(Register(0), module.string("fib "))
        main.emit(.concat, 0, 0, 1)
        main.emit(.host, 0, HostOperation.print.rawValue, 1)
        main.emit(.retNull)
        let mainIndex = try module.define(main)
        module.addEntryPoint(name: "main", function: mainIndex, parameters: [], returnType: .void)
        return try module.build()
    }

    static let loop = """
        .func main 0
        .entry main
            loadI r0, 0
            loadI r1, 0
            loadK r2, #50000000
            jump test
        body:
            add r1, r1, r0
            addI r0, r0, 1
        test:
            jumpLt r0, r2, body
            loadK r3, "loop "
            concat r3, r3, r1
            host r3, print, 1
            retNull
        """

    static let sieve = """
        .func main 0
        .entry main
            loadK r0, #5000000      ; n
            newArray r1, 0          ; flags
            loadI r2, 0             ; i
            loadI r10, 1
            jump t1
        b1: setIndex r1, r2, r10    ; flags[i] = 1 (appends)
            addI r2, r2, 1
        t1: jumpLe r2, r0, b1
            loadI r3, 0
            loadI r4, 0
            setIndex r1, r4, r3
            loadI r4, 1
            setIndex r1, r4, r3
            loadI r5, 2             ; p
            jump t2
        b2: getIndex r6, r1, r5
            jumpNeI r6, 1, next
            mul r7, r5, r5          ; m
            jump t3
        b3: setIndex r1, r7, r3
            add r7, r7, r5
        t3: jumpLe r7, r0, b3
        next:
            addI r5, r5, 1
        t2: mul r6, r5, r5
            jumpLe r6, r0, b2
            loadI r8, 0             ; count
            loadI r9, 0             ; sum
            loadI r2, 0             ; k
            jump t4
        b4: getIndex r6, r1, r2
            jumpNeI r6, 1, skip
            addI r8, r8, 1
            add r9, r9, r2
        skip:
            addI r2, r2, 1
        t4: jumpLe r2, r0, b4
            loadK r11, "sieve "
            concat r11, r11, r8
            loadK r12, " "
            concat r11, r11, r12
            concat r11, r11, r9
            host r11, print, 1
            retNull
        """
}
