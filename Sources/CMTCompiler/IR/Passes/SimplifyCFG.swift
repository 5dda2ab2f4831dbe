/// Control-flow clean-up: threads jumps through empty blocks, turns two-way branches to one target
/// into jumps, merges a block into its only predecessor, and removes unreachable blocks.
enum SimplifyCFG {
    static func run(_ function: inout IRFunction) {
        for _ in 0..<8 {
            var changed = threadJumps(&function)
            changed = mergeBlocks(&function) || changed
            changed = removeUnreachable(&function) || changed
            if !changed { break }
        }
    }

    /// Where control really goes when it reaches `block`: past empty blocks that only jump.
    private static func destination(_ block: BlockID, in function: IRFunction) -> BlockID {
        var target = block
        var steps = 0
        while steps < function.blocks.count, function.blocks[target.index].instructions.isEmpty,
              case .jump(let next) = function.blocks[target.index].terminator, next != target {
            target = next
            steps += 1
        }
        return target
    }

    private static func threadJumps(_ function: inout IRFunction) -> Bool {
        var changed = false
        for index in function.blocks.indices {
            let old = function.blocks[index].terminator
            let new: IRTerminator
            switch old {
            case .jump(let target):
                new = .jump(destination(target, in: function))
            case .branch(let condition, let then, let otherwise):
                let a = destination(then, in: function)
                let b = destination(otherwise, in: function)
                new = a == b ? .jump(a) : .branch(condition, then: a, otherwise: b)
            default:
                continue
            }
            if new != old {
                function.blocks[index].terminator = new
                changed = true
            }
        }
        return changed
    }

    private static func predecessorCounts(_ function: IRFunction) -> [Int] {
        var counts = Array(repeating: 0, count: function.blocks.count)
        counts[0] = 1  // the entry is entered from outside
        for block in function.blocks {
            for successor in block.terminator.successors { counts[successor.index] += 1 }
        }
        return counts
    }

    private static func mergeBlocks(_ function: inout IRFunction) -> Bool {
        var changed = false
        var counts = predecessorCounts(function)
        for index in function.blocks.indices {
            while case .jump(let target) = function.blocks[index].terminator, target.index != index, target.index != 0,
                  counts[target.index] == 1 {
                let absorbed = function.blocks[target.index]
                function.blocks[index].instructions.append(contentsOf: absorbed.instructions)
                function.blocks[index].terminator = absorbed.terminator
                function.blocks[index].terminatorSpan = absorbed.terminatorSpan
                function.blocks[target.index] = IRBlock()
                function.blocks[target.index].terminator = .retNull
                counts[target.index] = 0
                changed = true
            }
        }
        return changed
    }

    private static func removeUnreachable(_ function: inout IRFunction) -> Bool {
        var reachable = Array(repeating: false, count: function.blocks.count)
        var work = [0]
        reachable[0] = true
        while let index = work.popLast() {
            for successor in function.blocks[index].terminator.successors where !reachable[successor.index] {
                reachable[successor.index] = true
                work.append(successor.index)
            }
        }
        guard reachable.contains(false) else { return false }
        var renumbered = Array(repeating: 0, count: function.blocks.count)
        var kept: [IRBlock] = []
        for index in function.blocks.indices where reachable[index] {
            renumbered[index] = kept.count
            kept.append(function.blocks[index])
        }
        for index in kept.indices {
            switch kept[index].terminator {
            case .jump(let target): kept[index].terminator = .jump(BlockID(renumbered[target.index]))
            case .branch(let condition, let then, let otherwise):
                kept[index].terminator = .branch(condition, then: BlockID(renumbered[then.index]),
                                                 otherwise: BlockID(renumbered[otherwise.index]))
            default: break
            }
        }
        function.blocks = kept
        return true
    }
}
