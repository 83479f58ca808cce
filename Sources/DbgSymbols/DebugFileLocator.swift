import Glibc

/// Finds a separate debug file for a stripped binary: by build id under
/// `/usr/lib/debug/.build-id/`, then by `.gnu_debuglink` next to the binary, in its `.debug/`
/// folder and under `/usr/lib/debug`, as gdb does. A debug-link candidate must match the CRC.
public struct DebugFileLocator: Sendable {
    public var debugRoots: [String]

    public init(debugRoots: [String] = ["/usr/lib/debug"]) { self.debugRoots = debugRoots }

    public func locate(for elf: ELFFile) -> String? {
        if let buildID = elf.buildIDHex, buildID.count > 2 {
            let head = buildID.prefix(2), tail = buildID.dropFirst(2)
            for root in debugRoots {
                let candidate = "\(root)/.build-id/\(head)/\(tail).debug"
                if isRegularFile(candidate) { return candidate }
            }
        }
        if let link = elf.debugLink {
            let directory = Self.directory(of: elf.path)
            var candidates = [directory + "/" + link.fileName, directory + "/.debug/" + link.fileName]
            candidates += debugRoots.map { $0 + directory + "/" + link.fileName }
            for candidate in candidates where candidate != elf.path && isRegularFile(candidate) {
                if CRC32.ofFile(candidate) == link.crc { return candidate }
            }
        }
        return nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}

/// The CRC-32 (IEEE, as zlib computes it) that `.gnu_debuglink` records.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = ~crc
        for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xff)] ^ (value >> 8) }
        return ~value
    }

    public static func ofFile(_ path: String) -> UInt32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var crc: UInt32 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { return crc }
            crc = buffer.withUnsafeBytes { update(crc, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}
