import CMTBytecode

extension Execution {
    /// The storage key of state field `index`: its name's UTF-8 bytes (docs/vm.md).
    func stateKey(_ index: Int) -> [UInt8] { Array(program.module.module.stateFields[index].name.utf8) }

    /// `sload`: the field's value, read and decoded from storage on first use in this call.
    mutating func loadState(_ index: Int) -> Result<Value, TrapReason> {
        if let cached = stateValues[index] { return .success(cached) }
        let stored = host.storageGet(contract: context.contract, key: stateKey(index))
        if let fault = host.fault { return .failure(.hostFault(fault)) }
        if let trap = charge(HostGas.storageRead + Int64(stored?.count ?? 0) * HostGas.perByte) { return .failure(trap) }
        var value = Value.null
        if let stored {
            let decoded: ContractValue
            do { decoded = try ValueCodec.decodeChecked(stored) } catch {
                return .failure(.hostFailure("state field '\(program.module.module.stateFields[index].name)': \(error.message)"))
            }
            switch importValue(decoded) {
            case .success(let imported): value = imported
            case .failure(let trap): return .failure(trap)
            }
        }
        stateValues[index] = value
        stateOriginal[index] = stored
        return .success(value)
    }

    /// `sstore`: replaces the field's value for the rest of the call.
    mutating func storeState(_ index: Int, _ value: Value) -> TrapReason? {
        if stateValues[index] == nil {
            stateOriginal[index] = host.storageGet(contract: context.contract, key: stateKey(index))
        }
        stateValues[index] = value
        return nil
    }

    /// Writes every loaded field whose encoding changed back to storage, charging per byte.
    mutating func writeBackState() -> TrapReason? {
        for index in stateValues.indices {
            guard let value = stateValues[index] else { continue }
            let exported: ContractValue
            switch export(value) {
            case .success(let result): exported = result
            case .failure(let trap): return trap
            }
            let encoded: [UInt8]? = exported == .null ? nil : ValueCodec.encode(exported)
            if encoded == stateOriginal[index] { continue }
            if let trap = chargeHeld(HostGas.storageWrite, bytes: encoded?.count ?? 0) { return trap }
            host.storageSet(contract: context.contract, key: stateKey(index), value: encoded)
            if let fault = host.fault { return .hostFault(fault) }
            stateOriginal[index] = encoded
        }
        return nil
    }

    /// Forgets every loaded field, so the next `sload` reads storage again (after a host operation
    /// that may have run the contract's own code, such as a process action).
    mutating func forgetLoadedState() {
        for index in stateValues.indices {
            stateValues[index] = nil
            stateOriginal[index] = nil
        }
    }
}
