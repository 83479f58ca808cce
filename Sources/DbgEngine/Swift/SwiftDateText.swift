/// A Foundation `Date` as its `description` writes it, `2001-01-01 00:00:00 +0000`, without
/// Foundation.
enum SwiftDateText {
    /// Seconds between 1970-01-01 and 2001-01-01, Foundation's reference date.
    static let referenceOffset = 978_307_200.0

    /// Foundation's Date types (Swift 6's FoundationEssentials, older Foundation).
    static func isDate(_ writtenType: String) -> Bool {
        writtenType == "FoundationEssentials.Date" || writtenType == "Foundation.Date"
    }

    /// `sinceReference`: the Date's stored seconds since 2001-01-01 UTC.
    static func utc(_ sinceReference: Double) -> String {
        guard sinceReference.isFinite, abs(sinceReference) < 1e15 else { return "\(sinceReference) s since 2001-01-01" }
        let seconds = Int64((sinceReference + referenceOffset).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceUnixEpoch: days)
        func padded(_ number: Int64, _ width: Int) -> String {
            let digits = String(number)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + " " + padded(secondOfDay / 3600, 2) + ":"
            + padded(secondOfDay % 3600 / 60, 2) + ":" + padded(secondOfDay % 60, 2) + " +0000"
    }
}
