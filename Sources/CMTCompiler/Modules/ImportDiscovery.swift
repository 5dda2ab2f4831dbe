import CMTSource

extension Frontend {
    /// Reads the file at a normalized path (an imported file that is not among the program's files
    /// yet), adding it to the source manager; nil when there is no such file.
    public typealias ModuleLoader = (String) -> SourceFile?

    /// The most files that following imports may add to a program.
    public static let maximumImportedFiles = 10_000

    /// The program's files and every file they import, transitively: `files` first, in order, then
    /// each imported file the first time an import names it (breadth first). `load` reads a file
    /// that is not among them yet; an import it cannot read is reported when the program is checked
    /// (E0310, E0317). Only files that contain the word `import` are parsed here.
    public static func followImports(_ files: [SourceFile], sources: SourceManager, resolver: ModuleResolver,
                                     load: ModuleLoader) -> [SourceFile] {
        var result = files
        var known = Set(files.map { ModuleResolver.normalize($0.path) })
        var index = 0
        while index < result.count, result.count < maximumImportedFiles {
            let file = result[index]
            index += 1
            guard mentionsImport(file.bytes) else { continue }
            let (syntax, _) = Parser.parse(file)
            for item in syntax.items {
                guard case .importDecl(let decl) = item, !decl.source.isEmpty,
                      let path = Checker.targetPath(resolver.resolve(decl.source, from: file.path)),
                      known.insert(path).inserted, let loaded = load(path) else { continue }
                result.append(loaded)
            }
        }
        return result
    }

    private static func mentionsImport(_ bytes: [UInt8]) -> Bool {
        let word: [UInt8] = Array("import".utf8)
        guard bytes.count >= word.count else { return false }
        var position = 0
        while position + word.count <= bytes.count {
            if bytes[position] == word[0], bytes[position..<(position + word.count)].elementsEqual(word) { return true }
            position += 1
        }
        return false
    }
}
