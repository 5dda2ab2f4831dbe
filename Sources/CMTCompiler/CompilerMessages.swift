import CMTSource
import CMTBytecode

/// The catalog of every message the CMT front end can produce: one place, sorted by section and then
/// alphabetically. Codes are stable (users search for them, tests and docs cite them): never reuse or
/// renumber one. Lexical errors are E00xx, syntax errors E01xx, name and type errors E02xx–E03xx,
/// contract rules E04xx, warnings W0xxx.
public enum CompilerMessages {
    static func error(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "CMTCompiler", name: name, code: code), severity: .error, text: text)
    }

    static func warning(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "CMTCompiler", name: name, code: code), severity: .warning, text: text)
    }

    // MARK: - Lexical errors

    static func invalidEscape(_ detail: String) -> DiagnosticMessage { error("invalidEscape", "E0004", "invalid escape in string: \(detail)") }
    static func malformedNumber(_ detail: String) -> DiagnosticMessage { error("malformedNumber", "E0005", "malformed number: \(detail)") }
    static func unexpectedCharacter(_ text: String) -> DiagnosticMessage { error("unexpectedCharacter", "E0001", "unexpected character '\(text)' in source") }
    static let unterminatedBlockComment = error("unterminatedBlockComment", "E0003", "unterminated '/*' comment")
    static let unterminatedString = error("unterminatedString", "E0002", "unterminated string literal")
    static let unterminatedTemplate = error("unterminatedTemplate", "E0006", "unterminated template literal")

    // MARK: - Syntax errors

    static let ambiguousUnaryPower = error("ambiguousUnaryPower", "E0116", "a unary operator before '**' is ambiguous; add parentheses")
    static func declarationNotAtTopLevel(_ keyword: String) -> DiagnosticMessage {
        error("declarationNotAtTopLevel", "E0112", "'\(keyword)' declarations are only allowed at the top level of a file")
    }
    static let duplicateDefault = error("duplicateDefault", "E0120", "a 'switch' may have only one 'default' clause")
    static func expectedExpression(found: String) -> DiagnosticMessage { error("expectedExpression", "E0102", "expected an expression, found \(found)") }
    static func expectedFunctionBody(_ name: String) -> DiagnosticMessage {
        error("expectedFunctionBody", "E0108", "function '\(name)' needs a body '{ … }'")
    }
    static func expectedIdentifier(context: String, found: String) -> DiagnosticMessage {
        error("expectedIdentifier", "E0101", "expected a name \(context), found \(found)")
    }
    static func expectedMapKey(found: String) -> DiagnosticMessage {
        error("expectedMapKey", "E0110", "expected a map key (a name, string, number or '[expression]'), found \(found)")
    }
    static func expectedMember(owner: String) -> DiagnosticMessage {
        error("expectedMember", "E0109", "expected a field, function or constructor in the \(owner) body")
    }
    static func expectedToken(_ token: String, context: String, found: String) -> DiagnosticMessage {
        error("expectedToken", "E0100", "expected '\(token)' \(context), found \(found)")
    }
    static func expectedType(found: String) -> DiagnosticMessage { error("expectedType", "E0103", "expected a type, found \(found)") }
    static let forInNotSupported = error("forInNotSupported", "E0113", "'for … in' is not supported; use 'for (const x of xs)' or 'for (const k of m.keys())'")
    static let functionExpressionNotSupported = error("functionExpressionNotSupported", "E0114", "function expressions are not supported; use an arrow function '(x: T) => …'")
    static let invalidAssignmentTarget = error("invalidAssignmentTarget", "E0105", "cannot assign to this expression; expected a variable, field or element")
    static func keywordAsIdentifier(_ keyword: String, context: String) -> DiagnosticMessage {
        error("keywordAsIdentifier", "E0107", "'\(keyword)' is a reserved word and cannot be used \(context)")
    }
    static func nestingTooDeep(_ limit: Int) -> DiagnosticMessage {
        error("nestingTooDeep", "E0106", "code is nested too deeply (the limit is \(limit) levels)")
    }
    static func unexpectedToken(_ token: String, context: String) -> DiagnosticMessage {
        error("unexpectedToken", "E0104", "unexpected \(token) \(context)")
    }
    static func unsupported(_ feature: String) -> DiagnosticMessage { error("unsupported", "E0115", "\(feature) is not supported") }
    static let varNotSupported = error("varNotSupported", "E0111", "'var' is not supported; declare variables with 'let' or 'const'")

    // MARK: - Name and type errors

    static func argumentMismatch(_ position: Int, callee: String, found: String, expected: String) -> DiagnosticMessage {
        error("argumentMismatch", "E0204", "argument \(position) of \(callee) has type '\(found)' but '\(expected)' is expected")
    }
    static func assignToCaptured(_ name: String) -> DiagnosticMessage {
        error("assignToCaptured", "E0250", "cannot assign to '\(name)' inside a nested function; it belongs to the enclosing function")
    }
    static func assignToConst(_ name: String) -> DiagnosticMessage { error("assignToConst", "E0211", "cannot assign to '\(name)' because it is a constant") }
    static func assignToReadonly(_ name: String) -> DiagnosticMessage { error("assignToReadonly", "E0227", "cannot assign to '\(name)' because it is read-only") }
    static func branchMismatch(_ a: String, _ b: String) -> DiagnosticMessage {
        error("branchMismatch", "E0253", "the branches of the conditional have different types '\(a)' and '\(b)'")
    }
    static let breakOutsideLoop = error("breakOutsideLoop", "E0219", "'break' outside a loop or 'switch'")
    static func cannotAssign(_ found: String, to expected: String, what: String) -> DiagnosticMessage {
        error("cannotAssign", "E0203", "cannot assign a value of type '\(found)' to \(what) of type '\(expected)'")
    }
    static func cannotInferEmpty(_ what: String) -> DiagnosticMessage {
        error("cannotInferEmpty", "E0215", "cannot infer the element type of an empty \(what)")
    }
    static func cannotInferFromNull(_ name: String) -> DiagnosticMessage {
        error("cannotInferFromNull", "E0242", "cannot infer the type of '\(name)' from 'null'; annotate it, e.g. 'Message?'")
    }
    static func cannotInferParameter(_ name: String) -> DiagnosticMessage {
        error("cannotInferParameter", "E0240", "cannot infer the type of parameter '\(name)'; annotate it")
    }
    static func cannotInferTypeArgument(_ parameter: String, function: String) -> DiagnosticMessage {
        error("cannotInferTypeArgument", "E0254", "cannot infer type parameter '\(parameter)' of '\(function)' from the arguments")
    }
    static func cannotInferVariable(_ name: String) -> DiagnosticMessage {
        error("cannotInferVariable", "E0255", "variable '\(name)' needs a type annotation or an initial value")
    }
    static func cannotReturnValue(_ what: String) -> DiagnosticMessage { error("cannotReturnValue", "E0222", "\(what) cannot return a value") }
    static func caseTypeMismatch(_ found: String, _ expected: String) -> DiagnosticMessage {
        error("caseTypeMismatch", "E0285", "a case value of type '\(found)' can never equal a switch value of type '\(expected)'")
    }
    static func classCalledWithoutNew(_ name: String) -> DiagnosticMessage {
        error("classCalledWithoutNew", "E0256", "class '\(name)' must be created with 'new'")
    }
    static func conditionNotBoolean(_ type: String) -> DiagnosticMessage {
        error("conditionNotBoolean", "E0206", "condition has type '\(type)' but must be 'boolean' or an optional value")
    }
    static func constNeedsValue(_ name: String) -> DiagnosticMessage { error("constNeedsValue", "E0252", "constant '\(name)' needs a value") }
    static let continueOutsideLoop = error("continueOutsideLoop", "E0220", "'continue' outside a loop")
    static func continueToNonLoop(_ label: String) -> DiagnosticMessage {
        error("continueToNonLoop", "E0283", "'continue \(label)' must name a loop; '\(label)' labels a statement that is not a loop")
    }
    static func doubleOptional(_ type: String) -> DiagnosticMessage { error("doubleOptional", "E0257", "'\(type)' is already optional") }
    static func duplicateConstructor(_ owner: String) -> DiagnosticMessage {
        error("duplicateConstructor", "E0245", "'\(owner)' has more than one constructor")
    }
    static func duplicateDeclaration(_ name: String) -> DiagnosticMessage { error("duplicateDeclaration", "E0212", "'\(name)' is already declared") }
    static func duplicateLabel(_ label: String) -> DiagnosticMessage {
        error("duplicateLabel", "E0284", "the label '\(label)' is already used by an enclosing statement")
    }
    static func duplicateMapKey(_ key: String) -> DiagnosticMessage { error("duplicateMapKey", "E0258", "key '\(key)' appears more than once in the map literal") }
    static func duplicateMember(_ name: String, owner: String) -> DiagnosticMessage {
        error("duplicateMember", "E0259", "'\(owner)' already has a member named '\(name)'")
    }
    static let emitOutsideContract = error("emitOutsideContract", "E0235", "'emit' can only be used inside a contract")
    static func fieldNeedsType(_ name: String) -> DiagnosticMessage {
        error("fieldNeedsType", "E0260", "field '\(name)' needs a type annotation or an initial value")
    }
    static func genericFunctionValue(_ name: String) -> DiagnosticMessage {
        error("genericFunctionValue", "E0261", "generic function '\(name)' must be called; it cannot be used as a value")
    }
    static func immutableValue(_ type: String) -> DiagnosticMessage { error("immutableValue", "E0262", "values of type '\(type)' cannot be changed in place") }
    static func incomparable(_ a: String, _ b: String) -> DiagnosticMessage {
        error("incomparable", "E0233", "cannot compare a value of type '\(a)' with a value of type '\(b)'")
    }
    static func inconsistentReturns(_ found: String, _ first: String) -> DiagnosticMessage {
        error("inconsistentReturns", "E0228", "this returns '\(found)', but an earlier return gives '\(first)'")
    }
    static func inferenceTooDeep(_ name: String) -> DiagnosticMessage {
        error("inferenceTooDeep", "E0263", "cannot infer the return type of '\(name)' here: too many inferences are nested")
    }
    static func instanceMemberInStatic(_ name: String) -> DiagnosticMessage {
        error("instanceMemberInStatic", "E0226", "instance member '\(name)' cannot be used in static code")
    }
    static func instanceViaClass(_ name: String) -> DiagnosticMessage {
        error("instanceViaClass", "E0264", "'\(name)' is an instance member; use it on an object, not on the class")
    }
    static func invalidIndex(_ found: String, expected: String) -> DiagnosticMessage {
        error("invalidIndex", "E0218", "index has type '\(found)' but '\(expected)' is expected")
    }
    static func invalidMapKey(_ type: String) -> DiagnosticMessage {
        error("invalidMapKey", "E0265", "'\(type)' cannot be a map key; keys are string, number, address or boolean")
    }
    static func invalidOperand(op: String, type: String) -> DiagnosticMessage {
        error("invalidOperand", "E0208", "operator '\(op)' cannot be applied to a value of type '\(type)'")
    }
    static func invalidOperands(op: String, _ left: String, _ right: String) -> DiagnosticMessage {
        error("invalidOperands", "E0207", "operator '\(op)' cannot be applied to '\(left)' and '\(right)'")
    }
    static let memberOfNull = error("memberOfNull", "E0266", "'null' has no members")
    static func methodNotCalled(_ name: String) -> DiagnosticMessage {
        error("methodNotCalled", "E0251", "method '\(name)' must be called; add '()'")
    }
    static func missingParameterType(_ name: String) -> DiagnosticMessage {
        error("missingParameterType", "E0241", "parameter '\(name)' needs a type annotation")
    }
    static func missingReturn(_ name: String, type: String) -> DiagnosticMessage {
        error("missingReturn", "E0213", "'\(name)' must return a value of type '\(type)' on every path")
    }
    static func missingReturnValue(_ type: String) -> DiagnosticMessage {
        error("missingReturnValue", "E0223", "'return' needs a value of type '\(type)'")
    }
    static func mixedElements(_ a: String, _ b: String) -> DiagnosticMessage {
        error("mixedElements", "E0267", "elements of types '\(a)' and '\(b)' cannot be mixed")
    }
    static func nestedFunctionNeedsReturnType(_ name: String) -> DiagnosticMessage {
        error("nestedFunctionNeedsReturnType", "E0268", "nested function '\(name)' needs a return type annotation")
    }
    static func notAClass(_ name: String) -> DiagnosticMessage { error("notAClass", "E0225", "'\(name)' is not a class") }
    static func notCallable(_ type: String) -> DiagnosticMessage { error("notCallable", "E0210", "a value of type '\(type)' cannot be called") }
    static func notIndexable(_ type: String) -> DiagnosticMessage { error("notIndexable", "E0217", "a value of type '\(type)' cannot be indexed") }
    static func notIterable(_ type: String) -> DiagnosticMessage {
        error("notIterable", "E0232", "'for … of' needs an array or a string, found '\(type)'")
    }
    static func numberOutOfRange(_ text: String) -> DiagnosticMessage {
        error("numberOutOfRange", "E0230", Decimal18.LiteralProblem.outOfRange.message(text))
    }
    static func numberTooPrecise(_ text: String) -> DiagnosticMessage {
        error("numberTooPrecise", "E0231", Decimal18.LiteralProblem.tooPrecise.message(text))
    }
    static func optionalChainOnNonOptional(_ type: String) -> DiagnosticMessage {
        warning("optionalChainOnNonOptional", "W0006", "'?.' on a value of type '\(type)', which is never null")
    }
    static func optionalNotUnwrapped(_ type: String, member: String) -> DiagnosticMessage {
        error("optionalNotUnwrapped", "E0216", "cannot use \(member)a value of optional type '\(type)' that may be null")
    }
    static func misplacedRestParameter(_ detail: String) -> DiagnosticMessage {
        error("misplacedRestParameter", "E0295", "invalid rest parameter: \(detail)")
    }
    static func patternDefaultNeverUsed(_ name: String, type: String) -> DiagnosticMessage {
        error("patternDefaultNeverUsed", "E0289", "the default of '\(name)' is never used: the value has type '\(type)', which is never missing")
    }
    static func patternType(_ found: String, pattern: String) -> DiagnosticMessage {
        error("patternType", "E0288", "a value of type '\(found)' cannot be destructured with \(pattern)")
    }
    static func recursiveInference(_ name: String) -> DiagnosticMessage {
        error("recursiveInference", "E0229", "the type of '\(name)' depends on itself and cannot be inferred")
    }
    static func requiredAfterOptional(_ name: String) -> DiagnosticMessage {
        error("requiredAfterOptional", "E0269", "required parameter '\(name)' cannot follow an optional parameter")
    }
    static func returnMismatch(_ found: String, expected: String) -> DiagnosticMessage {
        error("returnMismatch", "E0205", "cannot return a value of type '\(found)' from a function returning '\(expected)'")
    }
    static let returnOutsideFunction = error("returnOutsideFunction", "E0221", "'return' outside a function")
    static func spreadNotAllowed(_ detail: String) -> DiagnosticMessage { error("spreadNotAllowed", "E0287", "'...' cannot be used here: \(detail)") }
    static func spreadType(_ found: String, into: String) -> DiagnosticMessage {
        error("spreadType", "E0286", "a value of type '\(found)' cannot be spread into \(into)")
    }
    static func staticNeedsValue(_ name: String) -> DiagnosticMessage {
        error("staticNeedsValue", "E0270", "static field '\(name)' needs a value")
    }
    static func staticViaInstance(_ name: String) -> DiagnosticMessage {
        error("staticViaInstance", "E0271", "'\(name)' is static; use it on the class, not on an object")
    }
    static let switchFallthrough = error("switchFallthrough", "E0280", "this case runs on into the next one; end it with 'break'")
    static func templateValue(_ type: String) -> DiagnosticMessage {
        error("templateValue", "E0281", "a value of type '\(type)' cannot be written into a template literal; expected a string, number, boolean or address")
    }
    static let thisInStatic = error("thisInStatic", "E0272", "'this' cannot be used in static code")
    static let thisOutsideClass = error("thisOutsideClass", "E0224", "'this' can only be used inside a class or contract")
    static func uninitializedField(_ name: String) -> DiagnosticMessage {
        error("uninitializedField", "E0236", "field '\(name)' has no initial value and is not assigned by the constructor")
    }
    static func unknownEvent(_ name: String, contract: String) -> DiagnosticMessage {
        error("unknownEvent", "E0234", "contract '\(contract)' declares no event '\(name)'")
    }
    static func unknownLabel(_ label: String) -> DiagnosticMessage { error("unknownLabel", "E0282", "cannot find the label '\(label)' around this statement") }
    static func unknownMember(_ name: String, type: String) -> DiagnosticMessage {
        error("unknownMember", "E0202", "type '\(type)' has no member '\(name)'")
    }
    static func unknownName(_ name: String) -> DiagnosticMessage { error("unknownName", "E0200", "cannot find '\(name)' in scope") }
    static func unknownType(_ name: String) -> DiagnosticMessage { error("unknownType", "E0201", "cannot find type '\(name)'") }
    static func usedBeforeAssignment(_ name: String) -> DiagnosticMessage {
        error("usedBeforeAssignment", "E0214", "variable '\(name)' is used before it is assigned on every path")
    }
    static func usedBeforeDeclaration(_ name: String) -> DiagnosticMessage {
        error("usedBeforeDeclaration", "E0243", "'\(name)' is used before its declaration")
    }
    static let voidNotAllowed = error("voidNotAllowed", "E0247", "'void' can only be a function's return type")
    static let voidValueUsed = error("voidValueUsed", "E0238", "this call returns no value ('void')")
    static func wrongArgumentCount(_ callee: String, expected: String, found: Int) -> DiagnosticMessage {
        error("wrongArgumentCount", "E0209", "\(callee) takes \(expected), but \(found) \(found == 1 ? "was" : "were") given")
    }
    static func wrongTypeArgumentCount(_ name: String, expected: Int, found: Int) -> DiagnosticMessage {
        error("wrongTypeArgumentCount", "E0237", "'\(name)' takes \(expected) type argument\(expected == 1 ? "" : "s"), but \(found) \(found == 1 ? "was" : "were") given")
    }


    // MARK: - Contract rules

    static func memberOnlyInContract(_ what: String) -> DiagnosticMessage {
        error("memberOnlyInContract", "E0405", "\(what) can only be declared in a contract")
    }
    static func newContract(_ name: String) -> DiagnosticMessage {
        error("newContract", "E0406", "contract '\(name)' cannot be created with 'new'; it is deployed")
    }
    static func notABIType(_ type: String, what: String) -> DiagnosticMessage {
        error("notABIType", "E0401", "\(what) has type '\(type)', which cannot cross the contract boundary")
    }
    static func notStorable(_ type: String, field: String) -> DiagnosticMessage {
        error("notStorable", "E0400", "state field '\(field)' has type '\(type)', which cannot be stored in contract state")
    }
    static let statementInContractFile = error("statementInContractFile", "E0244", "a contract program cannot have top-level statements other than 'const' declarations")
    /// A module constant of a contract program is computed at the start of every call, before any
    /// code of the contract runs, so its initializer may not run code or change anything.
    static func moduleConstantInitializer(_ name: String, does what: String) -> DiagnosticMessage {
        error("moduleConstantInitializer", "E0417", "the initializer of module constant '\(name)' cannot \(what)")
    }

    // MARK: - Database tables (contract rules)

    static func duplicateIndex(_ name: String) -> DiagnosticMessage {
        error("duplicateIndex", "E0414", "'\(name)' is indexed twice")
    }
    static func indexFieldType(_ name: String, type: String) -> DiagnosticMessage {
        error("indexFieldType", "E0413", "field '\(name)' has type '\(type)'; an index holds number, string, boolean, address or bytes values")
    }
    static func indexNameNotLiteral(_ table: String) -> DiagnosticMessage {
        error("indexNameNotLiteral", "E0416", "the index searched by '\(table).find' must be a string literal")
    }
    static func notAnIndex(_ name: String, table: String, indexes: [String]) -> DiagnosticMessage {
        let known = indexes.isEmpty ? "it has no index" : "its indexes: " + indexes.joined(separator: ", ")
        return error("notAnIndex", "E0412", "'\(name)' is not an index of table '\(table)' (\(known))")
    }
    static func tableAsValue(_ name: String) -> DiagnosticMessage {
        error("tableAsValue", "E0415", "table '\(name)' can only be used through its methods, as in '\(name).get(key)'")
    }
    static func tableDeclarationMisplaced() -> DiagnosticMessage {
        error("tableDeclarationMisplaced", "E0410", "'db.table' only declares the indexes of a 'Table' state field")
    }
    static func tableInitializer(_ field: String) -> DiagnosticMessage {
        error("tableInitializer", "E0409", "table '\(field)' can only be initialized with 'db.table([\"field\", …])', a list of string literals")
    }
    static func tableOutsideState() -> DiagnosticMessage {
        error("tableOutsideState", "E0407", "'Table' can only be the type of a contract's state field")
    }
    static func tableRecordType(_ type: String, field: String) -> DiagnosticMessage {
        error("tableRecordType", "E0408", "the records of table '\(field)' must be objects of a class whose fields can cross the contract boundary, not '\(type)'")
    }
    static func unknownIndexField(_ name: String, record: String) -> DiagnosticMessage {
        error("unknownIndexField", "E0411", "'\(record)' has no field '\(name)' to index")
    }

    // MARK: - Warnings

    static func coalesceNeverNull(_ type: String) -> DiagnosticMessage {
        warning("coalesceNeverNull", "W0003", "the left side of '??' has type '\(type)' and is never null")
    }
    static let unreachableCode = warning("unreachableCode", "W0002", "this code will never run")
    static let unusedResult = warning("unusedResult", "W0005", "the result of this expression is unused")
    static func unusedVariable(_ name: String) -> DiagnosticMessage { warning("unusedVariable", "W0001", "variable '\(name)' is never read") }
    static func unwrapNonOptional(_ type: String) -> DiagnosticMessage {
        warning("unwrapNonOptional", "W0004", "'!' on a value of type '\(type)', which is never null")
    }
}
