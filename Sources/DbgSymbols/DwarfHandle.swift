import CDwarf

/// The one owner of a libdwarf `Dwarf_Debug`. libdwarf is not thread-safe (it also keeps
/// process-wide state), so every call into it, for any handle, holds one process-wide lock.
public final class DwarfHandle: @unchecked Sendable {
    // @unchecked is safe: `debug` is only ever dereferenced while `libdwarfLock` is held
    // (in init, deinit and `withSession`), so at most one thread is inside libdwarf at a
    // time; `path` is immutable.
    private let debug: Dwarf_Debug
    private let object: OpaquePointer?
    static let libdwarfLock = ProcessWideLock()
    public let path: String

    /// Opens the DWARF of `path`; nil when the file has no DWARF at all.
    public init?(path: String) throws(SymbolError) {
        var debug: Dwarf_Debug?
        var error: Dwarf_Error?
        var object: OpaquePointer?
        let status = Self.libdwarfLock.withLock { cdwarf_open(path, &debug, &error, &object) }
        switch status {
        case DW_DLV_OK:
            guard let debug else { return nil }
            self.debug = debug
            self.object = object
            self.path = path
        case DW_DLV_NO_ENTRY:
            return nil
        default:
            let message = Self.libdwarfLock.withLock { () -> String in
                guard let error else { return "cannot read its sections (not a 64-bit little-endian ELF file?)" }
                defer { dwarf_dealloc(nil, UnsafeMutableRawPointer(error), Dwarf_Unsigned(DW_DLA_ERROR)) }
                return String(cString: dwarf_errmsg(error))
            }
            throw .corruptDWARF(path, reason: message)
        }
    }

    deinit {
        let debug = self.debug, object = self.object
        Self.libdwarfLock.withLock { cdwarf_close(debug, object) }
    }

    /// The bytes of a DWARF section as libdwarf reads them (decompressed), shared with it and
    /// valid while this handle lives; nil when the binary has no such section.
    func sectionBytes(named name: String) -> DwarfSectionBytes? {
        let object = self.object
        return Self.libdwarfLock.withLock { () -> DwarfSectionBytes? in
            var data: UnsafePointer<UInt8>?
            var size = 0
            guard cdwarf_section_data(object, name, &data, &size) == DW_DLV_OK, let data else { return nil }
            return DwarfSectionBytes(UnsafeRawBufferPointer(start: data, count: size))
        }
    }

    public func withSession<T, E: Error>(_ body: (DwarfSession) throws(E) -> T) throws(E) -> T {
        let debug = self.debug, object = self.object
        return try Self.libdwarfLock.withLock { () throws(E) -> T in try body(DwarfSession(debug: debug, object: object)) }
    }
}
