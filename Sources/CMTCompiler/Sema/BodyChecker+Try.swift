import CMTSource

extension BodyChecker {
    /// `try { … } catch (reason) { … }`: the block must call another contract (only such calls'
    /// failures are caught); the handler starts from the state before the block, since any call in
    /// it may be the one that failed, and has `reason: string` in scope.
    func checkTry(_ clause: TryStatement, id: NodeID, span: Span) {
        let asStatement = Stmt(id: id, kind: .block(clause.body), span: clause.body.span)
        forgetNarrowing(assignedIn: asStatement)
        let entry = flow
        let callsBefore = contractCallCount
        pushScope()
        checkStatements(clause.body.statements)
        popScope()
        if contractCallCount == callsBefore {
            report(CompilerMessages.tryWithoutContractCall, at: clause.keyword,
                   helps: ["'catch' receives the revert reason of a failed call to another contract; a revert in this contract's own code always reverts the whole call"])
        }
        let afterBody = flow
        flow = entry
        pushScope()
        if let binding = clause.binding, !binding.isMissing {
            if let annotation = clause.bindingType {
                let type = checker.resolveType(annotation, typeParams: [])
                if type != .string && type != .error {
                    report(CompilerMessages.catchBindingType(types.describe(type)), at: annotation.span,
                           fixIts: [.replace(annotation.span, with: "string", message: "write 'string'")])
                }
            }
            let variable = declare(binding, kind: .local, isConst: false, type: .string, assigned: true)
            variable.readCount = 1  // like a parameter, a reason left unread is not reported
            record(id, in: file, symbol: .variable(variable))
        }
        checkStatements(clause.handler.statements)
        popScope()
        flow = Flow.merge(afterBody, flow)
    }
}
