import CMTBytecode
import CMTChain
import Testing

@testable import CMTNode

/// The request decoder and the dispatcher beyond the specification's examples: ids, members,
/// notifications, limits, typed parameters (docs/node.md, "JSON-RPC").
@Suite struct RPCDecoderTests {
    static let dispatcher: RPCDispatcher = {
        var registry = RPCMethodRegistry()
        registry.register("echo", parameters: ["value"]) { arguments throws(RPCError) in try arguments.required("value", as: JSONValue.self) }
        registry.register("balance", parameters: ["address", "height"]) { arguments throws(RPCError) in
            let address = try arguments.required("address", as: Address.self)
            let height = try arguments.optional("height", as: UInt64.self)
            return .array([.string(address.text), height.map { .integer($0) } ?? .null])
        }
        registry.register("send", parameters: ["amount", "tags"]) { arguments throws(RPCError) in
            let amount = try arguments.required("amount", as: Amount.self)
            let tags = try arguments.optional("tags", as: [String].self) ?? []
            return .array([.string(String(amount.atto)), .integer(tags.count)])
        }
        return RPCDispatcher(registry: registry, limits: RPCLimits(maxBodyBytes: 4_096, maxBatchCount: 3, maxDepth: 8))
    }()

    func answer(_ body: String) async -> String? { await Self.dispatcher.handle(Array(body.utf8))?.text }

    func errorCode(_ body: String) async throws -> Int? {
        let json = try #require(await Self.dispatcher.handle(Array(body.utf8)))
        guard case .object = json, let error = json["error"], case .number(let code) = error["code"] else { return nil }
        return Int(code)
    }

    @Test("ids are echoed exactly: strings, numbers as written, and null (a request, not a notification)")
    func idsEchoed() async {
        #expect(await answer(#"{"jsonrpc":"2.0","method":"echo","params":[1],"id":"a\"b"}"#) == #"{"jsonrpc":"2.0","result":1,"id":"a\"b"}"#)
        #expect(await answer(#"{"jsonrpc":"2.0","method":"echo","params":[1],"id":12345678901234567890123.50}"#)
                == #"{"jsonrpc":"2.0","result":1,"id":12345678901234567890123.50}"#)
        #expect(await answer(#"{"jsonrpc":"2.0","method":"echo","params":[1],"id":null}"#) == #"{"jsonrpc":"2.0","result":1,"id":null}"#)
    }

    @Test("an id that is not a string, number or null makes the request invalid, answered with id null")
    func badIDs() async throws {
        for id in ["true", "{}", "[1]"] {
            let text = try #require(await answer(#"{"jsonrpc":"2.0","method":"echo","params":[1],"id":"# + id + "}"))
            #expect(text.hasPrefix(#"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request""#))
            #expect(text.hasSuffix(#""id":null}"#))
        }
    }

    @Test("a wrong version, a missing or non-string method, or params that are not structured are invalid, with the id kept")
    func invalidRequests() async throws {
        for body in [
            #"{"jsonrpc":"1.0","method":"echo","id":7}"#, #"{"method":"echo","id":7}"#, #"{"jsonrpc":2.0,"method":"echo","id":7}"#,
            #"{"jsonrpc":"2.0","id":7}"#, #"{"jsonrpc":"2.0","method":null,"id":7}"#, #"{"jsonrpc":"2.0","method":"echo","params":3,"id":7}"#,
            #"{"jsonrpc":"2.0","method":"echo","params":null,"id":7}"#,
        ] {
            #expect(try await errorCode(body) == -32600, "\(body)")
            #expect(await answer(body)?.hasSuffix(#""id":7}"#) == true)
        }
        #expect(try await errorCode(#""just a string""#) == -32600)
    }

    @Test("an invalid request without an id is still answered; a failing notification is not")
    func notifications() async throws {
        #expect(try await errorCode(#"{"jsonrpc":"2.0","method":5}"#) == -32600)
        #expect(await answer(#"{"jsonrpc":"2.0","method":"nope"}"#) == nil)
        #expect(await answer(#"{"jsonrpc":"2.0","method":"balance","params":{"address":"x"}}"#) == nil)
        #expect(await answer(#"[{"jsonrpc":"2.0","method":"nope"},{"jsonrpc":"2.0","method":"echo","params":[2]}]"#) == nil)
    }

    @Test("members besides the four of a request are ignored")
    func extraMembersIgnored() async {
        #expect(await answer(#"{"jsonrpc":"2.0","method":"echo","params":[true],"id":1,"extra":{}}"#) == #"{"jsonrpc":"2.0","result":true,"id":1}"#)
    }

