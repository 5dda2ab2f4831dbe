import CMTBytecode
import CMTChain
import CMTProcessEngine
import CMTVM

extension DevChain {
    /// A process instance of `contract` as `cmt_getProcessInstance` shows it: its definition, its
    /// tokens with the nodes they are at, its open tasks and its variables, read from the
    /// contract's storage where the process service keeps it; nil when there is no such instance.
    public func processInstance(contract: Address, id: Int64) throws(NodeError) -> JSONValue? {
        let overlay = StateOverlay(backing: app.storage.state)
        guard let (_, entry) = try loadContract(contract, overlay: overlay) else {
            throw NodeError(.invalidParams, "no contract is deployed at \(contract.text)")
        }
        let key = StateKey.storage(contract, StorageKeys.named("process/\(id)")).bytes
        guard let bytes = overlay.value(of: key) else {
            if let fault = overlay.fault { throw NodeError(.store, fault.description) }
            return nil
        }
        let service = entry.processService
        guard case .array(let parts)? = ValueCodec.decode(bytes), parts.count == 2, case .string(let path) = parts[0],
            case .bytes(let encoded) = parts[1], let process = service.definitions[path]
        else { throw NodeError(.store, "process instance \(id) of \(contract.text) does not decode") }
        let instance: ProcessInstance
        do {
            instance = try ProcessInstance(serialized: encoded, process: process, library: service.library)
        } catch {
            throw NodeError(.store, "process instance \(id) of \(contract.text) does not decode: \(error)")
        }
        let nodes = process.definition.nodes
        func nodeName(_ index: Int) -> JSONValue { nodes.indices.contains(index) ? .string(nodes[index].name) : .null }
        return .object([
            JSONMember("id", .string(String(instance.id))), JSONMember("definition", .string(process.definition.name)),
            JSONMember("file", .string(path)), JSONMember("ended", .bool(instance.ended)),
            JSONMember("tokens", .array(instance.tokens.enumerated().map { index, token in
                .object([
                    JSONMember("index", .integer(index)), JSONMember("name", .string(token.name)), JSONMember("node", nodeName(token.node)),
                    JSONMember("ended", .bool(token.ended)),
                ])
            })),
            JSONMember("tasks", .array(instance.tasks.map { task in
                .object([
                    JSONMember("id", .string(String(task.id))), JSONMember("name", .string(task.name)), JSONMember("node", nodeName(task.node)),
                    JSONMember("actor", task.actor.map(RPCJSON.value) ?? .null), JSONMember("started", .bool(task.started)),
                ])
            })),
            JSONMember("variables", .array(instance.variables.map { variable in
                .object([JSONMember("name", .string(variable.name)), JSONMember("value", RPCJSON.value(variable.value))])
            })),
        ])
    }
}
