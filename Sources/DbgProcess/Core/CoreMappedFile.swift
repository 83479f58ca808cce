/// One file mapping of the process a core was taken from (an entry of its NT_FILE note): the
/// addresses it covered and where in the file they started.
public struct CoreMappedFile: Sendable, Hashable {
    public var start: UInt64
    public var end: UInt64
    /// In bytes (NT_FILE counts pages; the decoder multiplies).
    public var fileOffset: UInt64
    public var path: String

    public func contains(_ address: UInt64) -> Bool { start <= address && address < end }
}
