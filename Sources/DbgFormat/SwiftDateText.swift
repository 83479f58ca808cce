/// A Foundation `Date` as its `description` writes it, `2001-01-01 00:00:00 +0000`, without
/// Foundation: the days since 1970 turned into a civil date (Howard Hinnant's algorithm).
enum SwiftDateText {
    /// Seconds between 1970-01-01 and 2001-01-01, Foundation's reference date.
    static let referenceOffset = 978_307_200.0

    /// `sinceReference`: the Date's stored seconds since 2001-01-01 UTC.
    static func utc(_ sinceReference: Double) -> String {
        guard sinceReference.isFinite, abs(sinceReference) < 1e15 else { return "\(sinceReference) s since 2001-01-01" }
        let seconds = Int64((sinceReference + referenceOffset).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil from days (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
        return "\(yearText)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) +0000"
    }
}
