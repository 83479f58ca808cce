import Foundation

/// What one command showed, in either debugger, reduced to its meaning.
enum CorpusObservation: CustomStringConvertible, Sendable {
    /// `break`: breakpoints made, locations they cover, the lines shown (gdb shows none
    /// for several locations).
    case breakpoint(count: Int, locations: Int, lines: [Int])
    case stop(CorpusStop)
    case value(CorpusValue)
    case frames([CorpusFrame])
    /// `locals`/`args`: name and value, in the order shown.
    case variables([(name: String, value: CorpusValue)])
    /// `up`/`down`/`frame N`: the selected frame's place.
    case selectedFrame(CorpusFrame)
    /// `x`: the first address and the values, as unsigned numbers of the unit's size.
    case memory(address: UInt64, values: [UInt64])
    case threads(count: Int, current: CorpusFrame?)
    /// The command was refused (an error message, "the program is not running", ...).
    case refused(String)
    /// Output this harness could not read: always a difference, so a reader gap is seen.
    case unreadable(String)

    var description: String {
        switch self {
        case .breakpoint(let count, let locations, let lines): return "\(count) breakpoint(s), \(locations) location(s), lines \(lines)"
        case .stop(let stop): return stop.description
        case .value(let value): return value.description
        case .frames(let frames): return frames.map(\.description).joined(separator: " < ")
        case .variables(let variables): return variables.map { "\($0.name) = \($0.value)" }.joined(separator: "; ")
        case .selectedFrame(let frame): return "frame \(frame)"
        case .memory(let address, let values): return "0x\(String(address, radix: 16)): " + values.map { "0x" + String($0, radix: 16) }.joined(separator: " ")
        case .threads(let count, let current): return "\(count) threads, current \(current.map(\.description) ?? "none")"
        case .refused(let why): return "refused: \(why)"
        case .unreadable(let text): return "unreadable output: \(text)"
        }
    }

    /// Where dbg's observation (self) means something else than gdb's.
    func differences(fromGDB gdb: CorpusObservation) -> [String] {
        func differ(_ why: String = "") -> [String] { ["\(why.isEmpty ? "" : why + ": ")dbg \(self) | gdb \(gdb)"] }
        switch (self, gdb) {
        case (.refused, .refused):
            return []
        case (.value(.unavailable), .refused(let why)) where why.hasPrefix("Cannot access memory"):
            // Delve's way to say it: `(unreadable ...)` as the value.
            return []
        case (.breakpoint(let count, let locations, let lines), .breakpoint(let gdbCount, let gdbLocations, let gdbLines)):
            if count != gdbCount || locations != gdbLocations { return differ("breakpoints and locations") }
            return gdbLines.isEmpty || lines == gdbLines ? [] : differ("lines")
        case (.stop(let ours), .stop(let theirs)):
            return ours.differences(fromGDB: theirs).map { "\($0): dbg \(ours) | gdb \(theirs)" }
        case (.value(let ours), .value(let theirs)):
            return ours.differences(fromGDB: theirs)
        case (.frames(let ours), .frames(let theirs)):
            return Self.frameDifferences(ours, theirs)
        case (.variables(let ours), .variables(let theirs)):
            return Self.variableDifferences(ours, theirs)
        case (.selectedFrame(let ours), .selectedFrame(let theirs)):
            return ours.file == theirs.file && ours.line == theirs.line ? [] : differ()
        case (.memory(let address, let values), .memory(let gdbAddress, let gdbValues)):
            return address == gdbAddress && values == gdbValues ? [] : differ()
        case (.threads(let count, let current), .threads(let gdbCount, let gdbCurrent)):
            guard count == gdbCount else { return differ("thread count") }
            guard let current, let gdbCurrent else { return current == nil && gdbCurrent == nil ? [] : differ("current thread") }
            return current.sameFunction(as: gdbCurrent) && current.line == gdbCurrent.line ? [] : differ("current thread")
        default:
            return differ()
        }
    }

