import CDwarf
import Foundation

/// The one owner of a libdwarf `Dwarf_Debug`. libdwarf is not thread-safe, so every use
/// goes through `withSession`, which holds a lock for the duration.
public final class DwarfHandle: @unchecked Sendable {
    // @unchecked is safe: `debug` is only ever dereferenced inside `withSession`, which
    // holds `lock`, so at most one thread uses the libdwarf handle at a time; `path` is
    // immutable.
    private let debug: Dwarf_Debug
    private let lock = NSLock()
    public let path: String

    /// Opens the DWARF of `path`; nil when the file has no DWARF at all.
    public init?(path: String) throws(SymbolError) {
        var debug: Dwarf_Debug?
        var error: Dwarf_Error?
        let status = dwarf_init_path(
            path, nil, 0, Dwarf_Unsigned(DW_DLC_READ), UInt32(DW_GROUPNUMBER_ANY), nil, nil,
            &debug, nil, 0, nil, &error)
        switch status {
        case DW_DLV_OK:
            guard let debug else { return nil }
            self.debug = debug
            self.path = path
        case DW_DLV_NO_ENTRY:
            return nil
        default:
            let message = error.map { String(cString: dwarf_errmsg($0)) } ?? "unknown libdwarf error"
            if let error { dwarf_dealloc(nil, UnsafeMutableRawPointer(error), Dwarf_Unsigned(DW_DLA_ERROR)) }
            throw .corruptDWARF(path, reason: message)
        }
    }

    deinit {
        dwarf_finish(debug, nil)
    }

    public func withSession<T, E: Error>(_ body: (DwarfSession) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(DwarfSession(debug: debug))
    }
}
