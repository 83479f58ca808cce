import ArgumentParser
import DbgService

/// Where the debugged program's standard streams go, as Delve's `--tty` and `-r` put it.
struct ProgramIOOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A terminal for the program's stdin, stdout and stderr (e.g. another window's /dev/pts/N).",
        valueName: "path"))
    var tty: String?

    @Option(name: [.customShort("r"), .customLong("redirect")], help: ArgumentHelp(
        "Redirect a stream of the program: stdin:FILE, stdout:FILE or stderr:FILE (a bare FILE is stdin). Repeatable.",
        valueName: "stream:file"))
    var redirects: [String] = []

    mutating func validate() throws {
        if tty != nil && !redirects.isEmpty { throw ValidationError("--tty and --redirect cannot be used together") }
        for redirect in redirects { _ = try Self.parse(redirect) }
    }

    /// The stream a redirect names and its file.
    static func parse(_ redirect: String) throws -> (stream: String, path: String) {
        guard let colon = redirect.firstIndex(of: ":") else {
            guard !redirect.isEmpty else { throw ValidationError("empty redirect") }
            return ("stdin", redirect)
        }
        let stream = String(redirect[..<colon])
        let path = String(redirect[redirect.index(after: colon)...])
        guard ["stdin", "stdout", "stderr"].contains(stream) else {
            throw ValidationError("unknown stream '\(stream)' in redirect '\(redirect)': use stdin, stdout or stderr")
        }
        guard !path.isEmpty else { throw ValidationError("redirect '\(redirect)' names no file") }
        return (stream, path)
    }

    /// `request` with the program's streams set as asked.
    func apply(to request: inout API.LaunchRequest) throws {
        if let tty {
            request.standardInput = .file(tty)
            request.standardOutput = .appendingFile(tty)
            request.standardError = .appendingFile(tty)
        }
        for redirect in redirects {
            let (stream, path) = try Self.parse(redirect)
            switch stream {
            case "stdin": request.standardInput = .file(path)
            case "stdout": request.standardOutput = .file(path)
            default: request.standardError = .file(path)
            }
        }
    }
}
