/// Why a binary could not be read, phrased for a user in the middle of a bug.
public enum SymbolError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(String)
    case notARegularFile(String)
    case unreadable(String, reason: String)
    case notELF(String)
    case corruptELF(String, reason: String)
    case unsupportedMachine(String, machine: Int)
    case corruptDWARF(String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): return "\(path): no such file"
        case .notARegularFile(let path): return "\(path): not a regular file"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .notELF(let path): return "\(path): not an ELF file"
        case .corruptELF(let path, let reason): return "\(path): corrupt ELF file: \(reason)"
        case .unsupportedMachine(let path, let machine):
            return "\(path): unsupported machine type \(machine) (dbg debugs x86-64 binaries)"
        case .corruptDWARF(let path, let reason): return "\(path): corrupt debug info: \(reason)"
        }
    }
}
