import CMTBytecode
import CMTChain
import CMTVM
import Foundation
import Testing

@testable import CMTNode

/// Every example of docs/rpc.md, replayed against a dev node: each request (in the order the page
/// gives them) gets an answer of the documented shape: the same members in the same order, the
/// same JSON kinds, recursively (an array's first element stands for all). Before the replay the
/// node holds what the examples talk about: dev account 0 deployed Examples/invoices with nonce 0
/// and issued an invoice with nonce 1. A value the examples cannot know in advance (a block's
/// hash, which depends on its time) is learnt from an earlier answer and put into later requests.
@Suite("docs/rpc.md examples against a dev node")
struct RPCDocumentationTests {
    struct Example {
        var method: String
        var request: String
        var response: String
    }

    /// The page's request/response pairs, in order.
    static func examples() throws -> [Example] {
        let text = try String(contentsOf: NodeFixture.repository.appendingPathComponent("docs/rpc.md"), encoding: .utf8)
        var examples: [Example] = []
        var method = ""
        var pending: String?
        var label = ""
        var block: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var lines = block {
                if line == "```" {
                    let body = lines.joined(separator: "\n")
                    if label == "Request:" {
                        pending = body
                    } else if label == "Response:", let request = pending {
                        examples.append(Example(method: method, request: request, response: body))
                        pending = nil
                    }
                    block = nil
                    label = ""
                } else {
                    lines.append(line)
                    block = lines
                }
                continue
            }
            if line.hasPrefix("### ") { method = String(line.dropFirst(4)) }
            if line == "Request:" || line == "Response:" { label = line }
            if line == "```json" { block = [] }
        }
        return examples
    }

    /// Where `actual` differs in shape from `documented`.
    static func shapeDifferences(_ documented: JSONValue, _ actual: JSONValue, at path: String) -> [String] {
        switch (documented, actual) {
        case (.object(let doc), .object(let got)):
            let docNames = doc.map(\.name)
            let gotNames = got.map(\.name)
            guard docNames == gotNames else { return ["\(path): members \(gotNames), documented \(docNames)"] }
            return zip(doc, got).flatMap { shapeDifferences($0.value, $1.value, at: path + "." + $0.name) }
        case (.array(let doc), .array(let got)):
            guard doc.isEmpty == got.isEmpty else { return ["\(path): \(got.count) elements, documented \(doc.count)"] }
            guard let first = doc.first, let other = got.first else { return [] }
            return shapeDifferences(first, other, at: path + "[0]")
        default:
            return documented.typeName == actual.typeName ? [] : ["\(path): \(actual.typeName), documented \(documented.typeName)"]
        }
    }

    /// Hashes of the documented answer that differ from the real one: learnt for later requests.
    static func learn(_ documented: JSONValue, _ actual: JSONValue, into substitutions: inout [String: String]) {
        switch (documented, actual) {
        case (.object(let doc), .object(let got)):
            for (d, g) in zip(doc, got) where d.name == g.name { learn(d.value, g.value, into: &substitutions) }
        case (.array(let doc), .array(let got)):
            for (d, g) in zip(doc, got) { learn(d, g, into: &substitutions) }
        case (.string(let doc), .string(let got)) where doc.hasPrefix("0x") && doc.count == 66 && doc != got:
            substitutions[doc] = got
        default:
            break
        }
    }

    @Test("every documented request gets a response of the documented shape")
    func examplesMatch() async throws {
        let examples = try Self.examples()
        #expect(examples.count >= 20)
        let chain = try NodeFixture.chain()
        let deploy = try NodeFixture.transaction(
            0, nonce: 0, action: .deploy(bundle: try NodeFixture.exampleBundle("invoices"), constructorArguments: [], parameters: [], value: .zero),
            gasLimit: 5_000_000)
        _ = try await chain.submit(deploy)
        let contract = Address.contract(deployer: DevAccounts.key(0).address, nonce: 0)
        _ = try await chain.submit(try NodeFixture.transaction(
            0, nonce: 1, action: .call(contract: contract, function: "issue", arguments: ValueCodec.encode(.array([.number(Decimal18(100)), .number(Decimal18(5))])), value: .zero),
            gasLimit: 2_000_000))
        try await RPCTestServer.with(chain) { server in
            var substitutions: [String: String] = [:]
            for example in examples {
                var request = example.request
                for (documented, actual) in substitutions { request = request.replacingOccurrences(of: documented, with: actual) }
                let (status, body) = try await server.post(Array(request.utf8))
                #expect(status == 200, "\(example.method)")
                let actual = try JSONReader().read(body)
                let documented = try JSONReader().read(Array(example.response.utf8))
                let differences = Self.shapeDifferences(documented, actual, at: example.method)
                #expect(differences.isEmpty, "\(differences.joined(separator: "; "))\nthe answer: \(actual.text)")
                Self.learn(documented, actual, into: &substitutions)
            }
        }
    }
}