    /// The same frames, innermost first. Past main dbg shows the C runtime's frames, as
    /// Delve does; gdb stops at main.
    private static func frameDifferences(_ ours: [CorpusFrame], _ theirs: [CorpusFrame]) -> [String] {
        var ours = ours
        if theirs.last?.function == "main", let main = ours.firstIndex(where: { $0.function == "main" }) {
            ours = Array(ours[...main])
        }
        let describe = { (frames: [CorpusFrame]) in frames.map(\.description).joined(separator: " < ") }
        guard ours.count == theirs.count else {
            return ["\(ours.count) frames, gdb \(theirs.count): dbg \(describe(ours)) | gdb \(describe(theirs))"]
        }
        for (index, (mine, their)) in zip(ours, theirs).enumerated() where !mine.sameFunction(as: their) || mine.line != their.line {
            return ["frame \(index): dbg \(mine), gdb \(their) (dbg \(describe(ours)) | gdb \(describe(theirs)))"]
        }
        return []
    }

    /// Paired by name in the order shown; a shadowed name appears twice on both sides.
    private static func variableDifferences(_ ours: [(name: String, value: CorpusValue)], _ theirs: [(name: String, value: CorpusValue)]) -> [String] {
        var remaining = ours
        var found: [String] = []
        for (name, value) in theirs {
            guard let index = remaining.firstIndex(where: { $0.name == name }) else {
                found.append("\(name): missing in dbg")
                continue
            }
            found += remaining[index].value.differences(fromGDB: value, path: name)
            remaining.remove(at: index)
        }
        found += remaining.map { "\($0.name): only in dbg" }
        return found
    }
}

/// A frame as a backtrace or a stop names it: function, file's base name, line.
struct CorpusFrame: CustomStringConvertible, Sendable {
    var function: String?
    var file: String?
    var line: Int?

    var description: String { "\(function ?? "?")@\(file ?? "?"):\(line.map(String.init) ?? "?")" }

    /// glibc gives one function several names at one address (`raise`/`__GI_raise`,
    /// `clone3`/`__clone3`); gdb takes the debug info's, dbg the symbol table's.
    func sameFunction(as other: CorpusFrame) -> Bool {
        func plain(_ name: String?) -> String? {
            guard var name else { return nil }
            if name.hasPrefix("__GI_") { name.removeFirst(5) }
            while name.hasPrefix("_") { name.removeFirst() }
            return name
        }
        return plain(function) == plain(other.function)
    }
}

/// Where a resumed program ended up.
enum CorpusStop: CustomStringConvertible, Sendable {
    /// Stopped at a place, maybe for a signal, maybe with a returned value (`finish`).
    case at(CorpusFrame, signal: String?, returned: CorpusValue?)
    case exited(Int)
    case killed(signal: String)

    var description: String {
        switch self {
        case .at(let frame, let signal, let returned):
            return "stopped at \(frame)" + (signal.map { " by \($0)" } ?? "") + (returned.map { " returning \($0)" } ?? "")
        case .exited(let code): return "exited \(code)"
        case .killed(let signal): return "killed by \(signal)"
        }
    }

    func differences(fromGDB gdb: CorpusStop) -> [String] {
        switch (self, gdb) {
        case (.exited(let ours), .exited(let theirs)):
            return ours == theirs ? [] : ["exit status"]
        case (.killed(let ours), .killed(let theirs)):
            return ours == theirs ? [] : ["signal"]
        case (.at(let frame, let signal, let returned), .at(let gdbFrame, let gdbSignal, let gdbReturned)):
            var found: [String] = []
            if !frame.sameFunction(as: gdbFrame) { found.append("function") }
            if frame.file != gdbFrame.file || frame.line != gdbFrame.line { found.append("place") }
            if signal != gdbSignal { found.append("signal") }
            if let gdbReturned {
                if let returned {
                    found += returned.differences(fromGDB: gdbReturned, path: "returned")
                } else {
                    found.append("no returned value")
                }
            }
            return found
        default:
            return ["another outcome"]
        }
    }
}
