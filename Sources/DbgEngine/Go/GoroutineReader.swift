import DbgProcess

/// Reads goroutines out of a Go program's memory through the runtime's layout.
struct GoroutineReader {
    let layout: GoRuntimeLayout
    let memory: any TargetMemory
    /// The executable's load bias (zero unless it is a PIE).
    let bias: UInt64

    /// More goroutines than this means the runtime's list is garbage.
    static let sanityLimit = 50_000_000

    /// The addresses of every `runtime.g` the runtime knows, dead ones included. The
    /// runtime sets `allglen` to `len(allgs)` after each append (so it is at most that),
    /// within the slice's capacity: a list that disagrees with itself is garbage, not read.
    func allAddresses() throws(EngineError) -> [UInt64] {
        let header: [UInt8]
        let length: UInt64
        do {
            header = try memory.read(at: layout.allgs &+ bias, count: 24)
            length = try memory.readUInt64(at: layout.allglen &+ bias)
        } catch {
            throw EngineError("cannot read the goroutine list: \(error.description)")
        }
        guard length > 0, length < Self.sanityLimit else { return [] }
        let (base, sliceLength, capacity) = (Self.word(header, at: 0), Self.word(header, at: 8), Self.word(header, at: 16))
        guard length <= sliceLength, sliceLength <= capacity else {
            throw EngineError("the runtime's goroutine list is corrupt: runtime.allglen is \(length), len(runtime.allgs) \(sliceLength)")
        }
        var addresses: [UInt64] = []
        addresses.reserveCapacity(Int(length))
        let chunk = 4096
        var index = 0
        while index < Int(length) {
            let count = min(chunk, Int(length) - index)
            let bytes: [UInt8]
            do {
                bytes = try memory.read(at: base &+ UInt64(index * 8), count: count * 8)
            } catch {
                throw EngineError("cannot read the goroutine list: \(error.description)")
            }
            for slot in 0..<count { addresses.append(Self.word(bytes, at: slot * 8)) }
            index += count
        }
        return addresses
    }

    /// The goroutine whose `runtime.g` is at `address`; nil when it is dead.
    func goroutine(at address: UInt64, waitReasons: [String]) throws(TargetMemoryError) -> GreenThread? {
        try memory.read(at: address, count: layout.gSize).withUnsafeBytes { g in
            goroutine(record: g, at: address, waitReasons: waitReasons)
        }
    }

