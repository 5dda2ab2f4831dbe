import CMTBytecode
import CMTSource

// Code for contract tests (`cmtc test`): the test-only built-ins (Sema/TestPrelude.swift) and
// `Contract.deploy(…)` become calls of the test chain (TestingInterface.swift); a call on a handle
// (a contract value other than `this`) becomes a real contract call of the handle's address.
extension FunctionLowering {
    /// `host callContract` of the testing address: `fills` compute the arguments, one register each.
    func testingCall(_ function: TestingInterface.Function, _ fills: [(UInt16) -> Void], into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(3, resultIn: dest)
        loadConstant(.address(TestingInterface.address), into: base)
        loadString(function.rawValue, into: base + 1)
        packArray(fills, into: base + 2)
        emit(.host, base, HostOperation.callContract.rawValue, 3, type: type)
        move(dest, base)
        free(to: mark)
    }

    /// A new array in `register` holding what `fills` compute.
    func packArray(_ fills: [(UInt16) -> Void], into register: UInt16) {
        emit(.newArray, register, UInt16(min(fills.count, 1024)), type: .reference)
        for fill in fills {
            let mark = top
            let element = allocate()
            fill(element)
            emit(.push, register, element)
            free(to: mark)
        }
    }

    /// A fill that compiles `expr`, or loads null when there is none.
    func argumentFill(_ expr: Expr?) -> (UInt16) -> Void {
        { register in
            if let expr { self.compileFree(expr, into: register) } else { self.emit(.loadNull, register, type: .null) }
        }
    }

    /// `Contract.deploy(arguments)` when `target` is one; false otherwise.
    func compileDeploy(_ target: Expr, arguments: [Expr], into dest: UInt16) -> Bool {
        guard case .member(let base, let name, _) = target.kind, name.name == "deploy",
              case .classObject(let id) = types[module.type(of: base)] else { return false }
        let info = module.checked.classes[Int(id.rawValue)]
        guard info.kind == .contract, info.methods["deploy"] == nil else { return false }
        let params = info.constructor?.params.count ?? 0
        testingCall(.deploy, [
            { self.loadString(info.name, into: $0) },
            { register in self.packArray((0..<params).map { self.argumentFill($0 < arguments.count ? arguments[$0] : nil) }, into: register) },
        ], into: dest, type: .address)
        return true
    }

    /// `handle.f(arguments)`: a contract call of the handle's address; with `value`
    /// (`handle.f{ value: v }(arguments)`), one that sends `v` CMT (`callContractValue`).
    func callContractHandle(_ method: FunctionInfo, base: Expr, optional: Bool, arguments: [Expr], value: Expr? = nil, into dest: UInt16,
                            type: IRType?) {
        let mark = top
        guarded(base, optional: optional, into: dest) { handle, target in
            let count: UInt16 = value == nil ? 3 : 4
            let window = self.window(Int(count), resultIn: target)
            self.move(window, handle)
            self.loadString(method.name, into: window + 1)
            // In source order: the handle, the value, then the arguments.
            if let value { self.compileFree(value, into: window + 3) }
            self.packArray((0..<method.params.count).map { self.argumentFill($0 < arguments.count ? arguments[$0] : nil) }, into: window + 2)
            if let catchTarget = self.catchTargets.last {
                let operation: HostOperation = value == nil ? .tryCallContract : .tryCallContractValue
                self.emit(.host, window, operation.rawValue, count, type: .reference)
                self.unpackCaughtCall(window, catchTarget: catchTarget, into: target, type: type)
                return
            }
            let operation: HostOperation = value == nil ? .callContract : .callContractValue
            self.emit(.host, window, operation.rawValue, count, type: type)
            self.move(target, window)
        }
        free(to: mark)
    }

    /// A test-only top-level built-in (`assert`, `assertEqual`, `expectRevert`, `expectEvent`); false
    /// when `name` is none of them.
    func callTestBuiltin(_ name: String, arguments: [Expr], span: Span, into dest: UInt16) -> Bool {
        switch name {
        case "assert":
            testingCall(.assert, [argumentFill(arguments.first), argumentFill(arguments.dropFirst().first)], into: dest, type: .null)
        case "assertEqual":
            testingCall(.assertEqual, [argumentFill(arguments.first), argumentFill(arguments.dropFirst().first)], into: dest, type: .null)
        case "expectEvent":
            testingCall(.expectEvent, [argumentFill(arguments.first), argumentFill(arguments.dropFirst().first)], into: dest, type: .null)
        case "expectRevert":
            guard let action = arguments.first, case .arrow(let params, _, let body) = stripParens(action).kind else {
                module.report(CompilerMessages.expectRevertNeedsArrow, at: arguments.first?.span ?? span)
                return true
            }
            guard let (index, captures, capturesThis) = prepareClosure(name: "\(ir.name).<expectRevert>", body: .arrow(params: params, body: body),
                                                                     span: action.span) else { return true }
            if capturesThis {
                module.report(CompilerMessages.unsupportedConstruct("'expectRevert' with an arrow function that uses 'this'"), at: action.span)
                return true
            }
            testingCall(.expectRevert, [
                { self.loadConstant(.number(Decimal18(Int64(index))), into: $0) },
                { register in self.packArray(captures.map { capture in { self.move($0, capture.register) } }, into: register) },
                argumentFill(arguments.dropFirst().first),
            ], into: dest, type: .null)
        default:
            return false
        }
        return true
    }

    /// A method of `testing`.
    func callTestingMethod(_ method: FunctionInfo, arguments: [Expr], into dest: UInt16, type: IRType?) {
        if method.name == "addressOf", let handle = arguments.first {
            // A handle is the contract's address already.
            compileFree(handle, into: dest)
            return
        }
        guard let function = TestingInterface.Function(rawValue: method.name) else { return }
        let fills = (0..<method.params.count).map { argumentFill($0 < arguments.count ? arguments[$0] : nil) }
        testingCall(function, fills, into: dest, type: type)
    }
}
