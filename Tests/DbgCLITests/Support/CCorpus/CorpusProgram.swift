import Foundation
import Testing

/// A program of the C corpus (Fixtures/corpus/c/NAME.c, built to Fixtures/build/corpus/c/NAME)
/// and the session written at its top:
///
///     /*
///      * ...what the program is about...
///      *
///      * session:
///      *   break add3
///      *   run
///      */
struct CorpusProgram: CustomTestStringConvertible, Sendable {
    let name: String
    let commands: [CorpusCommand]
    /// Under Fixtures/build.
    var relativeBinary: String
    var arguments: [String] = []

    init(name: String, commands: [CorpusCommand], relativeBinary: String? = nil, arguments: [String] = []) {
        self.name = name
        self.commands = commands
        self.relativeBinary = relativeBinary ?? "corpus/c/" + name
        self.arguments = arguments
    }

    var testDescription: String { name }
    var binary: String { DelveOracle.repositoryRoot + "/Fixtures/build/" + relativeBinary }

    static let sourceDirectory = DelveOracle.repositoryRoot + "/Fixtures/corpus/c"

    /// Every program with a session, by name. Second units (no session) are not programs.
    static func all() -> [CorpusProgram] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sourceDirectory)) ?? []
        return files.filter { $0.hasSuffix(".c") }.sorted().compactMap { file in
            guard let source = try? String(contentsOfFile: sourceDirectory + "/" + file, encoding: .utf8),
                  let commands = try? session(in: source) else { return nil }
            return CorpusProgram(name: String(file.dropLast(2)), commands: commands)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A session file: one command a line, `#` starts a comment line.
    static func commands(inSessionFile path: String) throws -> [CorpusCommand] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map(CorpusCommand.init)
    }

    /// The commands after `session:` up to the end of the comment, one a line.
    static func session(in source: String) throws -> [CorpusCommand]? {
        guard let start = source.range(of: "session:") else { return nil }
        guard let end = source[start.upperBound...].range(of: "*/") else { throw Failure(description: "unterminated session") }
        return try source[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("*") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
            return text.isEmpty ? nil : try CorpusCommand(text)
        }
    }
}
