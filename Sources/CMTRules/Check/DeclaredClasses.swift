import CMTCompiler
import CMTSource

/// Writes the CMT classes for the `declare`s of DRL files: `declare Order id : string end` becomes
/// `class Order { id: string = ""; }`, every name and type mapped back to the DRL text.
enum DeclaredClasses {
    static func generate(_ files: [(SourceFile, RuleFileSyntax)]) -> GeneratedSource {
        var builder = SourceBuilder()
        for (file, syntax) in files {
            for case .declare(let declare) in syntax.items where !declare.name.isMissing {
                let anchor = declare.name.span
                builder.emit("/// Declared in \(file.path).\nclass ", anchor: anchor)
                builder.copy(declare.name.span, from: file)
                if let superclass = declare.superclass, !superclass.isMissing {
                    builder.emit(" extends ", anchor: superclass.span)
                    builder.copy(superclass.span, from: file)
                }
                builder.emit(" {\n", anchor: anchor)
                for field in declare.fields where !field.name.isMissing {
                    let written = file.text(of: field.type.span)
                    let mapped = TypeNames.cmt(written)
                    var typeText = mapped ?? written
                    // `label : string?` is an optional field: CMT spells it `label?: string`.
                    let optional = typeText.hasSuffix("?")
                    if optional {
                        let inner = String(typeText.dropLast())
                        typeText = TypeNames.cmt(inner) ?? inner
                    }
                    builder.emit("    ", anchor: field.name.span)
                    builder.copy(field.name.span, from: file)
                    let initial = optional ? nil : TypeNames.defaultValue(typeText)
                    builder.emit(optional || (field.initializer == nil && initial == nil) ? "?: " : ": ", anchor: field.name.span)
                    if mapped != nil || optional { builder.emit(typeText, anchor: field.type.span) } else { builder.copy(field.type.span, from: file) }
                    if let initializer = field.initializer {
                        builder.emit(" = ", anchor: initializer.span)
                        builder.copy(initializer.span, from: file)
                    } else if let initial {
                        builder.emit(" = \(initial)", anchor: field.name.span)
                    }
                    builder.emit(";\n", anchor: field.span)
                }
                builder.emit("}\n", anchor: declare.span)
            }
        }
        return builder.build()
    }
}
