/// Why a value could not be read or written. Formatting turns these into text inside the
/// printed value (`(unreadable cannot read memory at 0x0)`), never into a failed print.
public enum ValueError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableMemory(address: UInt64, count: Int)
    case unwritableMemory(address: UInt64, count: Int)
    /// Optimised out, a register not known in this frame, ...: the text says which.
    case unavailable(String)
    /// The type has no known size (an incomplete struct, `void`).
    case unknownSize(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .unreadableMemory(let address, _): return "cannot read memory at " + hexAddress(address)
        case .unwritableMemory(let address, _): return "cannot write memory at " + hexAddress(address)
        case .unavailable(let reason): return reason
        case .unknownSize(let type): return "the size of \(type) is unknown"
        case .unsupported(let what): return what
        }
    }
}

extension ValueError {
    /// A failed read of the program's memory, with the memory's own reason where it has one.
    init(reading failure: TargetMemoryError) {
        if let reason = failure.reason {
            self = .unavailable(reason)
        } else {
            self = .unreadableMemory(address: failure.address, count: failure.count)
        }
    }
}

/// `0x4100`: addresses as Delve and gdb print them.
func hexAddress(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
