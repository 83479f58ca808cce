/// The auxiliary vector the kernel gave the program at exec (/proc/PID/auxv): where the
/// program and its dynamic loader were loaded.
///
/// A position-independent executable's load bias is `entry - ELF header e_entry` (or
/// `programHeaders - the PT_PHDR address`); the dynamic loader's is `interpreterBase`.
public struct AuxiliaryVector: Hashable, Sendable {
    public static let atPHDR: UInt64 = 3
    public static let atPHENT: UInt64 = 4
    public static let atPHNUM: UInt64 = 5
    public static let atPAGESZ: UInt64 = 6
    public static let atBASE: UInt64 = 7
    public static let atENTRY: UInt64 = 9
    public static let atRANDOM: UInt64 = 25
    public static let atEXECFN: UInt64 = 31
    public static let atSYSINFO_EHDR: UInt64 = 33

    public struct Entry: Hashable, Sendable {
        public var type: UInt64
        public var value: UInt64
    }

    /// Every entry, in the kernel's order.
    public let entries: [Entry]

    /// Decodes the raw bytes of /proc/PID/auxv: (type, value) pairs of 64-bit words,
    /// ended by AT_NULL.
    public init(bytes: [UInt8]) {
        var entries: [Entry] = []
        var offset = 0
        func word(_ at: Int) -> UInt64 {
            bytes[at..<at + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        while offset + 16 <= bytes.count {
            let type = word(offset), value = word(offset + 8)
            if type == 0 { break }
            entries.append(Entry(type: type, value: value))
            offset += 16
        }
        self.entries = entries
    }

    public func value(_ type: UInt64) -> UInt64? { entries.first { $0.type == type }?.value }

    /// AT_ENTRY: the program's entry point, load bias included.
    public var entry: UInt64? { value(Self.atENTRY) }
    /// AT_PHDR: where the program's headers are in memory.
    public var programHeaders: UInt64? { value(Self.atPHDR) }
    public var programHeaderCount: UInt64? { value(Self.atPHNUM) }
    /// AT_BASE: the dynamic loader's load address (0 or absent for a static program).
    public var interpreterBase: UInt64? { value(Self.atBASE) }
    public var pageSize: UInt64? { value(Self.atPAGESZ) }
    /// AT_SYSINFO_EHDR: the vDSO's ELF header.
    public var vdso: UInt64? { value(Self.atSYSINFO_EHDR) }
}
