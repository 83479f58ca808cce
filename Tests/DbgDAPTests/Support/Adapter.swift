import DbgTestSupport
import Foundation

/// The debug adapters the tests drive: dbg's own (`dbg dap`) and Delve's (`dlv dap`), the
/// reference whose behaviour an editor's Go extension already expects.
enum Adapter: String, Sendable, CaseIterable, CustomStringConvertible {
    case dbg
    case delve

    var description: String { self == .dbg ? "dbg dap" : "dlv dap" }

    /// Flip to true once `dbg dap` has landed: the dbg side then fails instead of being skipped
    /// when the binary does not understand `dap`.
    static let dbgDAPRequired = true

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The adapter's executable.
    var binary: String {
        get throws {
            switch self {
            case .delve:
                guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:))
                else { throw Unavailable(description: "dlv is not installed: run `make deps`") }
                return dlv
            case .dbg:
                return try BuiltBinaries.dbg
            }
        }
    }

    /// Why this adapter cannot run here (nil when it can). dbg's counts as available once
    /// `dbg dap --help` succeeds and describes --listen.
    func unavailability() async -> String? {
        do {
            let binary = try self.binary
            guard self == .dbg else { return nil }
            // Its help must name --listen: a dbg without the subcommand takes "dap" for a program
            // to debug and prints the default command's help, exiting 0 too.
            let (status, text) = try await ProcessRunner.run(binary, ["dap", "--help"])
            return status == 0 && text.contains("--listen") ? nil : "dbg dap is not built yet (`dbg dap --help` has no --listen)"
        } catch {
            return "\(error)"
        }
    }
}
