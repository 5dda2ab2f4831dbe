/// The kind of a node of the lossless syntax tree. Every kind but ``sourceFile`` and ``unexpected``
/// mirrors one construct of the typed AST (`Item`, `ClassMember`, `Stmt.Kind`, `Expr.Kind`,
/// `TypeRepr.Kind`, `Pattern.Kind` and their parts); ``SyntaxNode/astID`` links a node to its AST
/// node where the AST numbers it.
public enum SyntaxKind: UInt8, Sendable, Hashable, CaseIterable {
    /// The root: every item of the file, then the end-of-file token (whose trivia ends the file).
    case sourceFile
    /// Tokens that error recovery skipped; always reported by a diagnostic.
    case unexpected

    // Declarations.
    case importDecl, exportedItem, functionDecl, classDecl, interfaceDecl, contractDecl
    case fieldDecl, eventDecl, parameter, codeBlock, variableBinding, switchCase, mapEntry

    // Statements.
    case expressionStmt, variableDecl, destructuringDecl, blockStmt, ifStmt, whileStmt, forStmt
    case forOfStmt, doWhileStmt, switchStmt, labeledStmt, returnStmt, breakStmt, continueStmt
    case emitStmt, functionStmt, tryStmt, emptyStmt, errorStmt

    // Expressions.
    case numberLiteral, stringLiteral, booleanLiteral, nullLiteral, thisExpr, superExpr
    case identifierExpr, templateLiteral, arrayLiteral, mapLiteral, parenExpr, spreadExpr
    case unaryExpr, updateExpr, binaryExpr, assignExpr, conditionalExpr, memberExpr, indexExpr
    case callExpr, callValueExpr, newExpr, forceUnwrapExpr, arrowExpr
    /// An expression the parser could not read (usually holding one missing token).
    case errorExpr

    // Types.
    case namedType, arrayType, optionalType, functionType, errorType

    // Patterns.
    case namePattern, arrayPattern, objectPattern, patternElement, errorPattern

    /// Whether the kind stands for a statement.
    public var isStatement: Bool { rawValue >= SyntaxKind.expressionStmt.rawValue && rawValue <= SyntaxKind.errorStmt.rawValue }

    /// Whether the kind stands for an expression.
    public var isExpression: Bool { rawValue >= SyntaxKind.numberLiteral.rawValue && rawValue <= SyntaxKind.errorExpr.rawValue }

    /// Whether the kind stands for a type annotation.
    public var isType: Bool { rawValue >= SyntaxKind.namedType.rawValue && rawValue <= SyntaxKind.errorType.rawValue }
}
