/// Cuts a byte stream into top-level JSON objects, as Go's `json.Decoder` reads a
/// JSON-RPC connection: objects one after another, no framing, whitespace between.
///
/// It only finds where each object ends (strings and escapes respected, braces and
/// brackets counted); decoding is the caller's. Scanning resumes where the last call
/// stopped, so a message arriving in many reads is scanned once.
struct JSONStreamScanner {
    enum Failure: Error, Equatable {
        /// Something other than an object where a message should start.
        case notAnObject(UInt8)
        /// A message longer than the limit, or nesting that never closes within it.
        case tooLarge
        /// A closing brace or bracket that does not match.
        case unbalanced
    }

    let limit: Int
    private var buffer: [UInt8] = []
    /// Where the current message starts in `buffer` (nil: not started yet).
    private var start: Int?
    private var position = 0
    private var nesting: [UInt8] = []
    private var strings = JSONStringTracker()

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, nil when more bytes are needed.
    mutating func next() throws(Failure) -> [UInt8]? {
        while position < buffer.count {
            let byte = buffer[position]
            guard let begin = start else {
                if Self.isSpace(byte) {
                    position += 1
                    continue
                }
                guard byte == UInt8(ascii: "{") else { throw .notAnObject(byte) }
                start = position
                nesting = [byte]
                position += 1
                continue
            }
            position += 1
            guard strings.isOutsideStrings(byte) else { continue }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): nesting.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let opener = byte == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
                guard nesting.last == opener else { throw .unbalanced }
                nesting.removeLast()
                if nesting.isEmpty {
                    let message = Array(buffer[begin..<position])
                    buffer.removeSubrange(0..<position)
                    position = 0
                    start = nil
                    return message
                }
            default: break
            }
            if position - begin > limit { throw .tooLarge }
        }
        if let begin = start, position - begin > limit { throw .tooLarge }
        // Nothing pending but spaces: drop them so the buffer does not grow.
        if start == nil {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        return nil
    }

    /// Bytes received but not yet part of a complete message.
    var pendingCount: Int { buffer.count }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }
}
