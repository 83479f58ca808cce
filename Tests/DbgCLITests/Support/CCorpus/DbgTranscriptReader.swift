import Foundation

/// Reads what dbg printed for each command of a corpus session (Delve's formats) into
/// observations.
enum DbgTranscriptReader {
    static func observations(_ outputs: [String], commands: [CorpusCommand]) -> [CorpusObservation] {
        zip(commands, outputs).map { observation(of: $0.0, printed: $0.1) }
    }

    private static func observation(of command: CorpusCommand, printed: String) -> CorpusObservation {
        // The source listing after a stop or a frame change is not compared.
        let lines = printed.split(separator: "\n").map(String.init).filter { line in
            !line.isEmpty && line.firstMatch(of: /^(=>)?\s+\d+:\t/) == nil
        }
        if let failure = lines.first(where: { $0.hasPrefix("Command failed: ") || $0.hasPrefix("the program has exited") }),
           lines.count == 1 || failure.hasPrefix("Command failed: ") {
            return .refused(failure)
        }
        switch command.kind {
        case .breakpoint: return breakpoint(lines)
        case .run, .resume, .next, .step, .finish: return stop(lines)
        case .print(_, let hex):
            let text = lines.joined(separator: "\n")
            if hex, text.allSatisfy(\.isHexDigit) { return .value(.scalar("0x" + text)) }
            return value(text)
        case .backtrace: return frames(lines)
        case .locals, .args: return variables(lines)
        case .up, .down, .frame:
            guard let match = lines.lazy.compactMap({ $0.wholeMatch(of: /Frame \d+: (\S+):(\d+) \(PC: \w+\)/) }).first else {
                return .unreadable(printed)
            }
            return .selectedFrame(CorpusFrame(file: GDBTranscriptReader.basename(String(match.1)), line: Int(match.2)))
        case .threads: return threads(lines)
        case .examine(_, let format, let size, _): return memory(lines, format: format, size: size)
        }
    }

    private static func value(_ text: String) -> CorpusObservation {
        do {
            return .value(try DelveValueReader.read(text))
        } catch {
            return .unreadable("\(error)")
        }
    }

    /// `Breakpoint 1 set at 0x555555555181 for main() corpus/c/calls.c:36`, one
    /// line per breakpoint made; a breakpoint of several locations lists their addresses
    /// (`set at 0x...75,0x...b2 for scale() ...`).
    private static func breakpoint(_ lines: [String]) -> CorpusObservation {
        let made = lines.compactMap { $0.wholeMatch(of: /Breakpoint \d+ set at (0x[0-9a-f]+(?:,0x[0-9a-f]+)*) for .* \S+:(\d+)/) }
        guard !made.isEmpty else { return .unreadable(lines.joined(separator: "\n")) }
        let locations = made.reduce(0) { $0 + $1.1.split(separator: ",").count }
        return .breakpoint(count: made.count, locations: locations, lines: made.compactMap { Int($0.2) })
    }

