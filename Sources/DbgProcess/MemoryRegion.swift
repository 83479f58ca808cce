/// One line of /proc/PID/maps: a mapping of the program's address space.
public struct MemoryRegion: Hashable, Sendable, CustomStringConvertible {
    public var start: UInt64
    public var end: UInt64
    public var isReadable: Bool
    public var isWritable: Bool
    public var isExecutable: Bool
    /// MAP_SHARED (false: private, copy-on-write).
    public var isShared: Bool
    /// The offset in the mapped file.
    public var offset: UInt64
    public var inode: UInt64
    /// The file, or a pseudo-name ("[heap]", "[stack]", "[vdso]"); nil for anonymous memory.
    public var path: String?

    public var size: UInt64 { end - start }

    public func contains(_ address: UInt64) -> Bool { start <= address && address < end }

    public var description: String {
        let permissions = (isReadable ? "r" : "-") + (isWritable ? "w" : "-") + (isExecutable ? "x" : "-")
            + (isShared ? "s" : "p")
        return "0x\(String(start, radix: 16))-0x\(String(end, radix: 16)) \(permissions) \(path ?? "")"
    }

    /// Parses the whole text of /proc/PID/maps; malformed lines are skipped.
    public static func parseMaps(_ text: String) -> [MemoryRegion] {
        text.split(separator: "\n").compactMap { parse(line: $0) }
    }

    /// `start-end perms offset dev inode [path]`, the path possibly holding spaces.
    static func parse(line: Substring) -> MemoryRegion? {
        var fields: [Substring] = []
        var rest = line[...]
        for _ in 0..<5 {
            rest = rest.drop { $0 == " " }
            guard let space = rest.firstIndex(of: " ") else {
                fields.append(rest)
                rest = rest[rest.endIndex...]
                continue
            }
            fields.append(rest[..<space])
            rest = rest[space...]
        }
        guard fields.count == 5 else { return nil }
        let range = fields[0].split(separator: "-")
        let permissions = Array(fields[1])
        guard range.count == 2, let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
              permissions.count == 4, let offset = UInt64(fields[2], radix: 16), let inode = UInt64(fields[4])
        else { return nil }
        let path = rest.drop { $0 == " " }
        return MemoryRegion(
            start: start, end: end, isReadable: permissions[0] == "r", isWritable: permissions[1] == "w",
            isExecutable: permissions[2] == "x", isShared: permissions[3] == "s", offset: offset, inode: inode,
            path: path.isEmpty ? nil : String(path))
    }
}
