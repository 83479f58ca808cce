import Glibc

/// A time zone found by name as Go's `time.LoadLocation` finds it, for the offset from UTC
/// at a given second: "" and "UTC" are UTC, "Local" is this process's own zone (TZ, else
/// /etc/localtime, as Go's), any other name the system's zoneinfo file of that name.
enum GoTimeZone {
    case utc
    case local
    case transitions(ZoneTransitions)

    static let zoneinfoDirectory = "/usr/share/zoneinfo/"
    /// A zoneinfo file is a few kilobytes; a larger one is not one.
    static let maxFileSize = 1 << 16

    /// Nil when Go would not find the zone (Delve then shows the time in UTC).
    static func named(_ name: String) -> GoTimeZone? {
        switch name {
        case "", "UTC": return .utc
        case "Local": return .local
        default:
            // Go refuses names that could leave the zoneinfo directory.
            guard !name.hasPrefix("/"), !name.hasPrefix("\\"), !name.contains("..") else { return nil }
            guard let bytes = readFile(zoneinfoDirectory + name), let zone = ZoneTransitions(tzif: bytes) else { return nil }
            return .transitions(zone)
        }
    }

    /// Seconds east of UTC at `unix`.
    func offset(at unix: Int64) -> Int {
        switch self {
        case .utc:
            return 0
        case .local:
            var time = time_t(clamping: unix)
            var broken = tm()
            guard localtime_r(&time, &broken) != nil else { return 0 }
            return Int(broken.tm_gmtoff)
        case .transitions(let zone):
            return zone.offset(at: unix)
        }
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: maxFileSize)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, maxFileSize, file) }
        guard count > 0, count < maxFileSize else { return nil }
        return Array(bytes[..<count])
    }
}

/// A zoneinfo (TZif, RFC 8536) file's transitions: from each one on, an offset from UTC.
/// Times after the last transition keep its offset (the files Debian installs list the
/// transitions of daylight saving time up to 2037; the footer's rule for later years is
/// not read).
struct ZoneTransitions: Sendable {
    var times: [Int64]
    var offsets: [Int]
    /// Before the first transition: the first zone type that is not daylight saving time.
    var initialOffset: Int

    init?(tzif bytes: [UInt8]) {
        guard bytes.count >= 44, bytes.starts(with: Array("TZif".utf8)) else { return nil }
        func bigEndian(_ at: Int, _ size: Int) -> Int64? {
            guard at >= 0, at + size <= bytes.count else { return nil }
            var value: UInt64 = 0
            for byte in bytes[at..<at + size] { value = value << 8 | UInt64(byte) }
            let shift = UInt64(64 - size * 8)
            return Int64(bitPattern: value << shift) >> Int64(shift)  // sign-extended
        }
        func counts(at header: Int) -> [Int]? {
            var result: [Int] = []
            for index in 0..<6 {
                guard let count = bigEndian(header + 20 + index * 4, 4), count >= 0 else { return nil }
                result.append(Int(count))
            }
            return result  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        }
        guard var header = counts(at: 0) else { return nil }
        var start = 44
        var timeSize = 4
        if bytes[4] >= UInt8(ascii: "2") {
            // Version 2 and later repeat the data with 64-bit times after the version 1 block.
            let (utc, std, leap, times, types, chars) = (header[0], header[1], header[2], header[3], header[4], header[5])
            let secondHeader = 44 + times * 5 + types * 6 + chars + leap * 8 + std + utc
            guard let second = counts(at: secondHeader) else { return nil }
            header = second
            start = secondHeader + 44
            timeSize = 8
        }
        let (timeCount, typeCount) = (header[3], header[4])
        guard typeCount > 0 else { return nil }
        var times: [Int64] = []
        var typeIndices: [Int] = []
        for index in 0..<timeCount {
            guard let time = bigEndian(start + index * timeSize, timeSize) else { return nil }
            times.append(time)
        }
        let indicesStart = start + timeCount * timeSize
        for index in 0..<timeCount {
            guard let type = bigEndian(indicesStart + index, 1).map({ Int(UInt8(truncatingIfNeeded: $0)) }), type < typeCount
            else { return nil }
            typeIndices.append(type)
        }
        let typesStart = indicesStart + timeCount
        var typeOffsets: [Int] = []
        var standardOffset: Int?
        for index in 0..<typeCount {
            guard let offset = bigEndian(typesStart + index * 6, 4), let isDaylight = bigEndian(typesStart + index * 6 + 4, 1)
            else { return nil }
            typeOffsets.append(Int(offset))
            if isDaylight == 0, standardOffset == nil { standardOffset = Int(offset) }
        }
        self.times = times
        self.offsets = typeIndices.map { typeOffsets[$0] }
        self.initialOffset = standardOffset ?? typeOffsets[0]
    }

    func offset(at unix: Int64) -> Int {
        // The last transition at or before `unix`.
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= unix { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }
}
