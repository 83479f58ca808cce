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

    /// A `char` array: all its bytes, NULs shown as `\x00`, less the one NUL that ends it
    /// (gdb's rule: `char s[8] = "hi"` is `"hi\x00\x00\x00\x00\x00"`). Cutting at the first
    /// NUL would hide what follows it: a buffer's stale bytes, a second string.
    func loadCharArray(_ value: Value, count: UInt64, into loaded: inout LoadedValue) {
        loaded.kind = .string
        let shownLimit = UInt64(min(max(config.maxStringLength, 0), Self.cStringShownMaximum))
        let readCount = min(count, shownLimit)
        let bytes: [UInt8]
        let endsWithNUL: Bool
        do {
            var shown = value
            shown.type = .array(of: .builtin(.cChar), count: readCount, language: value.language)
            bytes = try shown.bytes()
            if readCount == count {
                endsWithNUL = bytes.last == 0
            } else {
                endsWithNUL = try value.part(at: count - 1, type: .builtin(.cChar), name: "").bytes() == [0]
            }
        } catch {
            loaded.unreadable = error.description
            return
        }
        let length = Int64(clamping: count) - (endsWithNUL ? 1 : 0)
        loaded.length = length
        setString(Array(bytes.prefix(Int(clamping: length))), into: &loaded)
    }
}
