import Foundation

/// Reads what gdb printed for each command of a corpus session (the sections between the
/// `=corpus N=` markers the runner echoes) into observations.
struct GDBTranscriptReader {
    static func marker(_ index: Int) -> String { "=corpus \(index)=" }

    /// The stop gdb last reported: after `next` in the same function gdb prints only the
    /// line, as a user reads it.
    private var lastFrame = CorpusFrame()

    static func observations(_ transcript: String, commands: [CorpusCommand]) -> [CorpusObservation] {
        var sections = Array(repeating: "", count: commands.count)
        var current: Int?
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.wholeMatch(of: /=corpus (\d+)=/), let index = Int(match.1), index < commands.count {
                current = index
            } else if let current {
                sections[current] += line + "\n"
            }
        }
        var reader = GDBTranscriptReader()
        return zip(commands, sections).map { reader.observation(of: $0.0, printed: $0.1) }
    }

    private mutating func observation(of command: CorpusCommand, printed: String) -> CorpusObservation {
        let lines = printed.split(separator: "\n").map(String.init).filter { !Self.isNoise($0) }
        if let refusal = Self.refusal(lines) { return .refused(refusal) }
        switch command.kind {
        case .breakpoint: return Self.breakpoint(lines)
        case .run, .resume, .next, .step, .finish: return stop(lines)
        case .print(_, let hex):
            guard let line = lines.first(where: { $0.hasPrefix("$") }), let equals = line.range(of: " = ") else {
                return .refused(lines.joined(separator: " "))
            }
            let text = String(line[equals.upperBound...])
            // print/x writes a number in hex, not an address.
            if hex, text.wholeMatch(of: /0x[0-9a-f]+/) != nil { return .value(.scalar(text)) }
            return Self.value(text)
        case .backtrace: return .frames(lines.filter { $0.hasPrefix("#") }.map(Self.frame))
        case .locals, .args: return Self.variables(lines)
        case .up, .down, .frame:
            guard let line = lines.first(where: { $0.hasPrefix("#") }) else { return .unreadable(printed) }
            return .selectedFrame(Self.frame(line))
        case .threads: return Self.threads(lines)
        case .examine(_, let format, let size, _): return Self.memory(lines, format: format, size: size)
        }
    }

    /// gdb's chatter about threads and libthread_db, and the source line's echo.
    private static func isNoise(_ line: String) -> Bool {
        line.isEmpty || line.hasPrefix("[Thread debugging") || line.hasPrefix("Using host libthread_db")
            || line.hasPrefix("[New Thread") || (line.hasPrefix("[Thread ") && line.hasSuffix("exited]"))
            || line.hasPrefix("[Switching to")
    }

    private static func refusal(_ lines: [String]) -> String? {
        let refusals = ["The program is not being run.", "No stack.", "No frame selected.", "No symbol ", "Cannot access memory",
                        "Initial frame selected", "Bottom (innermost) frame selected", "\"finish\" not meaningful",
                        "Function \"", "No registers.", "Attempt to ", "There is no member named"]
        guard lines.count == 1 || lines.allSatisfy({ line in refusals.contains { line.hasPrefix($0) } }) else { return nil }
        return lines.first.flatMap { line in refusals.contains { line.hasPrefix($0) } ? line : nil }
    }

    private static func value(_ text: String) -> CorpusObservation {
        do {
            return .value(try GDBValueReader.read(text))
        } catch {
            return .unreadable("\(error)")
        }
    }

    /// `Breakpoint 1 at 0x1181: file corpus/c/calls.c, line 36.` or `... helper. (2 locations)`.
    private static func breakpoint(_ lines: [String]) -> CorpusObservation {
        let made = lines.filter { $0.hasPrefix("Breakpoint ") }
        guard let line = made.first else { return .refused(lines.joined(separator: " ")) }
        if let match = line.firstMatch(of: /\((\d+) locations\)/), let count = Int(match.1) {
            return .breakpoint(count: made.count, locations: count, lines: [])
        }
        let numbers = made.compactMap { $0.firstMatch(of: /, line (\d+)\./).flatMap { Int($0.1) } }
        return .breakpoint(count: made.count, locations: made.count, lines: numbers)
    }

    private mutating func stop(_ lines: [String]) -> CorpusObservation {
        var frame: CorpusFrame?
        var signal: String?
        var returned: CorpusValue?
        for line in lines {
            if line.hasPrefix("[Inferior ") {
                if line.hasSuffix("exited normally]") { return .stop(.exited(0)) }
                if let match = line.firstMatch(of: /exited with code (\d+)\]/), let code = Int(match.1, radix: 8) {
                    return .stop(.exited(code))
                }
            }
            if let match = line.firstMatch(of: /^Program terminated with signal (SIG\w+)/) {
                return .stop(.killed(signal: String(match.1)))
            }
            if let match = line.firstMatch(of: /received signal (SIG\w+),/) {
                signal = String(match.1)
                continue
            }
            if line.hasPrefix("Run till exit from") { continue }
            if let match = line.firstMatch(of: /^Value returned is \$\d+ = (.*)$/) {
                if case .value(let value) = Self.value(String(match.1)) { returned = value }
                continue
            }
            if let match = line.firstMatch(of: /^(\d+)\t/), let number = Int(match.1) {
                var place = frame ?? lastFrame
                place.line = number
                frame = place
                continue
            }
            var header = line
            if let hit = header.firstMatch(of: #/^(?:Thread \d+ "[^"]*" hit )?(?:Temporary b|B)reakpoint [\d.]+, /#) {
                header = String(header[hit.range.upperBound...])
            }
            let parsed = Self.frameText(header)
            if parsed.function != nil { frame = parsed }
        }
        guard let frame else { return .unreadable(lines.joined(separator: "\n")) }
        lastFrame = frame
        return .stop(.at(frame, signal: signal, returned: returned))
    }

    /// `#1  0x... in main () at corpus/c/calls.c:36`, `#1  <signal handler called>`.
    private static func frame(_ line: String) -> CorpusFrame {
        let text = line.replacing(/^#\d+\s+/, with: "")
        return frameText(text)
    }

    /// `[0x... in ]FUNCTION (ARGS) at FILE:LINE`, `... from LIBRARY`, `<signal handler called>`.
    private static func frameText(_ text: String) -> CorpusFrame {
        if text == "<signal handler called>" { return CorpusFrame(function: text) }
        let body = text.replacing(#/^0x[0-9a-f]+ in /#, with: "")
        if let match = body.wholeMatch(of: /(\S+) \(.*\) at (\S+):(\d+)/) {
            return CorpusFrame(function: String(match.1), file: basename(String(match.2)), line: Int(match.3))
        }
        if let match = body.wholeMatch(of: /(\S+) \(.*\)( from \S+)?/) {
            return CorpusFrame(function: String(match.1))
        }
        return CorpusFrame()
    }

    static func basename(_ path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }

    /// `name = value`, one a line; `No locals.` and `No arguments.` are empty lists.
    private static func variables(_ lines: [String]) -> CorpusObservation {
        var variables: [(name: String, value: CorpusValue)] = []
        for line in lines where line != "No locals." && line != "No arguments." {
            guard let match = line.wholeMatch(of: /(\w+) = (.*)/) else { return .unreadable(line) }
            guard case .value(let value) = value(String(match.2)) else { return .unreadable(line) }
            variables.append((String(match.1), value))
        }
        return .variables(variables)
    }

    /// `* 2    Thread 0x... (LWP n) "name" worker_step (job=...) at corpus/c/threads.c:35`.
    private static func threads(_ lines: [String]) -> CorpusObservation {
        let rows = lines.filter { $0.firstMatch(of: #/^\*?\s+\d+\s+Thread /#) != nil }
        let current = rows.first { $0.hasPrefix("*") }.flatMap { row in
            row.firstMatch(of: /"[^"]*" (.*)$/).map { frameText(String($0.1)) }
        }
        return .threads(count: rows.count, current: current)
    }

    /// `0x7ffe...:\t0x00000001\t0x...` or with `<symbol+offset>` before the colon.
    private static func memory(_ lines: [String], format: CorpusCommand.ExamineFormat, size: Int) -> CorpusObservation {
        var start: UInt64?
        var values: [UInt64] = []
        let mask: UInt64 = size == 8 ? .max : (1 << UInt64(size * 8)) - 1
        for line in lines {
            guard let match = line.wholeMatch(of: /0x([0-9a-f]+)(?: <[^>]*>)?:\t(.*)/) else { return .unreadable(line) }
            if start == nil { start = UInt64(match.1, radix: 16) }
            for word in match.2.split(separator: "\t") {
                let text = String(word)
                let value: UInt64? = format == .hex ? UInt64(text.dropFirst(2), radix: 16) : Int64(text).map { UInt64(bitPattern: $0) & mask }
                guard let value else { return .unreadable(line) }
                values.append(value)
            }
        }
        guard let start else { return .unreadable(lines.joined(separator: "\n")) }
        return .memory(address: start, values: values)
    }
}