    /// `> FUNCTION() PATH:LINE ...`, `Stopped at: 0x...[ in FUNCTION]`, `received SIGX ...`,
    /// `Values returned:` + `\t~r0: VALUE`, `Process N has exited with status S`.
    private static func stop(_ lines: [String]) -> CorpusObservation {
        var frame: CorpusFrame?
        var signal: String?
        var returned: CorpusValue?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if let match = line.wholeMatch(of: /Process \d+ has exited with status (\d+)/), let status = Int(match.1) {
                if status > 128, let name = signalNames[status - 128] { return .stop(.killed(signal: name)) }
                return .stop(.exited(status))
            }
            if let match = line.firstMatch(of: /^> (?:\[[^\]]*\] )?(\S+)\(\) (\S+):(\d+)/) {
                frame = CorpusFrame(function: String(match.1), file: GDBTranscriptReader.basename(String(match.2)), line: Int(match.3))
            } else if let match = line.wholeMatch(of: /Stopped at: 0x[0-9a-f]+(?: in (.+))?/) {
                frame = CorpusFrame(function: match.1.map(String.init))
            } else if let match = line.firstMatch(of: /^received (SIG\w+)/) {
                signal = String(match.1)
            } else if line == "Values returned:", index < lines.count, let match = lines[index].firstMatch(of: /^\t~r0: (.*)$/) {
                var text = String(match.1)
                index += 1
                while index < lines.count, lines[index].hasPrefix("\t\t") || lines[index].hasPrefix("\t}") || lines[index].hasPrefix("\t]") {
                    text += "\n" + lines[index]
                    index += 1
                }
                if case .value(let value) = value(text) { returned = value }
            }
        }
        guard let frame else { return .unreadable(lines.joined(separator: "\n")) }
        return .stop(.at(frame, signal: signal, returned: returned))
    }

    private static let signalNames: [Int: String] = [
        4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 15: "SIGTERM",
    ]

    /// `0  0x0000555555555140 in square` then `   at corpus/c/calls.c:30`.
    private static func frames(_ lines: [String]) -> CorpusObservation {
        var frames: [CorpusFrame] = []
        for line in lines {
            if let match = line.wholeMatch(of: /\s*\d+\s+0x[0-9a-f]+ in (.+)/) {
                frames.append(CorpusFrame(function: String(match.1)))
            } else if let match = line.wholeMatch(of: /\s+at (\S*):(\d+)/), !frames.isEmpty {
                let line = Int(match.2) ?? 0
                frames[frames.count - 1].file = match.1.isEmpty ? nil : GDBTranscriptReader.basename(String(match.1))
                frames[frames.count - 1].line = line == 0 ? nil : line
            }
        }
        return frames.isEmpty ? .unreadable(lines.joined(separator: "\n")) : .frames(frames)
    }

    /// `name = value` (a shadowed one as `(name) = value`); a value may run over lines.
    private static func variables(_ lines: [String]) -> CorpusObservation {
        var entries: [(name: String, text: String)] = []
        for line in lines where line != "(no locals)" && line != "(no args)" {
            if let match = line.wholeMatch(of: /\(?(\w+)\)? = (.*)/) {
                entries.append((String(match.1), String(match.2)))
            } else if !entries.isEmpty {
                entries[entries.count - 1].text += "\n" + line
            } else {
                return .unreadable(line)
            }
        }
        var variables: [(name: String, value: CorpusValue)] = []
        for entry in entries {
            guard case .value(let value) = value(entry.text) else { return .unreadable("\(entry.name) = \(entry.text)") }
            variables.append((entry.name, value))
        }
        return .variables(variables)
    }

    /// `* Thread 20507 at 0x5555555551a4 corpus/c/threads.c:35 worker_step`.
    private static func threads(_ lines: [String]) -> CorpusObservation {
        var count = 0
        var current: CorpusFrame?
        for line in lines {
            guard let match = line.wholeMatch(of: /([* ]) Thread \d+ at 0x[0-9a-f]+ (\S*):(\d+) (\S+)/) else { continue }
            count += 1
            if match.1 == "*" {
                current = CorpusFrame(function: String(match.4), file: GDBTranscriptReader.basename(String(match.2)), line: Int(match.3))
            }
        }
        return count == 0 ? .unreadable(lines.joined(separator: "\n")) : .threads(count: count, current: current)
    }

    /// `0x7fffffffec68:   0x04   0x03 ...`, one or more lines.
    private static func memory(_ lines: [String], format: CorpusCommand.ExamineFormat, size: Int) -> CorpusObservation {
        var start: UInt64?
        var values: [UInt64] = []
        let mask: UInt64 = size == 8 ? .max : (1 << UInt64(size * 8)) - 1
        for line in lines {
            guard let match = line.wholeMatch(of: /0x([0-9a-f]+):\s+(.*)/) else { return .unreadable(line) }
            if start == nil { start = UInt64(match.1, radix: 16) }
            for word in match.2.split(separator: " ") {
                let text = String(word)
                let value: UInt64? = format == .hex
                    ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text) ?? Int64(text).map { UInt64(bitPattern: $0) & mask }
                guard let value else { return .unreadable(line) }
                values.append(value)
            }
        }
        guard let start else { return .unreadable(lines.joined(separator: "\n")) }
        return .memory(address: start, values: values)
    }
}
