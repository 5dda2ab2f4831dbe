import CMTBytecode
import CMTChain

/// The node's JSON-RPC methods (docs/rpc.md) over a ``DevChain``.
public enum NodeRPC {
    /// Every `cmt_…` and `dev_…` method, registered with its parameter names.
    public static func registry(_ chain: DevChain) -> RPCMethodRegistry {
        var registry = RPCMethodRegistry()
        registry.register("cmt_chainId") { _ async throws(RPCError) in .string(try await run { () async throws(NodeError) in try await chain.chainID() }) }
        registry.register("cmt_blockNumber") { _ async throws(RPCError) in RPCJSON.number(try await run { () async throws(NodeError) in try await chain.blockNumber() }) }
        registry.register("cmt_gasPrice") { _ async throws(RPCError) in RPCJSON.amount(try await run { () async throws(NodeError) in try await chain.gasPrice() }) }
        registry.register("cmt_getBalance", parameters: ["address", "block"]) { arguments async throws(RPCError) in
            let address: Address = try arguments.required("address")
            let block = try arguments.optional("block", as: BlockTag.self) ?? .latest
            return RPCJSON.amount(try await run { () async throws(NodeError) in try await chain.balance(of: address, at: block.height) })
        }
        registry.register("cmt_getNonce", parameters: ["address"]) { arguments async throws(RPCError) in
            let address: Address = try arguments.required("address")
            return RPCJSON.number(try await run { () async throws(NodeError) in try await chain.pendingNonce(of: address) })
        }
        registry.register("cmt_sendRawTransaction", parameters: ["transaction"]) { arguments async throws(RPCError) in
            let bytes = try arguments.required("transaction", as: HexBytes.self).bytes
            return RPCJSON.hex(try await run { () async throws(NodeError) in try await chain.submit(bytes) })
        }
        registry.register("cmt_getTransactionReceipt", parameters: ["hash"]) { arguments async throws(RPCError) in
            let hash = try arguments.required("hash", as: HexBytes.self).bytes
            return try await run { () async throws(NodeError) in try await chain.transaction(hash: hash) }.map(RPCJSON.receipt) ?? .null
        }
        registry.register("cmt_call", parameters: ["call", "block"]) { arguments async throws(RPCError) in
            let call = try RPCObject(try arguments.required("call"), what: "the call", allowed: RPCObject.callMembers).call()
            if let block = try arguments.optional("block", as: BlockTag.self), block != .latest {
                throw .invalidParams("cmt_call runs on the latest state only")
            }
            return RPCJSON.call(try await run { () async throws(NodeError) in try await chain.call(call) })
        }
        registry.register("cmt_estimateGas", parameters: ["action"]) { arguments async throws(RPCError) in
            let action = try RPCObject.action(try arguments.required("action"))
            return RPCJSON.number(try await run { () async throws(NodeError) in try await chain.estimateGas(action) })
        }
        registry.register("cmt_getBlockByNumber", parameters: ["block", "full"]) { arguments async throws(RPCError) in
            let block: BlockTag = try arguments.required("block")
            let full = try arguments.optional("full", as: Bool.self) ?? false
            return try await run { () async throws(NodeError) in try await chain.block(at: block.height) }.map { RPCJSON.block($0, full: full) } ?? .null
        }
        registry.register("cmt_getBlockByHash", parameters: ["hash", "full"]) { arguments async throws(RPCError) in
            let hash = try arguments.required("hash", as: HexBytes.self).bytes
            let full = try arguments.optional("full", as: Bool.self) ?? false
            return try await run { () async throws(NodeError) in try await chain.block(hash: hash) }.map { RPCJSON.block($0, full: full) } ?? .null
        }
        registry.register("cmt_getContract", parameters: ["address"]) { arguments async throws(RPCError) in
            let address: Address = try arguments.required("address")
            return try await run { () async throws(NodeError) in try await chain.contract(at: address) }.map(RPCJSON.contract) ?? .null
        }
        registry.register("cmt_getProcessInstance", parameters: ["contract", "instance"]) { arguments async throws(RPCError) in
            let contract: Address = try arguments.required("contract")
            let text: String = try arguments.required("instance")
            guard let id = Int64(text), id >= 1 else { throw .invalidParams("instance must be a process id (a whole number as a string), got \"\(text.prefix(40))\"") }
            return try await run { () async throws(NodeError) in try await chain.processInstance(contract: contract, id: id) } ?? .null
        }
        registry.register("cmt_getLogs", parameters: ["filter"]) { arguments async throws(RPCError) in
            let filter = try RPCObject.filter(try arguments.optional("filter", as: JSONValue.self))
            return .array(try await run { () async throws(NodeError) in try await chain.logs(filter) }.map(RPCJSON.log))
        }
        registry.register("cmt_getProof", parameters: ["key", "block"]) { arguments async throws(RPCError) in
            let key = try arguments.required("key", as: HexBytes.self).bytes
            let block = try arguments.optional("block", as: BlockTag.self) ?? .latest
            return RPCJSON.proof(try await run { () async throws(NodeError) in try await chain.proof(key: key, at: block.height) })
        }
        registerDev(&registry, chain)
        return registry
    }

