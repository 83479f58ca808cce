import DbgProcess

/// Who waits on a channel (Delve's `goroutines -chan`): the goroutines parked in its wait
/// queues, read through the runtime's own types (`hchan.recvq`/`sendq`, lists of `sudog`
/// whose `g` is the waiting goroutine).
extension Target {
    /// Waiters read at most from one queue: a longer one is garbage (a loop).
    static let channelQueueLimit = 1_000_000

    /// The ids of the goroutines waiting to receive from, then to send to, the channel that
    /// `expression` evaluates to in the given frame. A value that is not a channel, or a nil
    /// channel, has none (as in Delve).
    public func goroutinesWaiting(onChannel expression: String, thread: ThreadID, goroutine: Int64?, frame: Int,
                                  deferredCall: Int = 0) throws(EngineError) -> [Int64] {
        guard let layout = goRuntime else { return [] }
        let channel = try evaluate(expression, thread: thread, goroutine: goroutine, frame: frame, deferredCall: deferredCall)
        let loaded = ValueLoader(config: .singleValue).load(channel)
        let types = channel.types
        guard loaded.kind == .chan, loaded.base != 0,
              case .pointer(let hchanType) = types.shape(of: types.underlying(channel.type))
        else { return [] }
        let hchan = Value(type: hchanType, location: .memory(loaded.base), context: channel.context, name: expression)
        var ids: [Int64] = []
        for queue in ["recvq", "sendq"] {
            guard var waiter = hchan.member(named: queue)?.member(named: "first") else { continue }
            for _ in 0..<Self.channelQueueLimit {
                guard try Self.pointer(waiter) != 0 else { break }
                let sudog: Value
                do { sudog = try waiter.pointee() } catch { throw EngineError(error.description) }
                guard let g = sudog.member(named: "g"), let next = sudog.member(named: "next") else { break }
                let goidAddress = try Self.pointer(g) &+ UInt64(layout.goid)
                guard let goid = try? memory.readUInt64(at: goidAddress) else {
                    throw EngineError("cannot read memory at 0x" + String(goidAddress, radix: 16))
                }
                ids.append(Int64(bitPattern: goid))
                waiter = next
            }
        }
        return ids
    }

    private static func pointer(_ value: Value) throws(EngineError) -> UInt64 {
        do { return try value.pointerValue() } catch { throw EngineError(error.description) }
    }
}
