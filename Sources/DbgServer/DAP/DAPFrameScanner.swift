/// Cuts a DAP byte stream into message bodies: each is a header block (`Content-Length: N`,
/// other headers ignored, lines ending in CRLF, an empty line last) followed by N bytes.
///
/// The peer is untrusted: a header block is at most `headerLimit` bytes, a body at most
/// `bodyLimit`; anything else is a failure that ends the connection (there is no way to find
/// the next message in a stream whose framing is broken).
struct DAPFrameScanner {
    enum Failure: Error, Equatable {
        /// A header block without a usable Content-Length, or a line that is not a header.
        case badHeader(String)
        /// A header block or a body longer than the limits.
        case tooLarge(Int)
    }

    static let headerLimit = 1024

    let bodyLimit: Int
    private var buffer: [UInt8] = []
    /// Where unread bytes start in `buffer` (consumed bytes are dropped in batches).
    private var start = 0
    /// The body length of the message being read, once its header is complete.
    private var bodyLength: Int?

    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 65536 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete body, nil when more bytes are needed.
    mutating func next() throws(Failure) -> [UInt8]? {
        if bodyLength == nil {
            guard let headerEnd = Self.find([13, 10, 13, 10], in: buffer, from: start, within: Self.headerLimit) else {
                if buffer.count - start > Self.headerLimit { throw .tooLarge(buffer.count - start) }
                return nil
            }
            let length = try Self.contentLength(buffer[start..<headerEnd])
            guard length <= bodyLimit else { throw .tooLarge(length) }
            bodyLength = length
            start = headerEnd + 4
        }
        guard let length = bodyLength, buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<start + length])
        start += length
        bodyLength = nil
        return body
    }

    private static func find(_ needle: [UInt8], in buffer: [UInt8], from start: Int, within limit: Int) -> Int? {
        let end = min(buffer.count, start + limit + needle.count)
        guard end - start >= needle.count else { return nil }
        for index in start...(end - needle.count) where buffer[index] == needle[0] {
            if buffer[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }

    private static func contentLength(_ header: ArraySlice<UInt8>) throws(Failure) -> Int {
        var length: Int?
        for line in header.split(separator: 10, omittingEmptySubsequences: false) {
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard let colon = text.firstIndex(of: ":") else { throw .badHeader("a header line without a colon") }
            let name = text[..<colon].trimmingCharacters(in: " \t")
            guard name.lowercased() == "content-length" else { continue }
            let value = text[text.index(after: colon)...].trimmingCharacters(in: " \t")
            // Digits only (no sign, no space inside), and few enough that the number fits.
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(value) else {
                throw .badHeader("Content-Length is not a length: '\(value.prefix(40))'")
            }
            length = number
        }
        guard let length else { throw .badHeader("no Content-Length header") }
        return length
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
