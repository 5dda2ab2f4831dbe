extension Verifier {
    /// Every base class exists, a class starts with its base's fields in order (so a base class's
    /// code reads the same slots of a subclass instance), and no class extends itself.
    static func verifyClassHierarchy(_ module: Module) throws(BytecodeError) {
        for (index, info) in module.classes.enumerated() {
            guard let base = info.superclass else { continue }
            guard Int(base) < module.classes.count else {
                throw BytecodeError(.badOperand, "class '\(info.name)': no base class \(base)")
            }
            let baseFields = module.classes[Int(base)].fields
            guard info.fields.starts(with: baseFields) else {
                throw BytecodeError(.malformed, "class '\(info.name)' does not start with the fields of its base '\(module.classes[Int(base)].name)'")
            }
            // Walking up at most `classes.count` steps must end; otherwise there is a cycle.
            var next: UInt16? = base
            var steps = 0
            while let current = next {
                guard Int(current) != index, steps < module.classes.count else {
                    throw BytecodeError(.malformed, "class '\(info.name)' extends itself")
                }
                steps += 1
                next = Int(current) < module.classes.count ? module.classes[Int(current)].superclass : nil
            }
        }
    }
}

extension Module {
    /// Whether class `index` is class `ancestor` or extends it (bounded by the class count; the
    /// verifier refuses cycles).
    public func isClass(_ index: UInt16, subclassOf ancestor: UInt16) -> Bool {
        var next: UInt16? = index
        var steps = 0
        while let current = next, steps <= classes.count {
            if current == ancestor { return true }
            next = Int(current) < classes.count ? classes[Int(current)].superclass : nil
            steps += 1
        }
        return false
    }
}
