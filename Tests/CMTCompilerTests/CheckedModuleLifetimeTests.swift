import CMTCompiler
import Testing

/// A checked module and its symbols are freed when the last reference goes: long-running users
/// (the language server, the fuzzers) check thousands of files.
@Suite struct CheckedModuleLifetimeTests {
    @Test("a class with methods is freed with its checked module (no method-owner cycle)")
    func classWithMethodsIsFreed() {
        weak var classInfo: ClassInfo?
        do {
            let (result, _) = Frontend.check(text: "class A {\n    function f(): number {\n        return 1;\n    }\n}\n")
            classInfo = result.module.classes.first { $0.name == "A" }
            #expect(classInfo?.methods["f"] != nil)
        }
        #expect(classInfo == nil)
    }
}