    /// The goroutine whose runtime.g record, read at `address`, is `g`; nil for a dead one.
    /// Raw bytes: read for each of thousands of goroutines from one block, without a copy.
    func goroutine(record g: UnsafeRawBufferPointer, at address: UInt64, waitReasons: [String]) -> GreenThread? {
        func word(_ offset: Int) -> UInt64 {
            guard offset >= 0, offset + 8 <= g.count else { return 0 }
            return UInt64(littleEndian: g.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let status32: UInt32 = layout.status >= 0 && layout.status + 4 <= g.count
            ? UInt32(littleEndian: g.loadUnaligned(fromByteOffset: layout.status, as: UInt32.self)) : 0
        let status = GreenThread.Status(rawValue: status32 & ~GreenThread.Status.goScanBit)
        guard status != .goDead else { return nil }
        let waiting = status == .goWaiting
        let reason = waiting && layout.waitReason >= 0 && layout.waitReason < g.count ? g[layout.waitReason] : 0
        return GreenThread(
            id: Int64(bitPattern: word(layout.goid)), address: address, status: status,
            waitReason: reason, waitReasonText: waiting && Int(reason) < waitReasons.count ? waitReasons[Int(reason)] : nil,
            waitSince: waiting ? Int64(bitPattern: word(layout.waitSince)) : 0, thread: nil,
            savedPC: word(layout.schedPC), savedSP: word(layout.schedSP),
            savedBP: word(layout.schedBP), creationPC: word(layout.goStatementPC),
            startPC: word(layout.startPC), stackLo: word(layout.stackLo),
            stackHi: word(layout.stackHi), labelsAddress: layout.labels.map { word($0) } ?? 0)
    }

    /// The goroutine a thread runs, from Go's static TLS slot (`fs_base - 8`). A thread on
    /// its system stack (g0) runs for `g.m.curg`; nil when it runs none.
    func goroutineAddress(ofThreadWithFSBase fsBase: UInt64) -> UInt64? {
        guard let (g, m, isSystem) = threadG(fsBase: fsBase) else { return nil }
        guard isSystem, let m else { return g }
        guard let current = try? memory.readUInt64(at: m &+ UInt64(layout.mCurrentG)), current != 0 else { return nil }
        return current
    }

    /// Whether the thread runs on its system stack (g0), on behalf of `m.curg`: the
    /// goroutine's own frames are then where the runtime saved them.
    func isOnSystemStack(fsBase: UInt64) -> Bool {
        threadG(fsBase: fsBase)?.isSystem ?? false
    }

    /// The g in the thread's TLS slot, its m, and whether it is that m's g0.
    private func threadG(fsBase: UInt64) -> (g: UInt64, m: UInt64?, isSystem: Bool)? {
        guard fsBase >= 8, let g = try? memory.readUInt64(at: fsBase - 8), g != 0 else { return nil }
        guard let m = try? memory.readUInt64(at: g &+ UInt64(layout.m)), m != 0,
              let g0 = try? memory.readUInt64(at: m &+ UInt64(layout.mG0))
        else { return (g, nil, false) }
        return (g, m, g0 == g)
    }

    /// The runtime's own words for its wait reasons, indexed by `waitReason`.
    func waitReasonTexts() -> [String] {
        guard let (address, count) = layout.waitReasonStrings, count < 1000,
              let table = try? memory.read(at: address &+ bias, count: count * 16)
        else { return [] }
        return (0..<count).map { index in
            let pointer = Self.word(table, at: index * 16)
            let length = Self.word(table, at: index * 16 + 8)
            guard length > 0, length < 256, let bytes = try? memory.read(at: pointer, count: Int(length)) else { return "" }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        guard offset >= 0, offset + 8 <= bytes.count else { return 0 }
        return littleEndianValue(bytes[offset..<offset + 8])
    }
}

extension GoroutineReader {
    /// Records read at most from one chain: a longer one is garbage (a loop).
    static let deferChainLimit = 100_000

    /// The goroutine's pending deferred calls, newest first (the runtime's `g._defer` chain).
    /// A record that cannot be read ends the chain, reported as unreadable.
    func deferredCalls(ofGoroutineAt address: UInt64) -> [DeferredCall] {
        guard let (field, layout) = layout.deferChain,
              var next = try? memory.readUInt64(at: address &+ UInt64(field))
        else { return [] }
        var calls: [DeferredCall] = []
        while next != 0, calls.count < Self.deferChainLimit {
            let record: [UInt8]
            do {
                record = try memory.read(at: next, count: layout.size)
            } catch {
                calls.append(DeferredCall(recordAddress: next, recordSize: layout.size, sp: 0, deferPC: 0, functionPC: 0,
                                          unreadable: error.description))
                break
            }
            let closure = Self.word(record, at: layout.fn)
            let code = closure == 0 ? 0 : (try? memory.readUInt64(at: closure)) ?? 0
            let sp = Self.word(record, at: layout.sp)
            // Each record was deferred by the same frame or an outer one: a smaller stack
            // pointer means the chain is corrupt (Delve's words).
            if let previous = calls.last, sp < previous.sp {
                calls.append(DeferredCall(recordAddress: next, recordSize: layout.size, sp: sp, deferPC: 0, functionPC: 0,
                                          unreadable: "corrupted defer list: SP decreased"))
                break
            }
            calls.append(DeferredCall(
                recordAddress: next, recordSize: layout.size, sp: sp,
                deferPC: Self.word(record, at: layout.pc), functionPC: code))
            next = Self.word(record, at: layout.link)
        }
        return calls
    }
}