    @Test("a body over the size limit, a batch over the count limit and nesting over the depth limit are refused whole")
    func limits() async throws {
        let big = #"{"jsonrpc":"2.0","method":"echo","params":[""# + String(repeating: "x", count: 5_000) + #""],"id":1}"#
        #expect(try await errorCode(big) == -32001)
        let call = #"{"jsonrpc":"2.0","method":"echo","params":[1],"id":1}"#
        #expect(try await errorCode("[\(call),\(call),\(call),\(call)]") == -32600)
        #expect(await answer("[\(call),\(call),\(call)]")?.hasPrefix("[") == true)
        #expect(try await errorCode(String(repeating: "[", count: 9) + String(repeating: "]", count: 9)) == -32700)
        #expect(try await errorCode(String(repeating: "[", count: 4_000)) == -32700)
        let deep = RPCRequestDecoder(limits: RPCLimits(maxBodyBytes: 1 << 20, maxDepth: 64))
        #expect(deep.decode(Array(String(repeating: "[", count: 200_000).utf8)) == .failure(RPCResponse(id: .null,
            error: .parseError("nesting deeper than 64 levels at byte 64"))))
    }

    @Test("typed parameters: missing, extra, unknown and mistyped ones are −32602 with a reason")
    func typedParameters() async throws {
        let address = DevAccounts.key(0).address.text
        #expect(await answer(#"{"jsonrpc":"2.0","method":"balance","params":[""# + address + #"", "12"],"id":1}"#)
                == #"{"jsonrpc":"2.0","result":[""# + address + #"",12],"id":1}"#)
        #expect(await answer(#"{"jsonrpc":"2.0","method":"balance","params":{"address":""# + address + #""},"id":1}"#)
                == #"{"jsonrpc":"2.0","result":[""# + address + #"",null],"id":1}"#)
        for body in [
            #"{"jsonrpc":"2.0","method":"balance","params":[],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"balance","params":["cmt1xyz"],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"balance","params":[""# + address + #"",-1],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"balance","params":[""# + address + #"","012"],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"balance","params":[""# + address + #"",1,2],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"balance","params":{"who":"x"},"id":1}"#,
            #"{"jsonrpc":"2.0","method":"send","params":[5],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"send","params":["007"],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"send","params":["1",[1]],"id":1}"#,
            #"{"jsonrpc":"2.0","method":"send","params":["340282366920938463463374607431768211456"],"id":1}"#,
        ] {
            #expect(try await errorCode(body) == -32602, "\(body)")
        }
        #expect(await answer(#"{"jsonrpc":"2.0","method":"send","params":["0",["a","b"]],"id":1}"#) == #"{"jsonrpc":"2.0","result":["0",2],"id":1}"#)
    }
}

/// The JSON reader and writer under the RPC layer.
@Suite struct JSONReaderTests {
    func read(_ text: String) -> JSONValue? { try? JSONReader().read(Array(text.utf8)) }

    @Test("numbers keep their text, strings their escapes decoded, objects their member order")
    func values() throws {
        #expect(read(#" {"b": [1, -0.5e+3, 0], "a": "\u00e9\ud83d\ude00\n"} "#) == .object([
            JSONMember("b", .array([.number("1"), .number("-0.5e+3"), .number("0")])), JSONMember("a", .string("é😀\n")),
        ]))
        #expect(read("true") == .bool(true))
        #expect(read("null") == JSONValue.null)
    }

    @Test("malformed JSON is refused: leading zeros, bad escapes, lone surrogates, control characters, bad UTF-8, duplicates, trailing text")
    func refused() {
        for text in ["01", "-", "1.", "1e", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\u{01}\"", "{\"a\":1,\"a\":2}", "[1,]", "{,}", "1 2",
                     "tru", "[", "{\"a\" 1}", "\"abc", "nul", ""] {
            #expect(read(text) == nil, "\(text)")
        }
        #expect((try? JSONReader().read([0x22, 0xFF, 0x22])) == nil)
        #expect((try? JSONReader().read([0x22, 0xC3, 0x22])) == nil)
    }

    @Test("the writer escapes quotes, backslashes and control characters and reads back the same value")
    func roundTrip() throws {
        let value = JSONValue.object([JSONMember("k\"", .array([.string("a\\b\u{01}\u{7F}é\t"), .number("-1.5"), .null, .bool(false)]))])
        #expect(value.text == #"{"k\"":["a\\b\u0001"# + "\u{7F}" + #"é\t",-1.5,null,false]}"#)
        #expect(try JSONReader().read(value.bytes) == value)
    }
}
