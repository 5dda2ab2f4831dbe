import Foundation

/// Waits for a submitted transaction's receipt (docs/client.md, "Waiting"): asks the node for it
/// every `interval` (starting at 50 ms, doubling to at most 500 ms) until it appears or `timeout`
/// passes (``ClientError/Code/notIncluded``). `progress` hears the seconds waited after each try,
/// for a progress line.
public struct InclusionWaiter: Sendable {
    public let node: NodeClient
    public var timeout: Duration

    public init(node: NodeClient, timeout: Duration = .seconds(60)) {
        self.node = node
        self.timeout = timeout
    }

    /// The receipt of `hash`, once the transaction is in a block.
    public func receipt(of hash: String, progress: @Sendable (Duration) -> Void = { _ in }) async throws(ClientError) -> NodeReceipt {
        let clock = ContinuousClock()
        let start = clock.now
        var interval = Duration.milliseconds(50)
        while true {
            if let receipt = try await node.receipt(hash) { return receipt }
            let waited = clock.now - start
            guard waited < timeout else {
                throw ClientError(.notIncluded, "\(hash) is not in a block after \(Self.seconds(waited)); it may still be pending (see `cmtc receipt \(hash)`)")
            }
            progress(waited)
            do { try await Task.sleep(for: min(interval, timeout - waited)) } catch {
                throw ClientError(.notIncluded, "stopped waiting for \(hash)")
            }
            interval = min(interval * 2, .milliseconds(500))
        }
    }

    /// `1.2 s`.
    public static func seconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
