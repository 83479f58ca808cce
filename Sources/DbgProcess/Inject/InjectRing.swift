import CSys
import Glibc

/// dbg's side of the ring the probe recorder writes (layout in `probe-recorder.s`): events
/// in the order their slots were reserved, each complete once its first word is its
/// sequence + 1. The reader takes them in order and says how far it got (`consumed`),
/// waking threads of the program that wait for room.
///
/// Used by the thread that reads the trace; not Sendable.
public final class InjectRing {
    public static let headerSize = 4096
    public static let slotSize = 512
    /// 32,768 events (16 MiB): a few milliseconds of a busy program.
    public static let defaultCapacity = 1 << 15
    /// How many events ahead of the one read the reader asks for the slots' lines.
    static let prefetchDistance = 8

    public let capacity: Int
    public var byteCount: Int { Self.headerSize + capacity * Self.slotSize }
    private let base: UnsafeMutableRawPointer
    private var consumed: UInt64 = 0
    /// The consumed count when the program's waiting threads were last woken.
    private var lastWake: UInt64 = 0

    private enum Header {
        static let reserved = 0
        static let consumed = 64
        static let abandoned = 128
        static let waiters = 144
        static let tracer = 160
        static let program = 168
        static let copiesStrings = 172
        static let timeout = 192
        static let capacity = 256
        static let mask = 264
    }

    /// Maps the ring `descriptor` holds (closed afterwards) and writes its header: the
    /// capacity, this process as the tracer, `program` (whose strings the recorder copies), a
    /// 10 ms wait.
    public init(descriptor: Int32, program: Int32, capacity: Int = InjectRing.defaultCapacity) throws(ProcessError) {
        self.capacity = capacity
        let size = Self.headerSize + capacity * Self.slotSize
        defer { close(descriptor) }
        guard capacity > 0, capacity & (capacity - 1) == 0, let mapped = csys_map_shared(descriptor, size) else {
            throw .unreadableProcFile("the trace ring (descriptor \(descriptor))", reason: "cannot map it")
        }
        base = mapped
        base.storeBytes(of: UInt64(capacity), toByteOffset: Header.capacity, as: UInt64.self)
        base.storeBytes(of: UInt64(capacity - 1), toByteOffset: Header.mask, as: UInt64.self)
        base.storeBytes(of: UInt32(getpid()), toByteOffset: Header.tracer, as: UInt32.self)
        base.storeBytes(of: UInt32(bitPattern: program), toByteOffset: Header.program, as: UInt32.self)
        base.storeBytes(of: Int64(0), toByteOffset: Header.timeout, as: Int64.self)
        base.storeBytes(of: Int64(10_000_000), toByteOffset: Header.timeout + 8, as: Int64.self)
    }

    deinit { csys_unmap(base, byteCount) }

    /// Sequence numbers handed out so far: every event reserved from now on has one at least this.
    public var reservedCount: UInt64 { csys_load_acquire(base + Header.reserved) }

    /// Events taken so far.
    public var consumedCount: UInt64 { consumed }

    /// Events reserved but not yet taken (some may still be being written).
    public var backlog: UInt64 { csys_load_acquire(base + Header.reserved) &- consumed }

    /// Whether the recorder copies C strings at the event (a system call: off for a program
    /// under a seccomp filter, which may be killed for it). Off until set.
    public var copiesStrings: Bool {
        get { csys_load_u32(base + Header.copiesStrings) != 0 }
        set { base.storeBytes(of: UInt32(newValue ? 1 : 0), toByteOffset: Header.copiesStrings, as: UInt32.self) }
    }

    /// True when the program gave up on the ring (it found dbg gone).
    public var isAbandoned: Bool { csys_load_u32(base + Header.abandoned) != 0 }

