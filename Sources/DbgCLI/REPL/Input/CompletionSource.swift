import DbgService
import Dispatch
import Glibc
import Synchronization

/// The names Tab completes, fetched from the debugger when first needed. Functions and
/// files are read once per session; variable names again after every command (the
/// program may have moved). Called on the line editor's thread, which may block on the
/// client: it is not a thread of the cooperative pool.
final class CompletionSource: @unchecked Sendable {
    // @unchecked is safe: `client` is Sendable and never changes; every other stored
    // property is read and written only inside `lock`.
    private let client: any DebuggerClient
    private let lock = Lock()
    private var functions: [String]?
    private var files: [String]?
    private var variables: [String]?
    private var scope = API.EvalScope()
    private var lookup = CommandLookup()

    init(client: any DebuggerClient) {
        self.client = client
    }

    /// After each command: the program may have stopped elsewhere, aliases may be new.
    func update(scope: API.EvalScope, lookup: CommandLookup) {
        lock.withLock {
            self.scope = scope
            self.lookup = lookup
            variables = nil
        }
    }

    func candidates(before: String, word: String) -> [String] {
        let lookup = lock.withLock { self.lookup }
        return Completer(lookup: lookup).candidates(before: before, word: word) { need in names(need) }
    }

    private func names(_ need: Completer.Need) -> [String] {
        if let cached = lock.withLock({ () -> [String]? in
            switch need {
            case .functions: functions
            case .files: files
            case .variables: variables
            }
        }) {
            return cached
        }
        let client = self.client
        let scope = lock.withLock { self.scope }
        let fetched: [String] = Self.wait {
            switch need {
            case .functions:
                return (try? await client.listFunctions(filter: "")) ?? []
            case .files:
                return (try? await client.listSources(filter: "")) ?? []
            case .variables:
                let locals = (try? await client.listLocalVars(scope: scope, config: LoadConfigs.short)) ?? []
                let args = (try? await client.listFunctionArgs(scope: scope, config: LoadConfigs.short)) ?? []
                return (args + locals).map(\.name)
            }
        }
        lock.withLock {
            switch need {
            case .functions: functions = fetched
            case .files: files = fetched
            case .variables: variables = fetched
            }
        }
        return fetched
    }

    /// Runs async work and waits for it on this (non-pool) thread.
    private static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        Task {
            box.set(await body())
        }
        return box.get()
    }

    /// One value handed from a task to a waiting thread.
    private final class ResultBox<T: Sendable>: Sendable {
        private let value = Mutex<T?>(nil)
        private let ready = DispatchSemaphore(value: 0)

        func set(_ newValue: T) {
            value.withLock { $0 = newValue }
            ready.signal()
        }

        func get() -> T {
            while true {
                ready.wait()
                if let result = value.withLock({ $0 }) { return result }
            }
        }
    }
}