    static func registerDev(_ registry: inout RPCMethodRegistry, _ chain: DevChain) {
        registry.register("dev_mine", parameters: ["blocks"]) { arguments async throws(RPCError) in
            let count = try arguments.optional("blocks", as: UInt64.self) ?? 1
            guard count >= 1, count <= 1_000 else { throw .invalidParams("blocks must be from 1 to 1000, got \(count)") }
            return RPCJSON.number(try await run { () async throws(NodeError) in
                var height: UInt64 = 0
                for _ in 0..<count { height = try await chain.mine().height }
                return height
            })
        }
        registry.register("dev_advanceTime", parameters: ["seconds"]) { arguments async throws(RPCError) in
            let seconds: UInt64 = try arguments.required("seconds")
            guard seconds >= 1, seconds <= 10 * 366 * 86_400 else { throw .invalidParams("seconds must be from 1 to 10 years, got \(seconds)") }
            let block = try await run { () async throws(NodeError) in try await chain.advanceTime(by: Int64(seconds)) }
            return .object([JSONMember("height", RPCJSON.number(block.height)), JSONMember("time", .string(String(block.time)))])
        }
        registry.register("dev_snapshot") { _ async throws(RPCError) in
            .string("0x" + String(try await run { () async throws(NodeError) in try await chain.snapshot() }, radix: 16))
        }
        registry.register("dev_revert", parameters: ["id"]) { arguments async throws(RPCError) in
            let text: String = try arguments.required("id")
            guard text.hasPrefix("0x"), let id = UInt64(text.dropFirst(2), radix: 16) else {
                throw .invalidParams("id must be a snapshot id as dev_snapshot returned it (0x…), got \"\(text.prefix(40))\"")
            }
            try await run { () async throws(NodeError) in try await chain.revert(to: id) }
            return .bool(true)
        }
        registry.register("dev_setBalance", parameters: ["address", "balance"]) { arguments async throws(RPCError) in
            let address: Address = try arguments.required("address")
            let balance: Amount = try arguments.required("balance")
            let (height, now) = try await run { () async throws(NodeError) in try await chain.setBalance(address, to: balance) }
            return .object([JSONMember("height", RPCJSON.number(height)), JSONMember("balance", RPCJSON.amount(now))])
        }
    }

    /// Runs a chain request, turning a ``NodeError`` into its JSON-RPC error.
    static func run<T: Sendable>(_ body: () async throws(NodeError) -> T) async throws(RPCError) -> T {
        do {
            return try await body()
        } catch {
            throw error.rpcError
        }
    }
}