    /// Calls `body` with each complete event in order, up to `limit`, then frees their slots
    /// (waking the program's threads that wait for room). Returns how many were taken.
    @discardableResult
    public func consume(limit: Int, _ body: (InjectRecord) -> Void) -> Int {
        var taken = 0
        let reserved = csys_load_acquire(base + Header.reserved)
        while taken < limit {
            let slot = base + Self.headerSize + Int(consumed & UInt64(capacity - 1)) * Self.slotSize
            // The slots a few events ahead, already reserved, are asked for now: each of their
            // lines comes from the CPU that wrote it, and waiting for them one at a time costs
            // more than the rest of the event.
            let ahead = consumed &+ UInt64(Self.prefetchDistance)
            if ahead < reserved {
                let next = base + Self.headerSize + Int(ahead & UInt64(capacity - 1)) * Self.slotSize
                csys_prefetch(next)
                csys_prefetch(next + 64)
            }
            guard csys_load_acquire(slot) == consumed &+ 1 else { break }
            body(InjectRecord(slot: UnsafeRawPointer(slot)))
            consumed &+= 1
            taken += 1
        }
        if taken > 0 {
            csys_store_release(base + Header.consumed, consumed)
            // Threads wait only on a full ring: they are woken once a quarter of it is free, or
            // when it is empty, not after every read (a wake is a system call and an
            // interrupt to the CPU the program runs on).
            if csys_load_u32(base + Header.waiters) != 0
                && (consumed &- lastWake >= UInt64(capacity / 4) || consumed == csys_load_acquire(base + Header.reserved)) {
                lastWake = consumed
                csys_futex_wake_all(base + Header.consumed)
            }
        }
        return taken
    }

    /// Once the program has ended or let go of the ring: passes over the next slot if it
    /// was reserved but never completed (a thread that ended inside the recorder, as the
    /// process exited), so that the events after it can be taken. True when it did.
    public func skipIncomplete() -> Bool {
        guard consumed < csys_load_acquire(base + Header.reserved) else { return false }
        let slot = base + Self.headerSize + Int(consumed & UInt64(capacity - 1)) * Self.slotSize
        guard csys_load_acquire(slot) != consumed &+ 1 else { return false }
        consumed &+= 1
        csys_store_release(base + Header.consumed, consumed)
        return true
    }
}

/// One event in the ring, read in place (valid during `InjectRing.consume`'s call).
public struct InjectRecord {
    let slot: UnsafeRawPointer

    /// Its place in the ring's order.
    public var sequence: UInt64 { slot.load(fromByteOffset: 0, as: UInt64.self) &- 1 }
    /// The probe's number (bits 0-23 of the word its stub pushed).
    public var probe: Int { Int(slot.load(fromByteOffset: 8, as: UInt32.self) & 0x00ff_ffff) }
    /// The thread's thread pointer (fs base): which thread made the event.
    public var threadPointer: UInt64 { slot.load(fromByteOffset: 16, as: UInt64.self) }
    /// The time stamp counter at the event.
    public var timeStampCounter: UInt64 { slot.load(fromByteOffset: 24, as: UInt64.self) }
    /// The general registers in `PerfRegister` order (rip as the stub left it: 0).
    public func register(_ register: PerfRegister) -> UInt64 {
        slot.load(fromByteOffset: 32 + register.sampleIndex * 8, as: UInt64.self)
    }
    /// The low 8 bytes of xmm0-xmm7.
    public func vectorRegister(_ index: Int) -> UInt64 { slot.load(fromByteOffset: 168 + index * 8, as: UInt64.self) }
    /// Whether the stub asked for stack words (bit 31 of its word).
    public var hasStackWords: Bool { slot.load(fromByteOffset: 8, as: UInt32.self) & 0x8000_0000 != 0 }
    /// The three words above the return address (copied for probes that asked for them).
    public func stackWord(_ index: Int) -> UInt64 { slot.load(fromByteOffset: 232 + index * 8, as: UInt64.self) }
    /// The registers whose C strings the recorder copied (bits 24-30 of the word: rdi, rsi,
    /// rdx, rcx, r8, r9, rax; `InjectRecord.stringRegisters` order), the first three.
    public var stringRegisterMask: UInt32 { (slot.load(fromByteOffset: 8, as: UInt32.self) >> 24) & 0x7f }
    /// The bytes copied of string `index` (0-2) at the event: up to 72, none when its
    /// address could not be read.
    public func copiedString(_ index: Int) -> [UInt8] {
        let count = min(max(Int(slot.load(fromByteOffset: 256 + index * 80, as: Int64.self)), 0), 72)
        return Array(UnsafeRawBufferPointer(start: slot + 256 + index * 80 + 8, count: count))
    }
    /// The registers the probe word's string bits stand for, in bit order.
    public static let stringRegisters: [PerfRegister] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9, .rax]
    /// How many strings a slot holds.
    public static let copiedStringCount = 3
}
