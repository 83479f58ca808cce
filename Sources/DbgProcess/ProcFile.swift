import CSys
import Glibc

/// Reading /proc without Foundation: whole files (their size reads as 0, so read to the
/// end), directory listings and links.
enum ProcFile {
    /// The bytes of `path`, or the errno that stopped us.
    static func read(_ path: String) -> Result<[UInt8], ProcessError> {
        let fd = csys_open(path, Int32(CSYS_O_RDONLY))
        guard fd >= 0 else { return .failure(.unreadableProcFile(path, reason: ProcessError.text(-fd))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadableProcFile(path, reason: ProcessError.text(errno)))
            }
            if got == 0 { return .success(bytes) }
            bytes += chunk[0..<got]
        }
    }

    /// The text of `path`, or nil when it cannot be read.
    static func text(_ path: String) -> String? {
        guard case .success(let bytes) = read(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a `Key:\tvalue` line of a /proc status file.
    static func statusField(_ status: String, _ key: String) -> String? {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).trimmingWhitespace()
        }
        return nil
    }

    /// The numeric entries of a directory (the threads in /proc/PID/task), nil when it
    /// cannot be opened.
    static func numericEntries(_ path: String) -> [Int32]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var entries: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let number = Int32(name) { entries.append(number) }
        }
        return entries.sorted()
    }

    /// The target of a symbolic link (/proc/PID/exe), nil when unreadable.
    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlink(path, &buffer, 4096)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when /proc has an entry for this process.
    static func processExists(_ pid: Int32) -> Bool {
        access("/proc/\(pid)", F_OK) == 0
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}
