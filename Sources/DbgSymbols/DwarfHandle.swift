import CDwarf
import Foundation

/// The one owner of a libdwarf `Dwarf_Debug`. libdwarf is not thread-safe (it also keeps
/// process-wide state), so every call into it, for any handle, holds one process-wide lock.
public final class DwarfHandle: @unchecked Sendable {
    // @unchecked is safe: `debug` is only ever dereferenced while `libdwarfLock` is held
    // (in init, deinit and `withSession`), so at most one thread is inside libdwarf at a
    // time; `path` is immutable.
    private let debug: Dwarf_Debug
    private static let libdwarfLock = NSLock()
    public let path: String

    /// Opens the DWARF of `path`; nil when the file has no DWARF at all.
    public init?(path: String) throws(SymbolError) {
        var debug: Dwarf_Debug?
        var error: Dwarf_Error?
        Self.libdwarfLock.lock()
        defer { Self.libdwarfLock.unlock() }
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
        Self.libdwarfLock.lock()
        defer { Self.libdwarfLock.unlock() }
        dwarf_finish(debug, nil)
    }

    public func withSession<T, E: Error>(_ body: (DwarfSession) throws(E) -> T) throws(E) -> T {
        Self.libdwarfLock.lock()
        defer { Self.libdwarfLock.unlock() }
        return try body(DwarfSession(debug: debug))
    }
}
