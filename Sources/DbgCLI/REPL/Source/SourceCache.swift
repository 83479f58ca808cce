import DbgSymbols
import Glibc

/// Source files read once per session, split into lines, with their highlighting
/// computed on first use. Files are small next to the binary; a session lists few.
final class SourceCache: @unchecked Sendable {
    struct File: Sendable {
        var lines: [String]
        var spans: [[SyntaxHighlighter.Span]]?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    // The one mutable property, read and written only inside `lock`: what makes the
    // @unchecked Sendable safe.
    private var files: [String: File] = [:]
    private let lock = Lock()

    func lines(of path: String) throws(Failure) -> [String] {
        try file(path).lines
    }

    /// The lines and, when `highlighted`, their styled spans.
    func file(_ path: String, highlighted: Bool = false) throws(Failure) -> File {
        if let cached = lock.withLock({ files[path] }), !highlighted || cached.spans != nil {
            return cached
        }
        var file = try read(path)
        if highlighted, let language = SourceLanguage(path: path) {
            file.spans = SyntaxHighlighter(language: language).spans(lines: file.lines)
        } else if highlighted {
            file.spans = Array(repeating: [], count: file.lines.count)
        }
        lock.withLock { files[path] = file }
        return file
    }

    private func read(_ path: String) throws(Failure) -> File {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(description: "open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)
        }
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
        return File(lines: lines, spans: nil)
    }
}
