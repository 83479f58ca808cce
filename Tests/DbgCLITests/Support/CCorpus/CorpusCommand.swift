/// One command of a corpus session, in the neutral language the programs' `session:` blocks
/// are written in, and what it is in each debugger's own language.
///
///     break LOCATION [if COND]  gdb: break ...          dbg: break ...
///     run                       gdb: run                dbg: continue
///     continue / next / step    the same in both
///     finish                    gdb: finish             dbg: stepout
///     print EXPR, print/x EXPR  gdb: print[/x] EXPR     dbg: print [%x] EXPR
///     bt                        gdb: bt                 dbg: stack
///     locals / args             gdb: info locals/args   dbg: locals/args
///     up / down / frame N       the same in both
///     threads                   gdb: info threads       dbg: threads
///     x/NFU EXPR                gdb: x/NFU EXPR         dbg: x -fmt F -count N -size U -x EXPR
struct CorpusCommand: CustomStringConvertible, Sendable {
    enum Kind: Sendable {
        case breakpoint(String)
        case run
        case resume
        case next
        case step
        case finish
        case print(String, hex: Bool)
        case backtrace
        case locals
        case args
        case up
        case down
        case frame(Int)
        case threads
        case examine(count: Int, format: ExamineFormat, size: Int, expression: String)
    }

    enum ExamineFormat: String, Sendable {
        case hex = "x"
        case decimal = "d"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The neutral text, as written in the program (the key of the expectation tables).
    let text: String

    init(_ text: String) throws {
        self.text = text
        let kind: Kind
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        let rest = words.count > 1 ? words[1] : ""
        switch words.first ?? "" {
        case "break" where !rest.isEmpty: kind = .breakpoint(rest)
        case "run": kind = .run
        case "continue": kind = .resume
        case "next": kind = .next
        case "step": kind = .step
        case "finish": kind = .finish
        case "print" where !rest.isEmpty: kind = .print(rest, hex: false)
        case "print/x" where !rest.isEmpty: kind = .print(rest, hex: true)
        case "bt": kind = .backtrace
        case "locals": kind = .locals
        case "args": kind = .args
        case "up": kind = .up
        case "down": kind = .down
        case "frame" where Int(rest) != nil: kind = .frame(Int(rest) ?? 0)
        case "threads": kind = .threads
        default:
            guard let match = text.wholeMatch(of: /x\/(\d*)([xd])([bhwg]) (.+)/),
                  let format = ExamineFormat(rawValue: String(match.2)) else {
                throw Failure(description: "unknown corpus command: \(text)")
            }
            let size = ["b": 1, "h": 2, "w": 4, "g": 8][String(match.3)] ?? 1
            kind = .examine(count: Int(match.1) ?? 1, format: format, size: size, expression: String(match.4))
        }
        self.kind = kind
    }

    let kind: Kind

    var description: String { text }

    var gdb: String {
        switch kind {
        case .breakpoint(let location): return "break \(location)"
        case .run: return "run"
        case .resume: return "continue"
        case .next: return "next"
        case .step: return "step"
        case .finish: return "finish"
        case .print(let expression, let hex): return (hex ? "print/x " : "print ") + expression
        case .backtrace: return "bt"
        case .locals: return "info locals"
        case .args: return "info args"
        case .up: return "up"
        case .down: return "down"
        case .frame(let number): return "frame \(number)"
        case .threads: return "info threads"
        case .examine: return text
        }
    }

    var dbg: String {
        switch kind {
        case .breakpoint(let location): return "break \(location)"
        case .run, .resume: return "continue"
        case .next: return "next"
        case .step: return "step"
        case .finish: return "stepout"
        case .print(let expression, let hex): return (hex ? "print %x " : "print ") + expression
        case .backtrace: return "stack"
        case .locals: return "locals"
        case .args: return "args"
        case .up: return "up"
        case .down: return "down"
        case .frame(let number): return "frame \(number)"
        case .threads: return "threads"
        case .examine(let count, let format, let size, let expression):
            return "x -fmt \(format == .hex ? "hex" : "dec") -count \(count) -size \(size) -x \(expression)"
        }
    }
}
