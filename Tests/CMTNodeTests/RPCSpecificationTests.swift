import Foundation
import Testing

@testable import CMTNode

/// The JSON-RPC 2.0 specification's examples, answered by a registry with the spec's methods
/// (Goldens/jsonrpc-spec-examples.txt).
@Suite struct RPCSpecificationTests {
    /// The methods the specification's examples call.
    static let dispatcher: RPCDispatcher = {
        var registry = RPCMethodRegistry()
        registry.register("subtract", parameters: ["minuend", "subtrahend"]) { arguments throws(RPCError) in
            let minuend = try arguments.required("minuend", as: Int64.self)
            let subtrahend = try arguments.required("subtrahend", as: Int64.self)
            let (difference, overflow) = minuend.subtractingReportingOverflow(subtrahend)
            guard !overflow else { throw .invalidParams("the difference overflows") }
            return .integer(difference)
        }
        registry.register("sum", parameters: ["a", "b", "c"]) { arguments throws(RPCError) in
            var total: Int64 = 0
            for name in ["a", "b", "c"] { total &+= try arguments.optional(name, as: Int64.self) ?? 0 }
            return .integer(total)
        }
        registry.register("update", parameters: ["a", "b", "c", "d", "e"]) { _ in .null }
        registry.register("notify_hello", parameters: ["n"]) { _ in .null }
        registry.register("notify_sum", parameters: ["a", "b", "c"]) { _ in .null }
        registry.register("get_data") { _ in .array([.string("hello"), .integer(5)]) }
        return RPCDispatcher(registry: registry)
    }()

    struct Example: CustomTestStringConvertible {
        let title: String
        let request: String
        let response: String?
        var testDescription: String { title }
    }

    static func examples() throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens/jsonrpc-spec-examples.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var examples: [Example] = []
        var title = ""
        var request: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# ") { title = String(line.dropFirst(2)) }
            if line.hasPrefix("--> ") { request = String(line.dropFirst(4)) }
            if line.hasPrefix("<-- "), let pending = request {
                let answer = String(line.dropFirst(4))
                examples.append(Example(title: "\(title) #\(examples.count)", request: pending, response: answer == "(none)" ? nil : answer))
                request = nil
            }
        }
        return examples
    }

    /// `json` with every error object's `data` member removed and object members sorted by name.
    static func normalized(_ json: JSONValue) -> JSONValue {
        switch json {
        case .array(let items): return .array(items.map(normalized))
        case .object(let members):
            let isError = members.contains { $0.name == "code" } && members.contains { $0.name == "message" }
            return .object(members.filter { !(isError && $0.name == "data") }.map { JSONMember($0.name, normalized($0.value)) }
                .sorted { $0.name < $1.name })
        default: return json
        }
    }

    @Test("the golden file holds all 15 request/response examples of the specification")
    func allExamplesPresent() throws {
        #expect(try Self.examples().count == 15)
    }

    @Test("every example of the specification gets the specified response", arguments: try examples())
    func example(_ example: Example) async throws {
        let answer = await Self.dispatcher.handle(Array(example.request.utf8))
        guard let expectedText = example.response else {
            #expect(answer == nil, "expected no response, got \(answer?.text ?? "")")
            return
        }
        let expected = try JSONReader().read(Array(expectedText.utf8))
        let actual = try #require(answer)
        #expect(Self.normalized(actual) == Self.normalized(expected), "got \(actual.text)")
    }
}
