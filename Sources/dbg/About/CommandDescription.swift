import FoundationEssentials

/// A command as ArgumentParser describes itself (`--experimental-dump-help`, the description
/// its own generate-manual plugin reads): the part of that JSON the manual page needs.
struct CommandDescription: Decodable {
    var commandName: String
    var abstract: String?
    var discussion: String?
    var shouldDisplay: Bool?
    var subcommands: [CommandDescription]?
    var arguments: [Argument]?

    struct Argument: Decodable {
        enum Kind: String, Decodable { case positional, option, flag }
        struct Name: Decodable {
            var kind: String
            var name: String

            /// As typed: `--long`, `-s`, `-longWithSingleDash`.
            var spelled: String { kind == "long" ? "--" + name : "-" + name }
        }

        var kind: Kind
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var abstract: String?
        var discussion: String?
    }

    private struct Document: Decodable {
        var serializationVersion: Int
        var command: CommandDescription
    }

    struct UnknownVersion: Error, CustomStringConvertible {
        var version: Int
        var description: String { "ArgumentParser describes commands in version \(version) of its format; the manual knows version 0" }
    }

    /// The JSON ArgumentParser makes (`ParsableCommand._dumpHelp()`).
    init(json: String) throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        guard document.serializationVersion == 0 else { throw UnknownVersion(version: document.serializationVersion) }
        self = document.command
    }
}
