import CMTBytecode
import CMTSource

/// Where a failed call to another contract goes inside `try`: the handler block, and the register
/// that receives the reason.
struct CatchTarget {
    let handler: BlockID
    let reason: UInt16
}

extension FunctionLowering {
    /// `try { body } catch (reason) { handler }`: every call to another contract made directly in
    /// the body is a catching call (``HostOperation/tryCallContract``) that jumps to the handler
    /// with the reason when the callee fails; the rest of the body is skipped, as in JavaScript.
    func lowerTry(_ clause: TryStatement, id: NodeID, span: Span) {
        let mark = top
        let reason = allocate()
        emit(.loadNull, reason)
        let handler = newBlock()
        let end = newBlock()
        catchTargets.append(CatchTarget(handler: handler, reason: reason))
        let bodyMark = top
        lowerStatements(clause.body.statements)
        free(to: bodyMark)
        catchTargets.removeLast()
        jump(to: end)
        switchTo(handler)
        if clause.binding != nil, case .variable(let variable)? = module.symbol(id, in: span) {
            let slot = declare(variable)
            store(reason, into: slot)
        }
        lowerStatements(clause.handler.statements)
        jump(to: end)
        switchTo(end)
        free(to: mark)
    }

    /// After a catching call left `[result, reason]` in `pair`: jumps to the handler when the
    /// reason is not null, else moves the result to `target`.
    func unpackCaughtCall(_ pair: UInt16, catchTarget: CatchTarget, into target: UInt16, type: IRType?) {
        let index = allocate()
        emit(.loadI, index, 1, type: .number)
        emit(.getIndex, catchTarget.reason, pair, index, type: .any)
        let isNull = allocate()
        emit(.isNull, isNull, catchTarget.reason, type: .boolean)
        let success = newBlock()
        terminate(.branch(.truthy(isNull), then: success, otherwise: catchTarget.handler))
        switchTo(success)
        emit(.loadI, index, 0, type: .number)
        emit(.getIndex, target, pair, index, type: type ?? .any)
        free(to: index)
    }
}
