/// The time a Go `time.Time` stands for, as Delve heads the struct with it:
/// `time.Time(2026-12-06T04:22:24Z){wall: ..., ext: ..., loc: ...}`.
///
/// Delve's rule (pkg/proc/variables.go, formatTime): RFC 3339 to the second, in the time's
/// location as Delve's own `time.LoadLocation` of its name finds it (UTC when there is none).
/// A time with a monotonic clock reading (the top bit of `wall`) keeps in `wall` 33 bits of
/// seconds since 1885 and in `ext` the reading, which follows: `2026-12-06T04:22:24Z,
/// +1234567`; one without keeps in `ext` the seconds since January 1 of year 1.
enum GoTimeText {
    static let hasMonotonic: UInt64 = 1 << 63
    static let wallNanosecondBits: UInt64 = 30
    /// Seconds from the Unix epoch to 1885-01-01, where `wall`'s seconds count from.
    static let unixOfWallEpoch: Int64 = -2_682_288_000
    /// Seconds from January 1 of year 1, where `ext`'s seconds count from, to the Unix epoch.
    static let secondsToUnixEpoch: Int64 = 62_135_596_800

    /// `location`: the name in the time's `*time.Location` (nil when it has none, as UTC).
    static func heading(wall: UInt64, ext: Int64, location: String?) -> String {
        let isMonotonic = wall & hasMonotonic != 0
        let unix = isMonotonic
            ? Int64((wall << 1) >> (wallNanosecondBits + 1)) + unixOfWallEpoch
            : ext.subtractingReportingOverflow(secondsToUnixEpoch).partialValue
        let offset = location.flatMap { GoTimeZone.named($0)?.offset(at: unix) } ?? 0
        let text = rfc3339(unix: unix, offset: offset)
        return isMonotonic ? text + ", " + (ext >= 0 ? "+" : "") + String(ext) : text
    }

    /// Go's `time.RFC3339` layout, `2006-01-02T15:04:05Z07:00`, for a second and a UTC offset.
    static func rfc3339(unix: Int64, offset: Int) -> String {
        let local = unix.addingReportingOverflow(Int64(offset)).partialValue
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceUnixEpoch: days)
        var text = year < 0 ? "-" + padded(-year, 4) : padded(year, 4)
        text += "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":" + padded(secondOfDay % 60, 2)
        if offset == 0 { return text + "Z" }
        let minutes = abs(offset) / 60
        return text + (offset < 0 ? "-" : "+") + padded(Int64(minutes / 60), 2) + ":" + padded(Int64(minutes % 60), 2)
    }

    private static func padded(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
