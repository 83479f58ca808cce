/// C text: `char *` pointers and `char` arrays show as strings, as gdb and Delve show them.
extension ValueLoader {
    /// Bytes read per step while looking for a C string's terminator.
    static let cStringChunk = 64
    /// How far past the shown part to look for the terminator, to say how much is left.
    static let cStringScanLimit = 1 << 16
    /// Bytes of a C string shown at most, whatever the configuration asks (a client may
    /// ask for Int.max).
    static let cStringShownMaximum = 1 << 30

    /// The string a `char *` points to, up to its NUL: `length` is the string's length
    /// (when the NUL is further than `cStringScanLimit`, a lower bound).
    func loadCString(at address: UInt64, context: ValueContext, into loaded: inout LoadedValue) {
        loaded.kind = .string
        loaded.base = address
        let shownLimit = min(max(config.maxStringLength, 0), Self.cStringShownMaximum)
        var text: [UInt8] = []
        var length = 0
        var cursor = address
        scanning: while length < shownLimit + Self.cStringScanLimit {
            // Never read across a page boundary in one go: the next page may be unmapped
            // while the string ends before it.
            let toPageEnd = Int(4096 - cursor % 4096)
            let count = min(Self.cStringChunk, toPageEnd)
            let chunk = readPrefix(at: cursor, count: count, memory: context.memory)
            if chunk.isEmpty {
                if length == 0 {
                    loaded.unreadable = ValueError.unreadableMemory(address: cursor, count: 1).description
                    return
                }
                break scanning  // the string runs into unreadable memory: show what was read
            }
            for byte in chunk {
                if byte == 0 { break scanning }
                if text.count < shownLimit { text.append(byte) }
                length += 1
            }
            if chunk.count < count { break }  // unreadable from there on
            cursor &+= UInt64(count)
        }
        loaded.length = Int64(length)
        setString(text, into: &loaded)
    }

    /// The bytes at `address` up to `count`, as many as can be read: a failed read is
    /// retried byte by byte, so that a string ending just before unreadable memory (the
    /// end of a mapping) still reads whole.
    private func readPrefix(at address: UInt64, count: Int, memory: any TargetMemory) -> [UInt8] {
        if let bytes = try? memory.read(at: address, count: count) { return bytes }
        var bytes: [UInt8] = []
        for offset in 0..<count {
            guard let byte = try? memory.read(at: address &+ UInt64(offset), count: 1) else { break }
            bytes += byte
        }
        return bytes
    }

    /// A `char` array: its text without the trailing NULs (NULs inside show as `\x00`).
    func loadCharArray(_ value: Value, count: UInt64, into loaded: inout LoadedValue) {
        loaded.kind = .string
        let readCount = min(count, UInt64(min(max(config.maxStringLength, 0), Self.cStringShownMaximum) + Self.cStringScanLimit))
        let bytes: [UInt8]
        do {
            var whole = value
            whole.type = .array(of: .builtin(.cChar), count: readCount, language: value.language)
            bytes = try whole.bytes()
        } catch {
            loaded.unreadable = error.description
            return
        }
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        // Bytes past those read are unknown: count them as text (Delve's `+N more`).
        let length = readCount < count ? Int(clamping: count) : end
        loaded.length = Int64(length)
        setString(Array(bytes[..<min(end, max(config.maxStringLength, 0))]), into: &loaded)
    }
}
