// dated.swift — values of types a library declares (Foundation's Date and DateComponents):
// their layout comes from that library's reflection metadata, not the program's.
//
// Good breakpoint: the line marked "look here" in look(). Prints each value's own
// description ("NAME = TEXT"); exits 0.

import Foundation

struct Meeting {
    var title: String
    var at: Date
}

func look() -> Int {
    let when = Date(timeIntervalSince1970: 1_000_000)
    let later = Date(timeIntervalSinceReferenceDate: 800_000_000.5)
    let meeting = Meeting(title: "review", at: later)
    let parts = DateComponents(year: 2026, month: 12)
    print("when = \(when)")   // look here
    print("later = \(later)")
    print("year = \(parts.year ?? 0)")
    return meeting.title.count + (parts.month ?? 0)
}

print("total = \(look())")
